import { TargetToIndicatorModal } from '../indicators/TargetToIndicatorModal.tsx';
import { App, Button, Empty, Space, Table, Tabs, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { errorMessage } from '../../lib/errors.ts';
import { useMe } from '../auth/AuthProvider.tsx';
import { ruleFromCadence } from '../rhythm/rhythm.api.ts';
import { correctFinding, type Cadence, type DirectiveDetail, type Figure, type FindingCorrection, type Statistic } from './directives.api.ts';

const PERIODS = ['week', 'two-weeks', 'month', 'two-months', 'quarter', 'half-year', 'year'] as const;
// 不少于 / 以上 → ≥, 不超过 / 以内 → ≤; a plain figure gets no sign.
const COMPARATORS: Record<Figure['comparator'], string> = { '>=': '≥ ', '<=': '≤ ', '=': '' };
const FIGURE_RULES = ['present', 'clause-past', 'clause-future', 'document', 'section', 'marker-before', 'marker-after', 'dated', 'bound', 'directive', 'record', 'corrected'] as const;
const NAME_RULES = ['title', 'listed', 'comrade', 'gazetteer', 'area', 'suffix', 'zone', 'national', 'level-body', 'place-body'] as const;
type NameField = 'people' | 'places' | 'organizations';

/**
 * What else the parser found besides tasks: targets, rhythms, statistics, formulations and names,
 * each with why it was read so. A supervisor who may edit the directive moves a figure between
 * targets and statistics, or drops a name, in one click; the correction is kept and counted.
 */
export function FindingsTabs({ directive, onLocate, onChange }: { directive: DirectiveDetail; onLocate: (offset: number, length: number) => void; onChange?: (next: DirectiveDetail) => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [busy, setBusy] = useState<string | null>(null);
  const [toIndicatorTarget, setToIndicator] = useState<{ id: string; label: string }>();
  const parsed = directive.parsed;
  const targets = directive.targets.length ? directive.targets : (parsed?.targets ?? []);
  const cadences = directive.cadences.length ? directive.cadences : (parsed?.cadences ?? []);
  const statistics = parsed?.statistics ?? [];
  const canCorrect = Boolean(onChange && directive.policies.edit);
  const supervisor = useMe().roles.includes('supervisor');
  const toRule = async (cadenceId: string) => {
    setBusy(`rule-${cadenceId}`);
    try {
      await ruleFromCadence(cadenceId);
      message.success(t('finding.cadenceRuleMade'));
    } catch (err) {
      message.error(errorMessage(err, t));
    } finally {
      setBusy(null);
    }
  };
  const empty = (text: string) => <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={text} />;

  const correct = async (key: string, correction: FindingCorrection, done: string) => {
    setBusy(key);
    try {
      const next = await correctFinding(directive.id, correction);
      onChange?.(next);
      message.success(done);
    } catch (err) {
      message.error(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(null);
    }
  };

  const why = (f: Figure) => {
    const rule = f.why?.rule;
    if (!rule || !(FIGURE_RULES as readonly string[]).includes(rule)) return <Typography.Text type="secondary">—</Typography.Text>;
    return (
      <Tag color={rule === 'corrected' ? 'gold' : undefined} className="finding-why" style={{ whiteSpace: 'normal' }}>
        {t(`finding.why.${rule as (typeof FIGURE_RULES)[number]}`, { cue: f.why?.cue ?? '' })}
      </Tag>
    );
  };
  const figureColumns: ColumnsType<Figure> = [
    { title: t('finding.subject'), dataIndex: 'subject', render: (v: string | null) => v ?? '—' },
    { title: t('finding.value'), key: 'value', render: (_: unknown, f) => <span style={{ whiteSpace: 'nowrap' }}>{`${COMPARATORS[f.comparator]}${f.value.toLocaleString()}${f.unit ?? ''}`}</span> },
    {
      title: t('finding.text'),
      dataIndex: 'text',
      render: (v: string, f) => (
        <Typography.Link onClick={() => onLocate(f.offset, f.text.length)} className="finding-text">
          {v}
        </Typography.Link>
      ),
    },
    { title: t('finding.why'), key: 'why', width: 200, render: (_: unknown, f) => why(f) },
  ];
  const move = (field: 'targets' | 'statistics'): ColumnsType<Figure> =>
    canCorrect
      ? [
          {
            title: '',
            key: 'move',
            width: 110,
            render: (_: unknown, f) => {
              const key = `${field}-${f.offset}-${f.value}`;
              return field === 'targets' ? (
                <Button size="small" loading={busy === key} data-testid="finding-to-statistic" onClick={() => void correct(key, { field, action: 'to-statistic', offset: f.offset, value: f.value }, t('finding.movedToStatistics'))}>
                  {t('finding.toStatistic')}
                </Button>
              ) : (
                <Button size="small" loading={busy === key} data-testid="finding-to-target" onClick={() => void correct(key, { field, action: 'to-target', offset: f.offset, value: f.value }, t('finding.movedToTargets'))}>
                  {t('finding.toTarget')}
                </Button>
              );
            },
          },
        ]
      : [];
  // A stored target (it has an id) becomes an indicator's target in one step (issue 13).
  const toIndicator: ColumnsType<Figure> = directive.policies.edit
    ? [
        {
          title: '',
          key: 'to-indicator',
          width: 120,
          render: (_: unknown, f) => {
            const id = (f as Figure & { id?: string }).id;
            return id ? (
              <Button size="small" data-testid="finding-to-indicator" onClick={() => setToIndicator({ id, label: `${COMPARATORS[f.comparator]}${f.value.toLocaleString()}${f.unit ?? ''}` })}>
                {t('ind.toIndicator')}
              </Button>
            ) : null;
          },
        },
      ]
    : [];
  const statColumns: ColumnsType<Statistic> = [
    { title: t('finding.entity'), dataIndex: 'entity', render: (v: string | null) => v ?? '—' },
    ...(figureColumns as ColumnsType<Statistic>),
    ...(move('statistics') as ColumnsType<Statistic>),
  ];
  const cadenceColumns: ColumnsType<Cadence> = [
    { title: t('finding.cadence'), dataIndex: 'text' },
    { title: t('finding.period'), dataIndex: 'period', render: (v: string) => ((PERIODS as readonly string[]).includes(v) ? t(`period.${v as (typeof PERIODS)[number]}`) : v) },
    { title: t('finding.action'), dataIndex: 'action' },
    ...(supervisor
      ? [
          {
            title: '',
            key: 'rule',
            width: 140,
            render: (_: unknown, c: Cadence & { id?: string }) =>
              c.id ? (
                <Button size="small" loading={busy === `rule-${c.id}`} onClick={() => void toRule(c.id!)} data-testid="cadence-to-rule">
                  {t('finding.cadenceToRule')}
                </Button>
              ) : null,
          },
        ]
      : []),
  ];
  const tags = (list: string[], testId: string) =>
    list.length ? (
      <Space size={[6, 6]} wrap data-testid={testId}>
        {list.map((x) => (
          <Tag key={x}>{x}</Tag>
        ))}
      </Space>
    ) : (
      empty(t('finding.none'))
    );
  const names = (field: NameField) => {
    const list = parsed?.[field] ?? [];
    if (!list.length) return empty(t('finding.none'));
    return (
      <Space size={[6, 6]} wrap data-testid={`finding-${field}`}>
        {list.map((x) => {
          const w = parsed?.explain?.[field]?.[x];
          const reason = w && (NAME_RULES as readonly string[]).includes(w.rule) ? t(`finding.nameWhy.${w.rule as (typeof NAME_RULES)[number]}`, { cue: w.cue ?? '' }) : null;
          return (
            <Tooltip key={x} title={reason}>
              <Tag
                closable={canCorrect && busy === null}
                closeIcon={canCorrect ? <span aria-label={t('finding.dropName', { name: x })} data-testid="finding-drop">×</span> : undefined}
                onClose={(e) => {
                  e.preventDefault();
                  void correct(`${field}-${x}`, { field, action: 'drop', name: x }, t('finding.nameDropped', { name: x }));
                }}
              >
                {x}
              </Tag>
            </Tooltip>
          );
        })}
      </Space>
    );
  };
  const table = <T extends object>(rows: T[], columns: ColumnsType<T>, testId: string) =>
    rows.length ? (
      <Table<T> data-testid={testId} size="small" rowKey={(_, i) => String(i)} dataSource={rows} columns={columns} pagination={{ pageSize: 10, hideOnSinglePage: true, showSizeChanger: false }} scroll={{ x: 'max-content' }} />
    ) : (
      empty(t('finding.none'))
    );
  const count = (label: string, n: number) => `${label} ${n}`;

  return (
    <>
    {toIndicatorTarget ? <TargetToIndicatorModal target={toIndicatorTarget} onClose={() => setToIndicator(undefined)} /> : null}
    <Tabs
      data-testid="findings"
      items={[
        {
          key: 'targets',
          label: count(t('finding.targets'), targets.length),
          children: (
            <>
              <Typography.Paragraph type="secondary">{t('finding.targetsHint')}</Typography.Paragraph>
              {table(targets, [...figureColumns, ...move('targets'), ...toIndicator], 'finding-targets')}
            </>
          ),
        },
        { key: 'cadences', label: count(t('finding.cadences'), cadences.length), children: <>{<Typography.Paragraph type="secondary">{t('finding.cadencesHint')}</Typography.Paragraph>}{table(cadences, cadenceColumns, 'finding-cadences')}</> },
        { key: 'statistics', label: count(t('finding.statistics'), statistics.length), children: table(statistics, statColumns, 'finding-statistics') },
        { key: 'formulations', label: count(t('finding.formulations'), parsed?.formulations.length ?? 0), children: tags(parsed?.formulations ?? [], 'finding-formulations') },
        {
          key: 'names',
          label: count(t('finding.names'), (parsed?.people.length ?? 0) + (parsed?.places.length ?? 0) + (parsed?.organizations.length ?? 0)),
          children: (
            <div className="finding-names">
              {canCorrect ? <Typography.Paragraph type="secondary">{t('finding.namesHint')}</Typography.Paragraph> : null}
              <Typography.Text strong>{t('finding.people')}</Typography.Text>
              {names('people')}
              <Typography.Text strong>{t('finding.places')}</Typography.Text>
              {names('places')}
              <Typography.Text strong>{t('finding.organizations')}</Typography.Text>
              {names('organizations')}
            </div>
          ),
        },
      ]}
    />
    </>
  );
}
