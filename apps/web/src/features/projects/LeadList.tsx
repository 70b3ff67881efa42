import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Button, Card, Input, Select, Space, Tag } from 'antd';
import { useEffect, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { ListPage, type ListColumn } from '../../components/ListPage.tsx';
import { OrgTreeSelect } from '../../components/OrgTreeSelect.tsx';
import { useMe } from '../auth/AuthProvider.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { pick, useListAddress } from '../../lib/list-params.ts';
import { LeadFormModal } from './LeadModals.tsx';
import { formatWan } from './project-format.ts';
import { LEAD_STAGES, listLeads, type LeadFilter, type LeadRow, type LeadStage } from './projects.api.ts';
import { CellText } from '../../components/TipHost.tsx';

/** A lead's stage as a tag; a converted lead also says so. */
export function LeadStageTag({ stage }: { stage: LeadStage }) {
  const { t } = useI18n();
  return <Tag color={stage === 'talking' ? 'default' : 'blue'}>{t(`lead.stage.${stage}`)}</Tag>;
}

/**
 * 招商引资: the leads in the caller's scope, newest activity first, searchable by company,
 * industry and source, filtered by stage and unit; supervisors and the units' liaisons register
 * new ones. The quotas page is one click away.
 */
export function LeadList() {
  const { t } = useI18n();
  const me = useMe();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const filter: LeadFilter = { q: params.get('q') ?? '', stage: pick(LEAD_STAGES, params.get('stage')), unitId: params.get('unitId') ?? undefined };
  const { page, pageSize, setQuery, onPage } = useListAddress(filter);
  const [search, setSearch] = useState(filter.q ?? '');
  const [creating, setCreating] = useState(false);
  useEffect(() => setSearch(filter.q ?? ''), [filter.q]);
  const query = useQuery({ queryKey: ['leads', 'list', filter, page, pageSize], queryFn: ({ signal }) => listLeads({ ...filter, page, pageSize }, signal), placeholderData: keepPreviousData });
  const activeFilters = [filter.q, filter.stage, filter.unitId].filter(Boolean).length;
  const canCreate = me.roles.includes('supervisor') || me.roles.includes('liaison');

  const company = (l: LeadRow) => (
    <Link to={`/leads/${l.id}`} data-testid="lead-link">
      {l.company}
    </Link>
  );
  const columns: ListColumn<LeadRow>[] = [
    { key: 'company', title: t('lead.company'), fixedShown: true, render: (_: unknown, l) => <CellText text={l.company}>{company(l)}</CellText>, text: (l) => l.company },
    { key: 'stage', title: t('lead.stage'), width: 110, render: (_: unknown, l) => <Space size={4}><LeadStageTag stage={l.stage} />{l.projectId ? <Tag color="green">{t('lead.converted')}</Tag> : null}</Space>, text: (l) => t(`lead.stage.${l.stage}`) },
    { key: 'industry', title: t('lead.industry'), width: 90, render: (_: unknown, l) => l.industry ?? '—', text: (l) => l.industry ?? '' },
    { key: 'unit', title: t('lead.unit'), width: 120, render: (_: unknown, l) => l.unit.name, text: (l) => l.unit.name },
    { key: 'intended', title: t('lead.intendedInvestment'), width: 110, align: 'right', render: (_: unknown, l) => formatWan(l.intendedInvestment), text: (l) => String(l.intendedInvestment) },
    { key: 'signed', title: t('lead.signedAmount'), width: 110, align: 'right', render: (_: unknown, l) => (l.signedAmount === null ? '—' : formatWan(l.signedAmount)), text: (l) => String(l.signedAmount ?? '') },
    { key: 'visits', title: t('lead.lastVisit'), width: 130, render: (_: unknown, l) => (l.lastVisit ? `${l.lastVisit}（${l.visitCount}）` : '—'), text: (l) => l.lastVisit ?? '' },
    { key: 'next', title: t('lead.nextStep'), width: 170, render: (_: unknown, l) => <CellText text={l.nextStep}>{l.nextStep ?? '—'}</CellText>, text: (l) => l.nextStep ?? '' },
  ];

  return (
    <>
      <ListPage<LeadRow>
        title={t('menu.leads')}
        data-testid="lead-table"
        rowTestId="lead-row"
        storageKey="leads"
        query={query}
        rowKey={(l) => l.id}
        columns={columns}
        page={page}
        pageSize={pageSize}
        onPage={onPage}
        empty={<div>{activeFilters ? t('leads.noneFound') : t('leads.empty')}</div>}
        activeFilters={activeFilters}
        actions={
          <Space wrap>
            <Link to="/leads/quotas">
              <Button data-testid="lead-quotas">{t('leads.quotas')}</Button>
            </Link>
            {canCreate ? (
              <Button type="primary" onClick={() => setCreating(true)} data-testid="lead-new">
                {t('leads.new')}
              </Button>
            ) : null}
          </Space>
        }
        filters={
          <div className="filter-bar">
            <Input.Search allowClear value={search} onChange={(e) => setSearch(e.target.value)} onSearch={(value) => setQuery({ q: value.trim() || undefined })} placeholder={t('leads.search')} style={{ width: 280 }} />
            <Select allowClear placeholder={t('lead.stage')} style={{ width: 120 }} value={filter.stage} onChange={(v) => setQuery({ stage: v })} options={LEAD_STAGES.map((s) => ({ value: s, label: t(`lead.stage.${s}`) }))} />
            <OrgTreeSelect allowClear placeholder={t('leads.filterUnit')} style={{ width: 220 }} value={filter.unitId ?? null} onChange={(v) => setQuery({ unitId: v })} />
          </div>
        }
        card={(l) => (
          <Card size="small" className="task-card">
            <div className="task-card-title">{company(l)}</div>
            <Space size={[6, 6]} wrap style={{ margin: '6px 0' }}>
              <LeadStageTag stage={l.stage} />
              <span>{l.unit.name}</span>
              <span>{formatWan(l.intendedInvestment)} {t('lead.wan')}</span>
            </Space>
            {l.nextStep ? <div>{l.nextStep}</div> : null}
          </Card>
        )}
      />
      <LeadFormModal open={creating} onClose={() => setCreating(false)} onSaved={(id) => navigate(`/leads/${id}`)} />
    </>
  );
}
