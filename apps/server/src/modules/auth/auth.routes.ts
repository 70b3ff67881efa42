import { ROLES, ROLE_LABELS } from '@luoshi/shared';
import { z } from 'zod';
import type { Config } from '../../config.ts';
import type { DB } from '../../db/schema.ts';
import type { Actor } from '../../access/index.ts';
import type { Kysely } from 'kysely';
import { actorOf, SESSION_COOKIE } from '../../http/auth-hook.ts';
import { iso, okSchema, idParams, type App } from '../../http/types.ts';
import { describeScope } from '../org/org.service.ts';
import { presentGrant } from '../users/users.routes.ts';
import type { AuthService } from './auth.service.ts';
import type { TokenService } from './tokens.service.ts';

const meSchema = z.object({
  user: z.object({ id: z.string(), username: z.string(), displayName: z.string(), phone: z.string().nullable(), orgUnit: z.object({ id: z.string(), name: z.string() }) }),
  tenant: z.object({ id: z.string(), name: z.string(), isDemo: z.boolean() }),
  roles: z.array(z.enum(ROLES)),
  roleLabels: z.array(z.string()),
  grants: z.array(z.object({ role: z.enum(ROLES), scopeKind: z.string(), unitIds: z.array(z.string()) })),
  scopeDescription: z.string(),
  csrfToken: z.string(),
  mustChangePassword: z.boolean(),
  via: z.string(),
});

const tokenSchema = z.object({ id: z.string(), name: z.string(), prefix: z.string(), access: z.enum(['read', 'write']), expiresAt: z.string().nullable(), lastUsedAt: z.string().nullable(), revokedAt: z.string().nullable(), createdAt: z.string().nullable() });

