import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Button, Card, Col, Empty, Row, Select, Skeleton, Space, Statistic } from 'antd';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { ErrorState } from '../../components/ErrorState.tsx';
import { OrgTreeSelect } from '../../components/OrgTreeSelect.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { EChart } from '../../components/charts/LazyEChart.tsx';
import { useI18n, type Translate } from '../../i18n/I18nProvider.tsx';
import { tenantToday } from '../../lib/format.ts';
import { formatWan } from './project-format.ts';
import { downloadBulletin, getProjectDashboard, type ProjectDashboard } from './projects.api.ts';

const LIGHT_COLORS = { red: '#f5222d', yellow: '#faad14', green: '#52c41a' } as const;

/** Plan against actual investment by month: bars for each month, lines for the running totals. */
function investmentOption(d: ProjectDashboard, t: Translate) {
  const names = [t('projects.dash.planned'), t('projects.dash.invested'), t('projects.dash.plannedCum'), t('projects.dash.investedCum')];
  return {
    tooltip: { trigger: 'axis' },
    legend: { data: names, top: 0 },
    grid: { left: 64, right: 24, top: 48, bottom: 28 },
    xAxis: { type: 'category', data: d.months.map((m) => m.period.slice(5)) },
    yAxis: { type: 'value', name: t('lead.wan') },
    series: [
      { name: names[0], type: 'bar', barMaxWidth: 18, data: d.months.map((m) => m.planned), itemStyle: { color: '#bfbfbf' } },
      { name: names[1], type: 'bar', barMaxWidth: 18, data: d.months.map((m) => m.invested), itemStyle: { color: '#1677ff' } },
      { name: names[2], type: 'line', data: d.months.map((m) => m.plannedCumulative), itemStyle: { color: '#8c8c8c' }, lineStyle: { type: 'dashed' } },
      { name: names[3], type: 'line', data: d.months.map((m) => m.investedCumulative), itemStyle: { color: '#fa8c16' } },
    ],
  };
}

/** The stage funnel: how many projects have reached each stage (those at it and beyond), so it narrows stage by stage. */
function funnelOption(d: ProjectDashboard, t: Translate) {
  const reached = d.funnel.map((_, i) => d.funnel.slice(i).reduce((s, f) => s + f.count, 0));
  const max = Math.max(1, reached[0] ?? 0);
  return {
    tooltip: { trigger: 'item', formatter: (p: { name: string; value: number; dataIndex: number }) => `${p.name}：${t('projects.dash.reached', { n: p.value })}<br/>${t('projects.dash.atStage', { n: d.funnel[p.dataIndex]?.count ?? 0 })}` },
    series: [
      {
        type: 'funnel',
        sort: 'none',
        left: '10%',
        width: '80%',
        min: 0,
        max,
        minSize: '18%',
        gap: 2,
        label: { position: 'inside', formatter: '{b} {c}' },
        data: d.funnel.map((f, i) => ({ name: t(`project.stage.${f.stage}`), value: reached[i] })),
      },
    ],
  };
}

function rankingOption(d: ProjectDashboard, t: Translate) {
  const rows = [...d.districts].reverse();
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    grid: { left: 96, right: 48, top: 12, bottom: 28 },
    xAxis: { type: 'value', name: '%', max: (v: { max: number }) => Math.max(100, Math.ceil(v.max)) },
    yAxis: { type: 'category', data: rows.map((r) => r.name) },
    series: [{ name: t('projects.dash.rate'), type: 'bar', barMaxWidth: 20, data: rows.map((r) => r.rate ?? 0), label: { show: true, position: 'right', formatter: '{c}%' }, itemStyle: { color: '#1677ff' } }],
  };
}

/**
 * The schematic map: projects placed by their coordinates on a plain background (no tiles, works
 * offline); when there are too many to show apart, groups by place sized by their count.
 */
function mapOption(d: ProjectDashboard, t: Translate) {
  const size = (v: number) => Math.max(8, Math.min(36, Math.sqrt(v) / 8));
  const groupSize = (n: number) => Math.max(10, Math.min(48, 6 + Math.sqrt(n) * 4));
  const marks = d.clusters.length ? d.clusters : d.points;
  // The axes hug the marks (with a margin), so a city's projects spread over the chart.
  const bounds = (values: number[]) => {
    const lo = Math.min(...values);
    const hi = Math.max(...values);
    const pad = Math.max(0.05, (hi - lo) * 0.1);
    return { min: Math.round((lo - pad) * 100) / 100, max: Math.round((hi + pad) * 100) / 100 };
  };
  const data = d.clusters.length
    ? d.clusters.map((c) => ({ name: c.name ? `${c.name}：${t('projects.dash.group', { n: c.count })}` : t('projects.dash.group', { n: c.count }), value: [c.longitude, c.latitude], stage: '', total: c.totalInvestment, symbolSize: groupSize(c.count), itemStyle: { color: LIGHT_COLORS[c.light], opacity: 0.75 }, label: { show: c.count > 1, formatter: String(c.count), fontSize: 10 } }))
    : d.points.map((p) => ({ name: p.name, value: [p.longitude, p.latitude], stage: t(`project.stage.${p.stage}`), total: p.totalInvestment, symbolSize: size(p.totalInvestment), itemStyle: { color: LIGHT_COLORS[p.light], opacity: 0.85 } }));
  return {
    tooltip: { trigger: 'item', formatter: (p: { data: { name: string; stage: string; total: number } }) => `${p.data.name}<br/>${p.data.stage ? `${p.data.stage} · ` : ''}${formatWan(p.data.total)} ${t('lead.wan')}` },
    grid: { left: 48, right: 24, top: 16, bottom: 32, show: true, backgroundColor: '#f3f6fa', borderColor: '#d9e1ec' },
    xAxis: { type: 'value', ...bounds(marks.map((p) => p.longitude)), name: t('projects.dash.lng'), splitLine: { lineStyle: { color: '#e3e9f1' } } },
    yAxis: { type: 'value', ...bounds(marks.map((p) => p.latitude)), name: t('projects.dash.lat'), splitLine: { lineStyle: { color: '#e3e9f1' } } },
    series: [{ type: 'scatter', data }],
  };
}

