import { escapeLike, searchKey, type Role, type ScopeKind } from '@luoshi/shared';
import { sql, type ExpressionBuilder, type Kysely } from 'kysely';
import { hasRole, inScope, scopeForRoles, unitInScope, unitsInScope, type Actor } from '../../access/index.ts';
import type { DB, RoleGrantRow, UserRow } from '../../db/schema.ts';
import { conflict, forbidden, invalid, notFound } from '../../errors.ts';
import type { Clock } from '../../lib/clock.ts';
import { hashPassword } from '../../lib/password.ts';
import { passwordRefusal } from '../../lib/password-policy.ts';
import { paginate, type Page, type PageQuery } from '../../db/pagination.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { revokeUserTokens } from '../auth/tokens.service.ts';

export interface GrantInput {
  role: Role;
  scopeKind: ScopeKind;
  unitIds?: string[] | undefined;
}

export interface UserInput {
  username: string;
  displayName: string;
  phone?: string | null | undefined;
  orgUnitId: string;
  password: string;
  grants: GrantInput[];
}

export interface UserListFilter extends PageQuery {
  q?: string | undefined;
  orgUnitId?: string | undefined;
  role?: Role | undefined;
  active?: boolean | undefined;
  /** Only accounts locked now for at least one address. */
  locked?: boolean | undefined;
}

/** A lock of an account for one source address, as administrators see it. */
export interface LoginLock {
  source: string;
  failures: number;
  lockedUntil: Date;
  lastFailedAt: Date;
}

export type UserListRow = Pick<UserRow, 'id' | 'username' | 'display_name' | 'phone' | 'org_unit_id' | 'active' | 'locked_until' | 'last_login_at' | 'must_change_password' | 'created_at'> & {
  org_unit_name: string;
  roles: Role[];
};

export interface UserPolicies {
  update: boolean;
  resetPassword: boolean;
  setGrants: boolean;
  deactivate: boolean;
  unlock: boolean;
}

/** Roles that may read other people's accounts (within their scope). */
const READER_ROLES: Role[] = ['admin', 'supervisor', 'leader'];

function userSearchKey(u: { username: string; display_name: string; phone?: string | null }): string {
  return searchKey([u.username, u.display_name, u.phone ?? ''].join(' '));
}

/** Accounts and their role grants, managed by administrators within their scope. */
export class UserService {
  constructor(private readonly deps: { db: Kysely<DB>; clock: Clock; audit: Pick<AuditService, 'record'> }) {}

  async list(actor: Actor, filter: UserListFilter): Promise<Page<UserListRow>> {
    if (!hasRole(actor, ...READER_ROLES)) throw forbidden('您的角色不能查看用户列表');
    const scope = scopeForRoles(actor, READER_ROLES);
    const db = this.deps.db;
    let q = db
      .selectFrom('users as u')
      .innerJoin('org_units as o', (j) => j.onRef('o.tenant_id', '=', 'u.tenant_id').onRef('o.id', '=', 'u.org_unit_id'))
      .where('u.tenant_id', '=', actor.tenantId)
      .where((eb) => inScope(scope, actor.tenantId, eb.ref('u.org_unit_id')));
    if (filter.q?.trim()) q = q.where('u.search_key', 'like', `%${escapeLike(searchKey(filter.q))}%`);
    if (filter.active !== undefined) q = q.where('u.active', '=', filter.active);
    const now = this.deps.clock.now();
    if (filter.locked !== undefined) {
      const locks = (eb: ExpressionBuilder<DB & { u: DB['users'] }, 'u'>) =>
        eb.exists(eb.selectFrom('login_failures as lf').select('lf.source').whereRef('lf.tenant_id', '=', 'u.tenant_id').where('lf.username', '=', sql<string>`lower(u.username)`).where('lf.locked_until', '>', now));
      q = q.where((eb) => (filter.locked ? locks(eb) : eb.not(locks(eb))));
    }
    if (filter.orgUnitId) {
      const unit = filter.orgUnitId;
      q = q.where('u.org_unit_id', 'in', (eb) => eb.selectFrom('org_closure').select('descendant_id').where('tenant_id', '=', actor.tenantId).where('ancestor_id', '=', unit));
    }
    if (filter.role) {
      const role = filter.role;
      q = q.where((eb) => eb.exists(eb.selectFrom('role_grants as g').select('g.id').whereRef('g.tenant_id', '=', 'u.tenant_id').whereRef('g.user_id', '=', 'u.id').where('g.role', '=', role)));
    }
    const rows = q
      .select(['u.id', 'u.username', 'u.display_name', 'u.phone', 'u.org_unit_id', 'u.active', 'u.last_login_at', 'u.must_change_password', 'u.created_at', 'o.name as org_unit_name'])
      // Locked: for at least one source address, until the latest of those locks.
      .select((eb) =>
        eb
          .selectFrom('login_failures as lf')
          .select((f) => f.fn.max('lf.locked_until').as('m'))
          .whereRef('lf.tenant_id', '=', 'u.tenant_id')
          .where('lf.username', '=', sql<string>`lower(u.username)`)
          .where('lf.locked_until', '>', now)
          .$castTo<Date | null>()
          .as('locked_until'),
      )
      // A whole-tenant list walks the username index. A scoped one sorts its own users instead: walking
      // the index would probe the scope for every user ahead of them (tens of thousands for a city
      // late in the alphabet), while a subtree's few thousand users sort in a millisecond or two.
      .orderBy(scope.all ? sql`u.username` : sql`u.username || ''`);
    const page = await paginate(rows, q, filter);
    const ids = page.data.map((r) => r.id);
    const grants = ids.length
      ? await db.selectFrom('role_grants').select(['user_id', 'role']).where('tenant_id', '=', actor.tenantId).where('user_id', 'in', ids).execute()
      : [];
    return {
      ...page,
      data: page.data.map((r) => ({ ...r, roles: [...new Set(grants.filter((g) => g.user_id === r.id).map((g) => g.role))] })),
    };
  }

