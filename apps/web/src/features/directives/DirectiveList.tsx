import { PlusOutlined } from '@ant-design/icons';
import { LIMITS } from '@luoshi/shared';
import { Button, Card, Empty, Grid, Input, List, Select, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useEffect, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { ErrorState } from '../../components/ErrorState.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { formatDate } from '../../lib/format.ts';
import { useAsync } from '../../lib/use-async.ts';
import { useMe } from '../auth/AuthProvider.tsx';
import { DirectiveStatusTag } from './DirectiveStatusTag.tsx';
import { DIRECTIVE_STATUSES, listDirectives, type DirectiveStatus, type DirectiveSummary } from './directives.api.ts';
import { NewDirectiveModal } from './NewDirectiveModal.tsx';

/**
 * 指示精神库: every speech, minutes and plan taken in, searchable across scripts, with what was
 * found in each (items, tasks, targets, rhythms); supervisors add new ones here.
 */
export function DirectiveList({ openNew = false }: { openNew?: boolean }) {
  const { t } = useI18n();
  const me = useMe();
  const navigate = useNavigate();
  const screens = Grid.useBreakpoint();
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const status = (DIRECTIVE_STATUSES as readonly string[]).includes(params.get('status') ?? '') ? (params.get('status') as DirectiveStatus) : undefined;
  const page = Math.max(1, Number(params.get('page')) || 1);
  const pageSize = Number(params.get('pageSize')) || LIMITS.pageSizeDefault;
  const [search, setSearch] = useState(q);
  useEffect(() => setSearch(q), [q]);
  const supervisor = me.roles.includes('supervisor');
  const [creating, setCreating] = useState(openNew && supervisor);
  const { data, error, loading, reload } = useAsync((signal) => listDirectives({ q, status, page, pageSize }, signal), [q, status, page, pageSize]);

  const setQuery = (next: { q?: string; status?: DirectiveStatus; page?: number; pageSize?: number }) => {
    const merged = { q, status, page: 1, pageSize, ...next };
    const out = new URLSearchParams();
    if (merged.q) out.set('q', merged.q);
    if (merged.status) out.set('status', merged.status);
    if (merged.page > 1) out.set('page', String(merged.page));
    if (merged.pageSize !== LIMITS.pageSizeDefault) out.set('pageSize', String(merged.pageSize));
    setParams(out, { replace: true });
  };

  const filtered = Boolean(q || status);
  const empty = (
    <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={filtered ? t('directives.noneFound') : t('directives.empty')}>
      {!filtered && supervisor ? (
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
          {t('directives.create')}
        </Button>
      ) : null}
    </Empty>
  );
  const counts = (d: DirectiveSummary) => (
    <Space size={[4, 4]} wrap>
      <Tag>{t('directives.countItems', { count: d.itemCount })}</Tag>
      {d.taskCount ? <Tag color="blue">{t('directives.countTasks', { count: d.taskCount })}</Tag> : null}
      {d.targetCount ? <Tag color="purple">{t('directives.countTargets', { count: d.targetCount })}</Tag> : null}
      {d.cadenceCount ? <Tag color="cyan">{t('directives.countCadences', { count: d.cadenceCount })}</Tag> : null}
    </Space>
  );
  const pagination = {
    current: page,
    pageSize,
    total: data?.total ?? 0,
    showSizeChanger: true,
    showTotal: (total: number) => t('common.total', { total }),
    onChange: (p: number, size: number) => setQuery({ page: size === pageSize ? p : 1, pageSize: size }),
  };

  const columns: ColumnsType<DirectiveSummary> = [
    {
      title: t('directive.title'),
      dataIndex: 'title',
      render: (v: string, d) => (
        <Typography.Text ellipsis={{ tooltip: v }} style={{ maxWidth: 360 }}>
          <Link to={`/directives/${d.id}`}>{v}</Link>
        </Typography.Text>
      ),
    },
    { title: t('directive.date'), dataIndex: 'docDate', render: (v: string | null) => <span style={{ whiteSpace: 'nowrap' }}>{formatDate(v)}</span> },
    { title: t('directive.source'), dataIndex: 'source', render: (v: string | null) => <Typography.Text ellipsis={{ tooltip: v }} style={{ maxWidth: 180 }}>{v ?? '—'}</Typography.Text> },
    { title: t('directive.kind'), dataIndex: 'kind', render: (v: DirectiveSummary['kind']) => <span style={{ whiteSpace: 'nowrap' }}>{t(`directiveKind.${v}`)}</span> },
    { title: t('common.status'), dataIndex: 'status', render: (v: DirectiveStatus) => <DirectiveStatusTag status={v} /> },
    { title: t('directives.found'), key: 'counts', render: (_: unknown, d) => counts(d) },
    { title: t('directive.author'), dataIndex: 'createdByName', render: (v: string | null) => <span style={{ whiteSpace: 'nowrap' }}>{v ?? '—'}</span> },
  ];

  return (
    <>
      <PageHeader
        title={t('menu.directives')}
        extra={
          supervisor ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="directive-create">
              {t('directives.create')}
            </Button>
          ) : null
        }
      />
      <Card>
        <div className="filter-bar">
          <Input.Search
            allowClear
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            onSearch={(value) => setQuery({ q: value.trim() || undefined })}
            placeholder={t('directives.search')}
            style={{ width: 320 }}
            data-testid="directive-search"
          />
          <Select<DirectiveStatus>
            allowClear
            placeholder={t('directives.filterStatus')}
            style={{ width: 160 }}
            value={status}
            onChange={(v) => setQuery({ status: v })}
            options={DIRECTIVE_STATUSES.map((s) => ({ value: s, label: t(`directiveStatus.${s}`) }))}
            data-testid="directive-status-filter"
          />
        </div>
        {error ? (
          <ErrorState error={error} onRetry={reload} />
        ) : screens.md ? (
          <Table<DirectiveSummary>
            data-testid="directive-list"
            rowKey="id"
            loading={loading}
            dataSource={data?.items ?? []}
            columns={columns}
            scroll={{ x: 'max-content' }}
            locale={{ emptyText: empty }}
            pagination={pagination}
            onRow={() => ({ 'data-testid': 'directive-row' }) as React.HTMLAttributes<HTMLElement>}
          />
        ) : (
          <List<DirectiveSummary>
            data-testid="directive-list"
            loading={loading}
            dataSource={data?.items ?? []}
            locale={{ emptyText: empty }}
            pagination={{ ...pagination, size: 'small', simple: true, align: 'center', showTotal: undefined, showSizeChanger: false }}
            renderItem={(d) => (
              <Card size="small" className="task-card" data-testid="directive-row">
                <Link to={`/directives/${d.id}`} className="task-card-title">
                  {d.title}
                </Link>
                <Space size={[6, 6]} wrap style={{ margin: '6px 0' }}>
                  <DirectiveStatusTag status={d.status} />
                  <span>{t(`directiveKind.${d.kind}`)}</span>
                  <span>{formatDate(d.docDate)}</span>
                </Space>
                {counts(d)}
              </Card>
            )}
          />
        )}
      </Card>
      <NewDirectiveModal
        open={creating}
        onClose={() => {
          setCreating(false);
          if (openNew) navigate('/directives', { replace: true });
        }}
        onCreated={(d) => {
          setCreating(false);
          navigate(`/directives/${d.id}`, { replace: openNew });
        }}
      />
    </>
  );
}