/**
 * 项目看板: this year's plan against actual investment by month, the stage funnel, the districts
 * ranked by investment completion and a schematic map of the projects, for the projects in the
 * caller's scope (or under the unit chosen). A point on the map opens its project.
 */
export function ProjectDashboardView() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const thisYear = tenantToday().year();
  const year = Number(params.get('year')) || thisYear;
  const unitId = params.get('unitId') ?? undefined;
  const set = (patch: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) if (v) next.set(k, v); else next.delete(k);
    setParams(next, { replace: true });
  };
  const query = useQuery({ queryKey: ['projects', 'dashboard', year, unitId], queryFn: ({ signal }) => getProjectDashboard({ year, unitId }, signal), placeholderData: keepPreviousData });
  const d = query.data;

  return (
    <div data-testid="project-dashboard">
      <PageHeader
        title={t('projects.dashboard')}
        extra={
          <Space wrap>
            <Select value={year} style={{ width: 100 }} onChange={(v) => set({ year: String(v) })} options={Array.from({ length: 6 }, (_, i) => thisYear - 4 + i).map((y) => ({ value: y, label: String(y) }))} data-testid="project-dashboard-year" />
            <Button onClick={() => void downloadBulletin(year === thisYear ? tenantToday().format('YYYY-MM') : `${year}-12`)} data-testid="project-bulletin">
              {t('projects.bulletin')}
            </Button>
            <OrgTreeSelect allowClear placeholder={t('projects.filterUnit')} style={{ width: 220 }} value={unitId ?? null} onChange={(v) => set({ unitId: v ?? undefined })} />
            <Link to="/projects">{t('project.backToList')}</Link>
          </Space>
        }
      />
      {query.error ? <Card><ErrorState error={query.error} onRetry={() => void query.refetch()} /></Card> : null}
      {!d && !query.error ? <Card><Skeleton active /></Card> : null}
      {d ? (
        <Row gutter={[16, 16]}>
          <Col span={24}>
            <Card size="small">
              <Space size={48} wrap>
                <Statistic title={t('projects.dash.yearPlanned', { year: d.year })} value={formatWan(d.yearPlanned)} suffix={t('lead.wan')} />
                <Statistic title={t('projects.dash.yearInvested', { year: d.year })} value={formatWan(d.yearInvested)} suffix={t('lead.wan')} data-testid="project-dashboard-invested" />
                <Statistic title={t('projects.dash.rate')} value={d.yearPlanned > 0 ? Math.round((d.yearInvested / d.yearPlanned) * 1000) / 10 : '—'} suffix={d.yearPlanned > 0 ? '%' : undefined} />
                <Statistic title={t('projects.dash.count')} value={d.funnel.reduce((s, f) => s + f.count, 0)} />
              </Space>
            </Card>
          </Col>
          <Col xs={24} xl={14}>
            <Card title={t('projects.dash.investment')} size="small">
              <EChart option={investmentOption(d, t)} height={300} data-testid="project-dashboard-investment" />
            </Card>
          </Col>
          <Col xs={24} xl={10}>
            <Card title={t('projects.dash.funnel')} size="small" extra={t('projects.dash.funnelHint')}>
              <EChart option={funnelOption(d, t)} height={300} data-testid="project-dashboard-funnel" />
            </Card>
          </Col>
          <Col xs={24} xl={10}>
            <Card title={t('projects.dash.ranking')} size="small">
              {d.districts.length ? <EChart option={rankingOption(d, t)} height={Math.max(200, d.districts.length * 36 + 40)} data-testid="project-dashboard-ranking" /> : <Empty />}
            </Card>
          </Col>
          <Col xs={24} xl={14}>
            <Card title={t('projects.dash.map')} size="small" extra={d.clusters.length ? t('projects.dash.mapGrouped', { n: d.mapped }) : t('projects.dash.mapHint')}>
              {d.points.length || d.clusters.length ? (
                <EChart option={mapOption(d, t)} height={360} onClick={(e) => (e.dataIndex !== undefined && d.points[e.dataIndex] ? navigate(`/projects/${d.points[e.dataIndex]!.id}`) : undefined)} data-testid="project-dashboard-map" />
              ) : (
                <Empty description={t('projects.dash.noPoints')} />
              )}
            </Card>
          </Col>
        </Row>
      ) : null}
    </div>
  );
}
