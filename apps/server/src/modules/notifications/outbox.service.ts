import { sql, type Kysely } from 'kysely';
import type { Logger } from 'pino';
import { hasRole, inScope, scopeForRoles, unitInScope, type Actor } from '../../access/index.ts';
import type { DB, DeliveryStatus } from '../../db/schema.ts';
import { forbidden, invalid, notFound } from '../../errors.ts';
import type { Clock } from '../../lib/clock.ts';
import { paginate, type Page, type PageQuery } from '../../db/pagination.ts';
import type { Channel, Recipient } from '../../supervision/notification.service.ts';
import type { AuditService } from '../audit/audit.service.ts';

/** The job kind that delivers a tenant's due outbox rows. */
export const DELIVER_JOB = 'notifications.deliver';
/** How long a claimed row belongs to its worker; after that another worker retries it. */
const LEASE_MS = 5 * 60_000;
/** Rows claimed per round; a job runs rounds until none is due (at most MAX_ROUNDS). */
const BATCH = 50;
const MAX_ROUNDS = 40;

/** Wait before the next attempt after `attempts` failed ones: 1, 2, 4, 8 … minutes, at most a day. */
export function retryDelayMs(attempts: number): number {
  return Math.min(60_000 * 2 ** Math.max(0, attempts - 1), 24 * 3600_000);
}

/** Channels a person may choose on their account (the in-app centre is always on). */
export const CHOOSABLE_CHANNELS = ['email', 'webhook'] as const;
export type ChoosableChannel = (typeof CHOOSABLE_CHANNELS)[number];

export interface DeliveryRow {
  id: string;
  notification_id: string;
  channel: string;
  status: DeliveryStatus;
  attempts: number;
  max_attempts: number;
  detail: string | null;
  at: Date;
  next_attempt_at: Date | null;
  title: string;
  user_id: string | null;
  user_name: string | null;
  org_unit_name: string | null;
}

export interface NotifySettings {
  email: string | null;
  channels: ChoosableChannel[];
  /** Which choices can deliver now: SMTP configured; a robot on the person's unit. */
  available: Record<ChoosableChannel, boolean>;
}

export interface WebhookInput {
  kind: 'dingtalk' | 'wecom';
  url: string;
  /** DingTalk's signing secret; undefined keeps the stored one, null removes it. */
  secret?: string | null | undefined;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Shows a robot URL without its key or token (they let anyone post to the group). */
export function maskWebhookUrl(url: string): string {
  try {
    const u = new URL(url);
    for (const [k, v] of u.searchParams) u.searchParams.set(k, v.length > 6 ? `${v.slice(0, 4)}…` : '…');
    return decodeURIComponent(u.toString());
  } catch {
    return '…';
  }
}

/**
 * The notification outbox after commit: the job that delivers due rows through the channels with
 * retries, backoff and a dead-letter state; administrators' view and retry of failed and dead
 * rows; each person's channel choice; each unit's group robot.
 */
export class OutboxService {
  private readonly channels: Map<string, Channel>;

  constructor(private readonly deps: { db: Kysely<DB>; clock: Clock; logger: Logger; audit: Pick<AuditService, 'record'>; channels: Channel[]; emailConfigured: boolean }) {
    this.channels = new Map(deps.channels.map((c) => [c.name, c]));
  }

  /**
   * Queues one delivery job per tenant that has due rows and no delivery job waiting, in one
   * statement (the job loop calls this every tick, so retries and rows of a crashed worker are
   * picked up too). Returns how many jobs it queued.
   */
  async schedule(): Promise<number> {
    const now = this.deps.clock.now();
    const r = await sql`
      INSERT INTO jobs (kind, tenant_id, payload, run_at, max_attempts)
      SELECT ${DELIVER_JOB}, d.tenant_id, '{}'::jsonb, ${now}, 1
      FROM (SELECT DISTINCT tenant_id FROM notification_deliveries WHERE status IN ('pending', 'sending', 'failed') AND next_attempt_at <= ${now}) d
      WHERE NOT EXISTS (SELECT 1 FROM jobs j WHERE j.kind = ${DELIVER_JOB} AND j.tenant_id = d.tenant_id AND j.status IN ('queued', 'running'))`.execute(this.deps.db);
    return Number(r.numAffectedRows ?? 0);
  }

