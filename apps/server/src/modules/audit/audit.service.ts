import { AUDIT_AREAS, escapeLike, oneLine, type AuditArea } from '@luoshi/shared';
import { sql } from 'kysely';
import type { Actor } from '../../access/actor.ts';
import { inScope, scopeForRoles } from '../../access/index.ts';
import type { Executor } from '../../db/database.ts';
import type { AuditRow } from '../../db/schema.ts';
import { forbidden } from '../../errors.ts';
import { canonicalJson, safeEqual, sha256 } from '../../lib/crypto.ts';
import { auditMac, type AuditKey } from './audit-key.ts';
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

/** A row's content as signed: every field but its place in the chain (seq, prev_hash). */
function canonicalContent(row: Omit<AuditRow, 'hash' | 'seq' | 'prev_hash'>): string {
  return canonicalJson({
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
  });
}

/** The digest of rows written before chains were keyed: plain SHA-256 of the content. */
export function plainDigest(row: Omit<AuditRow, 'hash' | 'seq' | 'prev_hash'>): string {
  return sha256(canonicalContent(row));
}

/**
 * The digest of every row written since: HMAC-SHA256 of the content under the audit key. The MAC
 * is never stored; the row's hash is sha256(prev:seq:MAC), so from the database alone neither a
 * changed row's hash nor a renumbered one's can be recomputed. (The key enters the digest rather
 * than the chaining so that an append stays one SQL statement with no round trip under the lock.)
 */
