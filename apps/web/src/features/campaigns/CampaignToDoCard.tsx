import { Card, Tag } from 'antd';
import { Link } from 'react-router-dom';
import { api } from '../../api/client.ts';
import type { Paged } from '../../api/types.ts';
import { ToDoPart } from '../../components/ToDoPart.tsx';
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
  return (
    <ToDoPart
      testId={`campaign-todo-${part.key}`}
      queryKey={['campaign-problems', 'todo', part.key]}
      to={part.to}
      label={(count) => t(`campaign.todo.${part.key}` as MessageKey, { count })}
      load={async (signal) => {
        const page = await api<Paged<Problem>>('/api/campaign-problems', { query: { ...part.query, page: 1, pageSize: 3 }, signal });
        return {
          total: page.page.total,
          items: page.data.map((p) => ({ id: p.id, to: `/campaigns/problems/${p.id}`, text: p.description, unit: p.unitName, extra: part.key === 'overdue' ? <Tag color="red">{formatDate(p.deadline)}</Tag> : undefined })),
        };
      }}
    />
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
