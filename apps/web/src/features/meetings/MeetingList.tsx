import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Button, Card, Input, Select, Space, Tag } from 'antd';
import { useEffect, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { ListPage, type ListColumn } from '../../components/ListPage.tsx';
import { useMe } from '../auth/AuthProvider.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { formatDate } from '../../lib/format.ts';
import { useListAddress } from '../../lib/list-params.ts';
import { MeetingFormModal, type MeetingStart } from './MeetingModals.tsx';
import { listMeetings, MEETING_KINDS, type MeetingKind, type MeetingRow } from './meetings.api.ts';
import { CellText } from '../../components/TipHost.tsx';

const isKind = (v: string | null): v is MeetingKind => (MEETING_KINDS as readonly string[]).includes(v ?? '');

/**
 * 会议: the meetings organised by units in the caller's scope (会办, 点评, 观摩, 述职), newest first,
 * filtered by kind and searchable by title, host and place; supervisors organise new ones with the
 * agenda drawn from the data. `?new=<kind>&period=&occurrence=` opens the form for a rhythm's occurrence.
 */
export function MeetingList() {
  const { t } = useI18n();
  const me = useMe();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const kindParam = params.get('kind');
  const filter = { q: params.get('q') ?? '', kind: isKind(kindParam) ? kindParam : undefined };
  const { page, pageSize, setQuery, onPage } = useListAddress(filter);
  const [search, setSearch] = useState(filter.q);
  const newKind = params.get('new');
  const [creating, setCreating] = useState<MeetingStart | null>(isKind(newKind) ? { kind: newKind, period: params.get('period') ?? undefined, occurrenceId: params.get('occurrence') ?? undefined, title: params.get('title') ?? undefined } : null);
  const closeForm = () => {
    setCreating(null);
    if (newKind) {
      // The rhythm's link opened the form once; closing it leaves the plain list's address.
      const next = new URLSearchParams(params);
      for (const k of ['new', 'period', 'occurrence', 'title']) next.delete(k);
      setParams(next, { replace: true });
    }
  };
  useEffect(() => setSearch(filter.q), [filter.q]);
  const query = useQuery({ queryKey: ['meetings', 'list', filter, page, pageSize], queryFn: ({ signal }) => listMeetings({ ...filter, page, pageSize }, signal), placeholderData: keepPreviousData });

  const title = (m: MeetingRow) => (
    <Link to={`/meetings/${m.id}`} data-testid="meeting-link">
      {m.title}
    </Link>
  );
  const columns: ListColumn<MeetingRow>[] = [
    { key: 'kind', title: t('meeting.kind'), width: 70, render: (_: unknown, m) => <Tag>{m.kindLabel}</Tag>, text: (m) => m.kindLabel },
    { key: 'title', title: t('meeting.title'), fixedShown: true, render: (_: unknown, m) => <CellText text={m.title}>{title(m)}</CellText>, text: (m) => m.title },
    { key: 'heldOn', title: t('meeting.heldOn'), width: 110, render: (_: unknown, m) => formatDate(m.heldOn), text: (m) => m.heldOn },
    { key: 'host', title: t('meeting.hostName'), width: 120, render: (_: unknown, m) => m.hostName, text: (m) => m.hostName },
    { key: 'place', title: t('meeting.place'), width: 160, render: (_: unknown, m) => m.place || '—', text: (m) => m.place },
    { key: 'items', title: t('meeting.itemCount'), width: 90, align: 'right', render: (_: unknown, m) => m.itemCount, text: (m) => String(m.itemCount) },
    { key: 'decisions', title: t('meeting.decisionCount'), width: 110, align: 'right', render: (_: unknown, m) => m.decisionCount, text: (m) => String(m.decisionCount) },
  ];

  return (
    <>
      <ListPage<MeetingRow>
        title={t('menu.meetings')}
        data-testid="meeting-table"
        rowTestId="meeting-row"
        storageKey="meetings"
        query={query}
        rowKey={(m) => m.id}
        columns={columns}
        page={page}
        pageSize={pageSize}
        onPage={onPage}
        empty={<div>{filter.q ? t('meetings.noneFound') : t('meetings.empty')}</div>}
        activeFilters={(filter.q ? 1 : 0) + (filter.kind ? 1 : 0)}
        actions={
          me.roles.includes('supervisor') ? (
            <Button type="primary" onClick={() => setCreating({ kind: filter.kind })} data-testid="meeting-new">
              {t('meeting.new')}
            </Button>
          ) : null
        }
        filters={
          <div className="filter-bar">
            <Select allowClear placeholder={t('meeting.kind')} value={filter.kind} onChange={(v?: MeetingKind) => setQuery({ kind: v })} options={MEETING_KINDS.map((k) => ({ value: k, label: t(`meeting.kind.${k}`) }))} style={{ width: 120 }} data-testid="meeting-kind-filter" />
            <Input.Search allowClear value={search} onChange={(e) => setSearch(e.target.value)} onSearch={(value) => setQuery({ q: value.trim() || undefined })} placeholder={t('meetings.search')} style={{ width: 280 }} />
          </div>
        }
        card={(m) => (
          <Card size="small" className="task-card">
            <div className="task-card-title">{title(m)}</div>
            <Space size={[6, 6]} wrap style={{ margin: '6px 0' }}>
              <Tag>{m.kindLabel}</Tag>
              <span>{formatDate(m.heldOn)}</span>
              <span>{m.hostName}</span>
              <span>{t('meeting.counts', { items: m.itemCount, decisions: m.decisionCount })}</span>
            </Space>
          </Card>
        )}
      />
      {creating ? <MeetingFormModal open start={creating} onClose={closeForm} onSaved={(id) => navigate(`/meetings/${id}`)} /> : null}
    </>
  );
}
