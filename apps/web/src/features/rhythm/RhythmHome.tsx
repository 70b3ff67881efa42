import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Segmented, Space, Table, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { ErrorState } from '../../components/ErrorState.tsx';
import { ListPage, type ListColumn } from '../../components/ListPage.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { useBusyAction } from './use-busy-action.ts';
import { useI18n, type Translate } from '../../i18n/I18nProvider.tsx';
import { formatDate, formatDateTime, tenantToday } from '../../lib/format.ts';
import { useListAddress } from '../../lib/list-params.ts';
import { useMe } from '../auth/AuthProvider.tsx';
import { BulletinFormModal, RecordModal, RuleFormModal } from './RhythmModals.tsx';
import { addDefaultRules, listBulletins, listOccurrences, listRules, prepareOccurrence, setRuleActive, type BulletinRow, type CadenceRule, type Occurrence } from './rhythm.api.ts';
import { CellText } from '../../components/TipHost.tsx';

/** The actions held as a meeting (the others are a bulletin or the office's own word). */
const MEETING_ACTIONS = new Set<string>(['coordination', 'review', 'site_visit', 'duty_report']);
const OCC_COLORS = { planned: 'default', prepared: 'processing', done: 'success', skipped: 'warning' } as const;
const pct = (n: number | null | undefined) => (n == null ? '—' : `${n}%`);

export const anchorText = (r: Pick<CadenceRule, 'anchor' | 'anchorDays'>, t: Translate) => t('rhythm.rule.anchorText', { days: r.anchorDays, unit: t(`rhythm.rule.anchor.${r.anchor}`) });

export function BulletinStatusTag({ status }: { status: 'draft' | 'published' }) {
  const { t } = useI18n();
  return <Tag color={status === 'published' ? 'green' : 'blue'}>{t(`bulletin.status.${status}`)}</Tag>;
}

/** 工作节点: each rule's occurrence per period, the open ones first; the owner prepares material and records what took place. */
function OccurrenceList() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [params] = useSearchParams();
  const filter = { tab: 'occurrences', all: params.get('all') ?? '' };
  const { page, pageSize, setQuery, onPage } = useListAddress(filter);
  const open = filter.all !== '1';
  const query = useQuery({ queryKey: ['rhythm', 'occurrences', open, page, pageSize], queryFn: ({ signal }) => listOccurrences({ open, page, pageSize }, signal), placeholderData: keepPreviousData });
  const [recording, setRecording] = useState<Occurrence | null>(null);
  const today = tenantToday().format('YYYY-MM-DD');
  const reload = () => void queryClient.invalidateQueries({ queryKey: ['rhythm'] });
  const { busy, run } = useBusyAction(reload);
  const prepare = (o: Occurrence) =>
    run(o.id, async () => {
      const r = await prepareOccurrence(o.id);
      message.success(t('rhythm.occ.prepared'));
      if (r.bulletinId) navigate(`/rhythm/bulletins/${r.bulletinId}`);
    });
  const isOpen = (o: Occurrence) => o.status === 'planned' || o.status === 'prepared';
  const status = (o: Occurrence) => (
    <Space size={4}>
      <Tag color={OCC_COLORS[o.status]}>{t(`rhythm.occ.status.${o.status}`)}</Tag>
      {isOpen(o) && o.dueOn < today ? <Tag color="red">{t('rhythm.occ.overdue')}</Tag> : null}
    </Space>
  );
  const actions = (o: Occurrence) => (
    <Space size={4} wrap>
      {o.bulletinId ? <Link to={`/rhythm/bulletins/${o.bulletinId}`}>{t('rhythm.occ.openBulletin')}</Link> : null}
      {o.meetingId ? (
        <Link to={`/meetings/${o.meetingId}`} data-testid="occurrence-meeting">
          {t('rhythm.occ.openMeeting')}
        </Link>
      ) : isOpen(o) && MEETING_ACTIONS.has(o.action) ? (
        <Link to={`/meetings?${new URLSearchParams({ new: o.action, period: o.periodKey, occurrence: o.id, title: `${o.periodLabel}${o.actionName}会` }).toString()}`} data-testid="occurrence-meeting-new">
          {t('rhythm.occ.holdMeeting')}
        </Link>
      ) : null}
      {isOpen(o) && !o.bulletinId ? (
        <Button size="small" loading={busy === o.id} onClick={() => void prepare(o)} data-testid="occurrence-prepare">
          {t('rhythm.occ.prepare')}
        </Button>
      ) : null}
      {isOpen(o) ? (
        <Button size="small" onClick={() => setRecording(o)} data-testid="occurrence-record">
          {t('rhythm.occ.recordAction')}
        </Button>
      ) : null}
    </Space>
  );
  const record = (o: Occurrence) => (o.record ? `${o.heldOn ? `${formatDate(o.heldOn)} ` : ''}${o.record}` : o.material?.summary ? t('rhythm.occ.material', { completed: o.material.summary.completed, rate: pct(o.material.summary.onTimeRate), overdue: o.material.summary.overdue }) : '—');
  const columns: ListColumn<Occurrence>[] = [
    { key: 'rule', title: t('rhythm.occ.rule'), fixedShown: true, render: (_: unknown, o) => o.ruleName, text: (o) => o.ruleName },
    { key: 'period', title: t('rhythm.occ.period'), width: 150, render: (_: unknown, o) => o.periodLabel, text: (o) => o.periodLabel },
    { key: 'action', title: t('rhythm.rule.action'), width: 90, render: (_: unknown, o) => o.actionName, text: (o) => o.actionName },
    { key: 'due', title: t('rhythm.occ.dueOn'), width: 110, render: (_: unknown, o) => formatDate(o.dueOn), text: (o) => o.dueOn },
    { key: 'status', title: t('rhythm.occ.status'), width: 150, render: (_: unknown, o) => status(o), text: (o) => t(`rhythm.occ.status.${o.status}`) },
    { key: 'record', title: t('rhythm.occ.record'), render: (_: unknown, o) => <CellText text={record(o)}>{record(o)}</CellText>, text: record },
    { key: 'actions', title: t('common.actions'), width: 190, render: (_: unknown, o) => actions(o) },
  ];
  return (
    <>
      <ListPage<Occurrence>
        title={null}
        data-testid="occurrence-table"
        rowTestId="occurrence-row"
        storageKey="rhythm-occurrences"
        query={query}
        rowKey={(o) => o.id}
        columns={columns}
        page={page}
        pageSize={pageSize}
        onPage={onPage}
        empty={<div>{t('rhythm.occ.empty')}</div>}
        filters={
          <Segmented
            value={open ? 'open' : 'all'}
            onChange={(v) => setQuery({ all: v === 'all' ? '1' : undefined })}
            options={[
              { value: 'open', label: t('rhythm.occ.filter.open') },
              { value: 'all', label: t('rhythm.occ.filter.all') },
            ]}
          />
        }
        card={(o) => (
          <Card size="small" className="task-card">
            <div className="task-card-title">{o.ruleName} · {o.periodLabel}</div>
            <Space size={[6, 6]} wrap style={{ margin: '6px 0' }}>
              <span>{t('rhythm.occ.dueOn')} {formatDate(o.dueOn)}</span>
              {status(o)}
            </Space>
            <div>{actions(o)}</div>
          </Card>
        )}
      />
      <RecordModal occurrence={recording} onClose={() => setRecording(null)} onDone={reload} />
    </>
  );
}

