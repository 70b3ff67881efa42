import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import { LIGHTS, TASK_STATUSES, type Light, type TaskStatus } from '../../api/types.ts';
import { TASK_FLAGS } from '@luoshi/shared';
import type { TaskFilter } from './tasks.api.ts';

const SORTS = ['urgency', 'deadline', 'created', 'light'] as const;

/** A filter read from the address (?unitId=&light=red,yellow&…), so lists can be linked and bookmarked. */
export function parseFilter(params: URLSearchParams): TaskFilter {
  const list = <T extends string>(key: string, allowed: readonly T[]) => {
    const values = (params.get(key) ?? '').split(',').filter((v): v is T => (allowed as readonly string[]).includes(v));
    return values.length ? values : undefined;
  };
  const text = (key: string) => params.get(key) || undefined;
  const sort = params.get('sort');
  return {
    unitId: text('unitId'),
    light: list<Light>('light', LIGHTS),
    status: list<TaskStatus>('status', TASK_STATUSES),
    category: text('category'),
    deadlineFrom: text('deadlineFrom'),
    deadlineTo: text('deadlineTo'),
    leaderId: text('leaderId'),
    q: text('q'),
    rootsOnly: params.get('rootsOnly') === 'true' || undefined,
    sort: (SORTS as readonly string[]).includes(sort ?? '') ? (sort as TaskFilter['sort']) : undefined,
    ownerUnitId: text('ownerUnitId'),
    flag: list('flag', TASK_FLAGS)?.[0],
  };
}

/** The address parameters of a filter, empty values left out. */
export function filterParams(filter: TaskFilter, page?: number, pageSize?: number): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filter)) {
    if (value === undefined || value === null || value === '' || value === false) continue;
    if (Array.isArray(value)) {
      if (value.length) params.set(key, value.join(','));
    } else params.set(key, String(value));
  }
  if (page && page > 1) params.set('page', String(page));
  if (pageSize) params.set('pageSize', String(pageSize));
  return params;
}

/** The page and page size of a list's address. */
export function parsePage(params: URLSearchParams, defaultPageSize: number): { page: number; pageSize: number } {
  return { page: Math.max(1, Number(params.get('page')) || 1), pageSize: Number(params.get('pageSize')) || defaultPageSize };
}

/** The task list's filter, page and page size, kept in the address. */
export function useTaskFilter(defaultPageSize: number) {
  const [params, setParams] = useSearchParams();
  const key = params.toString();
  const filter = useMemo(() => parseFilter(params), [key]);
  const { page, pageSize } = parsePage(params, defaultPageSize);
  const setFilter = useCallback(
    (next: TaskFilter) => setParams(filterParams(next, 1, pageSize === defaultPageSize ? undefined : pageSize), { replace: true }),
    [setParams, pageSize, defaultPageSize],
  );
  const setPage = useCallback(
    (p: number, size: number) => setParams(filterParams(filter, size === pageSize ? p : 1, size === defaultPageSize ? undefined : size), { replace: true }),
    [setParams, filter, pageSize, defaultPageSize],
  );
  return { filter, page, pageSize, setFilter, setPage };
}
