import { useQuery } from '@tanstack/react-query';
import { Card, List, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { api } from '../../api/client.ts';
import type { Paged } from '../../api/types.ts';
import { useAuth } from '../auth/AuthProvider.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import type { MessageKey } from '../../i18n/zh-CN.ts';
import { formatDate } from '../../lib/format.ts';
import type { Problem } from './campaigns.api.ts';

interface Part {
  key: 'review' | 'overdue' | 'open';
  query: Record<string, string>;
  /** Where the whole list is. */
  to: string;
}

/** What waits in campaigns for each of the caller's roles. */
function partsFor(roles: string[]): Part[] {
  const parts: Part[] = [];
  // Supervisors and leaders verify close-outs and chase overdue rectification in their scope.
  if (roles.includes('supervisor') || roles.includes('leader')) {
    parts.push({ key: 'review', query: { status: 'review' }, to: '/campaigns/problems?status=review' });
    parts.push({ key: 'overdue', query: { overdue: 'true' }, to: '/campaigns/problems?overdue=true' });
  }
  // A unit's liaison: its problems still to rectify (sent back ones first).
  if (roles.includes('liaison') && !roles.includes('supervisor')) parts.push({ key: 'open', query: { status: 'returned,rectifying' }, to: '/campaigns/problems' });
  return parts;
}

function PartList({ part }: { part: Part }) {
  const { t } = useI18n();
  const query = useQuery({ queryKey: ['campaign-problems', 'todo', part.key], queryFn: ({ signal }) => api<Paged<Problem>>('/api/campaign-problems', { query: { ...part.query, page: 1, pageSize: 3 }, signal }) });
  const total = query.data?.page.total ?? 0;
  if (!query.data) return null;
  return (
    <div data-testid={`campaign-todo-${part.key}`}>
      <Typography.Text strong>
        <Link to={part.to}>{t(`campaign.todo.${part.key}` as MessageKey, { count: total })}</Link>
      </Typography.Text>
      {total === 0 ? null : <List
        size="small"
        dataSource={query.data.data}
        renderItem={(p) => (
          <List.Item>
            <Link to={`/campaigns/problems/${p.id}`}>{p.description}</Link>
            <span>
              <Typography.Text type="secondary">{p.unitName}</Typography.Text> {part.key === 'overdue' ? <Tag color="red">{formatDate(p.deadline)}</Tag> : null}
            </span>
          </List.Item>
        )}
      />}
    </div>
  );
}

/**
 * The campaigns' to-do on the home page and the workbench: close-outs waiting for verification and
 * overdue rectifications for supervisors and leaders, the unit's problems still to rectify for a
 * liaison, each with its count and the first three.
 */
export function CampaignToDoCard() {
  const { t } = useI18n();
  const { me } = useAuth();
  const parts = partsFor(me?.roles ?? []);
  if (parts.length === 0) return null;
  return (
    <Card size="small" title={t('campaign.todo.title')} extra={<Link to="/campaigns/problems">{t('problem.list')}</Link>} data-testid="campaign-todo">
      {parts.map((p) => (
        <PartList key={p.key} part={p} />
      ))}
    </Card>
  );
}