  /** One account inside the actor's scope with its grants; 404 outside scope, 403 without a reading role. */
  async get(actor: Actor, id: string): Promise<{ user: UserRow & { org_unit_name: string }; grants: RoleGrantRow[]; locks: LoginLock[] }> {
    const user = await this.requireVisible(actor, id);
    if (actor.userId !== id && !(await unitInScope(this.deps.db, scopeForRoles(actor, READER_ROLES), actor.tenantId, user.org_unit_id))) {
      throw forbidden('您的角色不能查看此用户');
    }
    const grants = await this.deps.db.selectFrom('role_grants').selectAll().where('tenant_id', '=', actor.tenantId).where('user_id', '=', id).orderBy('created_at').execute();
    const locks = await this.locks(actor.tenantId, user.username);
    // The account's lock is that of its addresses (users.locked_until is no longer written).
    return { user: { ...user, locked_until: locks.reduce<Date | null>((m, l) => (m && m > l.lockedUntil ? m : l.lockedUntil), null) }, grants, locks };
  }

  /** The addresses an account is locked for now, latest lock first. */
  private async locks(tenantId: string, username: string): Promise<LoginLock[]> {
    const rows = await this.deps.db
      .selectFrom('login_failures')
      .select(['source', 'failures', 'locked_until', 'last_failed_at'])
      .where('tenant_id', '=', tenantId)
      .where('username', '=', username.toLowerCase())
      .where('locked_until', '>', this.deps.clock.now())
      .orderBy('locked_until', 'desc')
      .execute();
    return rows.map((r) => ({ source: r.source, failures: r.failures, lockedUntil: r.locked_until!, lastFailedAt: r.last_failed_at }));
  }

  async policies(actor: Actor, user: UserRow): Promise<UserPolicies> {
    const manage = await this.canManage(actor, user.org_unit_id);
    const self = user.id === actor.userId;
    return { update: manage, resetPassword: manage && !self, setGrants: manage && !self, deactivate: manage && !self && user.active, unlock: manage && !!user.locked_until && user.locked_until > this.deps.clock.now() };
  }

  async create(actor: Actor, input: UserInput): Promise<UserRow> {
    await this.requireManageUnit(actor, input.orgUnitId);
    const problem = passwordRefusal(input.password, input.username);
    if (problem) throw invalid('password', problem);
    await this.checkGrants(actor, input.orgUnitId, input.grants);
    const hash = await hashPassword(input.password);
    return this.deps.db.transaction().execute(async (tx) => {
      const taken = await tx.selectFrom('users').select('id').where('tenant_id', '=', actor.tenantId).where('username', '=', input.username).executeTakeFirst();
      if (taken) throw conflict(`用户名 ${input.username} 已被使用`, [{ field: 'username', message: '用户名已被使用' }]);
      const fields = { username: input.username, display_name: input.displayName, phone: input.phone || null };
      const user = await tx
        .insertInto('users')
        .values({ tenant_id: actor.tenantId, ...fields, org_unit_id: input.orgUnitId, password_hash: hash, must_change_password: true, search_key: userSearchKey(fields) })
        .returningAll()
        .executeTakeFirstOrThrow();
      await this.writeGrants(tx, actor.tenantId, user.id, input.grants);
      await this.deps.audit.record(tx, actor, { action: 'user.create', entityType: 'user', entityId: user.id, summary: `新建用户 ${user.display_name}（${user.username}）`, after: { ...redact(user), grants: input.grants } });
      return user;
    });
  }

