import { Card, Statistic } from 'antd';
import { Link } from 'react-router-dom';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { useAsync } from '../../lib/use-async.ts';
import { listOrgUnits } from './org.api.ts';

/** How many units the user's data scope holds, and how many of them are deactivated. */
export function UnitCountStat() {
  const { t } = useI18n();
  const { data, error, loading } = useAsync(
    (signal) => Promise.all([listOrgUnits({ pageSize: 1 }, signal), listOrgUnits({ pageSize: 1, active: false }, signal)]).then(([all, inactive]) => ({ all: all.page.total, inactive: inactive.page.total })),
    [],
  );
  return (
    <Card size="small">
      <Link to="/org">
        <Statistic
          title={t('home.unitsInScope')}
          loading={loading}
          value={error ? '—' : (data?.all ?? 0)}
          suffix={data && data.inactive > 0 ? <span style={{ fontSize: 13, color: 'rgba(0,0,0,0.45)' }}>({t('home.inactiveUnits')} {data.inactive})</span> : null}
        />
      </Link>
    </Card>
  );
}
