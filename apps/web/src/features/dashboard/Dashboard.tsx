import { Breadcrumb, Card, Col, Empty, List, Row, Skeleton, Statistic, Typography } from 'antd';
import { tenantToday } from '../../lib/format.ts';
import { useMemo } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import type { DashboardView } from '../../api/types.ts';
import type { EChartsCoreOption } from '../../components/charts/echarts.ts';
import { EChart } from '../../components/charts/LazyEChart.tsx';
import { ErrorState } from '../../components/ErrorState.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { useI18n, type Translate } from '../../i18n/I18nProvider.tsx';
import { useAsync } from '../../lib/use-async.ts';
import { getOrgUnit, orgChildren } from '../org/org.api.ts';
import { getDashboard } from './dashboard.api.ts';

const RED = '#f5222d';
const YELLOW = '#faad14';
const GREEN = '#52c41a';

/** Units with open tasks; the rest would only be empty rows. */
function unitsWithTasks(view: DashboardView) {
  return view.byUnit.filter((u) => u.counts.total > 0);
}

function unitsOption(view: DashboardView, t: Translate): EChartsCoreOption {
  const units = unitsWithTasks(view);
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0 },
    grid: { left: 8, right: 24, top: 32, bottom: 8, containLabel: true },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', inverse: true, data: units.map((u) => u.name), axisLabel: { width: 120, overflow: 'truncate' }, triggerEvent: true },
    series: (
      [
        ['red', RED],
        ['yellow', YELLOW],
        ['green', GREEN],
      ] as const
    ).map(([light, color]) => ({ name: t(`light.${light}`), type: 'bar', stack: 'lights', barMaxWidth: 22, itemStyle: { color }, data: units.map((u) => u.counts[light]), emphasis: { focus: 'series' } })),
  };
}

function categoryOption(view: DashboardView, t: Translate): EChartsCoreOption {
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0 },
    grid: { left: 8, right: 8, top: 32, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: view.byCategory.map((c) => c.category), axisLabel: { interval: 0, rotate: view.byCategory.length > 5 ? 30 : 0 } },
    yAxis: [
      { type: 'value', minInterval: 1 },
      { type: 'value', max: 100, axisLabel: { formatter: '{value}%' }, splitLine: { show: false } },
    ],
    series: [
      { name: t('dashboard.total'), type: 'bar', barMaxWidth: 24, itemStyle: { color: '#1f5fbf' }, data: view.byCategory.map((c) => c.total) },
      { name: t('dashboard.completedSeries'), type: 'bar', barMaxWidth: 24, itemStyle: { color: GREEN }, data: view.byCategory.map((c) => c.completed) },
      { name: t('dashboard.completionRate'), type: 'line', yAxisIndex: 1, itemStyle: { color: YELLOW }, tooltip: { valueFormatter: (v: unknown) => `${String(v)}%` }, data: view.byCategory.map((c) => c.completionRate) },
    ],
  };
}

function monthlyOption(view: DashboardView, t: Translate): EChartsCoreOption {
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
    xAxis: { type: 'category', boundaryGap: false, data: view.monthly.map((m) => m.month) },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      { name: t('dashboard.created'), type: 'line', itemStyle: { color: '#1f5fbf' }, areaStyle: { opacity: 0.08 }, data: view.monthly.map((m) => m.created) },
      { name: t('dashboard.completedSeries'), type: 'line', itemStyle: { color: GREEN }, areaStyle: { opacity: 0.08 }, data: view.monthly.map((m) => m.completed) },
    ],
  };
}

/** Where the dashboard stands: the caller's top unit, then the drilled-down units, each a link back up. */
function useTrail(unitId: string | undefined) {
  return useAsync(async () => {
    if (!unitId) return [];
    const [unit, roots] = await Promise.all([getOrgUnit(unitId), orgChildren()]);
    const path = [...(unit.data.path ?? []).map((p) => ({ id: p.id, name: p.name })), { id: unit.data.id, name: unit.data.name }];
    // Units above the caller's scope cannot be opened; the trail starts at the caller's top unit.
    const start = path.findIndex((p) => roots.some((r) => r.id === p.id));
    return start >= 0 ? path.slice(start) : path.slice(-1);
  }, [unitId]);
}

/**
 * 领导看板: totals, lights by unit (click a unit with units below to drill down, breadcrumb back
 * up), the overdue ranking, completion by category and the monthly trend.
 */
