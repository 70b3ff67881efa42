import { sql, type Kysely, type Selectable } from 'kysely';
import type { Logger } from 'pino';
import { unitActorRows, type Actor } from '../access/index.ts';
import type { DB, NotificationsTable } from '../db/schema.ts';
import type { Executor } from '../db/database.ts';
import type { Clock } from '../lib/clock.ts';
import { notFound } from '../errors.ts';
import { paginate, type Page, type PageQuery } from '../db/pagination.ts';

/** A message to people, once per dedupe key and person. */
export interface Notice {
  tenantId: string;
  userIds: string[];
  kind: 'reminder' | 'assignment' | 'order' | 'instruction' | 'review' | 'extension' | 'report';
  title: string;
  body?: string;
  taskId?: string | null;
  /** The same key never reaches the same person twice (automatic reminders use stable keys). */
  dedupeKey: string;
}

/** Where notices go beyond the in-app centre: SMS, DingTalk and WeCom adapters implement this. */
export interface Channel {
  name: string;
  send(notice: { userId: string; title: string; body: string; taskId: string | null }): Promise<{ ok: boolean; detail?: string }>;
}

/** The channel that only logs; the default until a deployment configures a real one. */
export function logChannel(logger: Logger): Channel {
  return {
    name: 'log',
    async send(n) {
      logger.info({ notice: n }, 'notification');
      return { ok: true };
    },
  };
}

/** The in-app notification centre and its delivery channels. */
export class NotificationService {
  constructor(private readonly deps: { db: Kysely<DB>; clock: Clock; channels: Channel[] }) {}

  /**
   * Records a notice for each person (skipping those who already have this dedupe key) and
   * hands the new ones to every channel, logging each delivery. Returns how many were new.
   */
  async notify(tx: Executor, notice: Notice): Promise<number> {
    return this.notifyMany(tx, [notice]);
  }

  /** `notify` for several notices in one insert (and one insert of their deliveries). */
  async notifyMany(tx: Executor, notices: Notice[]): Promise<number> {
    const rows = notices.flatMap((notice) => [...new Set(notice.userIds)].map((u) => ({ notice, u })));
    if (rows.length === 0) return 0;
    const now = this.deps.clock.now();
    const created = await tx
      .insertInto('notifications')
      .values(rows.map(({ notice, u }) => ({ tenant_id: notice.tenantId, user_id: u, kind: notice.kind, title: notice.title, body: notice.body ?? '', task_id: notice.taskId ?? null, dedupe_key: notice.dedupeKey, created_at: now })))
      .onConflict((oc) => oc.columns(['tenant_id', 'user_id', 'dedupe_key']).doNothing())
      .returning(['id', 'user_id', 'tenant_id', 'title', 'body', 'task_id'])
      .execute();
    await this.deliver(tx, created, now);
    return created.length;
  }

  /**
   * Notices to the active liaisons of units, many at once: one statement finds the liaisons,
   * skips every (person, dedupe key) already sent through the unique index, and inserts the rest;
   * only the new ones go to the channels. Returns how many were new.
   */
  async notifyUnits(tx: Executor, tenantId: string, kind: Notice['kind'], notices: { unitId: string; title: string; body: string; taskId: string | null; dedupeKey: string }[]): Promise<number> {
    if (notices.length === 0) return 0;
    const now = this.deps.clock.now();
    const created = await sql<{ id: string; user_id: string; tenant_id: string; title: string; body: string; task_id: string | null }>`
      WITH c AS (SELECT * FROM jsonb_to_recordset(${JSON.stringify(notices)}::jsonb) AS c("unitId" uuid, title text, body text, "taskId" uuid, "dedupeKey" text)),
      l AS (${unitActorRows(tenantId, notices.map((n) => n.unitId))})
      INSERT INTO notifications (tenant_id, user_id, kind, title, body, task_id, dedupe_key, created_at)
      SELECT ${tenantId}::uuid, l.user_id, ${kind}, c.title, c.body, c."taskId", c."dedupeKey", ${now}
      FROM c JOIN l ON l.unit_id = c."unitId"
      WHERE NOT EXISTS (SELECT 1 FROM notifications n WHERE n.tenant_id = ${tenantId}::uuid AND n.user_id = l.user_id AND n.dedupe_key = c."dedupeKey")
      ON CONFLICT (tenant_id, user_id, dedupe_key) DO NOTHING
      RETURNING id, user_id, tenant_id, title, body, task_id`.execute(tx);
    await this.deliver(tx, created.rows, now);
    return created.rows.length;
  }

