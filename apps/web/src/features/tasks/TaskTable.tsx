import { Card, Empty, List, Space, Tag, type PaginationProps } from 'antd';
import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import type { Task } from '../../api/types.ts';
import { DataTable } from '../../components/DataTable.tsx';
import type { ListColumn } from '../../components/ListPage.tsx';
import { LightTag, useLightReason } from '../../components/LightTag.tsx';
import { CellText } from '../../components/TipHost.tsx';
import { useI18n, type Translate } from '../../i18n/I18nProvider.tsx';
import { formatDate } from '../../lib/format.ts';
import { PriorityTag, StatusTag, TaskProgress } from './TaskBits.tsx';
import type { TaskRow } from './tasks.api.ts';
import { useScreens } from '../../lib/use-screens.ts';

export type TaskColumn = 'title' | 'owner' | 'leader' | 'light' | 'status' | 'percent' | 'lastReport' | 'deadline' | 'category' | 'weight';

interface Props {
  tasks: Task[];
  loading?: boolean;
  pagination?: PaginationProps | false;
  empty?: ReactNode;
  columns?: TaskColumn[];
  'data-testid'?: string;
}

const DEFAULT_COLUMNS: TaskColumn[] = ['title', 'owner', 'light', 'status', 'percent', 'deadline', 'category'];

/** A text kept on one line, with its tooltip (TipHost) when given. */
const nowrap = (text: string, tip?: string) => (
  <span className="nowrap" data-tip={tip}>
    {text}
  </span>
);
const leaderNames = (task: TaskRow) => (task.responsibleLeaders ?? []).map((l) => l.name).filter(Boolean).join('、');
/** 完成时限 as shown: the date, or 长期坚持 for standing work. */
const deadlineText = (t: Translate, task: TaskRow) => (task.longTerm ? t('task.longTerm') : formatDate(task.deadline));

/**
 * Every column a task list can show, with widths that keep the task list inside 1440 px: the title
 * takes what is left, long texts end in an ellipsis with the whole text in a tooltip, and the
 * light's reason is in the light's tooltip. Cells are plain elements (their tooltips are the app's
 * one TipHost): a page of rows renders without a tooltip, text measurer or progress component each.
 */
export function useTaskColumns(): Record<TaskColumn, ListColumn<TaskRow>> {
  const { t } = useI18n();
  const reasonOf = useLightReason();
  return {
    title: {
      key: 'title',
      title: t('task.title'),
      fixedShown: true,
      className: 'task-title-td',
      text: (task) => task.title,
      render: (_: unknown, task) => (
        <span className="task-title-cell">
          <CellText text={task.title}>
            <Link to={`/tasks/${task.id}`}>{task.title}</Link>
          </CellText>
          <PriorityTag priority={task.priority} />
        </span>
      ),
    },
    owner: {
      key: 'owner',
      title: t('task.ownerUnit'),
      width: 150,
      text: (task) => (task.unitRole === 'co' ? `${task.ownerUnit.name} · ${t('task.role.co')}` : task.ownerUnit.name),
      render: (_: unknown, task) => (
        <span className="task-owner-cell">
          <CellText text={task.ownerUnit.name} />
          {task.unitRole === 'co' ? <Tag style={{ marginInline: 4 }}>{t('task.role.co')}</Tag> : null}
        </span>
      ),
    },
    leader: { key: 'leader', title: t('task.leaders'), width: 100, text: leaderNames, render: (_: unknown, task) => <CellText text={leaderNames(task)} /> },
    light: {
      key: 'light',
      title: t('task.light'),
      width: 84,
      text: (task) => [t(`light.${task.light}`), reasonOf(task.lightReason)].filter(Boolean).join(' · '),
      render: (_: unknown, task) => <LightTag light={task.light} reason={task.lightReason} compact />,
    },
    status: { key: 'status', title: t('task.status'), width: 96, text: (task) => t(`taskStatus.${task.status}`), render: (_: unknown, task) => <StatusTag status={task.status} /> },
    percent: { key: 'percent', title: t('task.percent'), width: 124, text: (task) => `${Math.round(task.percent)}%`, render: (_: unknown, task) => <TaskProgress task={task} width={96} /> },
    lastReport: {
      key: 'lastReport',
      title: t('task.lastReport'),
      width: 104,
      text: (task) => formatDate(task.lastReportAt),
      render: (_: unknown, task) =>
        task.lastReportAt ? nowrap(formatDate(task.lastReportAt), t('task.lastReportAt', { at: formatDate(task.lastReportAt) })) : <span className="text-secondary">{t('task.noReport')}</span>,
    },
    deadline: { key: 'deadline', title: t('task.deadline'), width: 104, text: (task) => deadlineText(t, task), render: (_: unknown, task) => nowrap(deadlineText(t, task)) },
    category: { key: 'category', title: t('task.category'), width: 96, defaultHidden: true, text: (task) => task.category ?? '', render: (_: unknown, task) => <CellText text={task.category} /> },
    weight: { key: 'weight', title: t('task.weight'), width: 72, align: 'right', text: (task) => String(task.weight), render: (_: unknown, task) => task.weight },
  };
}

