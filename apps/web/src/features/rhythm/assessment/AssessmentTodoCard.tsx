import { useQuery } from '@tanstack/react-query';
import { Card, List, Tag } from 'antd';
import type { CSSProperties } from 'react';
import { Link } from 'react-router-dom';
import { useI18n } from '../../../i18n/I18nProvider.tsx';
import { tenantToday } from '../../../lib/format.ts';
import { useMe } from '../../auth/AuthProvider.tsx';
import { listRuns } from './assessment.api.ts';

/**
 * The assessment's to-dos on the home page and the workbench: for the assessment office
 * (supervisors) the runs with objections awaiting an answer; for a unit's liaison the published
 * results whose objection window is still open.
 */
export function AssessmentTodoCard({ style }: { style?: CSSProperties }) {
  const { t } = useI18n();
  const me = useMe();
  const supervisor = me.roles.includes('supervisor');
  const liaison = me.roles.includes('liaison');
  const today = tenantToday().format('YYYY-MM-DD');
  const query = useQuery({ queryKey: ['assessment', 'runs'], queryFn: ({ signal }) => listRuns(signal), enabled: supervisor || liaison });
  const rows = (query.data ?? []).filter((r) => (supervisor && r.openObjections > 0) || (liaison && !supervisor && r.status === 'published' && r.objectionUntil !== null && r.objectionUntil >= today));
  if (!rows.length) return null;
  return (
    <Card size="small" title={t('assess.todo', { count: rows.length })} extra={<Link to="/rhythm/assessments">{t('rhythm.dueAll')}</Link>} data-testid="home-assessment-todo" style={style}>
      <List
        size="small"
        dataSource={rows.slice(0, 5)}
        renderItem={(r) => (
          <List.Item>
            <Link to={`/rhythm/assessments/${r.id}`}>
              {r.schemeName}（{r.period}）
            </Link>
            {r.openObjections > 0 && supervisor ? <Tag color="orange">{t('assess.todoObjections', { n: r.openObjections })}</Tag> : <Tag color="blue">{t('assess.todoWindow', { until: r.objectionUntil ?? '' })}</Tag>}
          </List.Item>
        )}
      />
    </Card>
  );
}