  /** Hands new notices to every channel and logs each delivery, in one insert. */
  private async deliver(tx: Executor, created: { id: string; user_id: string; tenant_id: string; title: string; body: string; task_id: string | null }[], now: Date): Promise<void> {
    const deliveries = [];
    for (const n of created) {
      for (const channel of this.deps.channels) {
        let result: { ok: boolean; detail?: string };
        try {
          result = await channel.send({ userId: n.user_id, title: n.title, body: n.body, taskId: n.task_id });
        } catch (err) {
          result = { ok: false, detail: (err as Error).message };
        }
        deliveries.push({ tenant_id: n.tenant_id, notification_id: n.id, channel: channel.name, status: result.ok ? 'sent' : 'failed', detail: result.detail ?? null, at: now });
      }
    }
    if (deliveries.length > 0) await tx.insertInto('notification_deliveries').values(deliveries).execute();
  }

  async list(actor: Actor, query: PageQuery & { unread?: boolean | undefined }): Promise<Page<Selectable<NotificationsTable>> & { unread: number }> {
    let q = this.deps.db.selectFrom('notifications').where('tenant_id', '=', actor.tenantId).where('user_id', '=', actor.userId);
    if (query.unread) q = q.where('read_at', 'is', null);
    const page = await paginate(q.selectAll().orderBy('created_at', 'desc'), q, query);
    return { ...page, unread: await this.unreadCount(actor) };
  }

  async unreadCount(actor: Actor): Promise<number> {
    const r = await this.deps.db.selectFrom('notifications').select((eb) => eb.fn.countAll<number>().as('n')).where('tenant_id', '=', actor.tenantId).where('user_id', '=', actor.userId).where('read_at', 'is', null).executeTakeFirst();
    return Number(r?.n ?? 0);
  }

  /** Marks one notice (or, without an id, all) of the caller as read. */
  async markRead(actor: Actor, id?: string): Promise<void> {
    let q = this.deps.db.updateTable('notifications').set({ read_at: this.deps.clock.now() }).where('tenant_id', '=', actor.tenantId).where('user_id', '=', actor.userId).where('read_at', 'is', null);
    if (id) q = q.where('id', '=', id);
    const r = await q.executeTakeFirst();
    if (id && Number(r.numUpdatedRows) === 0) {
      const exists = await this.deps.db.selectFrom('notifications').select('id').where('tenant_id', '=', actor.tenantId).where('user_id', '=', actor.userId).where('id', '=', id).executeTakeFirst();
      if (!exists) throw notFound('通知');
    }
  }

  /** The users who act for a unit: its liaisons (and leaders named on the task, by the caller). */
  async liaisonsOf(db: Executor, tenantId: string, unitIds: string[]): Promise<string[]> {
    return [...new Set([...(await this.liaisonsByUnit(db, tenantId, unitIds)).values()].flat())];
  }

  /** The users who act for each unit (its liaisons and liaisons granted it by name, see access/unit-actors.ts), in one query. */
  async liaisonsByUnit(db: Executor, tenantId: string, unitIds: string[]): Promise<Map<string, string[]>> {
    const byUnit = new Map<string, string[]>();
    if (unitIds.length === 0) return byUnit;
    const rows = await unitActorRows(tenantId, unitIds).execute(db);
    for (const r of rows.rows) byUnit.set(r.unit_id, [...(byUnit.get(r.unit_id) ?? []), r.user_id]);
    return byUnit;
  }
}
