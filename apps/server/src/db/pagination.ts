import { LIMITS } from '@luoshi/shared';
import { sql, type SelectQueryBuilder } from 'kysely';

/**
 * Paging of list queries, shared by the services. It knows the database and no HTTP: the query
 * string's schema (`pageQuerySchema`) and the response's (`pageInfoSchema`) live in http/pagination.ts.
 */
export type PageQuery = { page?: number; pageSize?: number };

/** Totals are counted up to this many rows; beyond it a list says "10,000+". */
export const TOTAL_CAP = 10_000;

export interface PageInfo {
  page: number;
  pageSize: number;
  /** The number of matching rows, or when `totalExact` is false a lower bound (TOTAL_CAP). */
  total: number;
  totalExact: boolean;
}

export interface Page<T> {
  data: T[];
  page: PageInfo;
}

/**
 * Runs a list query for one page, plus its total from the same filters, counted only as far as
 * TOTAL_CAP rows: counting 80,000 open tasks exactly costs 30 times the page itself. A page
 * shorter than its size needs no count at all. The page size is not clamped here: the routes'
 * `pageQuerySchema` bounds what a caller may ask, and exports ask for a whole sheet (clamping it
 * here cut every export at 200 rows).
 */
export async function paginate<O, DB, TB extends keyof DB>(
  rows: SelectQueryBuilder<DB, TB, O>,
  filtered: SelectQueryBuilder<DB, TB, unknown>,
  query: PageQuery,
): Promise<Page<O>> {
  const page = query.page ?? 1;
  const pageSize = query.pageSize ?? LIMITS.pageSizeDefault;
  const offset = (page - 1) * pageSize;
  const data = await rows.limit(pageSize).offset(offset).execute();
  if (data.length < pageSize && (data.length > 0 || page === 1)) return { data, page: { page, pageSize, total: offset + data.length, totalExact: true } };
  // The capped count is taken in the database — count(*) over at most TOTAL_CAP + 1 rows — and
  // comes back as one row: the list's own query (LIMIT 1) carries it as an uncorrelated subquery,
  // so no connection is needed beyond the builder's own.
  const capped = filtered.clearSelect().clearOrderBy().select(sql`1`.as('one')).limit(TOTAL_CAP + 1);
  const counted = await filtered.clearSelect().clearOrderBy().select(sql<number>`(SELECT count(*) FROM (${capped}) AS capped)`.as('n')).limit(1).executeTakeFirst();
  const n = Number((counted as { n?: number | string } | undefined)?.n ?? 0);
  return { data, page: { page, pageSize, total: Math.min(n, TOTAL_CAP), totalExact: n <= TOTAL_CAP } };
}
