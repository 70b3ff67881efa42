import { LIMITS } from '@luoshi/shared';
import { z } from 'zod';

// The route side of paging: the query string every list accepts and the `page` object it answers.
// The paging itself (paginate, Page, TOTAL_CAP) is db/pagination.ts, which the services use.

/** Query parameters of every list. */
export const pageQuerySchema = z.object({
  page: z.coerce.number().int().min(1).default(1).describe('页码，从 1 开始'),
  pageSize: z.coerce.number().int().min(1).max(LIMITS.pageSizeMax).default(LIMITS.pageSizeDefault).describe('每页条数'),
});

export const pageInfoSchema = z.object({
  page: z.number(),
  pageSize: z.number(),
  total: z.number().describe('符合条件的条数；totalExact 为 false 时为下限（10000，显示为“10,000+”）'),
  totalExact: z.boolean().describe('total 是否为精确条数'),
});
