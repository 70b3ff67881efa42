import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Col, Empty, Form, Input, InputNumber, Modal, Row, Select, Skeleton, Space, Table, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { useConfirmDelete } from '../../components/DeleteButton.tsx';
import { ErrorState } from '../../components/ErrorState.tsx';
import { OrgTreeSelect } from '../../components/OrgTreeSelect.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { EChart } from '../../components/charts/LazyEChart.tsx';
import { useI18n, type Translate } from '../../i18n/I18nProvider.tsx';
import { tenantToday } from '../../lib/format.ts';
import { useFormSubmit } from '../../lib/use-form-submit.ts';
import { useMe } from '../auth/AuthProvider.tsx';
import { createPeer, deletePeer, downloadBenchmarkDocx, downloadBenchmarkXlsx, getBenchmark, listIndicators, listPeers, putPeerValue, type Benchmark, type BenchmarkQuery, type BenchmarkSeries, type Peer } from './indicators.api.ts';
import { figure, percent, useStartUnit, ValuesImport } from './IndicatorsView.tsx';

const OURS = '#1677ff';
const PEER_COLORS = ['#8c8c8c', '#fa8c16', '#13c2c2', '#722ed1', '#eb2f96', '#a0d911', '#2f54eb', '#faad14'];

/** The ranking at the newest shared period: one bar per city, ours in blue, best first. */
function rankingOption(s: BenchmarkSeries) {
  const rows = [...s.latest!.ranking].reverse();
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    grid: { left: 96, right: 56, top: 12, bottom: 24 },
    xAxis: { type: 'value', name: s.indicator.measure },
    yAxis: { type: 'category', data: rows.map((r) => `${r.rank}. ${r.name}`) },
    series: [{ type: 'bar', barMaxWidth: 18, label: { show: true, position: 'right' }, data: rows.map((r) => ({ value: r.value, itemStyle: { color: r.id === null ? OURS : '#bfbfbf' } })) }],
  };
}

/** The relative gap to each peer: positive when we lead by the indicator's direction (green), negative when we trail (red). */
function gapOption(s: BenchmarkSeries, t: Translate) {
  const gaps = s.latest!.gaps;
  const sign = s.indicator.direction === 'higher' ? 1 : -1;
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v: number) => `${v}%` },
    grid: { left: 64, right: 24, top: 28, bottom: 24 },
    xAxis: { type: 'category', data: gaps.map((g) => g.name) },
    yAxis: { type: 'value', name: t('bench.gapAxis'), axisLabel: { formatter: '{value}%' } },
    series: [{ type: 'bar', barMaxWidth: 28, data: gaps.map((g) => ({ value: g.relative === null ? 0 : Math.round(sign * g.relative * 1000) / 10, itemStyle: { color: g.ahead ? '#52c41a' : '#f5222d' } })) }],
  };
}

/** Our values and each peer's period by period. */
function trendOption(s: BenchmarkSeries, unitName: string) {
  const names = [unitName, ...s.peers.map((p) => p.name)];
  return {
    tooltip: { trigger: 'axis' },
    legend: { data: names, top: 0 },
    grid: { left: 64, right: 24, top: 64, bottom: 28 },
    xAxis: { type: 'category', data: s.periods },
    yAxis: { type: 'value', name: s.indicator.measure, scale: true },
    series: [
      { name: unitName, type: 'line', data: s.ours, connectNulls: true, lineStyle: { width: 3 }, itemStyle: { color: OURS } },
      ...s.peers.map((p, i) => ({ name: p.name, type: 'line', data: p.values, connectNulls: true, itemStyle: { color: PEER_COLORS[i % PEER_COLORS.length] } })),
    ],
  };
}

