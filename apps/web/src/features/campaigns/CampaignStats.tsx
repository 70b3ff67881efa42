import { useQuery } from '@tanstack/react-query';
import { Card, Col, Row, Statistic, Table } from 'antd';
import { useMemo, useState } from 'react';
import type { EChartsCoreOption } from '../../components/charts/echarts.ts';
import { EChart } from '../../components/charts/LazyEChart.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { campaignStats, type CampaignStats as Stats } from './campaigns.api.ts';

/** A campaign's statistics by unit: problems found, rectifying, struck off, overdue, and the two rates; a unit's bar opens the units below it. */
export function CampaignStats({ campaignId }: { campaignId: string }) {
  const { t } = useI18n();
  const [unitId, setUnitId] = useState<string>();
  const query = useQuery({ queryKey: ['campaigns', campaignId, 'stats', unitId], queryFn: ({ signal }) => campaignStats(campaignId, unitId, signal) });
  const data = query.data?.data;
  const option = useMemo<EChartsCoreOption | null>(() => (data ? chartOption(data, t) : null), [data, t]);
  if (!data) return <Card size="small" loading />;
  const rate = (n: number) => `${n}%`;
  return (
    <Card size="small" title={t('campaign.stats')} data-testid="campaign-stats">
      <Row gutter={16} style={{ marginBottom: 12 }}>
        <Col xs={12} md={4}><Statistic title={t('campaign.found')} value={data.totals.found} /></Col>
        <Col xs={12} md={4}><Statistic title={t('campaign.rectifying')} value={data.totals.rectifying + data.totals.review} /></Col>
        <Col xs={12} md={4}><Statistic title={t('campaign.closed')} value={data.totals.closed} /></Col>
        <Col xs={12} md={4}><Statistic title={t('campaign.overdue')} value={data.totals.overdue} valueStyle={data.totals.overdue ? { color: '#cf1322' } : undefined} /></Col>
        <Col xs={12} md={4}><Statistic title={t('campaign.rectificationRate')} value={rate(data.totals.rectificationRate)} /></Col>
        <Col xs={12} md={4}><Statistic title={t('campaign.closeOutRate')} value={rate(data.totals.closeOutRate)} data-testid="campaign-close-out-rate" /></Col>
      </Row>
      {option && data.byUnit.length ? <EChart option={option} height={260} onClick={(e) => e.dataIndex !== undefined && data.byUnit[e.dataIndex] && data.byUnit[e.dataIndex]!.unitId !== data.unitId && setUnitId(data.byUnit[e.dataIndex]!.unitId)} /> : null}
      <Table
        size="small"
        rowKey="unitId"
        pagination={false}
        dataSource={data.byUnit}
        scroll={{ x: 640 }}
        columns={[
          { key: 'unit', title: t('problem.unit'), dataIndex: 'unitName' },
          { key: 'found', title: t('campaign.found'), dataIndex: 'found', width: 70 },
          { key: 'closed', title: t('campaign.closed'), dataIndex: 'closed', width: 80 },
          { key: 'overdue', title: t('campaign.overdue'), dataIndex: 'overdue', width: 70 },
          { key: 'rr', title: t('campaign.rectificationRate'), width: 90, render: (_: unknown, r) => rate(r.rectificationRate) },
          { key: 'cr', title: t('campaign.closeOutRate'), width: 90, render: (_: unknown, r) => rate(r.closeOutRate) },
        ]}
      />
    </Card>
  );
}

function chartOption(data: Stats, t: ReturnType<typeof useI18n>['t']): EChartsCoreOption {
  const names = data.byUnit.map((u) => u.unitName);
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 40, right: 40, top: 32, bottom: 40 },
    xAxis: { type: 'category', data: names, axisLabel: { interval: 0, rotate: names.length > 6 ? 30 : 0 } },
    yAxis: [{ type: 'value', minInterval: 1 }, { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } }],
    series: [
      { name: t('campaign.closed'), type: 'bar', stack: 'n', barMaxWidth: 48, data: data.byUnit.map((u) => u.closed), itemStyle: { color: '#52c41a' } },
      { name: t('campaign.rectifying'), type: 'bar', stack: 'n', data: data.byUnit.map((u) => u.rectifying + u.review - u.overdue), itemStyle: { color: '#1677ff' } },
      { name: t('campaign.overdue'), type: 'bar', stack: 'n', data: data.byUnit.map((u) => u.overdue), itemStyle: { color: '#ff4d4f' } },
      { name: t('campaign.pending'), type: 'bar', stack: 'n', data: data.byUnit.map((u) => u.found - u.closed - u.rectifying - u.review), itemStyle: { color: '#d9d9d9' } },
      { name: t('campaign.closeOutRate'), type: 'line', yAxisIndex: 1, data: data.byUnit.map((u) => u.closeOutRate) },
    ],
  };
}
