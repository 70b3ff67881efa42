import { z } from 'zod';
import type { Container } from '../../container.ts';
import { actorOf } from '../../http/auth-hook.ts';
import { idParams, okSchema, type App } from '../../http/types.ts';
import { orderSchema, presentOrder } from './tasks.presenter.ts';
import { isoDate } from '../../http/input.ts';

const countsSchema = z.array(z.object({ key: z.string(), count: z.number(), query: z.record(z.string(), z.string()) })).nullable();
const date = isoDate('回复时限格式应为 YYYY-MM-DD');

/**
 * Where a person's day starts: the home page's counts for the caller's roles, and the office's
 * answers to escalation proposals (listed in its workbench).
 */
export function registerHomeRoutes(app: App, c: Container): void {
  app.get('/api/home', {
    schema: {
      tags: ['督查督办'],
      summary: '首页待办计数：按调用者角色（督查、领导、联络员、代表）分组，每项附对应任务列表的筛选条件',
      response: { 200: z.object({ data: z.object({ supervisor: countsSchema, leader: countsSchema, liaison: countsSchema, deputy: countsSchema }) }) },
    },
    handler: async (req) => ({ data: await c.home.home(actorOf(req)) }),
  });

  app.post('/api/escalations/:id/accept', {
    schema: {
      tags: ['督查督办'],
      summary: '采纳督办建议：下发建议级别的督办单（可改督办事项、要求与回复时限）',
      params: idParams,
      body: z.object({ matter: z.string().trim().min(1, '请填写督办事项').max(2000).optional(), requirements: z.string().max(2000).optional(), replyDeadline: date.optional() }),
      response: { 201: z.object({ data: orderSchema }) },
    },
    handler: async (req, reply) => reply.code(201).send({ data: presentOrder(await c.followUps.acceptProposal(actorOf(req), req.params.id, req.body)) }),
  });

  app.post('/api/escalations/:id/dismiss', {
    schema: { tags: ['督查督办'], summary: '不采纳督办建议（该级别不再建议）', params: idParams, body: z.object({ reason: z.string().max(500).default('') }), response: { 200: okSchema } },
    handler: async (req) => {
      await c.followUps.dismissProposal(actorOf(req), req.params.id, req.body.reason);
      return { ok: true as const };
    },
  });
}
