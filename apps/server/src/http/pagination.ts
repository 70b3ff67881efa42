import { LIMITS } from '@luoshi/shared';
import type { SelectQueryBuilder } from 'kysely';
import { z } from 'zod';

/** Query parameters of every list. */
export const pageQuerySchema = z.object({
  page: z.coerce.number().int().min(1).default(1).describe('页码,从 1 开始'),
  pageSize: z.coerce.number().int().min(1).max(LIMITS.pageSizeMax).default(LIMITS.pageSizeDefault).describe('每页条数'),
});
export type PageQuery = { page?: number; pageSize?: number };

export interface Page<T> {
  data: T[];
  page: { page: number; pageSize: number; total: number };
}

export const pageInfoSchema = z.object({ page: z.number(), pageSize: z.number(), total: z.number() });

/** Runs a list query for one page, plus its total count from the same filters. */
export async function paginate<O, DB, TB extends keyof DB>(
  rows: SelectQueryBuilder<DB, TB, O>,
  filtered: SelectQueryBuilder<DB, TB, unknown>,
  query: PageQuery,
): Promise<Page<O>> {
  const page = query.page ?? 1;
  const pageSize = Math.min(query.pageSize ?? LIMITS.pageSizeDefault, LIMITS.pageSizeMax);
  const [data, count] = await Promise.all([
    rows.limit(pageSize).offset((page - 1) * pageSize).execute(),
    filtered
      .clearSelect()
      .clearOrderBy()
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirst(),
  ]);
  return { data, page: { page, pageSize, total: Number((count as { n?: number } | undefined)?.n ?? 0) } };
}
