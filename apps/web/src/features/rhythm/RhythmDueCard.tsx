import { useQuery } from '@tanstack/react-query';
import { Card, List, Tag, Typography } from 'antd';
import type { CSSProperties } from 'react';
import { Link } from 'react-router-dom';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { formatDate, tenantToday } from '../../lib/format.ts';
import { useMe } from '../auth/AuthProvider.tsx';
import { listOccurrences } from './rhythm.api.ts';

/**
 * The rhythm's to-do on the home page and the workbench (supervisors): the open occurrences due
 * within a week or overdue, the first five listed, the rest on the occurrences tab.
 */
export function RhythmDueCard({ style }: { style?: CSSProperties }) {
  const { t } = useI18n();
  const me = useMe();
  const today = tenantToday();
  const dueBy = today.add(7, 'day').format('YYYY-MM-DD');
  const supervisor = me.roles.includes('supervisor');
  const query = useQuery({ queryKey: ['rhythm', 'due', dueBy], queryFn: ({ signal }) => listOccurrences({ open: true, dueBy, page: 1, pageSize: 5 }, signal), enabled: supervisor });
  const total = query.data?.page.total ?? 0;
  if (!supervisor || !query.data || total === 0) return null;
  return (
    <Card size="small" title={t('rhythm.due', { count: total })} extra={<Link to="/rhythm">{t('rhythm.dueAll')}</Link>} data-testid="home-rhythm-due" style={style}>
      <List
        size="small"
        dataSource={query.data.data}
        renderItem={(o) => (
          <List.Item>
            <Link to={o.bulletinId ? `/rhythm/bulletins/${o.bulletinId}` : '/rhythm'}>
              {o.ruleName} · {o.periodLabel}
            </Link>
            <span>
              {o.dueOn < today.format('YYYY-MM-DD') ? <Tag color="red">{t('rhythm.occ.overdue')}</Tag> : null}
              <Typography.Text type="secondary">{formatDate(o.dueOn)}</Typography.Text>
            </span>
          </List.Item>
        )}
      />
    </Card>
  );
}