/** Several indicators at once: each entity's value as a share of the best (the lowest when lower is better), 100 being the best. */
function radarOption(b: Benchmark) {
  const shown = b.indicators.filter((s) => s.latest && s.latest.ranking.length > 1);
  const score = (s: BenchmarkSeries, v: number | undefined) => {
    if (v === undefined) return 0;
    const values = s.latest!.ranking.map((r) => r.value);
    const best = s.indicator.direction === 'higher' ? Math.max(...values) : Math.min(...values);
    if (best === 0 || v === 0) return 0;
    return Math.round((s.indicator.direction === 'higher' ? v / best : best / v) * 100);
  };
  const entities = [{ id: null as string | null, name: b.unit.name }, ...b.peers.map((p) => ({ id: p.id as string | null, name: p.name }))];
  return {
    tooltip: {},
    legend: { data: entities.map((e) => e.name), bottom: 0 },
    radar: { indicator: shown.map((s) => ({ name: s.indicator.name.length > 10 ? `${s.indicator.name.slice(0, 10)}…` : s.indicator.name, max: 100 })), radius: '62%' },
    series: [
      {
        type: 'radar',
        data: entities.map((e, i) => ({
          name: e.name,
          value: shown.map((s) => score(s, s.latest!.ranking.find((r) => r.id === e.id)?.value)),
          ...(e.id === null ? { lineStyle: { width: 3, color: OURS }, itemStyle: { color: OURS }, areaStyle: { opacity: 0.15 } } : { itemStyle: { color: PEER_COLORS[(i - 1) % PEER_COLORS.length] } }),
        })),
      },
    ],
  };
}

/**
 * 对标分析: our unit against the peer cities — the gap and ranking of one indicator at the newest
 * period both have, its trend, a radar of every indicator, a table of the gaps with their sources,
 * the Excel table and the Word briefing; supervisors keep the peers and import their figures.
 */