  async update(actor: Actor, id: string, patch: { displayName?: string | undefined; phone?: string | null | undefined; orgUnitId?: string | undefined; active?: boolean | undefined }): Promise<UserRow> {
    const before = await this.requireVisible(actor, id);
    await this.requireManageUnit(actor, before.org_unit_id);
    if (patch.orgUnitId && patch.orgUnitId !== before.org_unit_id) await this.requireManageUnit(actor, patch.orgUnitId);
    if (patch.active === false && id === actor.userId) throw forbidden('不能停用自己的账户');
    return this.deps.db.transaction().execute(async (tx) => {
      const next = {
        display_name: patch.displayName ?? before.display_name,
        phone: patch.phone === undefined ? before.phone : patch.phone || null,
        org_unit_id: patch.orgUnitId ?? before.org_unit_id,
        active: patch.active ?? before.active,
      };
      const after = await tx
        .updateTable('users')
        .set({ ...next, search_key: userSearchKey({ username: before.username, ...next }), updated_at: this.deps.clock.now() })
        .where('tenant_id', '=', actor.tenantId)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      let revoked = 0;
      if (!after.active) {
        await tx.deleteFrom('sessions').where('tenant_id', '=', actor.tenantId).where('user_id', '=', id).execute();
        revoked = await revokeUserTokens(tx, actor.tenantId, id, this.deps.clock.now());
      }
      await this.deps.audit.record(tx, actor, { action: 'user.update', entityType: 'user', entityId: id, summary: `修改用户 ${after.display_name}${tokensNote(revoked)}`, before: redact(before), after: { ...redact(after), ...(revoked ? { revokedTokens: revoked } : {}) } });
      return after;
    });
  }

  async setGrants(actor: Actor, id: string, grants: GrantInput[]): Promise<RoleGrantRow[]> {
    const user = await this.requireVisible(actor, id);
    await this.requireManageUnit(actor, user.org_unit_id);
    if (id === actor.userId) throw forbidden('不能修改自己的角色授权');
    await this.checkGrants(actor, user.org_unit_id, grants);
    return this.deps.db.transaction().execute(async (tx) => {
      const before = await tx.selectFrom('role_grants').select(['role', 'scope_kind', 'scope_unit_ids']).where('tenant_id', '=', actor.tenantId).where('user_id', '=', id).execute();
      await tx.deleteFrom('role_grants').where('tenant_id', '=', actor.tenantId).where('user_id', '=', id).execute();
      await this.writeGrants(tx, actor.tenantId, id, grants);
      // Tokens were issued under the old roles: a change of roles or scopes revokes them.
      const same = grantKeys(before.map((g) => ({ role: g.role, scopeKind: g.scope_kind, unitIds: g.scope_unit_ids ?? [] }))) === grantKeys(grants);
      const revoked = same ? 0 : await revokeUserTokens(tx, actor.tenantId, id, this.deps.clock.now());
      await this.deps.audit.record(tx, actor, { action: 'user.grants', entityType: 'user', entityId: id, summary: `修改用户 ${user.display_name} 的角色授权${tokensNote(revoked)}`, before, after: revoked ? { grants, revokedTokens: revoked } : grants });
      return tx.selectFrom('role_grants').selectAll().where('tenant_id', '=', actor.tenantId).where('user_id', '=', id).orderBy('created_at').execute();
    });
  }

  /** Sets a new password chosen by an administrator; the user must change it at next login. */
  async resetPassword(actor: Actor, id: string, password: string): Promise<void> {
    const user = await this.requireVisible(actor, id);
    await this.requireManageUnit(actor, user.org_unit_id);
    if (id === actor.userId) throw forbidden('请在“个人设置”中修改自己的密码');
    const problem = passwordRefusal(password, user.username);
    if (problem) throw invalid('password', problem);
    const hash = await hashPassword(password);
    await this.deps.db.transaction().execute(async (tx) => {
      await tx
        .updateTable('users')
        .set({ password_hash: hash, must_change_password: true, failed_logins: 0, locked_until: null, updated_at: this.deps.clock.now() })
        .where('tenant_id', '=', actor.tenantId)
        .where('id', '=', id)
        .execute();
      await tx.deleteFrom('sessions').where('tenant_id', '=', actor.tenantId).where('user_id', '=', id).execute();
      await tx.deleteFrom('login_failures').where('tenant_id', '=', actor.tenantId).where('username', '=', user.username.toLowerCase()).execute();
      const revoked = await revokeUserTokens(tx, actor.tenantId, id, this.deps.clock.now());
      await this.deps.audit.record(tx, actor, { action: 'user.reset_password', entityType: 'user', entityId: id, summary: `重置用户 ${user.display_name} 的密码${tokensNote(revoked)}`, ...(revoked ? { after: { revokedTokens: revoked } } : {}) });
    });
  }