  /** Delivers a tenant's due rows (the job's work). */
  async deliverDue(tenantId: string): Promise<{ sent: number; failed: number; dead: number }> {
    const counts = { sent: 0, failed: 0, dead: 0 };
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const claimed = await this.claim(tenantId);
      if (claimed.length === 0) break;
      const recipients = await this.recipients(tenantId, [...new Set(claimed.map((d) => d.user_id).filter((u): u is string => u !== null))]);
      for (const d of claimed) {
        const outcome = await this.sendOne(tenantId, d, recipients.get(d.user_id ?? ''));
        counts[outcome]++;
      }
    }
    return counts;
  }

  /** Claims due rows for a lease; rows whose worker died after the last attempt are dead instead. */
  private async claim(tenantId: string) {
    const now = this.deps.clock.now();
    await sql`
      UPDATE notification_deliveries SET status = 'dead', detail = coalesce(detail, '发送中断且已达最大尝试次数')
      WHERE tenant_id = ${tenantId}::uuid AND status = 'sending' AND next_attempt_at <= ${now} AND attempts >= max_attempts`.execute(this.deps.db);
    const r = await sql<{ id: string; notification_id: string; user_id: string | null; channel: string; attempts: number; max_attempts: number; title: string; body: string; task_id: string | null }>`
      WITH due AS (
        SELECT id FROM notification_deliveries
        WHERE tenant_id = ${tenantId}::uuid AND status IN ('pending', 'sending', 'failed') AND next_attempt_at <= ${now} AND attempts < max_attempts
        ORDER BY next_attempt_at LIMIT ${BATCH} FOR UPDATE SKIP LOCKED
      ), claimed AS (
        UPDATE notification_deliveries d SET status = 'sending', attempts = d.attempts + 1, next_attempt_at = ${new Date(now.getTime() + LEASE_MS)}
        FROM due WHERE d.tenant_id = ${tenantId}::uuid AND d.id = due.id
        RETURNING d.id, d.notification_id, d.user_id, d.channel, d.attempts, d.max_attempts
      )
      SELECT c.*, n.title, n.body, n.task_id FROM claimed c JOIN notifications n ON n.tenant_id = ${tenantId}::uuid AND n.id = c.notification_id`.execute(this.deps.db);
    return r.rows;
  }

  /** The people of the claimed rows with their address and their unit's robot, in one query. */
  private async recipients(tenantId: string, userIds: string[]): Promise<Map<string, Recipient>> {
    if (userIds.length === 0) return new Map();
    const rows = await this.deps.db
      .selectFrom('users as u')
      .leftJoin('unit_webhooks as w', (j) => j.onRef('w.tenant_id', '=', 'u.tenant_id').onRef('w.unit_id', '=', 'u.org_unit_id'))
      .select(['u.id', 'u.display_name', 'u.email', 'u.org_unit_id', 'w.kind', 'w.url', 'w.secret'])
      .where('u.tenant_id', '=', tenantId)
      .where('u.id', 'in', userIds)
      .execute();
    return new Map(rows.map((r) => [r.id, { userId: r.id, displayName: r.display_name, email: r.email, unitId: r.org_unit_id, webhook: r.kind && r.url ? { kind: r.kind, url: r.url, secret: r.secret } : null }]));
  }

  private async sendOne(tenantId: string, d: Awaited<ReturnType<OutboxService['claim']>>[number], to: Recipient | undefined): Promise<'sent' | 'failed' | 'dead'> {
    const channel = this.channels.get(d.channel);
    let result: { ok: boolean; detail?: string | undefined };
    if (!channel) result = { ok: false, detail: `渠道 ${d.channel} 未配置` };
    else if (!to) result = { ok: false, detail: '接收人不存在' };
    else {
      try {
        result = await channel.send({ userId: to.userId, title: d.title, body: d.body, taskId: d.task_id }, to);
      } catch (err) {
        result = { ok: false, detail: (err as Error).message || String(err) };
      }
    }
    const now = this.deps.clock.now();
    const detail = result.detail?.slice(0, 1000) ?? null;
    const outcome = result.ok ? 'sent' : d.attempts >= d.max_attempts ? 'dead' : 'failed';
    await this.deps.db
      .updateTable('notification_deliveries')
      .set(outcome === 'sent' ? { status: 'sent', sent_at: now, next_attempt_at: null, detail } : { status: outcome, detail, next_attempt_at: outcome === 'dead' ? null : new Date(now.getTime() + retryDelayMs(d.attempts)) })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', d.id)
      .execute();
    if (outcome !== 'sent') this.deps.logger.warn({ delivery: d.id, channel: d.channel, attempts: d.attempts, outcome }, 'notification delivery failed');
    return outcome;
  }

