import { AUDIT_AREAS, escapeLike, type AuditArea } from '@luoshi/shared';
import { sql } from 'kysely';
import type { Actor } from '../../access/actor.ts';
import { inScope, scopeForRoles } from '../../access/index.ts';
import type { Executor } from '../../db/database.ts';
import type { AuditRow } from '../../db/schema.ts';
import { forbidden } from '../../errors.ts';
import { canonicalJson, sha256 } from '../../lib/crypto.ts';
import type { Clock } from '../../lib/clock.ts';
import { paginate, type Page, type PageQuery } from '../../db/pagination.ts';

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
  /** An action or a prefix of one ('org.', 'task.report'). */
  action?: string | undefined;
  /** A business area: any of its action prefixes. */
  area?: AuditArea | undefined;
  from?: string | undefined;
  to?: string | undefined;
  entityType?: string | undefined;
  entityId?: string | undefined;
}

/** The digest of a row's content: every field but its place in the chain (seq, prev_hash). */
function contentDigest(row: Omit<AuditRow, 'hash' | 'seq' | 'prev_hash'>): string {
  return sha256(
    canonicalJson({
      tenant_id: row.tenant_id,
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
    }),
  );
}

/** A row's hash: its content digest chained to the previous row's hash and its sequence number. */
export function chainHash(prevHash: string, seq: number, digest: string): string {
  return sha256(`${prevHash}:${seq}:${digest}`);
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
    const row = {
      tenant_id: who.tenantId,
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
    };
    const digest = contentDigest(row);
    // One statement takes the head's lock, advances it and inserts the row: the lock is then held
    // only until commit. The chaining (sha256 of prev:seq:digest) is computed in SQL so that no
    // round trip sits between reading the head and writing it.
    const append = () => sql<{ seq: number }>`
      WITH head AS (SELECT seq, hash FROM audit_heads WHERE tenant_id = ${who.tenantId}::uuid FOR UPDATE),
           next AS (SELECT head.seq + 1 AS seq, head.hash AS prev_hash,
                           encode(sha256(convert_to(head.hash || ':' || (head.seq + 1)::text || ':' || ${digest}, 'UTF8')), 'hex') AS hash FROM head),
           moved AS (UPDATE audit_heads h SET seq = next.seq, hash = next.hash FROM next WHERE h.tenant_id = ${who.tenantId}::uuid RETURNING h.seq)
      INSERT INTO audit_log (tenant_id, seq, at, actor_id, actor_name, actor_org_unit_id, ip, action, entity_type, entity_id, summary, before, after, request_id, prev_hash, hash)
      SELECT ${who.tenantId}::uuid, next.seq, ${row.at}, ${row.actor_id}, ${row.actor_name}, ${row.actor_org_unit_id}, ${row.ip}, ${row.action}, ${row.entity_type}, ${row.entity_id}, ${row.summary},
             ${row.before === null ? null : JSON.stringify(row.before)}::jsonb, ${row.after === null ? null : JSON.stringify(row.after)}::jsonb, ${row.request_id}, next.prev_hash, next.hash
      FROM next
      RETURNING seq`.execute(executor);
    if ((await append()).rows.length === 0) {
      // The tenant's first row: create its head, then append.
      await executor.insertInto('audit_heads').values({ tenant_id: who.tenantId, seq: 0, hash: GENESIS_HASH }).onConflict((oc) => oc.column('tenant_id').doNothing()).execute();
      await append();
    }
  }

  /** Audit rows visible to an administrator, newest first. */
  async list(actor: Actor, filter: AuditFilter): Promise<Page<AuditRow>> {
    const scope = scopeForRoles(actor, ['admin']);
    if (!actor.grants.some((g) => g.role === 'admin')) throw forbidden('只有系统管理员可以查看审计日志');
    let q = this.deps.db.selectFrom('audit_log').where('tenant_id', '=', actor.tenantId);
    if (!scope.all) q = q.where((eb) => inScope(scope, actor.tenantId, eb.ref('actor_org_unit_id')));
    if (filter.actorId) q = q.where('actor_id', '=', filter.actorId);
    if (filter.action) q = q.where('action', 'like', `${escapeLike(filter.action)}%`);
    if (filter.area) {
      const prefixes = AUDIT_AREAS[filter.area];
      q = q.where((eb) => eb.or(prefixes.map((p) => eb('action', 'like', `${escapeLike(p)}%`))));
    }
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
        if (chainHash(row.prev_hash, seq, contentDigest(row)) !== row.hash) return { ok: false, checked, total, brokenSeq: seq, reason: `第 ${seq} 条内容被改动 (hash mismatch)` };
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