export function Dashboard() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const unitId = params.get('unitId') ?? undefined;
  const { data, error, loading, reload } = useAsync((signal) => getDashboard(unitId, signal), [unitId]);
  const trail = useTrail(unitId);
  const view = data;
  const charts = useMemo(() => (view ? { units: unitsOption(view, t), category: categoryOption(view, t), monthly: monthlyOption(view, t) } : undefined), [view, t]);

  const drill = (id: string | undefined) => setParams(id ? { unitId: id } : {});
  const tasksOf = (query: Record<string, string>) => navigate(`/tasks?${new URLSearchParams({ ...(view?.root ? { unitId: view.root.id } : {}), ...query }).toString()}`);
  const onUnitClick = (index: number) => {
    const unit = view ? unitsWithTasks(view)[index] : undefined;
    if (!unit) return;
    if (unit.hasChildren && !unit.own) drill(unit.id);
    else navigate(`/tasks?unitId=${unit.id}`);
  };

  const trailItems = [
    { key: 'all', title: <a onClick={() => drill(undefined)}>{t('dashboard.all')}</a> },
    ...(trail.data ?? []).map((p, i, all) => ({ key: p.id, title: i === all.length - 1 ? p.name : <a onClick={() => drill(p.id)}>{p.name}</a> })),
  ];

  if (error) return <ErrorState error={error} onRetry={reload} />;
  const totals = view?.totals;
  const hasLights = (view?.byUnit ?? []).some((u) => u.counts.total > 0);
  const hasCategories = (view?.byCategory ?? []).length > 0;
  const hasMonthly = (view?.monthly ?? []).some((m) => m.created > 0 || m.completed > 0);
  const empty = <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('dashboard.noData')} />;

  const stat = (key: string, title: string, value: number | undefined, color: string | undefined, query: Record<string, string>) => (
    <Col xs={12} sm={8} xl={4} key={key}>
      <Card size="small" hoverable onClick={() => tasksOf(query)} data-testid={`dash-${key}`} className="dash-stat">
        <Statistic title={title} value={value ?? 0} styles={{ content: { color } }} loading={!totals} />
      </Card>
    </Col>
  );

  return (
    <>
      <PageHeader title={`${t('dashboard.title')}${view?.root ? ` · ${view.root.name}` : ''}`} />
      {/* Only once drilled down: at the top, "全部" alone would be an orphan. */}
      {unitId ? <Breadcrumb items={trailItems} style={{ marginBottom: 12 }} data-testid="dash-trail" /> : null}
      <Row gutter={[12, 12]} data-testid="dash-totals">
        {stat('total', t('dashboard.inProgress'), totals?.total, undefined, { status: 'assigned,acknowledged,in_progress,returned,completion_requested' })}
        {stat('red', t('dashboard.red'), totals?.red, RED, { light: 'red' })}
        {stat('yellow', t('dashboard.yellow'), totals?.yellow, YELLOW, { light: 'yellow' })}
        {stat('overdue', t('dashboard.overdue'), totals?.overdue, RED, { status: 'assigned,acknowledged,in_progress,returned', deadlineTo: tenantToday().subtract(1, 'day').format('YYYY-MM-DD') })}
        {stat('completed', t('dashboard.completed'), totals?.completed, GREEN, { status: 'completed' })}
        {stat('review', t('dashboard.awaitingReview'), totals?.completionRequested, '#722ed1', { status: 'completion_requested' })}
      </Row>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '8px 0 0' }} data-testid="dash-counting-note">
        {t('dashboard.countingNote')}
      </Typography.Paragraph>
      <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
        <Col xs={24} xl={14}>
          <Card title={t('dashboard.byUnit')} extra={<Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('dashboard.byUnitHint')}</Typography.Text>} size="small">
            {!view || loading ? <Skeleton active /> : hasLights && charts ? <EChart option={charts.units} height={Math.max(220, unitsWithTasks(view).length * 36 + 64)} onClick={(e) => onUnitClick(e.dataIndex ?? unitsWithTasks(view).findIndex((u) => u.name === e.name))} data-testid="dash-units-chart" /> : empty}
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <Card title={t('dashboard.overdueRanking')} size="small">
            {!view || loading ? (
              <Skeleton active />
            ) : view.overdueRanking.length ? (
              <List
                size="small"
                data-testid="dash-ranking"
                dataSource={view.overdueRanking}
                renderItem={(r, i) => (
                  <List.Item actions={[<span key="o" className="rank-num rank-overdue">{t('dashboard.overdueCount')} {r.overdue}</span>, <span key="r" className="rank-num rank-red">{t('dashboard.redCount')} {r.red}</span>]}>
                    <span className="rank-name">
                      <span className={`rank-badge ${i < 3 ? 'rank-top' : ''}`}>{i + 1}</span>
                      <Link to={`/tasks?unitId=${r.id}&light=red`}>{r.name}</Link>
                    </span>
                  </List.Item>
                )}
              />
            ) : (
              empty
            )}
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card title={t('dashboard.byCategory')} extra={<Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('dashboard.byCategoryHint')}</Typography.Text>} size="small">
            {!view || loading ? <Skeleton active /> : hasCategories && charts ? <EChart option={charts.category} height={300} /> : empty}
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card title={t('dashboard.monthly')} extra={<Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('dashboard.monthlyHint')}</Typography.Text>} size="small">
            {!view || loading ? <Skeleton active /> : hasMonthly && charts ? <EChart option={charts.monthly} height={300} /> : empty}
          </Card>
        </Col>
      </Row>
    </>
  );
}