export function BenchmarkView() {
  const { t } = useI18n();
  const me = useMe();
  const thisYear = tenantToday().year();
  const [params, setParams] = useSearchParams();
  const [unitId, setUnit] = useStartUnit();
  const fromYear = Number(params.get('from')) || thisYear - 2;
  const toYear = Number(params.get('to')) || thisYear;
  const peerIds = params.get('peers')?.split(',').filter(Boolean) ?? [];
  const set = (k: string, v: string | undefined) =>
    setParams((p) => {
      const n = new URLSearchParams(p);
      if (v) n.set(k, v);
      else n.delete(k);
      return n;
    });
  const q: BenchmarkQuery | undefined = unitId ? { orgUnitId: unitId, fromYear, toYear, peerIds } : undefined;
  const query = useQuery({ queryKey: ['indicators', 'benchmark', q], queryFn: ({ signal }) => getBenchmark(q!, signal), enabled: !!q, placeholderData: keepPreviousData });
  const peers = useQuery({ queryKey: ['indicators', 'peers'], queryFn: ({ signal }) => listPeers(signal) });
  const b = query.data;
  const comparable = useMemo(() => b?.indicators.filter((s) => s.latest) ?? [], [b]);
  const chosen = comparable.find((s) => s.indicator.id === params.get('indicator')) ?? comparable[0];
  const years = Array.from({ length: 8 }, (_, i) => thisYear - i);

  return (
    <>
      <PageHeader
        title={t('bench.title')}
        extra={
          <Space wrap>
            <Link to={`/indicators${unitId ? `?unitId=${unitId}` : ''}`}>
              <Button>{t('ind.title')}</Button>
            </Link>
            <Button disabled={!q} onClick={() => q && void downloadBenchmarkXlsx(q)}>
              {t('bench.xlsx')}
            </Button>
            <Button disabled={!q} onClick={() => q && void downloadBenchmarkDocx(q)}>
              {t('bench.docx')}
            </Button>
          </Space>
        }
      />
      <Card style={{ marginBottom: 16 }}>
        <Space wrap>
          <OrgTreeSelect style={{ width: 240 }} value={unitId ?? null} onChange={(v) => setUnit(v)} />
          <Select style={{ width: 110 }} value={fromYear} onChange={(y) => set('from', String(y))} options={years.map((y) => ({ value: y, label: t('ind.yearOption', { year: y }) }))} />
          <span>—</span>
          <Select style={{ width: 110 }} value={toYear} onChange={(y) => set('to', String(y))} options={years.map((y) => ({ value: y, label: t('ind.yearOption', { year: y }) }))} />
          <Select mode="multiple" allowClear style={{ minWidth: 260 }} placeholder={t('bench.allPeers')} value={peerIds} onChange={(v: string[]) => set('peers', v.join(',') || undefined)} options={(peers.data?.data ?? []).map((p) => ({ value: p.id, label: p.name }))} />
          <Select
            style={{ width: 300 }}
            value={chosen?.indicator.id}
            onChange={(v: string) => set('indicator', v)}
            options={comparable.map((s) => ({ value: s.indicator.id, label: `${s.indicator.code} ${s.indicator.name}` }))}
            placeholder={t('bench.indicator')}
            data-testid="bench-indicator"
          />
        </Space>
      </Card>
      {query.isError ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : !b ? (
        <Skeleton active />
      ) : !chosen ? (
        <Card>
          <Empty description={t('bench.none')} />
        </Card>
      ) : (
        <>
          <Row gutter={[16, 16]}>
            <Col xs={24} lg={12}>
              <Card title={t('bench.ranking', { name: chosen.indicator.name, period: chosen.latest!.period })}>
                <EChart option={rankingOption(chosen)} height={280} data-testid="bench-ranking" />
              </Card>
            </Col>
            <Col xs={24} lg={12}>
              <Card title={t('bench.gap', { name: chosen.indicator.name })}>
                <EChart option={gapOption(chosen, t)} height={280} data-testid="bench-gap" />
              </Card>
            </Col>
            <Col xs={24} lg={12}>
              <Card title={t('bench.trend', { name: chosen.indicator.name })}>
                <EChart option={trendOption(chosen, b.unit.name)} height={300} data-testid="bench-trend" />
              </Card>
            </Col>
            <Col xs={24} lg={12}>
              <Card title={t('bench.radar')}>
                <EChart option={radarOption(b)} height={300} data-testid="bench-radar" />
              </Card>
            </Col>
          </Row>
          <Card title={t('bench.table')} style={{ marginTop: 16 }}>
            <Table
              rowKey={(r) => r.peerId}
              size="small"
              pagination={false}
              dataSource={chosen.latest!.gaps}
              data-testid="bench-gaps"
              columns={[
                { title: t('bench.peer'), dataIndex: 'name' },
                { title: b.unit.name, key: 'ours', render: () => figure(chosen.latest!.ours) },
                { title: t('bench.theirs'), dataIndex: 'value', render: (v: number) => figure(v) },
                { title: t('bench.absolute'), dataIndex: 'absolute', render: (v: number) => `${v >= 0 ? '+' : ''}${figure(v)}` },
                { title: t('bench.relative'), dataIndex: 'relative', render: (v: number | null) => percent(v) },
                { title: t('bench.compare'), dataIndex: 'ahead', render: (v: boolean) => <Tag color={v ? 'green' : 'red'}>{v ? t('bench.ahead') : t('bench.behind')}</Tag> },
                { title: t('bench.source'), dataIndex: 'source', render: (v: string) => <Typography.Text type="secondary">{v}</Typography.Text> },
              ]}
            />
          </Card>
        </>
      )}
      <PeersCard peers={peers.data?.data ?? []} supervisor={me.roles.includes('supervisor')} />
    </>
  );
}