/** 工作机制: the rules in scope with their next due date; supervisors add the default five, create and switch rules off. */
function RuleTable() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const me = useMe();
  const queryClient = useQueryClient();
  const query = useQuery({ queryKey: ['rhythm', 'rules'], queryFn: ({ signal }) => listRules(signal) });
  const [creating, setCreating] = useState(false);
  const reload = () => void queryClient.invalidateQueries({ queryKey: ['rhythm'] });
  const { busy, run } = useBusyAction(reload);
  const supervisor = me.roles.includes('supervisor');
  if (query.error) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  return (
    <>
      {supervisor ? (
        <Space style={{ marginBottom: 12 }} wrap>
          <Button type="primary" onClick={() => setCreating(true)} data-testid="rule-new">
            {t('rhythm.rule.new')}
          </Button>
          <Button loading={busy === 'defaults'} onClick={() => void run('defaults', async () => void message.success(t('rhythm.rule.defaultsAdded', { n: (await addDefaultRules()).added })))} data-testid="rule-defaults">
            {t('rhythm.rule.defaults')}
          </Button>
        </Space>
      ) : null}
      <Table<CadenceRule>
        rowKey="id"
        size="middle"
        loading={query.isLoading}
        dataSource={query.data ?? []}
        pagination={false}
        scroll={{ x: 900 }}
        locale={{ emptyText: t('rhythm.rules.empty') }}
        data-testid="rule-table"
        columns={[
          { key: 'name', title: t('rhythm.rule.name'), render: (_, r) => <Typography.Text type={r.active ? undefined : 'secondary'}>{r.name}</Typography.Text> },
          { key: 'period', title: t('rhythm.rule.period'), width: 90, render: (_, r) => t(`rhythm.period.${r.period}`) },
          { key: 'action', title: t('rhythm.rule.action'), width: 80, render: (_, r) => r.actionName },
          { key: 'anchor', title: t('rhythm.rule.anchor'), width: 170, render: (_, r) => anchorText(r, t) },
          { key: 'scope', title: t('rhythm.rule.scope'), render: (_, r) => r.scopeUnit.name },
          { key: 'next', title: t('rhythm.rule.nextDue'), width: 110, render: (_, r) => formatDate(r.nextDue) || '—' },
          { key: 'done', title: t('rhythm.rule.doneCount'), width: 80, align: 'right', render: (_, r) => r.doneCount },
          {
            key: 'active',
            title: t('common.status'),
            width: 150,
            render: (_, r) => (
              <Space size={4}>
                <Tag color={r.active ? 'green' : 'default'}>{r.active ? t('rhythm.rule.active') : t('rhythm.rule.inactive')}</Tag>
                {r.canManage ? (
                  <Button size="small" type="link" loading={busy === r.id} onClick={() => void run(r.id, async () => void (await setRuleActive(r.id, !r.active), message.success(t('rhythm.rule.saved'))))}>
                    {r.active ? t('rhythm.rule.disable') : t('rhythm.rule.enable')}
                  </Button>
                ) : null}
              </Space>
            ),
          },
        ]}
      />
      {creating ? <RuleFormModal open={creating} onClose={() => setCreating(false)} onSaved={reload} /> : null}
    </>
  );
}

