import { Card, Empty, Spin, Timeline, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { ErrorState } from '../../components/ErrorState.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { useAsync } from '../../lib/use-async.ts';
import { listAudit } from './audit.api.ts';
import { actionLabel } from './audit-labels.ts';

/** The latest few audit entries, for an administrator's home page. */
export function RecentAuditList() {
  const { t } = useI18n();
  const { data, error, loading, reload } = useAsync((signal) => listAudit({ pageSize: 6 }, signal), []);
  const entries = data?.data ?? [];
  return (
    <Card title={t('home.recentActivity')} extra={<Link to="/audit">{t('home.viewAll')}</Link>}>
      {error ? (
        <ErrorState compact error={error} onRetry={reload} />
      ) : loading && !data ? (
        <Spin className="page-spin" style={{ margin: '24px auto' }} />
      ) : entries.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('audit.empty')} />
      ) : (
        <Timeline
          items={entries.map((entry) => ({
            key: entry.seq,
            content: (
              <div>
                <div>
                  <Typography.Text strong>{entry.actorName ?? '—'}</Typography.Text> · {actionLabel(entry.action, t)}
                </div>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {formatDateTime(entry.at)} {entry.summary ?? ''}
                </Typography.Text>
              </div>
            ),
          }))}
        />
      )}
    </Card>
  );
}
