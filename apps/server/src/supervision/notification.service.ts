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

/** Who a delivery goes to, as the outbox worker reads it: never logged (it holds addresses and secrets). */
export interface Recipient {
  userId: string;
  displayName: string;
  email: string | null;
  unitId: string;
  /** The group robot of the person's unit, when it has one. */
  webhook: { kind: 'dingtalk' | 'wecom'; url: string; secret: string | null } | null;
}

/**
 * Where notices go beyond the in-app centre (e-mail, the DingTalk/WeCom group robot, the log).
 * The outbox worker calls `send` after the notice's transaction has committed.
 */
export interface Channel {
  name: string;
  /**
   * The choice a person makes on their account for this channel, and the address it needs
   * ('email': an e-mail on the account; 'webhook': a robot on their unit). Absent: everyone.
   */
  requires?: 'email' | 'webhook';
  send(notice: { userId: string; title: string; body: string; taskId: string | null }, to: Recipient): Promise<{ ok: boolean; detail?: string }>;
}

/** The channel that only logs; the default until a deployment configures a real one. */
export function logChannel(logger: Logger): Channel {
  return {
    name: 'log',
    async send(n) {
      logger.debug({ notice: n }, 'notification');
      return { ok: true };
    },
  };
}

/** The in-app notification centre and its delivery channels. */
export class NotificationService {
  constructor(private readonly deps: { db: Kysely<DB>; clock: Clock; channels: Channel[] }) {}

  /**
   * Records a notice for each person (skipping those who already have this dedupe key) and, in
   * the same transaction, one outbox row per new notice and channel the person gets; the job
   * queue delivers them after commit (modules/notifications/outbox.service.ts), so a rollback
   * sends nothing and a slow channel never holds the transaction. Returns how many were new.
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
      .returning(['id', 'user_id', 'tenant_id'])
      .execute();
    await this.enqueueDeliveries(tx, created, now);
    return created.length;
  }

  /**
   * Notices to the active liaisons of units, many at once: one statement finds the liaisons,
   * skips every (person, dedupe key) already sent through the unique index, and inserts the rest;
   * only the new ones get outbox rows. Returns how many were new.
   */
  async notifyUnits(tx: Executor, tenantId: string, kind: Notice['kind'], notices: { unitId: string; title: string; body: string; taskId: string | null; dedupeKey: string; link?: string | null }[]): Promise<number> {
    if (notices.length === 0) return 0;
    const now = this.deps.clock.now();
    const created = await sql<{ id: string; user_id: string; tenant_id: string }>`
      WITH c AS (SELECT * FROM jsonb_to_recordset(${JSON.stringify(notices)}::jsonb) AS c("unitId" uuid, title text, body text, "taskId" uuid, "dedupeKey" text, link text)),
      l AS (${unitActorRows(tenantId, notices.map((n) => n.unitId))})
      INSERT INTO notifications (tenant_id, user_id, kind, title, body, task_id, dedupe_key, created_at, link)
      SELECT ${tenantId}::uuid, l.user_id, ${kind}, c.title, c.body, c."taskId", c."dedupeKey", ${now}, c.link
      FROM c JOIN l ON l.unit_id = c."unitId"
      WHERE NOT EXISTS (SELECT 1 FROM notifications n WHERE n.tenant_id = ${tenantId}::uuid AND n.user_id = l.user_id AND n.dedupe_key = c."dedupeKey")
      ON CONFLICT (tenant_id, user_id, dedupe_key) DO NOTHING
      RETURNING id, user_id, tenant_id`.execute(tx);
    await this.enqueueDeliveries(tx, created.rows, now);
    return created.rows.length;
  }

  /**
   * The outbox rows of new notices, in one statement: every channel without a choice (the log),
   * and each chosen channel whose address exists (an e-mail on the account, a robot on the unit);
   * none for a deactivated account (its in-app notice stays).
   */
  private async enqueueDeliveries(tx: Executor, created: { id: string; user_id: string; tenant_id: string }[], now: Date): Promise<void> {
    if (created.length === 0 || this.deps.channels.length === 0) return;
    const channels = JSON.stringify(this.deps.channels.map((c) => ({ name: c.name, requires: c.requires ?? null })));
    for (const tenantId of new Set(created.map((n) => n.tenant_id))) {
      const ids = created.filter((n) => n.tenant_id === tenantId).map((n) => n.id);
      await sql`
        INSERT INTO notification_deliveries (tenant_id, notification_id, user_id, channel, status, at, next_attempt_at)
        SELECT n.tenant_id, n.id, n.user_id, ch.name, 'pending', ${now}, ${now}
        FROM notifications n
        JOIN users u ON u.tenant_id = n.tenant_id AND u.id = n.user_id
        CROSS JOIN jsonb_to_recordset(${channels}::jsonb) AS ch(name text, requires text)
        WHERE n.tenant_id = ${tenantId}::uuid AND n.id = ANY(${ids}::uuid[]) AND u.active
          AND (ch.requires IS NULL OR (ch.requires = ANY(u.notify_channels)
            AND (ch.requires <> 'email' OR u.email IS NOT NULL)
            AND (ch.requires <> 'webhook' OR EXISTS (SELECT 1 FROM unit_webhooks w WHERE w.tenant_id = u.tenant_id AND w.unit_id = u.org_unit_id))))`.execute(tx);
    }
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