function PeersCard({ peers, supervisor }: { peers: Peer[]; supervisor: boolean }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [adding, setAdding] = useState(false);
  const [importing, setImporting] = useState(false);
  const [entering, setEntering] = useState(false);
  const [form] = Form.useForm<{ name: string; note?: string }>();
  const confirmDelete = useConfirmDelete();
  const refresh = () => client.invalidateQueries({ queryKey: ['indicators'] });
  const { submit, busy } = useFormSubmit(form, async (v: { name: string; note?: string }) => {
    await createPeer({ name: v.name, kind: 'city', note: v.note || null });
    message.success(t('bench.peerAdded', { name: v.name }));
    setAdding(false);
    form.resetFields();
    await refresh();
  });
  return (
    <Card
      title={t('bench.peers')}
      style={{ marginTop: 16 }}
      extra={
        supervisor ? (
          <Space>
            <Button onClick={() => setImporting(true)} data-testid="bench-import">
              {t('bench.importPeers')}
            </Button>
            <Button onClick={() => setEntering(true)} disabled={peers.length === 0} data-testid="bench-enter">
              {t('bench.enterValue')}
            </Button>
            <Button onClick={() => setAdding(true)}>{t('bench.addPeer')}</Button>
          </Space>
        ) : null
      }
    >
      <Space wrap>
        {peers.length ? (
          peers.map((p) => (
            <Tag
              key={p.id}
              title={p.note ?? undefined}
              closable={supervisor}
              data-testid={`bench-peer-${p.name}`}
              onClose={(e) => {
                // The tag stays until the deletion is confirmed and done; the list then refreshes.
                e.preventDefault();
                confirmDelete({ confirmTitle: t('bench.deletePeerTitle', { name: p.name }), confirmText: t('bench.deletePeerText'), done: t('bench.peerDeleted', { name: p.name }), onDelete: () => deletePeer(p.id), onDone: () => void refresh(), testId: 'bench-peer-delete' });
              }}
            >
              {p.name}
            </Tag>
          ))
        ) : (
          <Typography.Text type="secondary">{t('bench.noPeers')}</Typography.Text>
        )}
      </Space>
      <Modal open={adding} title={t('bench.addPeer')} onCancel={() => setAdding(false)} onOk={() => form.submit()} confirmLoading={busy} destroyOnHidden>
        <Form form={form} layout="vertical" onFinish={submit}>
          <Form.Item name="name" label={t('bench.peerName')} rules={[{ required: true, message: t('bench.peerNameRequired') }]}>
            <Input maxLength={50} />
          </Form.Item>
          <Form.Item name="note" label={t('ind.note')}>
            <Input maxLength={500} />
          </Form.Item>
        </Form>
      </Modal>
      <ValuesImport open={importing} kind="peers" onClose={() => setImporting(false)} />
      {entering ? <PeerValueModal peers={peers} onClose={() => setEntering(false)} onSaved={refresh} /> : null}
    </Card>
  );
}

interface PeerValue {
  peerId: string;
  indicatorId: string;
  period: string;
  value: number;
  source: string;
}

/** One figure of a peer entered by hand, with where it comes from. */
function PeerValueModal({ peers, onClose, onSaved }: { peers: Peer[]; onClose: () => void; onSaved: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<PeerValue>();
  const indicators = useQuery({ queryKey: ['indicators', 'list'], queryFn: ({ signal }) => listIndicators(signal) });
  const { submit, busy } = useFormSubmit(form, async ({ peerId, ...v }: PeerValue) => {
    const r = await putPeerValue(peerId, v);
    message.success(t('ind.valueSaved', { period: r.period }));
    onSaved();
    onClose();
  });
  return (
    <Modal open title={t('bench.enterValue')} onCancel={onClose} onOk={() => form.submit()} confirmLoading={busy} destroyOnHidden>
      <Form form={form} layout="vertical" onFinish={submit}>
        <Form.Item name="peerId" label={t('bench.peer')} rules={[{ required: true, message: t('bench.pickPeer') }]}>
          <Select options={peers.map((p) => ({ value: p.id, label: p.name }))} />
        </Form.Item>
        <Form.Item name="indicatorId" label={t('ind.indicator')} rules={[{ required: true, message: t('ind.pickIndicator') }]}>
          <Select showSearch optionFilterProp="label" options={(indicators.data?.data ?? []).filter((i) => !i.formula).map((i) => ({ value: i.id, label: `${i.code} ${i.name}` }))} />
        </Form.Item>
        <Form.Item name="period" label={t('ind.period')} extra={t('bench.periodHint')} rules={[{ required: true, message: t('ind.periodRequired') }]}>
          <Input />
        </Form.Item>
        <Form.Item name="value" label={t('ind.value')} rules={[{ required: true, message: t('ind.valueRequired') }]}>
          <InputNumber style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="source" label={t('bench.source')} rules={[{ required: true, message: t('bench.sourceRequired') }]}>
          <Input maxLength={200} placeholder={t('bench.sourcePlaceholder')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
