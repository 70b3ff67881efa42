import { useEffect, useState } from 'react';
import type { OrgUnit } from '../../api/types.ts';
import { listOrgUnits } from './org.api.ts';

/**
 * Searches units in scope by name or code as the user types (debounced; stale answers dropped).
 * `results` is undefined while the query is empty. With `parentId`, only that unit's children are searched.
 */
export function useOrgSearch(query: string, parentId?: string): { results: OrgUnit[] | undefined; searching: boolean } {
  const [results, setResults] = useState<OrgUnit[]>();
  const [searching, setSearching] = useState(false);
  useEffect(() => {
    const q = query.trim();
    if (!q) {
      setResults(undefined);
      setSearching(false);
      return;
    }
    const controller = new AbortController();
    setSearching(true);
    const timer = setTimeout(() => {
      listOrgUnits({ q, parentId, pageSize: 50 }, controller.signal).then(
        (r) => {
          setResults(r.data);
          setSearching(false);
        },
        () => {
          if (controller.signal.aborted) return;
          setResults([]);
          setSearching(false);
        },
      );
    }, 250);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [query, parentId]);
  return { results, searching };
}
