import { useQuery } from '@tanstack/react-query';
import { Card, List, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { listProjects } from './projects.api.ts';

/**
 * The home page's to-do of key projects: those in the caller's scope whose newest due monthly
 * report is not in, the first five linked, the rest behind the list's 待报送 filter.
 */
export function ReportsDueCard() {
  const { t } = useI18n();
  const query = useQuery({ queryKey: ['projects', 'due'], queryFn: ({ signal }) => listProjects({ due: true, page: 1, pageSize: 5 }, signal) });
  const total = query.data?.page.total ?? 0;
  if (!query.data || total === 0) return null;
  return (
    <Card size="small" title={t('project.reportsDue', { count: total })} extra={<Link to="/projects?due=true">{t('project.reportsDueAll')}</Link>} data-testid="home-reports-due">
      <List
        size="small"
        dataSource={query.data.data}
        renderItem={(p) => (
          <List.Item>
            <Link to={`/projects/${p.id}`}>{p.name}</Link>
            <Typography.Text type="secondary">{p.leadUnit.name}</Typography.Text>
          </List.Item>
        )}
      />
    </Card>
  );
}