/** Login, logout, the caller's own profile and password, and personal API tokens. */
export function registerAuthRoutes(app: App, deps: { auth: AuthService; tokens: TokenService; db: Kysely<DB>; config: Pick<Config, 'cookieSecure' | 'loginRatePerMinute'> }): void {
  const { auth, tokens, db, config } = deps;
  const cookieOptions = (secure: boolean) => ({ path: '/', httpOnly: true, sameSite: 'lax' as const, secure });
  const isSecure = (proto: string) => (config.cookieSecure === 'auto' ? proto === 'https' : config.cookieSecure);

  const me = async (actor: Actor, csrfToken: string, mustChangePassword: boolean) => {
    const row = await db
      .selectFrom('users as u')
      .innerJoin('org_units as o', (j) => j.onRef('o.tenant_id', '=', 'u.tenant_id').onRef('o.id', '=', 'u.org_unit_id'))
      .innerJoin('tenants as t', 't.id', 'u.tenant_id')
      .select(['u.id', 'u.username', 'u.display_name', 'u.phone', 'o.id as org_id', 'o.name as org_name', 't.id as tenant_id', 't.name as tenant_name', 't.is_demo'])
      .where('u.tenant_id', '=', actor.tenantId)
      .where('u.id', '=', actor.userId)
      .executeTakeFirstOrThrow();
    const roles = [...new Set(actor.grants.map((g) => g.role))];
    return {
      user: { id: row.id, username: row.username, displayName: row.display_name, phone: row.phone, orgUnit: { id: row.org_id, name: row.org_name } },
      tenant: { id: row.tenant_id, name: row.tenant_name, isDemo: row.is_demo },
      roles,
      roleLabels: roles.map((r) => ROLE_LABELS[r]),
      grants: actor.grants.map((g) => presentGrant({ role: g.role, scope_kind: g.scopeKind, scope_unit_ids: g.unitIds })),
      scopeDescription: await describeScope(db, actor),
      csrfToken,
      mustChangePassword,
      via: actor.via,
    };
  };

  app.post('/api/auth/login', {
    config: { auth: 'public', rateLimit: { max: config.loginRatePerMinute, timeWindow: '1 minute' } },
    schema: {
      tags: ['认证'],
      summary: '用户名密码登录；连续 5 次失败锁定 15 分钟',
      body: z.object({ username: z.string().trim().min(1, '请输入用户名').max(100), password: z.string().min(1, '请输入密码').max(200) }),
      response: { 200: meSchema },
    },
    handler: async (req, reply) => {
      const result = await auth.login(req.body.username, req.body.password, { ip: req.ip, userAgent: req.headers['user-agent'], requestId: req.id });
      reply.setCookie(SESSION_COOKIE, result.cookie, { ...cookieOptions(isSecure(req.protocol)), expires: result.expiresAt });
      return me(result.actor, result.csrfToken, result.mustChangePassword);
    },
  });

  app.post('/api/auth/logout', {
    config: { auth: 'optional', allowPendingPasswordChange: true },
    schema: { tags: ['认证'], summary: '退出登录', response: { 200: okSchema } },
    handler: async (req, reply) => {
      const cookie = req.cookies[SESSION_COOKIE];
      if (cookie) await auth.logout(cookie, req.actor ?? undefined);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { ok: true as const };
    },
  });

  app.get('/api/auth/me', {
    config: { allowPendingPasswordChange: true },
    schema: { tags: ['认证'], summary: '当前用户、角色、数据范围（文字描述）与 CSRF 令牌', response: { 200: meSchema } },
    // The session the request was authenticated with, read once by the auth hook.
    handler: async (req) => (req.actor?.via === 'session' && req.session ? me(req.actor, req.session.csrfToken, req.session.mustChangePassword) : me(actorOf(req), '', false)),
  });

  app.post('/api/auth/password', {
    config: { allowPendingPasswordChange: true },
    schema: {
      tags: ['认证'],
      summary: '修改自己的密码（至少 8 位，含大写、小写、数字、符号中的三类）；其他会话退出',
      body: z.object({ currentPassword: z.string().min(1, '请输入当前密码').max(200), newPassword: z.string().min(1, '请输入新密码').max(200) }),
      response: { 200: okSchema },
    },
    handler: async (req) => {
      await auth.changePassword(actorOf(req), req.body.currentPassword, req.body.newPassword, req.cookies[SESSION_COOKIE]);
      return { ok: true as const };
    },
  });

  app.get('/api/tokens', {
    schema: { tags: ['API 令牌'], summary: '我的 API 令牌', response: { 200: z.object({ data: z.array(tokenSchema) }) } },
    handler: async (req) => ({
      data: (await tokens.list(actorOf(req))).map((t) => ({ id: t.id, name: t.name, prefix: t.prefix, access: t.access, expiresAt: iso(t.expires_at), lastUsedAt: iso(t.last_used_at), revokedAt: iso(t.revoked_at), createdAt: iso(t.created_at) })),
    }),
  });

  app.post('/api/tokens', {
    schema: {
      tags: ['API 令牌'],
      summary: '创建 API 令牌（明文只显示这一次）',
      body: z.object({ name: z.string().trim().min(1, '请填写令牌名称').max(50), access: z.enum(['read', 'write']).default('read'), expiresInDays: z.number().int().min(1).max(3650).optional() }),
      response: { 201: z.object({ data: tokenSchema, token: z.string() }) },
    },
    handler: async (req, reply) => {
      const { token, row: t } = await tokens.create(actorOf(req), req.body);
      return reply.status(201).send({ token, data: { id: t.id, name: t.name, prefix: t.prefix, access: t.access, expiresAt: iso(t.expires_at), lastUsedAt: null, revokedAt: null, createdAt: iso(t.created_at) } });
    },
  });

  app.delete('/api/tokens/:id', {
    schema: { tags: ['API 令牌'], summary: '撤销 API 令牌', params: idParams, response: { 200: okSchema } },
    handler: async (req) => {
      await tokens.revoke(actorOf(req), req.params.id);
      return { ok: true as const };
    },
  });

}
