import { useQuery } from '@tanstack/react-query';
import { Alert } from 'antd';
import { Link } from 'react-router-dom';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { problemOfTask } from './campaigns.api.ts';

/** On a rectification task's page: close-out and verification happen on its problem, linked here. */
export function RectificationNotice({ taskId }: { taskId: string }) {
  const { t } = useI18n();
  const query = useQuery({ queryKey: ['campaign-problems', 'of-task', taskId], queryFn: ({ signal }) => problemOfTask(taskId, signal) });
  const problem = query.data?.data[0];
  if (!problem) return null;
  return <Alert type="info" showIcon data-testid="rectification-notice" message={<span>{t('problem.taskNotice')} <Link to={`/campaigns/problems/${problem.id}`}>{problem.description}</Link></span>} />;
}
