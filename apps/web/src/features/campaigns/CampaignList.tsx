import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Button, Card, Input, Select, Space, Tag } from 'antd';
import { useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { ListPage, type ListColumn } from '../../components/ListPage.tsx';
import { useAuth } from '../auth/AuthProvider.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { formatDate } from '../../lib/format.ts';
import { pick, useListAddress } from '../../lib/list-params.ts';
import { CAMPAIGN_KINDS, listCampaigns, type CampaignKind, type CampaignRow } from './campaigns.api.ts';
import { CampaignFormModal } from './CampaignFormModal.tsx';

/** 活动与整改: the campaigns the caller's scope reaches, searchable by title, filtered by kind. */
export function CampaignList() {
  const { t } = useI18n();
  const { me } = useAuth();
  const [params] = useSearchParams();
  const kind = pick(CAMPAIGN_KINDS, params.get('kind'));
  const q = params.get('q') ?? '';
  const { page, pageSize, setQuery, onPage } = useListAddress({ q, kind });
  const [search, setSearch] = useState(q);
  const [creating, setCreating] = useState(false);
  useEffect(() => setSearch(q), [q]);
  const query = useQuery({ queryKey: ['campaigns', 'list', q, kind, page, pageSize], queryFn: ({ signal }) => listCampaigns({ q, kind, page, pageSize }, signal), placeholderData: keepPreviousData });
  const supervisor = me?.grants.some((g) => g.role === 'supervisor') ?? false;
  const title = (c: CampaignRow) => <Link to={`/campaigns/${c.id}`}>{c.title}</Link>;
  const rate = (c: CampaignRow) => `${c.closedCount}/${c.problemCount}`;
  const columns: ListColumn<CampaignRow>[] = [
    { key: 'title', title: t('campaign.title'), fixedShown: true, render: (_: unknown, c) => title(c), text: (c) => c.title },
    { key: 'kind', title: t('campaign.kind'), width: 120, render: (_: unknown, c) => <Tag color="blue">{t(`campaign.kind.${c.kind}`)}</Tag>, text: (c) => t(`campaign.kind.${c.kind}`) },
    { key: 'period', title: t('campaign.period'), width: 220, render: (_: unknown, c) => `${formatDate(c.startDate)} ~ ${formatDate(c.endDate)}`, text: (c) => `${c.startDate} ~ ${c.endDate}` },
    { key: 'organizer', title: t('campaign.organizer'), width: 160, render: (_: unknown, c) => c.organizerUnitName, text: (c) => c.organizerUnitName },
    { key: 'closed', title: `${t('campaign.closed')}/${t('campaign.problems')}`, width: 130, render: (_: unknown, c) => rate(c), text: rate },
  ];
  return (
    <>
      <ListPage<CampaignRow>
        title={t('menu.campaigns')}
        data-testid="campaign-table"
        rowTestId="campaign-row"
        storageKey="campaigns"
        query={query}
        rowKey={(c) => c.id}
        columns={columns}
        page={page}
        pageSize={pageSize}
        onPage={onPage}
        empty={<div>{q || kind ? t('campaign.noneFound') : t('campaign.empty')}</div>}
        activeFilters={(q ? 1 : 0) + (kind ? 1 : 0)}
        actions={
          supervisor ? (
            <Button type="primary" onClick={() => setCreating(true)} data-testid="campaign-new">
              {t('campaign.new')}
            </Button>
          ) : undefined
        }
        filters={
          <div className="filter-bar">
            <Input.Search allowClear value={search} onChange={(e) => setSearch(e.target.value)} onSearch={(v) => setQuery({ q: v.trim() || undefined })} placeholder={t('campaign.search')} style={{ width: 260 }} data-testid="campaign-search" />
            <Select<CampaignKind> allowClear placeholder={t('campaign.kind')} style={{ width: 160 }} value={kind} onChange={(v) => setQuery({ kind: v })} options={CAMPAIGN_KINDS.map((k) => ({ value: k, label: t(`campaign.kind.${k}`) }))} />
          </div>
        }
        card={(c) => (
          <Card size="small" className="task-card">
            <div className="task-card-title">{title(c)}</div>
            <Space size={[6, 6]} wrap style={{ margin: '6px 0' }}>
              <Tag color="blue">{t(`campaign.kind.${c.kind}`)}</Tag>
              <span>
                {formatDate(c.startDate)} ~ {formatDate(c.endDate)}
              </span>
            </Space>
            <div>
              {t('campaign.closed')}/{t('campaign.problems')} {rate(c)}
            </div>
          </Card>
        )}
      />
      <CampaignFormModal open={creating} onClose={() => setCreating(false)} />
    </>
  );
}
