import { useEffect, useState } from 'react';
import { getOrgUnit } from './org.api.ts';

const cache = new Map<string, Promise<string>>();

function unitName(id: string): Promise<string> {
  let name = cache.get(id);
  if (!name) {
    name = getOrgUnit(id).then(
      (r) => r.data.name,
      () => {
        cache.delete(id);
        return id.slice(0, 8);
      },
    );
    cache.set(id, name);
  }
  return name;
}

/** The names of some units, looked up by id (once per page load), joined with 、. */
export function UnitNames({ ids }: { ids: string[] }) {
  const [names, setNames] = useState<string[]>();
  const key = ids.join(',');
  useEffect(() => {
    let cancelled = false;
    void Promise.all(ids.map(unitName)).then((list) => {
      if (!cancelled) setNames(list);
    });
    return () => {
      cancelled = true;
    };
    // `key` stands for the ids.
  }, [key]);
  return <span>{names ? names.join('、') : '…'}</span>;
}
