import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Checkbox, Empty, Form, Input, InputNumber, Modal, Progress, Select, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { DeleteButton } from '../../components/DeleteButton.tsx';
import { ErrorState } from '../../components/ErrorState.tsx';
import { ImportModal } from '../../components/ImportModal.tsx';
import { OrgTreeSelect } from '../../components/OrgTreeSelect.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { tenantToday } from '../../lib/format.ts';
import { useFormSubmit } from '../../lib/use-form-submit.ts';
import { useMe } from '../auth/AuthProvider.tsx';
import { orgChildren } from '../org/org.api.ts';
import { createIndicator, deleteIndicator, DIRECTIONS, FREQUENCIES, getAchievement, importPeerValues, importValues, putTarget, putValue, type AchievementRow, type Indicator, type IndicatorInput, type Light } from './indicators.api.ts';

export const LIGHT_COLORS: Record<Light, string> = { red: 'red', yellow: 'gold', green: 'green' };
const LIGHT_STROKES: Record<Light, string> = { red: '#f5222d', yellow: '#faad14', green: '#52c41a' };

/** The unit a page starts on: the one asked in the address, else the first top unit the caller sees. */
export function useStartUnit(): [string | undefined, (id: string | undefined) => void] {
  const [params, setParams] = useSearchParams();
  const asked = params.get('unitId') ?? undefined;
  const top = useQuery({ queryKey: ['org-top'], queryFn: () => orgChildren(), enabled: !asked, staleTime: 60_000 });
  const unitId = asked ?? top.data?.[0]?.id;
  const set = (id: string | undefined) =>
    setParams((p) => {
      const next = new URLSearchParams(p);
      if (id) next.set('unitId', id);
      else next.delete('unitId');
      return next;
    });
  return [unitId, set];
}

export const percent = (n: number | null) => (n === null ? '—' : `${(n * 100).toFixed(1)}%`);
export const figure = (n: number | null) => (n === null ? '—' : n.toLocaleString(undefined, { maximumFractionDigits: 2 }));

/**
 * 指标与目标: every indicator's target, latest value, achievement and light for one unit and year;
 * the unit's liaison or a supervisor enters values (by hand or from Excel), a supervisor sets
 * targets and defines indicators.
 */
