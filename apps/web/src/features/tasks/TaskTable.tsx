import { Card, Empty, Grid, List, Space, Table, Tag, Typography, type TablePaginationConfig } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import type { Task } from '../../api/types.ts';
import { LightTag } from '../../components/LightTag.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { formatDate } from '../../lib/format.ts';
import { PriorityTag, StatusTag, TaskProgress } from './TaskBits.tsx';

type Column = 'title' | 'owner' | 'light' | 'status' | 'percent' | 'deadline' | 'category' | 'weight';

interface Props {
  tasks: Task[];
  loading?: boolean;
  pagination?: TablePaginationConfig | false;
  empty?: ReactNode;
  columns?: Column[];
  'data-testid'?: string;
}

const DEFAULT_COLUMNS: Column[] = ['title', 'owner', 'light', 'status', 'percent', 'deadline', 'category'];

/**
 * Tasks as a table on wide screens and as cards on phones: title (linked), owner unit, light with
 * its reason, status, a progress bar and the deadline.
 */
export function TaskTable({ tasks, loading, pagination, empty, columns = DEFAULT_COLUMNS, ...rest }: Props) {
  const { t } = useI18n();
  const screens = Grid.useBreakpoint();
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
          <Card size="small" className="task-card" data-testid="task-row">
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
              </span>
              <span>{t('common.labelled', { label: t('task.deadline'), value: task.longTerm ? t('task.longTerm') : formatDate(task.deadline) })}</span>
            </div>
            <TaskProgress task={task} width={220} />
          </Card>
        )}
      />
    );
  }

  const all: Record<Column, ColumnsType<Task>[number]> = {
    title: {
      title: t('task.title'),
      dataIndex: 'title',
      render: (_: unknown, task) => (
        <Space size={4} wrap={false} style={{ maxWidth: 380 }}>
          <Typography.Text ellipsis={{ tooltip: task.title }} style={{ maxWidth: 340 }}>
            <Link to={`/tasks/${task.id}`}>{task.title}</Link>
          </Typography.Text>
          <PriorityTag priority={task.priority} />
        </Space>
      ),
    },
    owner: {
      title: t('task.ownerUnit'),
      key: 'owner',
      render: (_: unknown, task) => (
        <span style={{ whiteSpace: 'nowrap' }}>
          {task.ownerUnit.name}
          {task.unitRole === 'co' ? <Tag style={{ marginLeft: 6 }}>{t('task.role.co')}</Tag> : null}
        </span>
      ),
    },
    light: { title: t('task.light'), key: 'light', render: (_: unknown, task) => <LightTag light={task.light} reason={task.lightReason} /> },
    status: { title: t('task.status'), dataIndex: 'status', render: (_: unknown, task) => <StatusTag status={task.status} /> },
    percent: { title: t('task.percent'), dataIndex: 'percent', render: (_: unknown, task) => <TaskProgress task={task} width={120} /> },
    deadline: { title: t('task.deadline'), dataIndex: 'deadline', render: (v: string | null, task) => <span style={{ whiteSpace: 'nowrap' }}>{task.longTerm ? t('task.longTerm') : formatDate(v)}</span> },
    category: { title: t('task.category'), dataIndex: 'category', render: (v: string | null) => v ?? '—' },
    weight: { title: t('task.weight'), dataIndex: 'weight', align: 'right' },
  };

  return (
    <Table<Task>
      data-testid={rest['data-testid']}
      rowKey="id"
      size="middle"
      loading={loading}
      dataSource={tasks}
      scroll={{ x: 'max-content' }}
      locale={{ emptyText: emptyNode }}
      pagination={pagination}
      onRow={() => ({ 'data-testid': 'task-row' }) as React.HTMLAttributes<HTMLElement>}
      columns={columns.map((c) => all[c])}
    />
  );
}
