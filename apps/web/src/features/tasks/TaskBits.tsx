import { Tag } from 'antd';
import type { Priority, Task, TaskStatus } from '../../api/types.ts';
import { useI18n, type Translate } from '../../i18n/I18nProvider.tsx';

const STATUS_COLORS: Record<TaskStatus, string> = {
  draft: 'default',
  assigned: 'blue',
  acknowledged: 'cyan',
  in_progress: 'processing',
  completion_requested: 'purple',
  completed: 'success',
  returned: 'orange',
  cancelled: 'default',
};

/** A task status as a coloured tag. */
export function StatusTag({ status }: { status: TaskStatus }) {
  const { t } = useI18n();
  return (
    <Tag color={STATUS_COLORS[status]} data-testid="task-status">
      {t(`taskStatus.${status}`)}
    </Tag>
  );
}

/** Urgent and high priorities as a tag; normal shows nothing. */
export function PriorityTag({ priority }: { priority: Priority }) {
  const { t } = useI18n();
  if (priority === 'normal') return null;
  return <Tag color={priority === 'urgent' ? 'red' : 'gold'}>{t(`priority.${priority}`)}</Tag>;
}

/**
 * The percent as a bar coloured by the task's light, drawn like antd's small progress line; the
 * formula, when given, in the tooltip (TipHost). Plain elements: a list shows one per row.
 */
export function TaskProgress({ task, formula, width }: { task: Pick<Task, 'percent' | 'light' | 'status'>; formula?: string | null; width?: number }) {
  const color = task.status === 'completed' ? '#52c41a' : task.light === 'red' ? '#f5222d' : task.light === 'yellow' ? '#faad14' : '#1677ff';
  const percent = Math.min(100, Math.max(0, Math.round(task.percent * 10) / 10));
  return (
    <div className="task-bar" style={{ width: width ?? 140 }} role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent} data-tip={formula || undefined} data-testid="task-percent">
      <span className="task-bar-track">
        <span className="task-bar-fill" style={{ width: `${percent}%`, background: color }} />
      </span>
      <span className="task-bar-text">{percent}%</span>
    </div>
  );
}

/** The reporting rhythm in the user's language. */
export function cycleText(task: Pick<Task, 'reportCycle' | 'reportDueDay' | 'reportCycleLabel'>, t: Translate, language: string): string {
  return language === 'en' ? t(`cycle.${task.reportCycle}`) : task.reportCycleLabel;
}
