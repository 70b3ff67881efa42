import { Alert } from 'antd';
import { useEffect, useState } from 'react';
import type { Named } from '../../api/types.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { unitsWithoutActor } from './tasks.api.ts';

/**
 * The units among `unitIds` that have no active liaison (nobody could acknowledge work given to
 * them), asked of the server a moment after the choice settles. A failed check shows nothing:
 * it is a warning, never a reason to stop.
 */
export function useUnitsWithoutActor(unitIds: string[]): Named[] {
  const [units, setUnits] = useState<Named[]>([]);
  const key = [...new Set(unitIds)].sort().join(',');
  useEffect(() => {
    const ids = key ? key.split(',') : [];
    if (ids.length === 0) {
      setUnits([]);
      return;
    }
    const abort = new AbortController();
    const timer = setTimeout(() => {
      unitsWithoutActor(ids, abort.signal).then(setUnits, () => setUnits([]));
    }, 250);
    return () => {
      clearTimeout(timer);
      abort.abort();
    };
  }, [key]);
  return units;
}

/** "以下单位没有在用的联络员账号……": a warning naming the units, or nothing. */
export function NoActorAlert({ units, testId = 'no-actor-warning' }: { units: Named[]; testId?: string }) {
  const { t } = useI18n();
  if (units.length === 0) return null;
  return <Alert type="warning" showIcon style={{ marginBottom: 12 }} data-testid={testId} title={t('units.noActorTitle')} description={t('units.noActorBody', { units: units.map((u) => u.name).join('、') })} />;
}
