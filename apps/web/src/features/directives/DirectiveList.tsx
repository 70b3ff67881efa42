import { PlusOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Button, Card, Input, Select, Space, Tag } from 'antd';
import { useEffect, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { ListPage, type ListColumn } from '../../components/ListPage.tsx';
import { CorrectionRates } from './CorrectionRates.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { formatDate } from '../../lib/format.ts';
import { pick, useListAddress } from '../../lib/list-params.ts';
import { useMe } from '../auth/AuthProvider.tsx';
import { DirectiveStatusTag } from './DirectiveStatusTag.tsx';
import { DIRECTIVE_STATUSES, listDirectives, type DirectiveStatus, type DirectiveSummary } from './directives.api.ts';
import { NewDirectiveModal } from './NewDirectiveModal.tsx';
import { CellText } from '../../components/TipHost.tsx';

/**
 * 指示精神库: every speech, minutes and plan taken in, searchable across scripts, with what was
 * found in each (items, tasks, targets, rhythms); supervisors add new ones here.
 */
export function DirectiveList({ openNew = false }: { openNew?: boolean }) {
  const { t } = useI18n();
  const me = useMe();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const q = params.get('q') ?? '';
  const status = pick(DIRECTIVE_STATUSES, params.get('status'));
  const { page, pageSize, setQuery, onPage } = useListAddress({ q, status });
  const [search, setSearch] = useState(q);
  useEffect(() => setSearch(q), [q]);
  const supervisor = me.roles.includes('supervisor');
  const [creating, setCreating] = useState(openNew && supervisor);
  const query = useQuery({ queryKey: ['directives', 'list', q, status, page, pageSize], queryFn: ({ signal }) => listDirectives({ q, status, page, pageSize }, signal), placeholderData: keepPreviousData });


  const filtered = Boolean(q || status);
  const empty = (
    <>
      <div>{filtered ? t('directives.noneFound') : t('directives.empty')}</div>
      {!filtered && supervisor ? (
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} style={{ marginTop: 12 }}>
          {t('directives.create')}
        </Button>
      ) : null}
    </>
  );
  const counts = (d: DirectiveSummary) => (
    <Space size={[4, 4]} wrap>
      <Tag>{t('directives.countItems', { count: d.itemCount })}</Tag>
      {d.taskCount ? <Tag color="blue">{t('directives.countTasks', { count: d.taskCount })}</Tag> : null}
      {d.targetCount ? <Tag color="purple">{t('directives.countTargets', { count: d.targetCount })}</Tag> : null}
      {d.cadenceCount ? <Tag color="cyan">{t('directives.countCadences', { count: d.cadenceCount })}</Tag> : null}
    </Space>
  );
  const ellipsis = (v: string | null) => (
    <CellText text={v}>
      {v ?? '—'}
    </CellText>
  );

  const columns: ListColumn<DirectiveSummary>[] = [
    {
      key: 'title',
      title: t('directive.title'),
      fixedShown: true,
      render: (_: unknown, d) => (
        <CellText text={d.title}>
          <Link to={`/directives/${d.id}`}>{d.title}</Link>
        </CellText>
      ),
    },
    { key: 'date', title: t('directive.date'), width: 110, render: (_: unknown, d) => <span style={{ whiteSpace: 'nowrap' }}>{formatDate(d.docDate)}</span> },
    { key: 'source', title: t('directive.source'), width: 180, render: (_: unknown, d) => ellipsis(d.source) },
    { key: 'kind', title: t('directive.kind'), width: 110, render: (_: unknown, d) => <span style={{ whiteSpace: 'nowrap' }}>{t(`directiveKind.${d.kind}`)}</span> },
    { key: 'status', title: t('common.status'), width: 100, render: (_: unknown, d) => <DirectiveStatusTag status={d.status} /> },
    { key: 'counts', title: t('directives.found'), width: 260, render: (_: unknown, d) => counts(d) },
    { key: 'author', title: t('directive.author'), width: 130, render: (_: unknown, d) => ellipsis(d.createdByName) },
  ];

  return (
    <>
      <ListPage<DirectiveSummary>
        title={t('menu.directives')}
        data-testid="directive-list"
        rowTestId="directive-row"
        storageKey="directives"
        query={query}
        rowKey={(d) => d.id}
        columns={columns}
        page={page}
        pageSize={pageSize}
        onPage={onPage}
        empty={empty}
        activeFilters={(q ? 1 : 0) + (status ? 1 : 0)}
        actions={
          <Space>
            <CorrectionRates />
            {supervisor ? (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="directive-create">
                {t('directives.create')}
              </Button>
            ) : null}
          </Space>
        }
        filters={
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
        }
        card={(d) => (
          <Card size="small" className="task-card">
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