/** 通报: the bulletins in scope (and those published to the caller's unit), newest period first. */
function BulletinList() {
  const { t } = useI18n();
  const me = useMe();
  const navigate = useNavigate();
  const filter = { tab: 'bulletins' };
  const { page, pageSize, onPage } = useListAddress(filter);
  const query = useQuery({ queryKey: ['rhythm', 'bulletins', page, pageSize], queryFn: ({ signal }) => listBulletins({ page, pageSize }, signal), placeholderData: keepPreviousData });
  const [creating, setCreating] = useState(false);
  const title = (b: BulletinRow) => (
    <Link to={`/rhythm/bulletins/${b.id}`} data-testid="bulletin-link">
      {b.title}
    </Link>
  );
  const columns: ListColumn<BulletinRow>[] = [
    { key: 'title', title: t('bulletin.title'), fixedShown: true, render: (_: unknown, b) => title(b), text: (b) => b.title },
    { key: 'period', title: t('bulletin.period'), width: 140, render: (_: unknown, b) => b.periodLabel, text: (b) => b.periodLabel },
    { key: 'number', title: t('bulletin.docNumber'), width: 170, render: (_: unknown, b) => b.docNumber || '—', text: (b) => b.docNumber },
    { key: 'scope', title: t('bulletin.scope'), width: 160, render: (_: unknown, b) => b.scopeUnit.name, text: (b) => b.scopeUnit.name },
    { key: 'status', title: t('bulletin.status'), width: 90, render: (_: unknown, b) => <BulletinStatusTag status={b.status} />, text: (b) => t(`bulletin.status.${b.status}`) },
    { key: 'published', title: t('bulletin.publishedAt'), width: 160, render: (_: unknown, b) => formatDateTime(b.publishedAt) || '—', text: (b) => b.publishedAt ?? '' },
  ];
  return (
    <>
      <ListPage<BulletinRow>
        title={null}
        data-testid="bulletin-table"
        rowTestId="bulletin-row"
        storageKey="rhythm-bulletins"
        query={query}
        rowKey={(b) => b.id}
        columns={columns}
        page={page}
        pageSize={pageSize}
        onPage={onPage}
        empty={<div>{t('bulletin.empty')}</div>}
        actions={
          me.roles.includes('supervisor') ? (
            <Button type="primary" onClick={() => setCreating(true)} data-testid="bulletin-new">
              {t('bulletin.new')}
            </Button>
          ) : null
        }
        card={(b) => (
          <Card size="small" className="task-card">
            <div className="task-card-title">{title(b)}</div>
            <Space size={[6, 6]} wrap style={{ margin: '6px 0' }}>
              <span>{b.periodLabel}</span>
              <BulletinStatusTag status={b.status} />
              <span>{b.docNumber}</span>
            </Space>
          </Card>
        )}
      />
      {creating ? <BulletinFormModal open={creating} onClose={() => setCreating(false)} onSaved={(id) => navigate(`/rhythm/bulletins/${id}`)} /> : null}
    </>
  );
}

/** 工作节奏: the occurrences to do, the rules, and the bulletins, one tab each (the tab is in the address). */
export function RhythmHome() {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') ?? 'occurrences';
  return (
    <>
      <PageHeader
        title={t('menu.rhythm')}
        extra={
          <Link to="/rhythm/assessments" data-testid="assess-link">
            <Button>{t('assess.title')}</Button>
          </Link>
        }
      />
      <Tabs
        activeKey={tab}
        onChange={(key) => setParams({ tab: key })}
        items={[
          { key: 'occurrences', label: t('rhythm.tab.occurrences'), children: tab === 'occurrences' ? <OccurrenceList /> : null },
          { key: 'rules', label: t('rhythm.tab.rules'), children: tab === 'rules' ? <RuleTable /> : null },
          { key: 'bulletins', label: t('rhythm.tab.bulletins'), children: tab === 'bulletins' ? <BulletinList /> : null },
        ]}
      />
    </>
  );
}