export function keyedDigest(key: AuditKey, row: Omit<AuditRow, 'hash' | 'seq' | 'prev_hash'>): string {
  return auditMac(key, canonicalContent(row));
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
  constructor(private readonly deps: { db: Executor; clock: Clock; key: AuditKey }) {}

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
      actor_name: who.actorName == null ? null : oneLine(who.actorName),
      actor_org_unit_id: who.actorOrgUnitId ?? null,
      ip: who.ip ?? null,
      action: entry.action,
      entity_type: entry.entityType ?? null,
      entity_id: entry.entityId ?? null,
      // A summary quotes titles and file names: one line, no escape or invisible characters.
      summary: entry.summary == null ? null : oneLine(entry.summary),
      before: asStored(entry.before),
      after: asStored(entry.after),
      request_id: who.requestId ?? null,
    };
    const digest = keyedDigest(this.deps.key, row);
    // One statement takes the head's lock, advances it and inserts the row: the lock is then held
    // only until commit. The chaining (sha256 of prev:seq:MAC) is computed in SQL so that no
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
   * or whose sequence number skips (a deleted row); `ok` when the whole chain holds. Rows up to
   * the key file's switch point verify as plain SHA-256, every later one under the key. Anchors
   * (from `anchor`, kept elsewhere) must each still match their row: a chain truncated at its
   * end, or rewritten before an anchor, fails.
   */
  async verify(tenantId: string, onProgress?: (checked: number, total: number) => void, anchors: readonly AuditAnchor[] = []): Promise<VerifyResult> {
    const db = this.deps.db;
    const plainUntil = this.deps.key.plainUntil[tenantId] ?? 0;
    const anchored = new Map<number, string>();
    for (const a of anchors) if (a.tenantId === tenantId) anchored.set(a.seq, a.hash);
    const total = Number((await db.selectFrom('audit_log').select(db.fn.countAll().as('n')).where('tenant_id', '=', tenantId).executeTakeFirst())?.n ?? 0);
    let prevHash = GENESIS_HASH;
    let expectedSeq = 1;
    let checked = 0;
    const broken = (seq: number, reason: string): VerifyResult => ({ ok: false, checked, total, brokenSeq: seq, reason });
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
        if (seq !== expectedSeq) return broken(expectedSeq, `缺少第 ${expectedSeq} 条记录 (missing row)`);
        if (row.prev_hash !== prevHash) return broken(seq, `第 ${seq} 条的前序哈希不符 (prev_hash mismatch)`);
        const digest = seq <= plainUntil ? plainDigest(row) : keyedDigest(this.deps.key, row);
        if (chainHash(row.prev_hash, seq, digest) !== row.hash) return broken(seq, `第 ${seq} 条内容被改动 (hash mismatch)`);
        const expected = anchored.get(seq);
        if (expected !== undefined && expected !== row.hash) return broken(seq, `第 ${seq} 条与锚点记录的哈希不符 (differs from the anchor)`);
        prevHash = row.hash;
        expectedSeq = seq + 1;
        checked++;
      }
      onProgress?.(checked, total);
    }
    const last = expectedSeq - 1;
    const beyond = [...anchored.keys()].filter((seq) => seq > last);
    if (beyond.length > 0) return broken(last + 1, `锚点记录到第 ${Math.max(...beyond)} 条，链只有 ${last} 条 (truncated before the anchor)`);
    const head = await db.selectFrom('audit_heads').selectAll().where('tenant_id', '=', tenantId).executeTakeFirst();
    if (head && (Number(head.seq) !== last || head.hash !== prevHash)) {
      return broken(expectedSeq, `链尾记录缺失：应有 ${head.seq} 条，实有 ${last} 条 (rows removed from the end)`);
    }
    return { ok: true, checked, total, brokenSeq: null, reason: null };
  }

  /**
   * The signed head of a tenant's chain as one line, to keep outside the database (a daily line
   * in a file or a log): its sequence number, hash and time, signed with the audit key.
   */
  async anchor(tenantId: string): Promise<string> {
    const db = this.deps.db;
    const head = await db.selectFrom('audit_heads').select(['seq', 'hash']).where('tenant_id', '=', tenantId).executeTakeFirst();
    const seq = Number(head?.seq ?? 0);
    const row = seq > 0 ? await db.selectFrom('audit_log').select('at').where('tenant_id', '=', tenantId).where('seq', '=', seq).executeTakeFirst() : undefined;
    const fields = `${ANCHOR_TAG} tenant=${tenantId} seq=${seq} hash=${head?.hash ?? GENESIS_HASH} at=${row ? new Date(row.at).toISOString() : '-'} signed=${this.deps.clock.now().toISOString()}`;
    return `${fields} sig=${auditMac(this.deps.key, fields)}`;
  }

  /** Reads anchor lines (other lines are ignored); throws naming the line whose signature fails. */
  parseAnchors(text: string): AuditAnchor[] {
    const anchors: AuditAnchor[] = [];
    for (const [i, raw] of text.split(/\r?\n/).entries()) {
      const line = raw.trim();
      if (!line.startsWith(`${ANCHOR_TAG} `)) continue;
      const m = /^(.* signed=\S+) sig=([0-9a-f]{64})$/.exec(line);
      const f = m ? Object.fromEntries(m[1]!.split(' ').slice(1).map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)])) : {};
      if (!m || !f.tenant || !/^\d+$/.test(f.seq ?? '') || !/^[0-9a-f]{64}$/.test(f.hash ?? '')) throw new Error(`第 ${i + 1} 行不是完整的审计锚点 (malformed anchor)`);
      if (!safeEqual(auditMac(this.deps.key, m[1]!), m[2]!)) throw new Error(`第 ${i + 1} 行锚点的签名不符：密钥不同或锚点被改动 (anchor signature invalid)`);
      anchors.push({ tenantId: f.tenant, seq: Number(f.seq), hash: f.hash! });
    }
    if (anchors.length === 0) throw new Error('没有找到审计锚点 (no anchor line)');
    return anchors;
  }
}

const ANCHOR_TAG = 'luoshi-audit-anchor/1';

/** One signed head read back from an anchor line. */
export interface AuditAnchor {
  tenantId: string;
  seq: number;
  hash: string;
}

export interface VerifyResult {
  ok: boolean;
  checked: number;
  total: number;
  brokenSeq: number | null;
  reason: string | null;
}