/** A task as a card on phones: title, light with its reason, status, unit, leader, deadline, last report and progress. */
export function TaskCard({ task }: { task: TaskRow }) {
  const { t } = useI18n();
  const leaders = leaderNames(task);
  return (
    <Card size="small" className="task-card">
      <Link to={`/tasks/${task.id}`} className="task-card-title">
        {task.title}
      </Link>
      <Space size={[6, 6]} wrap style={{ margin: '6px 0' }}>
        <LightTag light={task.light} reason={task.lightReason} />
        <StatusTag status={task.status} />
        <PriorityTag priority={task.priority} />
      </Space>
      <div className="task-card-meta">
        <span>
          {task.ownerUnit.name}
          {task.unitRole === 'co' ? <Tag style={{ marginLeft: 6 }}>{t('task.role.co')}</Tag> : null}
          {leaders ? ` · ${leaders}` : ''}
        </span>
        <span>{t('common.labelled', { label: t('task.deadline'), value: deadlineText(t, task) })}</span>
      </div>
      {task.lastReportAt ? <div className="task-card-meta">{t('common.labelled', { label: t('task.lastReport'), value: formatDate(task.lastReportAt) })}</div> : null}
      <TaskProgress task={task} width={220} />
      {task.partCount ? <div className="task-card-meta">{t('tasks.parts', { count: task.partCount })}</div> : null}
    </Card>
  );
}

/**
 * Tasks as a table on wide screens and as cards on phones, for lists inside other screens (a
 * task's parts, a unit's 责任清单). The task list page itself is a ListPage over the same columns.
 */
export function TaskTable({ tasks, loading, pagination, empty, columns = DEFAULT_COLUMNS, ...rest }: Props) {
  const { t } = useI18n();
  const screens = useScreens();
  const all = useTaskColumns();
  const emptyNode = <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={empty ?? t('common.empty')} />;

  if (!screens.md) {
    return (
      <List<Task>
        data-testid={rest['data-testid']}
        loading={loading}
        dataSource={tasks}
        locale={{ emptyText: emptyNode }}
        pagination={pagination ? { current: pagination.current, pageSize: pagination.pageSize, total: pagination.total, onChange: pagination.onChange, size: 'small', simple: true, align: 'center' } : false}
        renderItem={(task) => (
          <div data-testid="task-row">
            <TaskCard task={task} />
          </div>
        )}
      />
    );
  }

  return (
    <DataTable<Task>
      data-testid={rest['data-testid']}
      rowTestId="task-row"
      rowKey={(task) => task.id}
      loading={loading}
      rows={tasks}
      empty={emptyNode}
      pagination={pagination}
      columns={columns.map((c) => all[c])}
    />
  );
}
