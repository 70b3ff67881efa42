import { Select } from 'antd';
import { TASK_STATUSES, type TaskStatus } from '../../api/types.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';

/** A multiple choice of task statuses, as the task list's and the 责任清单's filters offer it (empty: all). */
export function TaskStatusSelect({ value, onChange, placeholder, width }: { value: TaskStatus[]; onChange: (statuses: TaskStatus[]) => void; placeholder: string; width: number }) {
  const { t } = useI18n();
  return (
    <Select<TaskStatus[]>
      mode="multiple"
      allowClear
      maxTagCount="responsive"
      placeholder={placeholder}
      style={{ width }}
      value={value}
      onChange={onChange}
      options={TASK_STATUSES.map((s) => ({ value: s, label: t(`taskStatus.${s}`) }))}
    />
  );
}
