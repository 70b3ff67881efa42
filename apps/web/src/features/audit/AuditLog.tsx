import { DownloadOutlined } from '@ant-design/icons';
import { LIMITS, type AuditArea } from '@luoshi/shared';
import { App, Button, Card, DatePicker, Empty, Select, Table, Tooltip, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import type { AuditEntry } from '../../api/types.ts';
import { ErrorState } from '../../components/ErrorState.tsx';
import { OrgTreeSelect } from '../../components/OrgTreeSelect.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import type { MessageKey } from '../../i18n/zh-CN.ts';
import { errorMessage } from '../../lib/errors.ts';
import { dayBoundary, formatDateTime } from '../../lib/format.ts';
import { useAsync } from '../../lib/use-async.ts';
import { UserSelect } from '../users/UserSelect.tsx';
import { exportAudit, listAudit, type AuditFilter } from './audit.api.ts';
import { AUDIT_AREA_KEYS, actionLabel } from './audit-labels.ts';

function Json({ value, empty }: { value: unknown; empty: string }) {
  if (value === null || value === undefined) return <Typography.Text type="secondary">{empty}</Typography.Text>;
  return <pre className="json-block">{JSON.stringify(value, null, 2)}</pre>;
}

/** 审计日志: filter by person, unit, kind of action and time; expand a row for before/after; export. */
export function AuditLog() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [actorId, setActorId] = useState<string>();
  const [orgUnitId, setOrgUnitId] = useState<string>();
  const [area, setArea] = useState<AuditArea>();
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState<number>(LIMITS.pageSizeDefault);
  const [exporting, setExporting] = useState(false);

  const filter: AuditFilter = {
    actorId,
    orgUnitId,
    area,
    from: range?.[0] ? dayBoundary(range[0]) : undefined,
    to: range?.[1] ? dayBoundary(range[1], true) : undefined,
  };
  const key = JSON.stringify(filter);
  const { data, error, loading, reload } = useAsync((signal) => listAudit({ ...filter, page, pageSize }, signal), [key, page, pageSize]);
  const filtered = Object.values(filter).some(Boolean);
  const changeFilter = <T,>(set: (v: T) => void) => (v: T) => {
    set(v);
    setPage(1);
  };

  const runExport = async () => {
    setExporting(true);
    try {
      await exportAudit(filter);
    } catch (err) {
      message.error(errorMessage(err, t));
    } finally {
      setExporting(false);
    }
  };

  return (
    <>
      <PageHeader
        title={t('audit.title')}
        extra={
          <Tooltip title={t('audit.exportHint')}>
            <Button icon={<DownloadOutlined />} loading={exporting} onClick={runExport}>
              {t('audit.export')}
            </Button>
          </Tooltip>
        }
      />
      <Card>
        <div className="filter-bar">
          <UserSelect value={actorId} onChange={changeFilter(setActorId)} style={{ width: 220 }} />
          <OrgTreeSelect value={orgUnitId} onChange={changeFilter(setOrgUnitId)} placeholder={t('audit.unit')} style={{ width: 200 }} />
          <Select<AuditArea>
            allowClear
            data-testid="audit-area"
            placeholder={t('audit.area')}
            style={{ width: 140 }}
            value={area}
            onChange={changeFilter(setArea)}
            options={AUDIT_AREA_KEYS.map((a) => ({ value: a, label: t(`audit.area.${a}` as MessageKey) }))}
          />
          <DatePicker.RangePicker value={range} onChange={(v) => changeFilter(setRange)(v)} style={{ width: 260 }} allowEmpty={[true, true]} />
        </div>
        {error ? (
          <ErrorState error={error} onRetry={reload} />
        ) : (
          <Table<AuditEntry>
            rowKey="seq"
            size="middle"
            loading={loading}
            dataSource={data?.data ?? []}
            tableLayout="fixed"
            scroll={{ x: 960 }}
            locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={filtered ? t('audit.empty') : t('common.empty')} /> }}
            expandable={{
              rowExpandable: (r) => r.before != null || r.after != null || r.requestId != null,
              expandedRowRender: (r) => (
                <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(240px, 1fr))', gap: 12, maxWidth: 1100 }}>
                  <div>
                    <Typography.Text strong>{t('audit.before')}</Typography.Text>
                    <Json value={r.before} empty={t('audit.noChange')} />
                  </div>
                  <div>
                    <Typography.Text strong>{t('audit.after')}</Typography.Text>
                    <Json value={r.after} empty={t('audit.noChange')} />
                  </div>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('common.labelled', { label: t('audit.requestId'), value: r.requestId ?? '—' })} · {t('common.labelled', { label: t('audit.hash'), value: `${r.hash.slice(0, 16)}…` })}
                  </Typography.Text>
                </div>
              ),
            }}
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
            columns={[
              { title: t('audit.time'), dataIndex: 'at', render: (v: string | null) => formatDateTime(v), width: 160 },
              { title: t('audit.actor'), dataIndex: 'actorName', render: (v: string | null) => v ?? '—', width: 150, ellipsis: { showTitle: true } },
              { title: t('audit.action'), dataIndex: 'action', render: (v: string) => <Tooltip title={v}>{actionLabel(v, t)}</Tooltip>, width: 150 },
              { title: t('audit.summary'), dataIndex: 'summary', render: (v: string | null) => v ?? '—' },
              // Wide enough for an IPv4 address on one line; a long IPv6 one wraps instead of being cut.
              { title: t('audit.ip'), dataIndex: 'ip', render: (v: string | null) => <span style={{ wordBreak: 'break-all' }}>{v ?? '—'}</span>, width: 180 },
            ]}
          />
        )}
      </Card>
    </>
  );
}
