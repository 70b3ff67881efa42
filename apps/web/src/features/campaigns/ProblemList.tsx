import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Card, Checkbox, Input, Select, Space, Tag } from 'antd';
import { useEffect, useState, type ReactNode } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { ListPage, type ListColumn } from '../../components/ListPage.tsx';
import { LightTag } from '../../components/LightTag.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { formatDate, tenantToday } from '../../lib/format.ts';
import { pick, useListAddress } from '../../lib/list-params.ts';
import { exportLedger, listProblems, PROBLEM_STATUSES, type Problem, type ProblemFilter, type ProblemStatus } from './campaigns.api.ts';
import { CellText } from '../../components/TipHost.tsx';

export const PROBLEM_STATUS_COLORS: Record<ProblemStatus, string> = { found: 'default', rectifying: 'processing', review: 'purple', returned: 'orange', closed: 'success' };

/** Late: past its deadline while still being rectified or sent back. */
export const problemLate = (p: Pick<Problem, 'status' | 'deadline'>, today: string) => p.deadline !== null && p.deadline < today && (p.status === 'rectifying' || p.status === 'returned');

/**
 * 问题清单: the problems in the caller's sight (of one campaign when `campaignId` is given), the
 * sent-back and waiting-for-verification ones first, by status, 逾期 and text.
 */
export function ProblemList({ campaignId, embedded = false, actions }: { campaignId?: string; embedded?: boolean; actions?: ReactNode }) {
  const { t } = useI18n();
  const [params] = useSearchParams();
  const status = pick(PROBLEM_STATUSES, params.get('status'));
  const filter: ProblemFilter = { campaignId, q: params.get('q') ?? '', status, overdue: params.get('overdue') === 'true' };
  const { page, pageSize, setQuery, onPage } = useListAddress(filter, { omit: ['campaignId'], ...(embedded ? { keep: { tab: 'problems' } } : {}) });
  const [search, setSearch] = useState(filter.q ?? '');
  useEffect(() => setSearch(filter.q ?? ''), [filter.q]);
  const query = useQuery({ queryKey: ['campaign-problems', filter, page, pageSize], queryFn: ({ signal }) => listProblems({ ...filter, page, pageSize }, signal), placeholderData: keepPreviousData });
  const active = (filter.q ? 1 : 0) + (status ? 1 : 0) + (filter.overdue ? 1 : 0);
  const today = tenantToday().format('YYYY-MM-DD');
  const link = (p: Problem) => (
    <CellText text={p.description}>
      <Link to={`/campaigns/problems/${p.id}`}>{p.description}</Link>
    </CellText>
  );
  const statusTag = (p: Problem) => (
    <Space size={4}>
      <Tag color={PROBLEM_STATUS_COLORS[p.status]}>{t(`problem.status.${p.status}`)}</Tag>
      {problemLate(p, today) ? <Tag color="red">{t('problem.overdueTag')}</Tag> : null}
    </Space>
  );
  const columns: ListColumn<Problem>[] = [
    { key: 'description', title: t('problem.description'), fixedShown: true, render: (_: unknown, p) => link(p), text: (p) => p.description },
    ...(campaignId ? [] : [{ key: 'campaign', title: t('menu.campaigns'), width: 200, render: (_: unknown, p: Problem) => p.campaignTitle, text: (p: Problem) => p.campaignTitle }]),
    { key: 'unit', title: t('problem.unit'), width: 140, render: (_: unknown, p) => p.unitName, text: (p) => p.unitName },
    { key: 'source', title: t('problem.source'), width: 120, render: (_: unknown, p) => t(`problem.source.${p.source}`), text: (p) => t(`problem.source.${p.source}`) },
    { key: 'deadline', title: t('problem.deadline'), width: 120, render: (_: unknown, p) => formatDate(p.deadline), text: (p) => p.deadline ?? '' },
    { key: 'light', title: t('problem.progress'), width: 120, render: (_: unknown, p) => (p.taskLight && p.status !== 'closed' ? <LightTag light={p.taskLight as never} reason={p.taskLightReason ?? ''} /> : null), text: (p) => p.taskLightReason ?? '' },
    { key: 'status', title: t('common.status'), width: 180, render: (_: unknown, p) => statusTag(p), text: (p) => t(`problem.status.${p.status}`) },
  ];
  return (
    <ListPage<Problem>
      title={embedded ? '' : t('problem.list')}
      actions={actions}
      data-testid="problem-table"
      rowTestId="problem-row"
      storageKey="campaign-problems"
      query={query}
      rowKey={(p) => p.id}
      columns={columns}
      page={page}
      pageSize={pageSize}
      onPage={onPage}
      empty={<div>{active ? t('problem.noneFound') : t('problem.empty')}</div>}
      activeFilters={active}
      onExport={() => exportLedger(filter)}
      filters={
        <div className="filter-bar">
          <Input.Search allowClear value={search} onChange={(e) => setSearch(e.target.value)} onSearch={(v) => setQuery({ q: v.trim() || undefined })} placeholder={t('problem.search')} style={{ width: 260 }} data-testid="problem-search" />
          <Select<ProblemStatus> allowClear placeholder={t('problem.filterStatus')} style={{ width: 170 }} value={status} onChange={(v) => setQuery({ status: v })} options={PROBLEM_STATUSES.map((s) => ({ value: s, label: t(`problem.status.${s}`) }))} data-testid="problem-status-filter" />
          <Checkbox checked={filter.overdue} onChange={(e) => setQuery({ overdue: e.target.checked || undefined })}>
            {t('problem.overdue')}
          </Checkbox>
        </div>
      }
      card={(p) => (
        <Card size="small" className="task-card">
          <div className="task-card-title">{link(p)}</div>
          <Space size={[6, 6]} wrap style={{ margin: '6px 0' }}>
            {statusTag(p)}
            <span>{p.unitName}</span>
          </Space>
          <div>{formatDate(p.deadline)}</div>
        </Card>
      )}
    />
  );
}