export function IndicatorsView() {
  const { t } = useI18n();
  const me = useMe();
  const client = useQueryClient();
  const thisYear = tenantToday().year();
  const [params, setParams] = useSearchParams();
  const year = Number(params.get('year')) || thisYear;
  const [unitId, setUnit] = useStartUnit();
  const [entering, setEntering] = useState<AchievementRow>();
  const [targeting, setTargeting] = useState<AchievementRow>();
  const [defining, setDefining] = useState(false);
  const [importing, setImporting] = useState(false);
  const supervisor = me.roles.includes('supervisor');
  const enters = supervisor || me.roles.includes('liaison');
  const query = useQuery({ queryKey: ['indicators', 'achievement', unitId, year], queryFn: ({ signal }) => getAchievement(unitId!, year, signal), enabled: !!unitId, placeholderData: keepPreviousData });
  const refresh = () => client.invalidateQueries({ queryKey: ['indicators'] });

  const actionsColumn: ColumnsType<AchievementRow>[number] = {
    title: '',
    key: 'actions',
    width: 250,
    render: (_, r) => (
      <Space size={4}>
        {enters && !r.indicator.formula ? (
          <Button size="small" onClick={() => setEntering(r)}>
            {t('ind.enter')}
          </Button>
        ) : null}
        {supervisor ? (
          <Button size="small" onClick={() => setTargeting(r)}>
            {t('ind.setTarget')}
          </Button>
        ) : null}
        {supervisor ? (
          <DeleteButton
            size="small"
            confirmTitle={t('ind.deleteTitle', { name: r.indicator.name })}
            confirmText={t('ind.deleteText')}
            done={t('ind.deleted', { name: r.indicator.name })}
            onDelete={() => deleteIndicator(r.indicator.id)}
            onDone={() => void refresh()}
            testId={`ind-delete-${r.indicator.code}`}
          />
        ) : null}
      </Space>
    ),
  };
  const columns: ColumnsType<AchievementRow> = [
    {
      title: t('ind.indicator'),
      key: 'name',
      width: 300,
      render: (_, r) => (
        <Space direction="vertical" size={0}>
          <span>{r.indicator.name}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {r.indicator.code} · {t(`ind.frequency.${r.indicator.frequency}`)}
            {r.indicator.cumulative ? ` · ${t('ind.cumulative')}` : ''}
            {r.indicator.formula ? ` · ${t('ind.derived')}` : ''}
          </Typography.Text>
        </Space>
      ),
    },
    { title: t('ind.measure'), key: 'measure', width: 110, render: (_, r) => r.indicator.measure || '—' },
    { title: t('ind.direction'), key: 'direction', width: 90, render: (_, r) => t(`ind.direction.${r.indicator.direction}`) },
    {
      title: t('ind.target', { year }),
      key: 'target',
      width: 140,
      render: (_, r) => (
        <Space size={4}>
          {figure(r.target)}
          {r.fromDirective ? <Tag color="blue">{t('ind.fromDirective')}</Tag> : null}
        </Space>
      ),
    },
    { title: t('ind.latest'), key: 'latest', width: 150, render: (_, r) => (r.period ? `${figure(r.value)}（${r.period}）` : '—') },
    {
      title: t('ind.rate'),
      key: 'rate',
      width: 170,
      render: (_, r) =>
        r.rate === null ? '—' : (
          <Progress percent={Math.round(r.rate * 1000) / 10} size="small" strokeColor={r.light ? LIGHT_STROKES[r.light] : undefined} format={() => percent(r.rate)} />
        ),
    },
    { title: t('ind.expected'), key: 'expected', width: 110, render: (_, r) => percent(r.expected) },
    { title: t('ind.light'), key: 'light', width: 90, render: (_, r) => (r.light ? <Tag color={LIGHT_COLORS[r.light]} data-testid={`ind-light-${r.indicator.code}`}>{t(`light.${r.light}`)}</Tag> : '—') },
    ...(enters || supervisor ? [actionsColumn] : []),
  ];

  return (
    <>
      <PageHeader
        title={t('ind.title')}
        extra={
          <Space wrap>
            <Link to={`/indicators/benchmark${unitId ? `?unitId=${unitId}` : ''}`}>
              <Button>{t('ind.benchmark')}</Button>
            </Link>
            {enters ? (
              <Button onClick={() => setImporting(true)} data-testid="ind-import">
                {t('ind.import')}
              </Button>
            ) : null}
            {supervisor ? (
              <Button type="primary" onClick={() => setDefining(true)}>
                {t('ind.define')}
              </Button>
            ) : null}
          </Space>
        }
      />
      <Card>
        <Space wrap style={{ marginBottom: 16 }}>
          <OrgTreeSelect style={{ width: 240 }} value={unitId ?? null} onChange={(v) => setUnit(v)} data-testid="ind-unit" />
          <Select
            style={{ width: 120 }}
            value={year}
            onChange={(y) => setParams((p) => { const n = new URLSearchParams(p); n.set('year', String(y)); return n; })}
            options={[thisYear, thisYear - 1, thisYear - 2, thisYear - 3].map((y) => ({ value: y, label: t('ind.yearOption', { year: y }) }))}
            data-testid="ind-year"
          />
          <Typography.Text type="secondary">{t('ind.lightRule')}</Typography.Text>
        </Space>
        {query.isError ? (
          <ErrorState error={query.error} onRetry={() => void query.refetch()} />
        ) : (
          <Table<AchievementRow>
            rowKey={(r) => r.indicator.id}
            loading={query.isFetching}
            columns={columns}
            dataSource={query.data?.rows ?? []}
            pagination={false}
            scroll={{ x: 1100 }}
            locale={{ emptyText: <Empty description={t('ind.none')} /> }}
            data-testid="ind-table"
          />
        )}
      </Card>
      {entering && unitId ? <ValueModal row={entering} unitId={unitId} year={year} onClose={() => setEntering(undefined)} onSaved={refresh} /> : null}
      {targeting && unitId ? <TargetModal row={targeting} unitId={unitId} year={year} onClose={() => setTargeting(undefined)} onSaved={refresh} /> : null}
      <IndicatorFormModal open={defining} onClose={() => setDefining(false)} onSaved={refresh} />
      <ValuesImport open={importing} kind="values" onClose={() => setImporting(false)} />
    </>
  );
}

/** The all-or-nothing import of our values or the peers' values; the views refresh after it. */
export function ValuesImport({ open, kind, onClose }: { open: boolean; kind: 'values' | 'peers'; onClose: () => void }) {
  const { t } = useI18n();
  const client = useQueryClient();
  return (
    <ImportModal
      open={open}
      title={kind === 'values' ? t('ind.import') : t('bench.importPeers')}
      hint={kind === 'values' ? t('ind.importHint') : t('bench.importHint')}
      run={async (file) => {
        const { data } = await (kind === 'values' ? importValues : importPeerValues)(file);
        await client.invalidateQueries({ queryKey: ['indicators'] });
        return data;
      }}
      doneTitle={(done) => t('ind.importDone', done)}
      onClose={onClose}
    />
  );
}

const PERIOD_EXAMPLES = { year: (y: number) => String(y), quarter: (y: number) => `${y}-Q1`, month: (y: number) => `${y}-01` } as const;