  // ---- administrators: failed and dead deliveries ----

  private adminScope(actor: Actor) {
    if (!hasRole(actor, 'admin')) throw forbidden('只有系统管理员可以查看消息发送情况');
    return scopeForRoles(actor, ['admin']);
  }

  /** Failed (still retried) and dead deliveries of people in the administrator's scope, newest first. */
  async listTrouble(actor: Actor, query: PageQuery & { status?: 'failed' | 'dead' | undefined }): Promise<Page<DeliveryRow>> {
    const scope = this.adminScope(actor);
    const q = this.deps.db
      .selectFrom('notification_deliveries as d')
      .innerJoin('notifications as n', (j) => j.onRef('n.tenant_id', '=', 'd.tenant_id').onRef('n.id', '=', 'd.notification_id'))
      .innerJoin('users as u', (j) => j.onRef('u.tenant_id', '=', 'n.tenant_id').onRef('u.id', '=', 'n.user_id'))
      .leftJoin('org_units as o', (j) => j.onRef('o.tenant_id', '=', 'u.tenant_id').onRef('o.id', '=', 'u.org_unit_id'))
      .where('d.tenant_id', '=', actor.tenantId)
      .where('d.status', 'in', query.status ? [query.status] : ['failed', 'dead'])
      .where((eb) => inScope(scope, actor.tenantId, eb.ref('u.org_unit_id')));
    const rows = q
      .select(['d.id', 'd.notification_id', 'd.channel', 'd.status', 'd.attempts', 'd.max_attempts', 'd.detail', 'd.at', 'd.next_attempt_at', 'n.title', 'u.id as user_id', 'u.display_name as user_name', 'o.name as org_unit_name'])
      .orderBy('d.at', 'desc')
      .orderBy('d.id');
    return paginate(rows, q, query);
  }

  /**
   * Sends failed or dead deliveries again now (a fresh round of attempts), for people in the
   * administrator's scope; audited. Returns how many were queued again.
   */
  async retry(actor: Actor, ids: string[]): Promise<number> {
    const scope = this.adminScope(actor);
    const now = this.deps.clock.now();
    return this.deps.db.transaction().execute(async (tx) => {
      const rows = await tx
        .updateTable('notification_deliveries as d')
        .set({ status: 'pending', attempts: 0, next_attempt_at: now })
        .where('d.tenant_id', '=', actor.tenantId)
        .where('d.id', 'in', ids)
        .where('d.status', 'in', ['failed', 'dead'])
        .where((eb) => eb.exists(eb.selectFrom('users as u').select('u.id').whereRef('u.tenant_id', '=', 'd.tenant_id').whereRef('u.id', '=', 'd.user_id').where((e) => inScope(scope, actor.tenantId, e.ref('u.org_unit_id')))))
        .returning(['d.id', 'd.channel'])
        .execute();
      if (rows.length === 0) throw notFound('可重发的消息');
      await this.deps.audit.record(tx, actor, { action: 'system.notification-retry', entityType: 'notification_delivery', entityId: rows.length === 1 ? rows[0]!.id : null, summary: `重发消息 ${rows.length} 条`, after: { ids: rows.map((r) => r.id) } });
      return rows.length;
    });
  }

  // ---- each person: channel choice ----

  async settings(actor: Actor): Promise<NotifySettings> {
    const u = await this.deps.db
      .selectFrom('users as u')
      .leftJoin('unit_webhooks as w', (j) => j.onRef('w.tenant_id', '=', 'u.tenant_id').onRef('w.unit_id', '=', 'u.org_unit_id'))
      .select(['u.email', 'u.notify_channels', 'w.unit_id as robot'])
      .where('u.tenant_id', '=', actor.tenantId)
      .where('u.id', '=', actor.userId)
      .executeTakeFirst();
    if (!u) throw notFound('用户');
    return {
      email: u.email,
      channels: CHOOSABLE_CHANNELS.filter((c) => u.notify_channels.includes(c)),
      available: { email: this.deps.emailConfigured, webhook: u.robot !== null },
    };
  }

