import { sql } from 'kysely';
import type { Actor } from '../../access/actor.ts';
import { inScope, scopeForRoles } from '../../access/index.ts';
import type { Executor } from '../../db/database.ts';
import type { AuditRow } from '../../db/schema.ts';
import { forbidden } from '../../errors.ts';
import { canonicalJson, sha256 } from '../../lib/crypto.ts';
import type { Clock } from '../../lib/clock.ts';
import { paginate, type Page, type PageQuery } from '../../http/pagination.ts';

export const GENESIS_HASH = '0'.repeat(64);

/** What a write tells the audit log. */
export interface AuditEntry {
  action: string;
  entityType?: string | null;
  entityId?: string | null;
  summary?: string | null;
  before?: unknown;
  after?: unknown;
}

/** Who did it, when the actor may be unknown (failed logins). */
export interface AuditWho {
  tenantId: string;
  actorId?: string | null;
  actorName?: string | null;
  actorOrgUnitId?: string | null;
  ip?: string | null;
  requestId?: string | null;
}

export interface AuditFilter extends PageQuery {
  actorId?: string | undefined;
  orgUnitId?: string | undefined;
  action?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  entityType?: string | undefined;
  entityId?: string | undefined;
}

/** The fields a row's hash covers, in canonical form. */
function hashInput(row: Omit<AuditRow, 'hash'>): string {
  return (
    row.prev_hash +
    canonicalJson({
      tenant_id: row.tenant_id,
      seq: Number(row.seq),
      at: new Date(row.at).toISOString(),
      actor_id: row.actor_id,
      actor_name: row.actor_name,
      actor_org_unit_id: row.actor_org_unit_id,
      ip: row.ip,
      action: row.action,
      entity_type: row.entity_type,
      entity_id: row.entity_id,
      summary: row.summary,
      before: row.before ?? null,
      after: row.after ?? null,
      request_id: row.request_id,
    })
  );
}

// jsonb reorders keys and drops undefined; a JSON round trip gives the value as it will read back.
const asStored = (v: unknown) => (v === undefined || v === null ? null : JSON.parse(JSON.stringify(v)));

export function whoFromActor(actor: Actor): AuditWho {
  return {
    tenantId: actor.tenantId,
    actorId: actor.userId || null,
    actorName: actor.displayName,
    actorOrgUnitId: actor.orgUnitId || null,
    ip: actor.ip ?? null,
    requestId: actor.requestId ?? null,
  };
}

/** Appends to the tamper-evident audit log, and reads and verifies it. */
export class AuditService {
  constructor(private readonly deps: { db: Executor; clock: Clock }) {}

  /** Records an action by an actor; call inside the transaction that makes the change. */
  record(tx: Executor, actor: Actor, entry: AuditEntry): Promise<void> {
    return this.append(tx, whoFromActor(actor), entry);
  }

  /**
   * Appends one row to the tenant's chain. Runs inside the caller's transaction (or its own);
   * the head row's lock serialises appends so the chain never forks.
   */
  async append(executor: Executor, who: AuditWho, entry: AuditEntry): Promise<void> {
    if (!executor.isTransaction) {
      await (executor as import('kysely').Kysely<import('../../db/schema.ts').DB>).transaction().execute((tx) => this.append(tx, who, entry));
      return;
    }
    let head = await executor
      .updateTable('audit_heads')
      .set({ seq: sql`seq + 1` })
      .where('tenant_id', '=', who.tenantId)
      .returning(['seq', 'hash'])
      .executeTakeFirst();
    if (!head) {
      await executor
        .insertInto('audit_heads')
        .values({ tenant_id: who.tenantId, seq: 0, hash: GENESIS_HASH })
        .onConflict((oc) => oc.column('tenant_id').doNothing())
        .execute();
      head = await executor
        .updateTable('audit_heads')
        .set({ seq: sql`seq + 1` })
        .where('tenant_id', '=', who.tenantId)
        .returning(['seq', 'hash'])
        .executeTakeFirstOrThrow();
    }
    const row = {
      tenant_id: who.tenantId,
      seq: Number(head.seq),
      at: this.deps.clock.now(),
      actor_id: who.actorId ?? null,
      actor_name: who.actorName ?? null,
      actor_org_unit_id: who.actorOrgUnitId ?? null,
      ip: who.ip ?? null,
      action: entry.action,
      entity_type: entry.entityType ?? null,
      entity_id: entry.entityId ?? null,
      summary: entry.summary ?? null,
      before: asStored(entry.before),
      after: asStored(entry.after),
      request_id: who.requestId ?? null,
      prev_hash: head.hash,
    };
    const hash = sha256(hashInput(row));
    await executor
      .insertInto('audit_log')
      .values({ ...row, before: row.before === null ? null : JSON.stringify(row.before), after: row.after === null ? null : JSON.stringify(row.after), hash })
      .execute();
    await executor.updateTable('audit_heads').set({ hash }).where('tenant_id', '=', who.tenantId).execute();
  }

