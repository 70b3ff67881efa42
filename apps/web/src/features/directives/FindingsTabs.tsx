import { Empty, Space, Table, Tabs, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import type { Cadence, DirectiveDetail, Figure, Statistic } from './directives.api.ts';

const PERIODS = ['week', 'two-weeks', 'month', 'two-months', 'quarter', 'half-year', 'year'] as const;
// 不少于 / 以上 → ≥, 不超过 / 以内 → ≤; a plain figure gets no sign.
const COMPARATORS: Record<Figure['comparator'], string> = { '>=': '≥ ', '<=': '≤ ', '=': '' };

/** What else the parser found besides tasks: targets, rhythms, statistics, formulations and names. */
export function FindingsTabs({ directive, onLocate }: { directive: DirectiveDetail; onLocate: (offset: number, length: number) => void }) {
  const { t } = useI18n();
  const parsed = directive.parsed;
  const targets = directive.targets.length ? directive.targets : (parsed?.targets ?? []);
  const cadences = directive.cadences.length ? directive.cadences : (parsed?.cadences ?? []);
  const statistics = parsed?.statistics ?? [];
  const empty = (text: string) => <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={text} />;

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
  ];
  const statColumns: ColumnsType<Statistic> = [
    { title: t('finding.entity'), dataIndex: 'entity', render: (v: string | null) => v ?? '—' },
    ...(figureColumns as ColumnsType<Statistic>),
  ];
  const cadenceColumns: ColumnsType<Cadence> = [
    { title: t('finding.cadence'), dataIndex: 'text' },
    { title: t('finding.period'), dataIndex: 'period', render: (v: string) => ((PERIODS as readonly string[]).includes(v) ? t(`period.${v as (typeof PERIODS)[number]}`) : v) },
    { title: t('finding.action'), dataIndex: 'action' },
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
  const table = <T extends object>(rows: T[], columns: ColumnsType<T>, testId: string) =>
    rows.length ? (
      <Table<T> data-testid={testId} size="small" rowKey={(_, i) => String(i)} dataSource={rows} columns={columns} pagination={{ pageSize: 10, hideOnSinglePage: true, showSizeChanger: false }} scroll={{ x: 'max-content' }} />
    ) : (
      empty(t('finding.none'))
    );
  const count = (label: string, n: number) => `${label} ${n}`;

  return (
    <Tabs
      data-testid="findings"
      items={[
        { key: 'targets', label: count(t('finding.targets'), targets.length), children: <>{<Typography.Paragraph type="secondary">{t('finding.targetsHint')}</Typography.Paragraph>}{table(targets, figureColumns, 'finding-targets')}</> },
        { key: 'cadences', label: count(t('finding.cadences'), cadences.length), children: <>{<Typography.Paragraph type="secondary">{t('finding.cadencesHint')}</Typography.Paragraph>}{table(cadences, cadenceColumns, 'finding-cadences')}</> },
        { key: 'statistics', label: count(t('finding.statistics'), statistics.length), children: table(statistics, statColumns, 'finding-statistics') },
        { key: 'formulations', label: count(t('finding.formulations'), parsed?.formulations.length ?? 0), children: tags(parsed?.formulations ?? [], 'finding-formulations') },
        {
          key: 'names',
          label: count(t('finding.names'), (parsed?.people.length ?? 0) + (parsed?.places.length ?? 0) + (parsed?.organizations.length ?? 0)),
          children: (
            <div className="finding-names">
              <Typography.Text strong>{t('finding.people')}</Typography.Text>
              {tags(parsed?.people ?? [], 'finding-people')}
              <Typography.Text strong>{t('finding.places')}</Typography.Text>
              {tags(parsed?.places ?? [], 'finding-places')}
              <Typography.Text strong>{t('finding.organizations')}</Typography.Text>
              {tags(parsed?.organizations ?? [], 'finding-organizations')}
            </div>
          ),
        },
      ]}
    />
  );
}
