import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Alert } from 'antd';
import type { Named } from '../../api/types.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { unitsWithoutActor } from './tasks.api.ts';

const NONE: Named[] = [];

/**
 * The units among `unitIds` that have no active liaison (nobody could acknowledge work given to
 * them), asked of the server for each new choice (the last answer stays while the next loads). A
 * failed check shows nothing: it is a warning, never a reason to stop.
 */
export function useUnitsWithoutActor(unitIds: string[]): Named[] {
  const ids = [...new Set(unitIds)].sort();
  const { data } = useQuery({
    queryKey: ['units', 'without-actor', ids],
    queryFn: ({ signal }) => unitsWithoutActor(ids, signal),
    enabled: ids.length > 0,
    placeholderData: keepPreviousData,
    retry: false,
  });
  return ids.length > 0 ? (data ?? NONE) : NONE;
}

/** "以下单位没有在用的联络员账号……": a warning naming the units, or nothing. */
export function NoActorAlert({ units, testId = 'no-actor-warning' }: { units: Named[]; testId?: string }) {
  const { t } = useI18n();
  if (units.length === 0) return null;
  return <Alert type="warning" showIcon style={{ marginBottom: 12 }} data-testid={testId} title={t('units.noActorTitle')} description={t('units.noActorBody', { units: units.map((u) => u.name).join('、') })} />;
}