  /** Audit rows visible to an administrator, newest first. */
  async list(actor: Actor, filter: AuditFilter): Promise<Page<AuditRow>> {
    const scope = scopeForRoles(actor, ['admin']);
    if (!actor.grants.some((g) => g.role === 'admin')) throw forbidden('只有系统管理员可以查看审计日志');
    let q = this.deps.db.selectFrom('audit_log').where('tenant_id', '=', actor.tenantId);
    if (!scope.all) q = q.where((eb) => inScope(scope, actor.tenantId, eb.ref('actor_org_unit_id')));
    if (filter.actorId) q = q.where('actor_id', '=', filter.actorId);
    if (filter.action) q = q.where('action', 'like', `${filter.action}%`);
    if (filter.entityType) q = q.where('entity_type', '=', filter.entityType);
    if (filter.entityId) q = q.where('entity_id', '=', filter.entityId);
    if (filter.from) q = q.where('at', '>=', new Date(filter.from));
    if (filter.to) q = q.where('at', '<', new Date(filter.to));
    if (filter.orgUnitId) {
      const unit = filter.orgUnitId;
      q = q.where('actor_org_unit_id', 'in', (eb) =>
        eb.selectFrom('org_closure').select('descendant_id').where('tenant_id', '=', actor.tenantId).where('ancestor_id', '=', unit),
      );
    }
    return paginate(q.selectAll().orderBy('seq', 'desc'), q, filter);
  }

  /**
   * Walks a tenant's chain in order and returns the first row whose hash or link is wrong,
   * or whose sequence number skips (a deleted row); `ok` when the whole chain holds.
   */
  async verify(tenantId: string, onProgress?: (checked: number, total: number) => void): Promise<VerifyResult> {
    const db = this.deps.db;
    const total = Number((await db.selectFrom('audit_log').select(db.fn.countAll().as('n')).where('tenant_id', '=', tenantId).executeTakeFirst())?.n ?? 0);
    let prevHash = GENESIS_HASH;
    let expectedSeq = 1;
    let checked = 0;
    for (;;) {
      const rows = await db
        .selectFrom('audit_log')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('seq', '>=', expectedSeq)
        .orderBy('seq')
        .limit(2000)
        .execute();
      if (rows.length === 0) break;
      for (const row of rows) {
        const seq = Number(row.seq);
        if (seq !== expectedSeq) return { ok: false, checked, total, brokenSeq: expectedSeq, reason: `缺少第 ${expectedSeq} 条记录 (missing row)` };
        if (row.prev_hash !== prevHash) return { ok: false, checked, total, brokenSeq: seq, reason: `第 ${seq} 条的前序哈希不符 (prev_hash mismatch)` };
        if (sha256(hashInput(row)) !== row.hash) return { ok: false, checked, total, brokenSeq: seq, reason: `第 ${seq} 条内容被改动 (hash mismatch)` };
        prevHash = row.hash;
        expectedSeq = seq + 1;
        checked++;
      }
      onProgress?.(checked, total);
    }
    const head = await db.selectFrom('audit_heads').selectAll().where('tenant_id', '=', tenantId).executeTakeFirst();
    if (head && (Number(head.seq) !== expectedSeq - 1 || head.hash !== prevHash)) {
      return { ok: false, checked, total, brokenSeq: expectedSeq, reason: `链尾记录缺失: 应有 ${head.seq} 条,实有 ${expectedSeq - 1} 条 (rows removed from the end)` };
    }
    return { ok: true, checked, total, brokenSeq: null, reason: null };
  }
}

export interface VerifyResult {
  ok: boolean;
  checked: number;
  total: number;
  brokenSeq: number | null;
  reason: string | null;
}
