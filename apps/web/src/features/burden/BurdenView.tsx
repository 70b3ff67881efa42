import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { App, Button, Card, DatePicker, Drawer, Empty, List, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { ErrorState } from '../../components/ErrorState.tsx';
import { OrgTreeSelect } from '../../components/OrgTreeSelect.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import type { MessageKey } from '../../i18n/zh-CN.ts';
import { tenantToday } from '../../lib/format.ts';
import { useStartUnit } from '../indicators/IndicatorsView.tsx';
import { BURDEN_MODULES, exportBurden, getBurden, getUnitBurden, type BurdenRequest, type BurdenRow, type Tally } from './burden.api.ts';
import { useScreens } from '../../lib/use-screens.ts';

const tally = (t: Tally | undefined) => (t ? `${t.filed}/${t.requested}` : '—');

/**
 * 填报负担: for a unit and the units directly below it, and a month, what each was asked to fill in across the
 * modules (filed/requested per module), and how many pairs asked it for the same fact twice; a
 * unit's row opens its requests and the flagged pairs. Cards on a phone.
 */
export function BurdenView() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const screens = useScreens();
  const phone = !screens.md;
  const [params, setParams] = useSearchParams();
  const month = /^\d{4}-\d{2}$/.test(params.get('month') ?? '') ? params.get('month')! : tenantToday().format('YYYY-MM');
  const [unitId, setUnit] = useStartUnit();
  const [open, setOpen] = useState<BurdenRow>();
  const [exporting, setExporting] = useState(false);
  const query = useQuery({ queryKey: ['burden', unitId, month], queryFn: ({ signal }) => getBurden(unitId!, month, signal), enabled: !!unitId, placeholderData: keepPreviousData });
  const rows = query.data?.rows ?? [];
  const moduleLabel = (m: string) => t(`burden.module.${m}` as MessageKey);

  const columns: ColumnsType<BurdenRow> = [
    {
      title: t('burden.unit'),
      key: 'unit',
      fixed: 'left',
      width: 160,
      // A unit below the one shown opens its own level (it and its children).
      render: (_, r) =>
        r.unit.id === unitId ? (
          r.unit.name
        ) : (
          <Button type="link" size="small" style={{ padding: 0 }} onClick={() => setUnit(r.unit.id)} title={t('burden.down')} data-testid={`burden-down-${r.unit.name}`}>
            {r.unit.name}
          </Button>
        ),
    },
    ...BURDEN_MODULES.map((m) => ({ title: moduleLabel(m), key: m, width: 84, align: 'center' as const, render: (_: unknown, r: BurdenRow) => tally(r.byModule[m]) })),
    { title: t('burden.total'), key: 'total', width: 80, align: 'center', render: (_, r) => `${r.filed}/${r.requested}` },
    {
      title: t('burden.duplicates'),
      key: 'duplicates',
      width: 90,
      align: 'center',
      fixed: 'right',
      render: (_, r) => (r.duplicates > 0 ? <Tag color="red">{r.duplicates}</Tag> : <Typography.Text type="secondary">0</Typography.Text>),
    },
    {
      title: '',
      key: 'open',
      width: 70,
      fixed: 'right',
      render: (_, r) => (
        <Button size="small" type="link" onClick={() => setOpen(r)} data-testid={`burden-open-${r.unit.name}`}>
          {t('burden.details')}
        </Button>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title={t('burden.title')}
        extra={
          <Button
            loading={exporting}
            disabled={!unitId}
            onClick={async () => {
              setExporting(true);
              try {
                await exportBurden(unitId!, month);
              } catch (e) {
                message.error(e instanceof Error ? e.message : String(e));
              } finally {
                setExporting(false);
              }
            }}
          >
            {t('burden.export')}
          </Button>
        }
      />
      <Card>
        <Space wrap style={{ marginBottom: 12 }}>
          <OrgTreeSelect style={{ width: phone ? '100%' : 240 }} value={unitId ?? null} onChange={(v) => setUnit(v)} data-testid="burden-unit" />
          <DatePicker
            picker="month"
            allowClear={false}
            value={dayjs(`${month}-01`)}
            onChange={(d) => d && setParams((p) => { const n = new URLSearchParams(p); n.set('month', d.format('YYYY-MM')); return n; })}
            data-testid="burden-month"
          />
          {query.data?.unit.parentId && query.data.unit.id === unitId ? (
            <Button onClick={() => setUnit(query.data!.unit.parentId!)} data-testid="burden-up">
              {t('burden.up')}
            </Button>
          ) : null}
        </Space>
        <Typography.Paragraph type="secondary" data-testid="burden-rule">
          {t('burden.rule')}
        </Typography.Paragraph>
        {query.data && rows.length > 0 ? (
          <Space wrap style={{ marginBottom: 12 }}>
            <Tag>{t('burden.summary', { units: rows.length, requested: query.data.totals.requested, filed: query.data.totals.filed })}</Tag>
            <Tag color={query.data.totals.duplicates > 0 ? 'red' : 'green'}>{t('burden.summaryDuplicates', { count: query.data.totals.duplicates })}</Tag>
          </Space>
        ) : null}
        {query.isError ? (
          <ErrorState error={query.error} onRetry={() => void query.refetch()} />
        ) : phone ? (
          <List
            loading={query.isFetching}
            dataSource={rows}
            locale={{ emptyText: <Empty description={t('burden.none')} /> }}
            renderItem={(r) => (
              <Card size="small" style={{ marginBottom: 8 }} onClick={() => setOpen(r)} hoverable data-testid={`burden-card-${r.unit.name}`}>
                <Space direction="vertical" size={4} style={{ width: '100%' }}>
                  <Space style={{ justifyContent: 'space-between', width: '100%' }}>
                    <Typography.Text strong>{r.unit.name}</Typography.Text>
                    {r.duplicates > 0 ? <Tag color="red">{t('burden.summaryDuplicates', { count: r.duplicates })}</Tag> : null}
                  </Space>
                  <Typography.Text type="secondary">{t('burden.cardLine', { requested: r.requested, filed: r.filed })}</Typography.Text>
                  {r.unit.id !== unitId ? (
                    <Button
                      type="link"
                      size="small"
                      style={{ padding: 0 }}
                      onClick={(e) => {
                        e.stopPropagation();
                        setUnit(r.unit.id);
                      }}
                    >
                      {t('burden.down')}
                    </Button>
                  ) : null}
                  <Space size={[4, 4]} wrap>
                    {BURDEN_MODULES.filter((m) => r.byModule[m]).map((m) => (
                      <Tag key={m}>
                        {moduleLabel(m)} {tally(r.byModule[m])}
                      </Tag>
                    ))}
                  </Space>
                </Space>
              </Card>
            )}
          />
        ) : (
          <Table<BurdenRow>
            rowKey={(r) => r.unit.id}
            loading={query.isFetching}
            columns={columns}
            dataSource={rows}
            pagination={rows.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
            scroll={{ x: 1072 }}
            size="middle"
            locale={{ emptyText: <Empty description={t('burden.none')} /> }}
            data-testid="burden-table"
          />
        )}
        <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
          {t('burden.cellHint')}
          {t('burden.levelHint')}
        </Typography.Paragraph>
      </Card>
      {open ? <UnitDrawer unit={open.unit} month={month} onClose={() => setOpen(undefined)} phone={phone} /> : null}
    </>
  );
}

/** One request in words: module · kind, title (period), linked to the record behind it. */
function RequestLink({ r }: { r: BurdenRequest }) {
  const { t } = useI18n();
  return (
    <Space direction="vertical" size={0}>
      <Link to={r.link}>{r.title}</Link>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t(`burden.module.${r.module}` as MessageKey)} · {t(`burden.kind.${r.kind}` as MessageKey)} · {r.period}
      </Typography.Text>
    </Space>
  );
}

/** The unit's requests of the month and its duplicate pairs. */
function UnitDrawer({ unit, month, onClose, phone }: { unit: { id: string; name: string }; month: string; onClose: () => void; phone: boolean }) {
  const { t } = useI18n();
  const query = useQuery({ queryKey: ['burden', 'unit', unit.id, month], queryFn: ({ signal }) => getUnitBurden(unit.id, month, signal) });
  const d = query.data;
  const factLabel = (fact: string) => t(`burden.fact.${fact.split(':')[0]}` as MessageKey);
  return (
    <Drawer open onClose={onClose} width={phone ? '100%' : 760} title={t('burden.drawerTitle', { unit: unit.name, month })} destroyOnHidden data-testid="burden-drawer">
      {query.isError ? <ErrorState error={query.error} onRetry={() => void query.refetch()} /> : null}
      {d ? (
        <Space direction="vertical" size={16} style={{ width: '100%' }}>
          <Typography.Title level={5} style={{ margin: 0 }}>
            {t('burden.pairs', { count: d.pairs.length })}
          </Typography.Title>
          {d.pairs.length === 0 ? (
            <Typography.Text type="secondary">{t('burden.pairsNone')}</Typography.Text>
          ) : (
            <List
              bordered
              dataSource={d.pairs}
              renderItem={(p) => (
                <List.Item data-testid="burden-pair">
                  <Space direction="vertical" size={4} style={{ width: '100%' }}>
                    <Tag color="red">{factLabel(p.fact)}</Tag>
                    <RequestLink r={p.a} />
                    <RequestLink r={p.b} />
                  </Space>
                </List.Item>
              )}
            />
          )}
          <Typography.Title level={5} style={{ margin: 0 }}>
            {t('burden.requests', { count: d.requests.length })}
          </Typography.Title>
          <List
            size="small"
            dataSource={d.requests}
            locale={{ emptyText: <Empty description={t('burden.none')} /> }}
            renderItem={(r) => (
              <List.Item extra={r.filed ? <Tag color="green">{t('burden.status.filed')}</Tag> : <Tag>{t('burden.status.open')}</Tag>}>
                <Space direction="vertical" size={0}>
                  <RequestLink r={r} />
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('burden.due', { date: r.due })}
                  </Typography.Text>
                </Space>
              </List.Item>
            )}
          />
        </Space>
      ) : null}
    </Drawer>
  );
}
