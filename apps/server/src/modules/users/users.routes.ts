import { LIMITS, ROLES, SCOPE_KINDS } from '@luoshi/shared';
import { z } from 'zod';
import { actorOf } from '../../http/auth-hook.ts';
import { pageInfoSchema, pageQuerySchema } from '../../http/pagination.ts';
import { idParams, iso, okSchema, queryBool, type App } from '../../http/types.ts';
import type { RoleGrantRow } from '../../db/schema.ts';
import type { LoginLock, UserListRow, UserService } from './users.service.ts';

const grantSchema = z.object({ id: z.string().optional(), role: z.enum(ROLES), scopeKind: z.enum(SCOPE_KINDS), unitIds: z.array(z.string()) });
const userSchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  phone: z.string().nullable(),
  orgUnit: z.object({ id: z.string(), name: z.string() }),
  active: z.boolean(),
  locked: z.boolean(),
  lockedUntil: z.string().nullable(),
  lastLoginAt: z.string().nullable(),
  mustChangePassword: z.boolean(),
  roles: z.array(z.enum(ROLES)),
  grants: z.array(grantSchema).optional(),
  /** Detail only: the source addresses the account is locked for now. */
  locks: z.array(z.object({ source: z.string(), failures: z.number(), lockedUntil: z.string(), lastFailedAt: z.string() })).optional(),
  createdAt: z.string().nullable(),
});

export function presentGrant(g: Pick<RoleGrantRow, 'role' | 'scope_kind' | 'scope_unit_ids'> & { id?: string }): z.infer<typeof grantSchema> {
  return { ...(g.id ? { id: g.id } : {}), role: g.role, scopeKind: g.scope_kind, unitIds: g.scope_unit_ids ?? [] };
}

/** Output fields of an account, one by one; never the password hash. */
export function presentUser(u: Omit<UserListRow, 'roles'> & { roles?: UserListRow['roles'] }, grants?: RoleGrantRow[], locks?: LoginLock[]): z.infer<typeof userSchema> {
  return {
    id: u.id,
    username: u.username,
    displayName: u.display_name,
    phone: u.phone,
    orgUnit: { id: u.org_unit_id, name: u.org_unit_name },
    active: u.active,
    // The service answers only locks that hold now (on its clock).
    locked: !!u.locked_until,
    lockedUntil: iso(u.locked_until),
    lastLoginAt: iso(u.last_login_at),
    mustChangePassword: u.must_change_password,
    roles: u.roles ?? [...new Set((grants ?? []).map((g) => g.role))],
    ...(grants ? { grants: grants.map(presentGrant) } : {}),
    ...(locks ? { locks: locks.map((l) => ({ source: l.source, failures: l.failures, lockedUntil: l.lockedUntil.toISOString(), lastFailedAt: l.lastFailedAt.toISOString() })) } : {}),
    createdAt: iso(u.created_at),
  };
}

const grantInput = z.object({ role: z.enum(ROLES, '无效的角色'), scopeKind: z.enum(SCOPE_KINDS, '无效的数据范围'), unitIds: z.array(z.uuid()).max(200).optional() });
const policiesSchema = z.object({ update: z.boolean(), resetPassword: z.boolean(), setGrants: z.boolean(), deactivate: z.boolean(), unlock: z.boolean() });
const single = z.object({ data: userSchema, policies: policiesSchema });
const password = z.string().min(1, '请输入密码').max(LIMITS.passwordMax);

/** Routes of accounts and their grants. */
export function registerUserRoutes(app: App, users: UserService): void {
  const one = async (actor: ReturnType<typeof actorOf>, id: string) => {
    const { user, grants, locks } = await users.get(actor, id);
    return { data: presentUser(user, grants, locks), policies: await users.policies(actor, user) };
  };

  app.get('/api/users', {
    schema: {
      tags: ['用户'],
      summary: '用户列表（数据范围内）',
      querystring: pageQuerySchema.extend({ q: z.string().max(100).optional(), orgUnitId: z.uuid().optional(), role: z.enum(ROLES).optional(), active: queryBool.optional(), locked: queryBool.optional() }),
      response: { 200: z.object({ data: z.array(userSchema), page: pageInfoSchema }) },
    },
    handler: async (req) => {
      const page = await users.list(actorOf(req), req.query);
      return { data: page.data.map((u) => presentUser(u)), page: page.page };
    },
  });

  app.get('/api/users/:id', { schema: { tags: ['用户'], summary: '用户详情', params: idParams, response: { 200: single } }, handler: async (req) => one(actorOf(req), req.params.id) });

  app.post('/api/users', {
    schema: {
      tags: ['用户'],
      summary: '新建用户（首次登录须修改密码）',
      body: z.object({
        username: z.string().trim().min(LIMITS.usernameMin, `用户名至少 ${LIMITS.usernameMin} 个字符`).max(LIMITS.usernameMax).regex(/^[A-Za-z0-9_.@-]+$/, '用户名只能包含字母、数字和 _ . @ -'),
        displayName: z.string().trim().min(1, '姓名不能为空').max(50),
        phone: z.string().trim().regex(/^[0-9+\- ]{5,20}$/, '手机号格式不正确').nullable().optional().or(z.literal('')),
        orgUnitId: z.uuid('请选择所属单位'),
        password,
        grants: z.array(grantInput).max(20).default([]),
      }),
      response: { 201: single },
    },
    handler: async (req, reply) => {
      const actor = actorOf(req);
      const user = await users.create(actor, req.body);
      return reply.status(201).send(await one(actor, user.id));
    },
  });

  app.patch('/api/users/:id', {
    schema: {
      tags: ['用户'],
      summary: '修改用户',
      params: idParams,
      body: z.object({ displayName: z.string().trim().min(1).max(50).optional(), phone: z.string().trim().max(20).nullable().optional(), orgUnitId: z.uuid().optional(), active: z.boolean().optional() }),
      response: { 200: single },
    },
    handler: async (req) => {
      const actor = actorOf(req);
      await users.update(actor, req.params.id, req.body);
      return one(actor, req.params.id);
    },
  });

  app.put('/api/users/:id/grants', {
    schema: { tags: ['用户'], summary: '设置用户的角色与数据范围', params: idParams, body: z.object({ grants: z.array(grantInput).max(20) }), response: { 200: single } },
    handler: async (req) => {
      const actor = actorOf(req);
      await users.setGrants(actor, req.params.id, req.body.grants);
      return one(actor, req.params.id);
    },
  });

  app.post('/api/users/:id/reset-password', {
    schema: { tags: ['用户'], summary: '管理员重置密码（下次登录须修改）', params: idParams, body: z.object({ password }), response: { 200: okSchema } },
    handler: async (req) => {
      await users.resetPassword(actorOf(req), req.params.id, req.body.password);
      return { ok: true as const };
    },
  });

  app.post('/api/users/:id/unlock', {
    schema: { tags: ['用户'], summary: '解除登录锁定（该账户对所有来源地址的锁定与失败计数）', params: idParams, response: { 200: okSchema } },
    handler: async (req) => {
      await users.unlock(actorOf(req), req.params.id);
      return { ok: true as const };
    },
  });
}
