import { DownloadOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Input, Select, Space, Tag } from 'antd';
import { useEffect, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { ImportModal } from '../../components/ImportModal.tsx';
import { ListPage, type ListColumn } from '../../components/ListPage.tsx';
import { useMe } from '../auth/AuthProvider.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { errorMessage } from '../../lib/errors.ts';
import { formatDate } from '../../lib/format.ts';
import { useListAddress } from '../../lib/list-params.ts';
import { SuggestionFormModal } from './SuggestionModals.tsx';
import { SuggestionStatusTag } from './SuggestionBits.tsx';
import { downloadSuggestionTemplate, importSuggestions, listSuggestions, SUGGESTION_KINDS, SUGGESTION_STATUSES, type SuggestionKind, type SuggestionRow, type SuggestionStatus } from './suggestions.api.ts';
import { CellText } from '../../components/TipHost.tsx';

const isKind = (v: string | null): v is SuggestionKind => (SUGGESTION_KINDS as readonly string[]).includes(v ?? '');
const isStatus = (v: string | null): v is SuggestionStatus => (SUGGESTION_STATUSES as readonly string[]).includes(v ?? '');

/**
 * 导入: a session's suggestions from an .xlsx (the template's columns), all rows or none; the rows
 * naming a main unit are assigned at once. Refused rows are listed by row and column.
 */
function SuggestionImport({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const client = useQueryClient();
  return (
    <ImportModal
      open={open}
      title={t('suggestions.importTitle')}
      hint={t('suggestions.importHint')}
      extra={
        <Button icon={<DownloadOutlined />} onClick={() => void downloadSuggestionTemplate().catch((err: unknown) => message.error(errorMessage(err, t)))} style={{ marginBottom: 12 }} data-testid="suggestion-import-template">
          {t('org.importTemplate')}
        </Button>
      }
      run={async (file) => {
        const done = await importSuggestions(file);
        await client.invalidateQueries({ queryKey: ['suggestions'] });
        return done;
      }}
      doneTitle={(done) => t('suggestions.importDone', done)}
      onClose={onClose}
    />
  );
}

/**
 * 建议提案: the suggestions the caller sees (a deputy their own, a liaison their unit's, a supervisor
 * those in scope), filtered by kind, session and status and searchable; a supervisor registers one
 * or imports a session's from Excel, a deputy files their own.
 */
export function SuggestionList() {
  const { t } = useI18n();
  const me = useMe();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const filter = { q: params.get('q') ?? '', session: params.get('session') ?? '', kind: isKind(params.get('kind')) ? (params.get('kind') as SuggestionKind) : undefined, status: isStatus(params.get('status')) ? (params.get('status') as SuggestionStatus) : undefined };
  const { page, pageSize, setQuery, onPage } = useListAddress(filter);
  const [search, setSearch] = useState(filter.q);
  const [session, setSession] = useState(filter.session);
  const [creating, setCreating] = useState(false);
  const [importing, setImporting] = useState(false);
  useEffect(() => setSearch(filter.q), [filter.q]);
  useEffect(() => setSession(filter.session), [filter.session]);
  const query = useQuery({ queryKey: ['suggestions', 'list', filter, page, pageSize], queryFn: ({ signal }) => listSuggestions({ ...filter, page, pageSize }, signal), placeholderData: keepPreviousData });
  const supervisor = me.roles.includes('supervisor');
  const canCreate = supervisor || me.roles.includes('deputy');

  const title = (s: SuggestionRow) => (
    <Link to={`/suggestions/${s.id}`} data-testid="suggestion-link">
      {s.title}
    </Link>
  );
  const columns: ListColumn<SuggestionRow>[] = [
    { key: 'kind', title: t('suggestion.kind'), width: 80, render: (_: unknown, s) => <Tag>{t(`suggestion.kind.${s.kind}`)}</Tag>, text: (s) => t(`suggestion.kind.${s.kind}`) },
    { key: 'number', title: t('suggestion.number'), width: 80, render: (_: unknown, s) => s.number, text: (s) => s.number },
    { key: 'title', title: t('suggestion.title'), fixedShown: true, render: (_: unknown, s) => <CellText text={s.title}>{title(s)}</CellText>, text: (s) => s.title },
    { key: 'session', title: t('suggestion.session'), width: 180, render: (_: unknown, s) => s.session, text: (s) => s.session },
    { key: 'mainUnit', title: t('suggestion.mainUnit'), width: 140, render: (_: unknown, s) => s.mainUnitName ?? '—', text: (s) => s.mainUnitName ?? '' },
    { key: 'deadline', title: t('suggestion.deadline'), width: 110, render: (_: unknown, s) => (s.deadline ? formatDate(s.deadline) : '—'), text: (s) => s.deadline ?? '' },
    { key: 'status', title: t('suggestion.status'), width: 120, render: (_: unknown, s) => <SuggestionStatusTag status={s.status} />, text: (s) => t(`suggestion.status.${s.status}`) },
  ];

  return (
    <>
      <ListPage<SuggestionRow>
        title={t('menu.suggestions')}
        data-testid="suggestion-table"
        rowTestId="suggestion-row"
        storageKey="suggestions"
        query={query}
        rowKey={(s) => s.id}
        columns={columns}
        page={page}
        pageSize={pageSize}
        onPage={onPage}
        empty={<div>{filter.q || filter.session || filter.kind || filter.status ? t('suggestions.noneFound') : t('suggestions.empty')}</div>}
        activeFilters={(filter.q ? 1 : 0) + (filter.session ? 1 : 0) + (filter.kind ? 1 : 0) + (filter.status ? 1 : 0)}
        actions={
          <Space wrap>
            {supervisor || me.roles.includes('leader') ? <Link to="/suggestions/stats" data-testid="suggestion-stats-link">{t('suggestion.stats')}</Link> : null}
            {supervisor ? (
              <Button onClick={() => setImporting(true)} data-testid="suggestion-import">
                {t('org.import')}
              </Button>
            ) : null}
            {canCreate ? (
              <Button type="primary" onClick={() => setCreating(true)} data-testid="suggestion-new">
                {t(supervisor ? 'suggestion.new.register' : 'suggestion.new.file')}
              </Button>
            ) : null}
          </Space>
        }
        filters={
          <div className="filter-bar">
            <Select allowClear placeholder={t('suggestion.kind')} value={filter.kind} onChange={(v?: SuggestionKind) => setQuery({ kind: v })} options={SUGGESTION_KINDS.map((k) => ({ value: k, label: t(`suggestion.kind.${k}`) }))} style={{ width: 110 }} data-testid="suggestion-kind-filter" />
            <Select allowClear placeholder={t('suggestion.status')} value={filter.status} onChange={(v?: SuggestionStatus) => setQuery({ status: v })} options={SUGGESTION_STATUSES.map((k) => ({ value: k, label: t(`suggestion.status.${k}`) }))} style={{ width: 140 }} data-testid="suggestion-status-filter" />
            <Input.Search allowClear value={session} onChange={(e) => setSession(e.target.value)} onSearch={(value) => setQuery({ session: value.trim() || undefined })} placeholder={t('suggestion.session')} style={{ width: 200 }} data-testid="suggestion-session-filter" />
            <Input.Search allowClear value={search} onChange={(e) => setSearch(e.target.value)} onSearch={(value) => setQuery({ q: value.trim() || undefined })} placeholder={t('suggestions.search')} style={{ width: 260 }} data-testid="suggestion-search" />
          </div>
        }
        card={(s) => (
          <Card size="small" className="task-card">
            <div className="task-card-title">{title(s)}</div>
            <Space size={[6, 6]} wrap style={{ margin: '6px 0' }}>
              <Tag>{t(`suggestion.kind.${s.kind}`)}</Tag>
              <SuggestionStatusTag status={s.status} />
              <span>{s.number}</span>
              <span>{s.session}</span>
              {s.mainUnitName ? <span>{s.mainUnitName}</span> : null}
              {s.deadline ? <span>{t('suggestion.deadline')}：{formatDate(s.deadline)}</span> : null}
            </Space>
          </Card>
        )}
      />
      <SuggestionImport open={importing} onClose={() => setImporting(false)} />
      {creating ? <SuggestionFormModal supervisor={supervisor} onClose={() => setCreating(false)} onSaved={(id) => navigate(`/suggestions/${id}`)} /> : null}
    </>
  );
}