function ValueModal({ row, unitId, year, onClose, onSaved }: { row: AchievementRow; unitId: string; year: number; onClose: () => void; onSaved: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ period: string; value: number; note?: string }>();
  const { submit, busy } = useFormSubmit(form, async (v: { period: string; value: number; note?: string }) => {
    const r = await putValue(row.indicator.id, { orgUnitId: unitId, period: v.period, value: v.value, note: v.note || null });
    message.success(t('ind.valueSaved', { period: r.period }));
    onSaved();
    onClose();
  });
  return (
    <Modal open title={t('ind.enterTitle', { name: row.indicator.name })} onCancel={onClose} onOk={() => form.submit()} confirmLoading={busy} destroyOnHidden>
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ period: row.period ?? PERIOD_EXAMPLES[row.indicator.frequency](year) }}>
        <Form.Item name="period" label={t('ind.period')} extra={t(`ind.periodHint.${row.indicator.frequency}`)} rules={[{ required: true, message: t('ind.periodRequired') }]}>
          <Input />
        </Form.Item>
        <Form.Item name="value" label={`${t('ind.value')}${row.indicator.measure ? `（${row.indicator.measure}）` : ''}`} rules={[{ required: true, message: t('ind.valueRequired') }]}>
          <InputNumber style={{ width: '100%' }} data-testid="ind-value-input" />
        </Form.Item>
        <Form.Item name="note" label={t('ind.note')}>
          <Input maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function TargetModal({ row, unitId, year, onClose, onSaved }: { row: AchievementRow; unitId: string; year: number; onClose: () => void; onSaved: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ target: number }>();
  const { submit, busy } = useFormSubmit(form, async (v: { target: number }) => {
    await putTarget(row.indicator.id, { orgUnitId: unitId, year, target: v.target });
    message.success(t('ind.targetSaved'));
    onSaved();
    onClose();
  });
  return (
    <Modal open title={t('ind.targetTitle', { name: row.indicator.name, year })} onCancel={onClose} onOk={() => form.submit()} confirmLoading={busy} destroyOnHidden>
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ target: row.target ?? undefined }}>
        <Form.Item name="target" label={`${t('ind.targetValue')}${row.indicator.measure ? `（${row.indicator.measure}）` : ''}`} rules={[{ required: true, message: t('ind.valueRequired') }]}>
          <InputNumber style={{ width: '100%' }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function IndicatorFormModal({ open, onClose, onSaved }: { open: boolean; onClose: () => void; onSaved: (i: Indicator) => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<IndicatorInput>();
  const { submit, busy } = useFormSubmit(form, async (v: IndicatorInput) => {
    const created = await createIndicator({ ...v, formula: v.formula || null });
    message.success(t('ind.defined', { name: created.name }));
    form.resetFields();
    onSaved(created);
    onClose();
  });
  useEffect(() => {
    if (!open) form.resetFields();
  }, [open, form]);
  return (
    <Modal open={open} title={t('ind.define')} onCancel={onClose} onOk={() => form.submit()} confirmLoading={busy} destroyOnHidden width={640}>
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ direction: 'higher', frequency: 'year', cumulative: false }}>
        <Space.Compact block>
          <Form.Item name="code" label={t('ind.code')} rules={[{ required: true, message: t('ind.codeRequired') }]} style={{ width: '35%' }}>
            <Input maxLength={40} />
          </Form.Item>
          <Form.Item name="name" label={t('ind.name')} rules={[{ required: true, message: t('ind.nameRequired') }]} style={{ width: '65%' }}>
            <Input maxLength={100} />
          </Form.Item>
        </Space.Compact>
        <Space wrap>
          <Form.Item name="measure" label={t('ind.measure')}>
            <Input maxLength={20} style={{ width: 140 }} />
          </Form.Item>
          <Form.Item name="direction" label={t('ind.direction')}>
            <Select style={{ width: 140 }} options={DIRECTIONS.map((d) => ({ value: d, label: t(`ind.direction.${d}`) }))} />
          </Form.Item>
          <Form.Item name="frequency" label={t('ind.frequency')}>
            <Select style={{ width: 120 }} options={FREQUENCIES.map((f) => ({ value: f, label: t(`ind.frequency.${f}`) }))} />
          </Form.Item>
          <Form.Item name="cumulative" label=" " valuePropName="checked">
            <Checkbox>{t('ind.cumulative')}</Checkbox>
          </Form.Item>
        </Space>
        <Form.Item name="unitId" label={t('ind.reportingUnit')} rules={[{ required: true, message: t('ind.unitRequired') }]}>
          <OrgTreeSelect />
        </Form.Item>
        <Form.Item name="formula" label={t('ind.formula')} extra={t('ind.formulaHint')}>
          <Input maxLength={500} placeholder="{JJ01} * 10000 / {RK01}" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
