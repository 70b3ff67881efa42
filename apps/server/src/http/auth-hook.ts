import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../access/index.ts';
import { AppError } from '../errors.ts';
import { safeEqual } from '../lib/crypto.ts';
import type { AuthService } from '../modules/auth/auth.service.ts';

export const SESSION_COOKIE = 'luoshi_sid';
export const CSRF_HEADER = 'x-csrf-token';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
    /** The cookie session behind `actor` (null for a token or no login): its CSRF token and pending password change. */
    session: { csrfToken: string; mustChangePassword: boolean } | null;
  }
  interface FastifyContextConfig {
    /** `public`: no login needed; `optional`: actor when present. Default: required. */
    auth?: 'public' | 'optional' | 'required';
    /** Reachable while the user still has to change an administrator-set password. */
    allowPendingPasswordChange?: boolean;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Resolves the caller for every /api request: a Bearer API token or the session cookie.
 * Cookie-authenticated writes must echo the session's CSRF token in `x-csrf-token`.
 */
export function registerAuthHook(app: FastifyInstance, auth: Pick<AuthService, 'authenticateSession' | 'authenticateToken'>): void {
  app.decorateRequest('actor', null);
  app.decorateRequest('session', null);
  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    // The browsable API page (a plugin's routes) is public like the OpenAPI document it shows.
    if (!request.url.startsWith('/api/') || request.url.startsWith('/api/docs') || request.is404) return;
    const mode = request.routeOptions.config?.auth ?? 'required';
    if (mode === 'public') return;
    const info = { ip: request.ip, userAgent: request.headers['user-agent'], requestId: request.id };
    const header = request.headers.authorization;
    try {
      let resolved: { actor: Actor; mustChangePassword: boolean };
      if (header?.startsWith('Bearer ')) {
        resolved = await auth.authenticateToken(header.slice(7).trim(), info);
        if (resolved.actor.readOnly && !SAFE_METHODS.has(request.method)) throw new AppError('FORBIDDEN', '只读 API 令牌不能执行写操作');
      } else {
        const cookie = request.cookies[SESSION_COOKIE];
        if (!cookie) throw new AppError('UNAUTHENTICATED', '请先登录');
        const session = await auth.authenticateSession(cookie, info);
        resolved = session;
        request.session = { csrfToken: session.csrfToken, mustChangePassword: session.mustChangePassword };
        if (!SAFE_METHODS.has(request.method)) {
          const sent = request.headers[CSRF_HEADER];
          if (typeof sent !== 'string' || !safeEqual(sent, session.csrfToken)) throw new AppError('CSRF', '请求校验失败（CSRF），请刷新页面后重试');
        }
      }
      // A token or a session alike: an administrator-set password is changed before anything else.
      if (resolved.mustChangePassword && !request.routeOptions.config?.allowPendingPasswordChange) {
        throw new AppError('PASSWORD_CHANGE_REQUIRED', '管理员重置了您的密码，请先修改密码');
      }
      request.actor = resolved.actor;
    } catch (err) {
      if (mode === 'optional' && err instanceof AppError && (err.code === 'UNAUTHENTICATED' || err.code === 'SESSION_EXPIRED')) return;
      if (err instanceof AppError && err.code === 'SESSION_EXPIRED') reply.clearCookie(SESSION_COOKIE, { path: '/' });
      throw err;
    }
  });
}

/** The authenticated actor of a route that requires login. */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) throw new AppError('UNAUTHENTICATED', '请先登录');
  return request.actor;
}
