import { LIMITS } from '@luoshi/shared';

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
