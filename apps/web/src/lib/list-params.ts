import { LIMITS } from '@luoshi/shared';
import { useSearchParams } from 'react-router-dom';

/**
 * A list's address query: its filters (empty ones left out, `true` written as "true"), the page
 * when past the first and the page size when not the default.
 */
export function listParams(filters: Record<string, string | boolean | undefined>, page: number, pageSize: number): URLSearchParams {
  const out = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) if (value) out.set(key, value === true ? 'true' : value);
  if (page > 1) out.set('page', String(page));
  if (pageSize !== LIMITS.pageSizeDefault) out.set('pageSize', String(pageSize));
  return out;
}

/** The value when it is one of the allowed ones (an address's filter), else undefined. */
export function pick<T extends string>(allowed: readonly T[], value: string | null): T | undefined {
  return (allowed as readonly string[]).includes(value ?? '') ? (value as T) : undefined;
}

type Paging = { page?: number; pageSize?: number };

/**
 * A list whose filters live in the address: its page and page size, a writer that puts new
 * filters (back on page 1 unless a page is given) or a page into the address, and the list's
 * `onPage` (a new page size starts again at page 1). `keep` is written along (a tab), `omit`
 * names filters that do not belong in the address (given by the page around the list).
 */
export function useListAddress<F extends object>(filter: F, options: { keep?: Record<string, string>; omit?: (keyof F)[] } = {}) {
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Number(params.get('page')) || 1);
  const pageSize = Number(params.get('pageSize')) || LIMITS.pageSizeDefault;
  const setQuery = (next: Partial<F> & Paging) => {
    const { page: p, pageSize: size, ...rest } = { ...filter, page: 1, pageSize, ...next } as Record<string, string | boolean | undefined> & Required<Paging>;
    for (const key of options.omit ?? []) delete rest[key as string];
    setParams({ ...options.keep, ...Object.fromEntries(listParams(rest, p, size)) }, { replace: true });
  };
  const onPage = (p: number, size: number) => setQuery({ page: size === pageSize ? p : 1, pageSize: size } as Partial<F> & Paging);
  return { page, pageSize, setQuery, onPage };
}
