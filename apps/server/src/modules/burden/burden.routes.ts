import { z } from 'zod';
import type { Container } from '../../container.ts';
import { actorOf } from '../../http/auth-hook.ts';
import { xlsxHeaders, type App } from '../../http/types.ts';
import { exportBurden } from './burden.excel.ts';
import { overviewSchema, presentOverview, presentUnitBurden, unitBurdenSchema } from './burden.presenter.ts';

const query = z.object({
  month: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份应写作 YYYY-MM，如 2026-11')
    .optional()
    .describe('月份 YYYY-MM，默认本月'),
  unitId: z.uuid('unitId 应为单位编号').optional().describe('单位，默认本人所在单位'),
});

/** The reporting burden (填报负担, issue 12 item 5): a read view over every module's requests to units. */
export function registerBurdenRoutes(app: App, c: Container): void {
  const tags = ['填报负担'];

  app.get('/api/burden', {
    schema: {
      tags,
      summary: '填报负担：单位及其下级各单位本月被要求填报的项数（按模块）、已报数和重复填报对数；单位须在本人数据范围内',
      querystring: query,
      response: { 200: z.object({ data: overviewSchema }) },
    },
    handler: async (req) => ({ data: presentOverview(await c.burden.overview(actorOf(req), req.query)) }),
  });

  app.get('/api/burden/unit', {
    schema: {
      tags,
      summary: '一个单位本月的每项填报要求（来源、期间、期限、是否已报、链接）和重复填报的各对',
      querystring: query,
      response: { 200: z.object({ data: unitBurdenSchema }) },
    },
    handler: async (req) => ({ data: presentUnitBurden(await c.burden.unitRequests(actorOf(req), req.query)) }),
  });

  app.get('/api/burden/export', {
    schema: { tags, summary: '填报负担导出 Excel（各单位一行，重复填报清单另一张表）', querystring: query },
    handler: async (req, reply) => {
      const month = req.query.month ?? '';
      return reply.headers(xlsxHeaders(`填报负担${month ? `-${month}` : ''}.xlsx`)).send(await exportBurden(c.burden, actorOf(req), req.query));
    },
  });
}
