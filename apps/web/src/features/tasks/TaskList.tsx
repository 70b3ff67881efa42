import { DownloadOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { LIMITS } from '@luoshi/shared';
import { App, Button, Card, Space } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { ErrorState } from '../../components/ErrorState.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { errorMessage } from '../../lib/errors.ts';
import { useAsync } from '../../lib/use-async.ts';
import { useMe } from '../auth/AuthProvider.tsx';
import { ImportTasksModal } from './ImportTasksModal.tsx';
import { SavedFilters } from './SavedFilters.tsx';
import { TaskFilters } from './TaskFilters.tsx';
import { TaskFormModal } from './TaskFormModal.tsx';
import { TaskTable } from './TaskTable.tsx';
import { exportTasks, listTasks, taskCategories } from './tasks.api.ts';
import { useTaskFilter } from './use-task-filter.ts';

/**
 * 任务督办: the tasks in scope with filters kept in the address, saved filters, paging and sort;
 * export to Excel; for supervisors, import of a 任务分工表 and 新建任务.
 */
export function TaskList() {
  const { t } = useI18n();
  const me = useMe();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const { filter, page, pageSize, setFilter, setPage } = useTaskFilter(LIMITS.pageSizeDefault);
  const [version, setVersion] = useState(0);
  const [exporting, setExporting] = useState(false);
  const [importing, setImporting] = useState(false);
  const [creating, setCreating] = useState(false);
  const key = JSON.stringify(filter);
  const { data, error, loading, reload } = useAsync((signal) => listTasks({ ...filter, page, pageSize }, signal), [key, page, pageSize, version]);
  const categories = useAsync((signal) => taskCategories(signal), []);
  const supervisor = me.roles.includes('supervisor');
  const filtered = Object.entries(filter).some(([k, v]) => k !== 'sort' && v !== undefined);

  const runExport = async () => {
    setExporting(true);
    try {
      await exportTasks(filter);
    } catch (err) {
      message.error(errorMessage(err, t));
    } finally {
      setExporting(false);
    }
  };

  return (
    <>
      <PageHeader
        title={t('menu.tasks')}
        extra={
          <Space wrap>
            <SavedFilters current={filter} onApply={setFilter} />
            <Button icon={<DownloadOutlined />} loading={exporting} onClick={runExport} data-testid="task-export">
              {t('tasks.export')}
            </Button>
            {supervisor ? (
              <Button icon={<UploadOutlined />} onClick={() => setImporting(true)} data-testid="task-import">
                {t('tasks.import')}
              </Button>
            ) : null}
            {supervisor ? (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="task-create">
                {t('tasks.create')}
              </Button>
            ) : null}
          </Space>
        }
      />
      <Card>
        <TaskFilters filter={filter} categories={categories.data ?? []} onChange={setFilter} showLeader={me.roles.some((r) => r === 'admin' || r === 'supervisor' || r === 'leader')} />
        {error ? (
          <ErrorState error={error} onRetry={reload} />
        ) : (
          <TaskTable
            data-testid="task-list"
            tasks={data?.data ?? []}
            loading={loading}
            empty={filtered ? t('tasks.noneFound') : t('tasks.empty')}
            pagination={{
              current: page,
              pageSize,
              total: data?.page.total ?? 0,
              showSizeChanger: true,
              showTotal: (total) => t('common.total', { total }),
              onChange: setPage,
            }}
          />
        )}
      </Card>
      <ImportTasksModal open={importing} onClose={() => setImporting(false)} onImported={() => setVersion((v) => v + 1)} />
      <TaskFormModal
        open={creating}
        categories={categories.data ?? []}
        onClose={() => setCreating(false)}
        onCreated={(task) => {
          setCreating(false);
          navigate(`/tasks/${task.id}`);
        }}
      />
    </>
  );
}