  /** Sets the caller's e-mail and chosen channels (e-mail needs an address); audited. */
  async updateSettings(actor: Actor, input: { email: string | null; channels: ChoosableChannel[] }): Promise<NotifySettings> {
    const email = input.email?.trim() || null;
    if (email !== null && (email.length > 254 || !EMAIL.test(email))) throw invalid('email', '邮箱格式不正确');
    const channels = CHOOSABLE_CHANNELS.filter((c) => input.channels.includes(c));
    if (channels.includes('email') && !email) throw invalid('channels', '选择邮件通知前请先填写邮箱');
    await this.deps.db.transaction().execute(async (tx) => {
      const before = await tx.selectFrom('users').select(['email', 'notify_channels']).where('tenant_id', '=', actor.tenantId).where('id', '=', actor.userId).executeTakeFirst();
      if (!before) throw notFound('用户');
      await tx.updateTable('users').set({ email, notify_channels: channels, updated_at: this.deps.clock.now() }).where('tenant_id', '=', actor.tenantId).where('id', '=', actor.userId).execute();
      await this.deps.audit.record(tx, actor, { action: 'user.notify-settings', entityType: 'user', entityId: actor.userId, summary: `消息接收方式：站内${channels.map((c) => (c === 'email' ? '、邮件' : '、群机器人')).join('')}`, before: { email: before.email, channels: before.notify_channels }, after: { email, channels } });
    });
    return this.settings(actor);
  }

  // ---- administrators: each unit's group robot ----

  /**
   * As the org routes answer: a unit outside the caller's scope is not found whatever the role;
   * inside it, only an administrator whose admin grant covers it may see or set its robot.
   */
  private async adminUnit(actor: Actor, unitId: string): Promise<void> {
    const unit = await this.deps.db.selectFrom('org_units').select('id').where('tenant_id', '=', actor.tenantId).where('id', '=', unitId).executeTakeFirst();
    if (!unit || !(await unitInScope(this.deps.db, actor.scope, actor.tenantId, unitId))) throw notFound('单位');
    const scope = this.adminScope(actor);
    if (!(await unitInScope(this.deps.db, scope, actor.tenantId, unitId))) throw notFound('单位');
  }

  async webhook(actor: Actor, unitId: string): Promise<{ kind: 'dingtalk' | 'wecom'; url: string; hasSecret: boolean } | null> {
    await this.adminUnit(actor, unitId);
    const w = await this.deps.db.selectFrom('unit_webhooks').selectAll().where('tenant_id', '=', actor.tenantId).where('unit_id', '=', unitId).executeTakeFirst();
    return w ? { kind: w.kind, url: maskWebhookUrl(w.url), hasSecret: w.secret !== null } : null;
  }

  /** Sets (or, with null, removes) a unit's group robot; audited without its key or secret. */
  async setWebhook(actor: Actor, unitId: string, input: WebhookInput | null): Promise<void> {
    await this.adminUnit(actor, unitId);
    if (input) {
      let url: URL;
      try {
        url = new URL(input.url);
      } catch {
        throw invalid('url', '机器人地址不是有效的网址');
      }
      if (url.protocol !== 'https:' && url.protocol !== 'http:') throw invalid('url', '机器人地址须以 https:// 开头');
      if (input.kind === 'wecom' && !url.searchParams.get('key')) throw invalid('url', '企业微信机器人地址须带 key 参数');
      if (input.kind === 'dingtalk' && !url.searchParams.get('access_token')) throw invalid('url', '钉钉机器人地址须带 access_token 参数');
    }
    await this.deps.db.transaction().execute(async (tx) => {
      const before = await tx.selectFrom('unit_webhooks').selectAll().where('tenant_id', '=', actor.tenantId).where('unit_id', '=', unitId).executeTakeFirst();
      if (input) {
        const secret = input.secret === undefined ? (before?.secret ?? null) : input.secret || null;
        await tx
          .insertInto('unit_webhooks')
          .values({ tenant_id: actor.tenantId, unit_id: unitId, kind: input.kind, url: input.url, secret, updated_at: this.deps.clock.now() })
          .onConflict((oc) => oc.columns(['tenant_id', 'unit_id']).doUpdateSet({ kind: input.kind, url: input.url, secret, updated_at: this.deps.clock.now() }))
          .execute();
      } else {
        await tx.deleteFrom('unit_webhooks').where('tenant_id', '=', actor.tenantId).where('unit_id', '=', unitId).execute();
      }
      const shown = (w: { kind: string; url: string } | null | undefined) => (w ? { kind: w.kind, url: maskWebhookUrl(w.url) } : null);
      await this.deps.audit.record(tx, actor, { action: 'org.webhook', entityType: 'org_unit', entityId: unitId, summary: input ? `设置群机器人（${input.kind === 'dingtalk' ? '钉钉' : '企业微信'}）` : '删除群机器人', before: shown(before), after: shown(input) });
    });
  }
}
