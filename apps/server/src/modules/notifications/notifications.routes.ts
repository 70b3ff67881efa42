import { z } from 'zod';
import { actorOf } from '../../http/auth-hook.ts';
import { pageInfoSchema, pageQuerySchema } from '../../http/pagination.ts';
import { idParams, iso, okSchema, type App } from '../../http/types.ts';
import { CHOOSABLE_CHANNELS, type OutboxService } from './outbox.service.ts';

const settingsSchema = z.object({
  email: z.string().nullable(),
  channels: z.array(z.enum(CHOOSABLE_CHANNELS)),
  available: z.object({ email: z.boolean(), webhook: z.boolean() }),
});

const deliverySchema = z.object({
  id: z.string(),
  notificationId: z.string(),
  title: z.string(),
  channel: z.string(),
  status: z.enum(['pending', 'sending', 'failed', 'sent', 'dead']),
  attempts: z.number(),
  maxAttempts: z.number(),
  detail: z.string().nullable(),
  at: z.string().nullable(),
  nextAttemptAt: z.string().nullable(),
  user: z.object({ id: z.string().nullable(), name: z.string().nullable(), orgUnitName: z.string().nullable() }),
});

const webhookSchema = z.object({ kind: z.enum(['dingtalk', 'wecom']), url: z.string(), hasSecret: z.boolean() });

/** Each person's channel choice, administrators' failed and dead deliveries, units' group robots. */
export function registerNotificationRoutes(app: App, outbox: OutboxService): void {
  app.get('/api/me/notification-settings', {
    schema: { tags: ['消息'], summary: '我的消息接收方式（站内消息始终开启）', response: { 200: settingsSchema } },
    handler: async (req) => outbox.settings(actorOf(req)),
  });

  app.put('/api/me/notification-settings', {
    schema: {
      tags: ['消息'],
      summary: '设置我的邮箱与消息接收方式',
      body: z.object({
        email: z.string({ error: '邮箱应为文本' }).max(254, '邮箱过长').nullable(),
        channels: z.array(z.enum(CHOOSABLE_CHANNELS, { error: '接收方式只能是 email 或 webhook' }), { error: '接收方式应为列表' }).max(CHOOSABLE_CHANNELS.length),
      }),
      response: { 200: settingsSchema },
    },
    handler: async (req) => outbox.updateSettings(actorOf(req), req.body),
  });

  app.get('/api/notification-deliveries', {
    schema: {
      tags: ['消息'],
      summary: '发送失败与已放弃的消息（管理员）',
      querystring: pageQuerySchema.extend({ status: z.enum(['failed', 'dead'], { error: '状态只能是 failed 或 dead' }).optional() }),
      response: { 200: z.object({ data: z.array(deliverySchema), page: pageInfoSchema }) },
    },
    handler: async (req) => {
      const page = await outbox.listTrouble(actorOf(req), req.query);
      return {
        data: page.data.map((d) => ({
          id: d.id,
          notificationId: d.notification_id,
          title: d.title,
          channel: d.channel,
          status: d.status,
          attempts: d.attempts,
          maxAttempts: d.max_attempts,
          detail: d.detail,
          at: iso(d.at),
          nextAttemptAt: iso(d.next_attempt_at),
          user: { id: d.user_id, name: d.user_name, orgUnitName: d.org_unit_name },
        })),
        page: page.page,
      };
    },
  });

  app.post('/api/notification-deliveries/retry', {
    schema: {
      tags: ['消息'],
      summary: '重发失败或已放弃的消息（管理员）',
      body: z.object({ ids: z.array(z.uuid('无效的编号'), { error: '请选择要重发的消息' }).min(1, '请选择要重发的消息').max(500, '一次最多重发 500 条') }),
      response: { 200: z.object({ retried: z.number() }) },
    },
    handler: async (req) => ({ retried: await outbox.retry(actorOf(req), req.body.ids) }),
  });

  app.get('/api/org/units/:id/webhook', {
    schema: { tags: ['组织'], summary: '单位的工作群机器人（管理员；不显示密钥）', params: idParams, response: { 200: z.object({ webhook: webhookSchema.nullable() }) } },
    handler: async (req) => ({ webhook: await outbox.webhook(actorOf(req), req.params.id) }),
  });

  app.put('/api/org/units/:id/webhook', {
    schema: {
      tags: ['组织'],
      summary: '设置单位的钉钉或企业微信群机器人（管理员）',
      params: idParams,
      body: z.object({
        kind: z.enum(['dingtalk', 'wecom'], { error: '机器人类型只能是 dingtalk（钉钉）或 wecom（企业微信）' }),
        url: z.string({ error: '请填写机器人地址' }).min(1, '请填写机器人地址').max(1000, '机器人地址过长'),
        secret: z.string().max(200, '加签密钥过长').nullable().optional(),
      }),
      response: { 200: okSchema },
    },
    handler: async (req) => {
      await outbox.setWebhook(actorOf(req), req.params.id, req.body);
      return { ok: true as const };
    },
  });

  app.delete('/api/org/units/:id/webhook', {
    schema: { tags: ['组织'], summary: '删除单位的群机器人（管理员）', params: idParams, response: { 200: okSchema } },
    handler: async (req) => {
      await outbox.setWebhook(actorOf(req), req.params.id, null);
      return { ok: true as const };
    },
  });
}
