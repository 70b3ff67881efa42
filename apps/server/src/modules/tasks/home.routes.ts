import { z } from 'zod';
import type { Container } from '../../container.ts';
import { actorOf } from '../../http/auth-hook.ts';
import type { App } from '../../http/types.ts';

const countsSchema = z.array(z.object({ key: z.string(), count: z.number(), query: z.record(z.string(), z.string()) })).nullable();

/** The home page: the counts each of the caller's roles starts the day from, each with its list. */
export function registerHomeRoutes(app: App, c: Container): void {
  app.get('/api/home', {
    schema: {
      tags: ['督查督办'],
      summary: '首页待办计数:按调用者角色(督查、领导、联络员、代表)分组,每项附对应任务列表的筛选条件',
      response: { 200: z.object({ data: z.object({ supervisor: countsSchema, leader: countsSchema, liaison: countsSchema, deputy: countsSchema }) }) },
    },
    handler: async (req) => ({ data: await c.home.home(actorOf(req)) }),
  });
}
