import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { App, Button, Card, Input, Segmented, Select, Space, Table } from 'antd';
import { useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { PageHeader } from '../../components/PageHeader.tsx';
import { ErrorState } from '../../components/ErrorState.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { errorMessage } from '../../lib/errors.ts';
import { useListAddress } from '../../lib/list-params.ts';
import { exportSuggestionStats, suggestionStats, SUGGESTION_KINDS, type SuggestionKind, type SuggestionStatsLine } from './suggestions.api.ts';

const pct = (n: number | null) => (n === null ? '—' : `${n}%`);

/**
 * 办理统计 (the two rates first, so a phone shows them without scrolling the table): by main unit or by session, how many were received, assigned, answered (on time), closed
 * and rated, with 办结率 (answered / assigned) and 满意率 ((满意 + 基本满意) / rated); exported to Excel.
 */
export function SuggestionStats() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [params] = useSearchParams();
  const kindParam = params.get('kind');
  const filter = { by: params.get('by') === 'session' ? ('session' as const) : ('unit' as const), session: params.get('session') ?? '', kind: (SUGGESTION_KINDS as readonly string[]).includes(kindParam ?? '') ? (kindParam as SuggestionKind) : undefined };
  const { page, pageSize, setQuery, onPage } = useListAddress(filter);
  const [session, setSession] = useState(filter.session);
  const [exporting, setExporting] = useState(false);
  useEffect(() => setSession(filter.session), [filter.session]);
  const query = useQuery({ queryKey: ['suggestions', 'stats', filter, page, pageSize], queryFn: ({ signal }) => suggestionStats({ ...filter, page, pageSize }, signal), placeholderData: keepPreviousData });
  const exportFile = async () => {
    setExporting(true);
    try {
      await exportSuggestionStats(filter);
    } catch (err) {
      message.error(errorMessage(err, t));
    } finally {
      setExporting(false);
    }
  };
  const num = (key: keyof SuggestionStatsLine, title: string) => ({ key, dataIndex: key, title, align: 'right' as const, width: 90 });

  return (
    <div data-testid="suggestion-stats">
      <PageHeader title={t('suggestion.stats')} extra={<Link to="/suggestions">{t('suggestion.backToList')}</Link>} />
      <Card size="small">
        <Space wrap style={{ marginBottom: 12 }}>
          <Segmented value={filter.by} onChange={(v) => setQuery({ by: v as 'unit' | 'session' })} options={[{ value: 'unit', label: t('suggestion.stats.byUnit') }, { value: 'session', label: t('suggestion.stats.bySession') }]} data-testid="suggestion-stats-by" />
          <Select allowClear placeholder={t('suggestion.kind')} value={filter.kind} onChange={(v?: SuggestionKind) => setQuery({ kind: v })} options={SUGGESTION_KINDS.map((k) => ({ value: k, label: t(`suggestion.kind.${k}`) }))} style={{ width: 110 }} />
          <Input.Search allowClear value={session} onChange={(e) => setSession(e.target.value)} onSearch={(value) => setQuery({ session: value.trim() || undefined })} placeholder={t('suggestion.session')} style={{ width: 200 }} />
          <Button onClick={() => void exportFile()} loading={exporting} data-testid="suggestion-stats-export">
            {t('suggestion.stats.export')}
          </Button>
        </Space>
        {query.error ? (
          <ErrorState error={query.error} onRetry={() => void query.refetch()} />
        ) : (
          <Table<SuggestionStatsLine>
            size="small"
            rowKey={(l) => l.key ?? `none-${l.name}`}
            loading={query.isFetching}
            dataSource={query.data?.data ?? []}
            scroll={{ x: 'max-content' }}
            onRow={() => ({ 'data-testid': 'suggestion-stats-row' }) as React.HTMLAttributes<HTMLElement>}
            pagination={{ current: page, pageSize, total: query.data?.page.total ?? 0, onChange: onPage, showSizeChanger: true }}
            columns={[
              { key: 'name', dataIndex: 'name', title: t(filter.by === 'unit' ? 'suggestion.mainUnit' : 'suggestion.session'), render: (name: string, l) => name || (l.key === null ? t('suggestion.stats.unassigned') : '—') },
              { key: 'answeredRate', title: t('suggestion.stats.answeredRate'), align: 'right', width: 90, render: (_: unknown, l) => <span data-testid="suggestion-stats-answered-rate">{pct(l.answeredRate)}</span> },
              { key: 'satisfiedRate', title: t('suggestion.stats.satisfiedRate'), align: 'right', width: 90, render: (_: unknown, l) => <span data-testid="suggestion-stats-satisfied-rate">{pct(l.satisfiedRate)}</span> },
              num('received', t('suggestion.stats.received')),
              num('assigned', t('suggestion.stats.assigned')),
              num('answered', t('suggestion.stats.answered')),
              num('onTime', t('suggestion.stats.onTime')),
              num('closed', t('suggestion.stats.closed')),
              num('rated', t('suggestion.stats.rated')),
              num('satisfied', t('suggestion.stats.satisfied')),
            ]}
          />
        )}
      </Card>
    </div>
  );
}
