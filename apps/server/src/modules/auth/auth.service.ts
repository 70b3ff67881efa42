import { sql, type Kysely } from 'kysely';
import { grantScope, unionScopes, type Actor, type Grant } from '../../access/index.ts';
import type { DB, LoginFailureRow, UserRow } from '../../db/schema.ts';
import { AppError, invalid, notFound } from '../../errors.ts';
import type { Clock } from '../../lib/clock.ts';
import { randomSecret, sha256 } from '../../lib/crypto.ts';
import { hashPassword, verifyPassword } from '../../lib/password.ts';
import { passwordRefusal } from '../../lib/password-policy.ts';
import type { AuditService } from '../audit/audit.service.ts';

export const MAX_FAILED_LOGINS = 5;
export const LOCK_MINUTES = 15;
// Refreshing last_seen_at on every request would write on every read; a minute's slack is enough.
const TOUCH_INTERVAL_MS = 60_000;

/** The longest wait before a login is answered, in steps of the first delay (500 ms → 8 s). */
const MAX_DELAY_STEPS = 16;

/** The wait before answering a login after `failures` recent failures from its address: none, then base, doubling, capped. */
export function loginDelayMs(base: number, failures: number): number {
  if (failures <= 0 || base <= 0) return 0;
  return base * Math.min(2 ** (failures - 1), MAX_DELAY_STEPS);
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

interface FailureKey {
  tenantId: string;
  username: string;
  source: string;
}

type AuditWho = Parameters<AuditService['append']>[1];

/** A count that no longer holds: its lock ended, or its last failure is older than a lock would last. */
function isStale(r: Pick<LoginFailureRow, 'locked_until' | 'last_failed_at'>, now: Date): boolean {
  return r.locked_until ? r.locked_until <= now : r.last_failed_at.getTime() < now.getTime() - LOCK_MINUTES * 60_000;
}

export interface SessionPolicy {
  idleMinutes: number;
  maxHours: number;
}

export interface LoginResult {
  cookie: string;
  csrfToken: string;
  expiresAt: Date;
  actor: Actor;
  mustChangePassword: boolean;
}

export interface RequestInfo {
  ip?: string | undefined;
  userAgent?: string | undefined;
  requestId?: string | undefined;
}

/** Authentication: passwords, lockout, sessions, API tokens and the Actor of each request. */
/** A role_grants row as the actor is built from it. */
interface GrantRow {
  role: Grant['role'];
  scope_kind: Grant['scopeKind'];
  scope_unit_ids: string[] | null;
}

export class AuthService {
  private dummyHash: Promise<string> | undefined;
  constructor(
    private readonly deps: {
      db: Kysely<DB>;
      clock: Clock;
      audit: Pick<AuditService, 'append' | 'record'>;
      session: SessionPolicy;
      /** The first step of the progressive delay after a failed login; 0: none. */
      loginDelayMs?: number;
      /** How the delay waits (tests count instead). */
      sleep?: (ms: number) => Promise<void>;
    },
  ) {}

  /** Loads a user's grants and resolves their union scope into an Actor. */
  async loadActor(tenantId: string, user: Pick<UserRow, 'id' | 'username' | 'display_name' | 'org_unit_id'>, via: Actor['via'] = 'session'): Promise<Actor> {
    const rows = await this.deps.db
      .selectFrom('role_grants')
      .select(['role', 'scope_kind', 'scope_unit_ids'])
      .where('tenant_id', '=', tenantId)
      .where('user_id', '=', user.id)
      .execute();
    return this.actorOf(tenantId, user, rows, via);
  }

  /** The Actor of a user from their grant rows; the union scope resolved. */
  private async actorOf(tenantId: string, user: Pick<UserRow, 'id' | 'username' | 'display_name' | 'org_unit_id'>, rows: GrantRow[], via: Actor['via']): Promise<Actor> {
    const grants: Grant[] = rows.map((r) => ({ role: r.role, scopeKind: r.scope_kind, unitIds: r.scope_unit_ids ?? [] }));
    // A subtree rooted at the top unit is the whole tenant: say so, and every scope filter drops away.
    const top = await this.topUnit(tenantId);
    for (const g of grants) {
      if (g.scopeKind === 'subtree' && user.org_unit_id === top) g.scopeKind = 'all';
      if (top && g.scopeKind === 'units' && g.unitIds.includes(top)) g.scopeKind = 'all';
    }
    return {
      tenantId,
      userId: user.id,
      username: user.username,
      displayName: user.display_name,
      orgUnitId: user.org_unit_id,
      grants,
      scope: unionScopes(grants.map((g) => grantScope(g, user.org_unit_id))),
      via,
      readOnly: false,
    };
  }

  private readonly topUnits = new Map<string, string>();

  /** The tenant's top unit (cached: it never changes once created). */
  private async topUnit(tenantId: string): Promise<string | undefined> {
    const known = this.topUnits.get(tenantId);
    if (known) return known;
    const row = await this.deps.db.selectFrom('org_units').select('id').where('tenant_id', '=', tenantId).where('parent_id', 'is', null).executeTakeFirst();
    if (row) this.topUnits.set(tenantId, row.id);
    return row?.id;
  }

  /**
   * Checks a username and password. Failures count per account and source address: each one
   * from that address waits longer before it is answered, and the fifth locks the account for
   * that address only (15 minutes), so nobody elsewhere can lock a person out. The caller hears
   * the same words for an unknown name, a wrong password and a lock; the audit log tells them apart.
   */
  async login(username: string, password: string, info: RequestInfo): Promise<LoginResult> {
    const now = this.deps.clock.now();
    const name = username.trim().toLowerCase();
    const users = await this.deps.db.selectFrom('users').selectAll().where(sql`lower(username)`, '=', name).limit(2).execute();
    const user = users.length === 1 ? users[0] : undefined;
    const failed = new AppError('UNAUTHENTICATED', '用户名或密码错误');
    const tenantId = user?.tenant_id ?? (await this.deps.db.selectFrom('tenants').select('id').orderBy('created_at').limit(1).executeTakeFirst())?.id;
    const key = tenantId ? { tenantId, username: name.slice(0, 100), source: info.ip ?? '' } : undefined;
    const record = key ? await this.deps.db.selectFrom('login_failures').selectAll().where('tenant_id', '=', key.tenantId).where('username', '=', key.username).where('source', '=', key.source).executeTakeFirst() : undefined;
    const locked = !!record?.locked_until && record.locked_until > now;
    const prior = !record || isStale(record, now) ? 0 : record.failures;
    await this.throttle(locked ? MAX_FAILED_LOGINS : prior);
    if (!user) {
      // Spend the same time as a real check so that response times do not reveal which names exist.
      this.dummyHash ??= hashPassword(randomSecret());
      await verifyPassword(await this.dummyHash, password);
      if (key) {
        await this.deps.db.transaction().execute(async (tx) => {
          const who = { tenantId: key.tenantId, actorName: username.slice(0, 50), ip: info.ip ?? null, requestId: info.requestId ?? null };
          if (locked) await this.deps.audit.append(tx, who, { action: 'auth.login_locked', summary: '锁定期间尝试登录：用户不存在' });
          else await this.recordFailure(tx, key, now, who, undefined, '用户不存在');
        });
      }
      throw failed;
    }
    const who = { tenantId: user.tenant_id, actorId: user.id, actorName: user.display_name, actorOrgUnitId: user.org_unit_id, ip: info.ip ?? null, requestId: info.requestId ?? null };
    const passwordOk = await verifyPassword(user.password_hash, password);
    if (locked) {
      await this.deps.audit.append(this.deps.db, who, { action: 'auth.login_locked', entityType: 'user', entityId: user.id, summary: `账户对地址 ${key!.source || '未知'} 锁定期间尝试登录${passwordOk ? '（密码正确）' : ''}`, after: { lockedUntil: record!.locked_until } });
      throw failed;
    }
    if (!passwordOk || !user.active) {
      // A deactivated account says so only to someone who knows its password.
      if (passwordOk) {
        await this.deps.audit.append(this.deps.db, who, { action: 'auth.login_failed', entityType: 'user', entityId: user.id, summary: '登录失败：账户已停用' });
        throw new AppError('UNAUTHENTICATED', '账户已停用，请联系管理员');
      }
      await this.deps.db.transaction().execute((tx) => this.recordFailure(tx, key!, now, who, user.id, user.active ? '密码错误' : '账户已停用且密码错误'));
      throw failed;
    }
    const secret = randomSecret();
    const csrfToken = randomSecret(24);
    const expiresAt = new Date(now.getTime() + this.deps.session.maxHours * 3600_000);
    await this.deps.db.transaction().execute(async (tx) => {
      await tx.deleteFrom('login_failures').where('tenant_id', '=', user.tenant_id).where('username', '=', key!.username).where('source', '=', key!.source).execute();
      await tx
        .updateTable('users')
        .set({ failed_logins: 0, locked_until: null, last_login_at: now })
        .where('tenant_id', '=', user.tenant_id)
        .where('id', '=', user.id)
        .execute();
      await tx
        .insertInto('sessions')
        .values({ tenant_id: user.tenant_id, id: sha256(secret), user_id: user.id, csrf_token: csrfToken, ip: info.ip ?? null, user_agent: info.userAgent?.slice(0, 300) ?? null, created_at: now, last_seen_at: now, expires_at: expiresAt })
        .execute();
      await this.deps.audit.append(tx, who, { action: 'auth.login', entityType: 'user', entityId: user.id, summary: '登录成功' });
    });
    const actor = await this.loadActor(user.tenant_id, user);
    return { cookie: `${user.tenant_id}.${secret}`, csrfToken, expiresAt, actor, mustChangePassword: user.must_change_password };
  }

  /** Waits before answering a login from an account and address with `failures` recent failures: 0, then doubling up to the cap. */
  private throttle(failures: number): Promise<void> {
    const ms = loginDelayMs(this.deps.loginDelayMs ?? 0, failures);
    return ms > 0 ? (this.deps.sleep ?? sleep)(ms) : Promise.resolve();
  }

  /** Counts one failure of an account from an address (a stale count starts again); the fifth locks it for that address. */
  private async recordFailure(tx: Kysely<DB>, key: FailureKey, now: Date, who: AuditWho, userId: string | undefined, reason: string): Promise<void> {
    const stale = sql<boolean>`(login_failures.locked_until IS NOT NULL AND login_failures.locked_until <= ${now}) OR (login_failures.locked_until IS NULL AND login_failures.last_failed_at < ${new Date(now.getTime() - LOCK_MINUTES * 60_000)})`;
    const r = await tx
      .insertInto('login_failures')
      .values({ tenant_id: key.tenantId, username: key.username, source: key.source, failures: 1, last_failed_at: now })
      .onConflict((oc) =>
        oc.columns(['tenant_id', 'username', 'source']).doUpdateSet({
          failures: sql`CASE WHEN ${stale} THEN 1 ELSE login_failures.failures + 1 END`,
          locked_until: sql`CASE WHEN ${stale} THEN NULL ELSE login_failures.locked_until END`,
          last_failed_at: now,
        }),
      )
      .returning('failures')
      .executeTakeFirstOrThrow();
    const entity = userId ? { entityType: 'user', entityId: userId } : {};
    const from = key.source || '未知';
    await this.deps.audit.append(tx, who, { action: 'auth.login_failed', ...entity, summary: `登录失败：${reason}（地址 ${from} 第 ${r.failures} 次）` });
    if (r.failures >= MAX_FAILED_LOGINS) {
      const until = new Date(now.getTime() + LOCK_MINUTES * 60_000);
      await tx.updateTable('login_failures').set({ locked_until: until }).where('tenant_id', '=', key.tenantId).where('username', '=', key.username).where('source', '=', key.source).execute();
      await this.deps.audit.append(tx, who, { action: 'auth.lockout', ...entity, summary: `地址 ${from} 连续 ${MAX_FAILED_LOGINS} 次登录失败，该地址对此账户锁定 ${LOCK_MINUTES} 分钟`, after: { source: key.source, lockedUntil: until } });
    }
    // Old counts of names nobody uses again are dropped here rather than by a job.
    await tx
      .deleteFrom('login_failures')
      .where('tenant_id', '=', key.tenantId)
      .where('last_failed_at', '<', new Date(now.getTime() - 86400_000))
      .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', now)]))
      .execute();
  }

  /**
   * Resolves a session cookie to its Actor, enforcing the idle and absolute limits.
   * Returns the session's CSRF token and whether the password must be changed first.
   */
  async authenticateSession(cookie: string, info: RequestInfo): Promise<{ actor: Actor; csrfToken: string; mustChangePassword: boolean }> {
    const [tenantId, secret] = cookie.split('.', 2);
    if (!tenantId || !secret || !/^[0-9a-f-]{36}$/.test(tenantId)) throw new AppError('UNAUTHENTICATED', '请先登录');
    const now = this.deps.clock.now();
    const row = await this.deps.db
      .selectFrom('sessions as s')
      .innerJoin('users as u', (j) => j.onRef('u.tenant_id', '=', 's.tenant_id').onRef('u.id', '=', 's.user_id'))
      .select(['s.id as sid', 's.csrf_token', 's.last_seen_at', 's.expires_at', 'u.id', 'u.username', 'u.display_name', 'u.org_unit_id', 'u.active', 'u.must_change_password'])
      // The user's grants come with the session: one round trip per request.
      .select(
        sql<GrantRow[]>`(SELECT coalesce(json_agg(json_build_object('role', g.role, 'scope_kind', g.scope_kind, 'scope_unit_ids', g.scope_unit_ids)), '[]'::json) FROM role_grants g WHERE g.tenant_id = s.tenant_id AND g.user_id = s.user_id)`.as('grants'),
      )
      .where('s.tenant_id', '=', tenantId)
      .where('s.id', '=', sha256(secret))
      .executeTakeFirst();
    if (!row) throw new AppError('UNAUTHENTICATED', '请先登录');
    const idleDeadline = row.last_seen_at.getTime() + this.deps.session.idleMinutes * 60_000;
    if (row.expires_at <= now || idleDeadline <= now.getTime() || !row.active) {
      await this.deps.db.deleteFrom('sessions').where('tenant_id', '=', tenantId).where('id', '=', row.sid).execute();
      throw new AppError('SESSION_EXPIRED', row.active ? '登录已过期，请重新登录' : '账户已停用');
    }
    if (now.getTime() - row.last_seen_at.getTime() > TOUCH_INTERVAL_MS) {
      await this.deps.db.updateTable('sessions').set({ last_seen_at: now }).where('tenant_id', '=', tenantId).where('id', '=', row.sid).execute();
    }
    const actor = await this.actorOf(tenantId, row, typeof row.grants === 'string' ? (JSON.parse(row.grants) as GrantRow[]) : row.grants, 'session');
    actor.ip = info.ip;
    actor.requestId = info.requestId;
    return { actor, csrfToken: row.csrf_token, mustChangePassword: row.must_change_password };
  }

  /**
   * Resolves an `Authorization: Bearer lst_…` token to its Actor; read-only tokens cannot write.
   * Answers, like a session, whether the user must first change a password an administrator set.
   */
  async authenticateToken(token: string, info: RequestInfo): Promise<{ actor: Actor; mustChangePassword: boolean }> {
    const m = /^lst_([0-9a-f]{32})_([A-Za-z0-9_-]{20,})$/.exec(token);
    if (!m) throw new AppError('UNAUTHENTICATED', 'API 令牌无效');
    const tenantId = m[1]!.replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5');
    const now = this.deps.clock.now();
    const row = await this.deps.db
      .selectFrom('api_tokens as t')
      .innerJoin('users as u', (j) => j.onRef('u.tenant_id', '=', 't.tenant_id').onRef('u.id', '=', 't.user_id'))
      .select(['t.id as token_id', 't.access', 't.expires_at', 't.revoked_at', 't.last_used_at', 'u.id', 'u.username', 'u.display_name', 'u.org_unit_id', 'u.active', 'u.must_change_password'])
      .where('t.tenant_id', '=', tenantId)
      .where('t.token_hash', '=', sha256(m[2]!))
      .executeTakeFirst();
    if (!row || row.revoked_at || !row.active || (row.expires_at && row.expires_at <= now)) throw new AppError('UNAUTHENTICATED', 'API 令牌无效、已过期或已撤销');
    if (!row.last_used_at || now.getTime() - row.last_used_at.getTime() > TOUCH_INTERVAL_MS) {
      await this.deps.db.updateTable('api_tokens').set({ last_used_at: now }).where('tenant_id', '=', tenantId).where('id', '=', row.token_id).execute();
    }
    const actor = await this.loadActor(tenantId, row, 'token');
    actor.readOnly = row.access === 'read';
    actor.ip = info.ip;
    actor.requestId = info.requestId;
    return { actor, mustChangePassword: row.must_change_password };
  }

  async logout(cookie: string, actor: Actor | undefined): Promise<void> {
    const [tenantId, secret] = cookie.split('.', 2);
    if (!tenantId || !secret) return;
    await this.deps.db.transaction().execute(async (tx) => {
      const r = await tx.deleteFrom('sessions').where('tenant_id', '=', tenantId).where('id', '=', sha256(secret)).executeTakeFirst();
      if (actor && Number(r.numDeletedRows) > 0) await this.deps.audit.record(tx, actor, { action: 'auth.logout', entityType: 'user', entityId: actor.userId, summary: '退出登录' });
    });
  }

  /** Changes the caller's own password; other sessions of the user are ended. */
  async changePassword(actor: Actor, currentPassword: string, newPassword: string, keepSessionCookie?: string): Promise<void> {
    const user = await this.deps.db.selectFrom('users').selectAll().where('tenant_id', '=', actor.tenantId).where('id', '=', actor.userId).executeTakeFirst();
    if (!user) throw notFound('用户');
    if (!(await verifyPassword(user.password_hash, currentPassword))) throw invalid('currentPassword', '当前密码不正确');
    if (newPassword === currentPassword) throw invalid('newPassword', '新密码不能与当前密码相同');
    const problem = passwordRefusal(newPassword, user.username);
    if (problem) throw invalid('newPassword', problem);
    const hash = await hashPassword(newPassword);
    const keep = keepSessionCookie?.split('.', 2)[1];
    await this.deps.db.transaction().execute(async (tx) => {
      await tx
        .updateTable('users')
        .set({ password_hash: hash, must_change_password: false, password_changed_at: this.deps.clock.now(), updated_at: this.deps.clock.now() })
        .where('tenant_id', '=', actor.tenantId)
        .where('id', '=', actor.userId)
        .execute();
      let del = tx.deleteFrom('sessions').where('tenant_id', '=', actor.tenantId).where('user_id', '=', actor.userId);
      if (keep) del = del.where('id', '!=', sha256(keep));
      await del.execute();
      await this.deps.audit.record(tx, actor, { action: 'auth.password_change', entityType: 'user', entityId: actor.userId, summary: '修改密码' });
    });
  }
}
