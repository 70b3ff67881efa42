import { useQuery } from '@tanstack/react-query';
import { Card, Col, Row, Skeleton, Typography } from 'antd';
import { Link } from 'react-router-dom';
import type { HomeCount, HomeData } from '../../api/types.ts';
import { ErrorState } from '../../components/ErrorState.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import type { MessageKey } from '../../i18n/zh-CN.ts';
import { getHome, HOME_QUERY } from './home.api.ts';

const GROUPS = ['supervisor', 'leader', 'liaison', 'deputy'] as const;
/** Counts that mean something is late: shown red (or gold) when not zero. */
const TONE: Record<string, 'red' | 'gold'> = { ackOverdue: 'red', overdue: 'red', red: 'red', awaitingMyInstruction: 'red', orderOpen: 'gold', unreported: 'gold', yellow: 'gold', proposal: 'gold' };

/** Where a count leads: the task list with its filter; the escalation proposals are decided in the workbench. */
export function countLink(c: HomeCount): string {
  return c.key === 'proposal' ? '/workbench' : `/tasks?${new URLSearchParams(c.query).toString()}`;
}

function CountTile({ group, c }: { group: string; c: HomeCount }) {
  const { t } = useI18n();
  const tone = c.count > 0 ? TONE[c.key] : undefined;
  return (
    <Link to={countLink(c)} className={`home-count${tone ? ` home-count-${tone}` : ''}${c.count === 0 ? ' home-count-zero' : ''}`} data-testid={`home-count-${group}-${c.key}`}>
      <span className="home-count-value">{c.count}</span>
      <span className="home-count-label">{t(`home.count.${c.key}` as MessageKey)}</span>
    </Link>
  );
}

/**
 * The counts a person's day starts from, one card per role held (督查、领导、联络员、代表), each count
 * a link to the list that shows it. Read afresh whenever shown (the last counts stay while they
 * load); a screen that acts invalidates HOME_QUERY to update them in place.
 */
export function HomeCounts() {
  const { t } = useI18n();
  const { data, error, refetch } = useQuery({ queryKey: HOME_QUERY, queryFn: ({ signal }) => getHome(signal), staleTime: 0 });
  if (error && !data) return <Card><ErrorState error={error} onRetry={() => void refetch()} /></Card>;
  if (!data) return <Card><Skeleton active paragraph={{ rows: 2 }} /></Card>;
  const home: HomeData = data.data;
  const groups = GROUPS.filter((g) => home[g]);
  if (groups.length === 0) return null;
  return (
    <Row gutter={[16, 16]} data-testid="home-counts">
      {groups.map((g) => (
        <Col key={g} span={24}>
          <Card size="small" title={t(`home.group.${g}`)} data-testid={`home-group-${g}`}>
            {g === 'deputy' ? (
              <Typography.Paragraph type="secondary" data-testid="home-deputy-note">
                {t('home.deputyNote')}
              </Typography.Paragraph>
            ) : null}
            <Row gutter={[12, 12]}>
              {home[g]!.map((c) => (
                <Col key={c.key} xs={12} sm={8} md={6} xxl={3}>
                  <CountTile group={g} c={c} />
                </Col>
              ))}
            </Row>
          </Card>
        </Col>
      ))}
    </Row>
  );
}
