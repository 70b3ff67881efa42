import { DownloadOutlined, PrinterOutlined } from '@ant-design/icons';
import { LIMITS } from '@luoshi/shared';
import { App, Button, Card, Space } from 'antd';
import { useState } from 'react';
import { flushSync } from 'react-dom';
import type { Task, TaskStatus } from '../../api/types.ts';
import { ErrorState } from '../../components/ErrorState.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { errorMessage } from '../../lib/errors.ts';
import { formatDate, formatDateTime } from '../../lib/format.ts';
import { useAsync } from '../../lib/use-async.ts';
import { TaskTable } from './TaskTable.tsx';
import { exportResponsibilities, listResponsibilities } from './tasks.api.ts';
import { TaskStatusSelect } from './TaskStatusSelect.tsx';

/**
 * 责任清单: everything a unit answers for, filterable by status, exportable to Excel and printable
 * (a plain table with only this list on the page, via the print stylesheet).
 */
export function ResponsibilityList({ unitId, unitName }: { unitId: string; unitName: string }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [status, setStatus] = useState<TaskStatus[]>([]);
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState<number>(LIMITS.pageSizeDefault);
  const [prevUnit, setPrevUnit] = useState(unitId);
  const [exporting, setExporting] = useState(false);
  const [printRows, setPrintRows] = useState<Task[] | null>(null);
  const [printing, setPrinting] = useState(false);
  if (prevUnit !== unitId) {
    setPrevUnit(unitId);
    setStatus([]);
    setPage(1);
  }
  const { data, error, loading, reload } = useAsync((signal) => listResponsibilities(unitId, { page, pageSize, status }, signal), [unitId, page, pageSize, status.join(',')]);

  const runExport = async () => {
    setExporting(true);
    try {
      await exportResponsibilities(unitId, unitName);
    } catch (err) {
      message.error(errorMessage(err, t));
    } finally {
      setExporting(false);
    }
  };

  const print = async () => {
    setPrinting(true);
    try {
      const all = await listResponsibilities(unitId, { page: 1, pageSize: LIMITS.pageSizeMax, status });
      flushSync(() => setPrintRows(all.data));
      document.body.classList.add('printing-section');
      window.print();
    } catch (err) {
      message.error(errorMessage(err, t));
    } finally {
      document.body.classList.remove('printing-section');
      setPrinting(false);
    }
  };

  return (
    <Card
      title={t('resp.title')}
      data-testid="responsibility-list"
      extra={
        <Space wrap>
          <Button icon={<DownloadOutlined />} loading={exporting} onClick={runExport}>
            {t('resp.export')}
          </Button>
          <Button icon={<PrinterOutlined />} loading={printing} onClick={print} data-testid="responsibility-print">
            {t('resp.print')}
          </Button>
        </Space>
      }
    >
      <div className="filter-bar">
        <TaskStatusSelect
          value={status}
          onChange={(v) => {
            setStatus(v);
            setPage(1);
          }}
          placeholder={t('resp.filterStatus')}
          width={260}
        />
      </div>
      {error ? (
        <ErrorState compact error={error} onRetry={reload} />
      ) : (
        <TaskTable
          tasks={data?.data ?? []}
          loading={loading}
          empty={t('resp.empty')}
          pagination={{
            current: page,
            pageSize,
            total: data?.page.total ?? 0,
            showSizeChanger: true,
            showTotal: (total) => t('common.total', { total }),
            onChange: (p, size) => {
              setPage(size === pageSize ? p : 1);
              setPageSize(size);
            },
          }}
        />
      )}
      {printRows ? (
        <div className="print-section" aria-hidden="true">
          <h2>{t('resp.printTitle', { unit: unitName })}</h2>
          <p>{t('resp.printedAt', { time: formatDateTime(new Date().toISOString()) })}</p>
          <table>
            <thead>
              <tr>
                <th>#</th>
                <th>{t('task.title')}</th>
                <th>{t('task.role')}</th>
                <th>{t('task.status')}</th>
                <th>{t('task.light')}</th>
                <th>{t('task.percent')}</th>
                <th>{t('task.deadline')}</th>
              </tr>
            </thead>
            <tbody>
              {printRows.map((task, i) => (
                <tr key={task.id}>
                  <td>{i + 1}</td>
                  <td>{task.title}</td>
                  <td>{t(`task.role.${task.unitRole}`)}</td>
                  <td>{t(`taskStatus.${task.status}`)}</td>
                  <td>{task.light === 'none' ? '—' : `${t(`light.${task.light}`)}${task.lightReason ? `(${task.lightReason})` : ''}`}</td>
                  <td>{task.percent}%</td>
                  <td>{formatDate(task.deadline)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </Card>
  );
}
