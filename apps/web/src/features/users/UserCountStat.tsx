import { Card, Statistic } from 'antd';
import { Link } from 'react-router-dom';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { useAsync } from '../../lib/use-async.ts';
import { listUsers } from './users.api.ts';

/** How many accounts the user's data scope holds. */
export function UserCountStat() {
  const { t } = useI18n();
  const { data, error, loading } = useAsync((signal) => listUsers({ pageSize: 1 }, signal).then((r) => r.page.total), []);
  return (
    <Card size="small">
      <Link to="/users">
        <Statistic title={t('home.usersInScope')} loading={loading} value={error ? '—' : (data ?? 0)} />
      </Link>
    </Card>
  );
}
