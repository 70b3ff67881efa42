import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Button, Card, Input, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { ListPage, type ListColumn } from '../../components/ListPage.tsx';
import { useMe } from '../auth/AuthProvider.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { formatDate } from '../../lib/format.ts';
import { useListAddress } from '../../lib/list-params.ts';
import { MeetingFormModal } from './MeetingModals.tsx';
import { listMeetings, type MeetingRow } from './projects.api.ts';

/**
 * 项目会办: the coordination meetings organised by units in the caller's scope, newest first,
 * searchable by title, host and place; supervisors organise new ones from the open problems.
 */
export function MeetingList() {
  const { t } = useI18n();
  const me = useMe();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const filter = { q: params.get('q') ?? '' };
  const { page, pageSize, setQuery, onPage } = useListAddress(filter);
  const [search, setSearch] = useState(filter.q);
  const [creating, setCreating] = useState(false);
  useEffect(() => setSearch(filter.q), [filter.q]);
  const query = useQuery({ queryKey: ['meetings', 'list', filter, page, pageSize], queryFn: ({ signal }) => listMeetings({ ...filter, page, pageSize }, signal), placeholderData: keepPreviousData });

  const title = (m: MeetingRow) => (
    <Link to={`/meetings/${m.id}`} data-testid="meeting-link">
      {m.title}
    </Link>
  );
  const columns: ListColumn<MeetingRow>[] = [
    { key: 'title', title: t('meeting.title'), fixedShown: true, render: (_: unknown, m) => <Typography.Text ellipsis={{ tooltip: m.title }} style={{ maxWidth: '100%' }}>{title(m)}</Typography.Text>, text: (m) => m.title },
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
        activeFilters={filter.q ? 1 : 0}
        actions={
          me.roles.includes('supervisor') ? (
            <Button type="primary" onClick={() => setCreating(true)} data-testid="meeting-new">
              {t('meeting.new')}
            </Button>
          ) : null
        }
        filters={
          <div className="filter-bar">
            <Input.Search allowClear value={search} onChange={(e) => setSearch(e.target.value)} onSearch={(value) => setQuery({ q: value.trim() || undefined })} placeholder={t('meetings.search')} style={{ width: 280 }} />
          </div>
        }
        card={(m) => (
          <Card size="small" className="task-card">
            <div className="task-card-title">{title(m)}</div>
            <Space size={[6, 6]} wrap style={{ margin: '6px 0' }}>
              <span>{formatDate(m.heldOn)}</span>
              <span>{m.hostName}</span>
              <span>{t('meeting.counts', { items: m.itemCount, decisions: m.decisionCount })}</span>
            </Space>
          </Card>
        )}
      />
      {creating ? <MeetingFormModal open={creating} onClose={() => setCreating(false)} onSaved={(id) => navigate(`/meetings/${id}`)} /> : null}
    </>
  );
}