  /** Clears every lock and failure count of the account, for every address. */
  async unlock(actor: Actor, id: string): Promise<void> {
    const user = await this.requireVisible(actor, id);
    await this.requireManageUnit(actor, user.org_unit_id);
    const locks = await this.locks(actor.tenantId, user.username);
    await this.deps.db.transaction().execute(async (tx) => {
      await tx.deleteFrom('login_failures').where('tenant_id', '=', actor.tenantId).where('username', '=', user.username.toLowerCase()).execute();
      await tx.updateTable('users').set({ failed_logins: 0, locked_until: null }).where('tenant_id', '=', actor.tenantId).where('id', '=', id).execute();
      const from = locks.map((l) => l.source || '未知').join('、');
      await this.deps.audit.record(tx, actor, { action: 'user.unlock', entityType: 'user', entityId: id, summary: `解锁用户 ${user.display_name}${from ? `（地址 ${from}）` : ''}`, before: { locks } });
    });
  }

  private canManage(actor: Actor, unitId: string): Promise<boolean> {
    if (actor.readOnly || !hasRole(actor, 'admin')) return Promise.resolve(false);
    return unitInScope(this.deps.db, scopeForRoles(actor, ['admin']), actor.tenantId, unitId);
  }

  private async requireVisible(actor: Actor, id: string): Promise<UserRow & { org_unit_name: string }> {
    const user = await this.deps.db
      .selectFrom('users as u')
      .innerJoin('org_units as o', (j) => j.onRef('o.tenant_id', '=', 'u.tenant_id').onRef('o.id', '=', 'u.org_unit_id'))
      .selectAll('u')
      .select('o.name as org_unit_name')
      .where('u.tenant_id', '=', actor.tenantId)
      .where('u.id', '=', id)
      .executeTakeFirst();
    if (!user) throw notFound('用户');
    if (user.id !== actor.userId && !(await unitInScope(this.deps.db, actor.scope, actor.tenantId, user.org_unit_id))) throw notFound('用户');
    return user;
  }

  private async requireManageUnit(actor: Actor, unitId: string): Promise<void> {
    if (!(await unitInScope(this.deps.db, actor.scope, actor.tenantId, unitId))) throw notFound('单位');
    if (!(await this.canManage(actor, unitId))) throw forbidden('只有该单位的管理员可以管理其用户');
  }

  /** An administrator can only hand out scopes inside their own administrative scope. */
  private async checkGrants(actor: Actor, userUnitId: string, grants: GrantInput[]): Promise<void> {
    const adminScope = scopeForRoles(actor, ['admin']);
    const seen = new Set<string>();
    for (const [i, g] of grants.entries()) {
      const key = `${g.role}:${g.scopeKind}:${[...(g.unitIds ?? [])].sort().join(',')}`;
      if (seen.has(key)) throw invalid(`grants.${i}`, '授权重复');
      seen.add(key);
      if (g.scopeKind === 'all' && !adminScope.all) throw invalid(`grants.${i}.scopeKind`, '您不能授予“全部”数据范围');
      if (g.scopeKind === 'units') {
        if (!g.unitIds?.length) throw invalid(`grants.${i}.unitIds`, '请选择至少一个单位');
        const managed = await unitsInScope(this.deps.db, adminScope, actor.tenantId, g.unitIds);
        if (g.unitIds.some((u) => !managed.has(u))) throw invalid(`grants.${i}.unitIds`, '所选单位不在您的管理范围内');
      }
      if (g.scopeKind === 'subtree' && !(await unitInScope(this.deps.db, adminScope, actor.tenantId, userUnitId))) {
        throw invalid(`grants.${i}.scopeKind`, '用户所在单位不在您的管理范围内');
      }
    }
  }

  private async writeGrants(tx: Kysely<DB>, tenantId: string, userId: string, grants: GrantInput[]): Promise<void> {
    if (grants.length === 0) return;
    await tx
      .insertInto('role_grants')
      .values(grants.map((g) => ({ tenant_id: tenantId, user_id: userId, role: g.role, scope_kind: g.scopeKind, scope_unit_ids: g.scopeKind === 'units' ? (g.unitIds ?? []) : [] })))
      .execute();
  }
}

/** The grants as one comparable string, whatever their order. */
function grantKeys(grants: GrantInput[]): string {
  return grants.map((g) => `${g.role}:${g.scopeKind}:${g.scopeKind === 'units' ? [...(g.unitIds ?? [])].sort().join(',') : ''}`).sort().join('|');
}

/** The audit summary's note of revoked API tokens. */
function tokensNote(revoked: number): string {
  return revoked ? `，撤销其 ${revoked} 个 API 令牌` : '';
}

/** A user row without its password hash, for the audit log. */
export function redact(user: UserRow): Omit<UserRow, 'password_hash' | 'search_key'> {
  const { password_hash: _h, search_key: _s, ...rest } = user;
  return rest;
}
