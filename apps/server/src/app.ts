import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyCookie from '@fastify/cookie';
import fastifyMultipart from '@fastify/multipart';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import { LIMITS } from '@luoshi/shared';
import Fastify from 'fastify';
import { jsonSchemaTransform, serializerCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { trustProxyOption } from './config.ts';
import type { Container } from './container.ts';
import { registerAuthHook } from './http/auth-hook.ts';
import { registerErrorHandler } from './http/error-handler.ts';
import { chineseIssue, inputValidatorCompiler } from './http/input.ts';
import { CSP_NONCE_PLACEHOLDER, registerSecurityHeaders, WEB_PAGE_HELMET } from './http/security-headers.ts';
import type { App } from './http/types.ts';
import { registerAuditRoutes } from './modules/audit/audit.routes.ts';
import { registerAuthRoutes } from './modules/auth/auth.routes.ts';
import { APP_VERSION, registerHealthRoutes } from './modules/health/health.routes.ts';
import { registerOrgRoutes } from './modules/org/org.routes.ts';
import { registerUserRoutes } from './modules/users/users.routes.ts';
import { registerTaskRoutes } from './modules/tasks/tasks.routes.ts';
import { registerHomeRoutes } from './modules/tasks/home.routes.ts';
import { registerDirectiveRoutes } from './modules/directives/directives.routes.ts';
import { registerProjectRoutes } from './modules/projects/projects.routes.ts';
import { registerLeadRoutes } from './modules/projects/leads.routes.ts';
import { registerProjectTagRoutes } from './modules/projects/project-tags.routes.ts';
import { registerIndicatorRoutes } from './modules/indicators/indicators.routes.ts';
import { registerMeetingRoutes } from './modules/meetings/meetings.routes.ts';
import { registerAssessmentRoutes } from './modules/rhythm/assessment.routes.ts';
import { registerRhythmRoutes } from './modules/rhythm/rhythm.routes.ts';
import { registerNotificationRoutes } from './modules/notifications/notifications.routes.ts';
import { registerCampaignRoutes } from './modules/campaigns/campaigns.routes.ts';
import { registerSuggestionRoutes } from './modules/suggestions/suggestions.routes.ts';
import { registerBurdenRoutes } from './modules/burden/burden.routes.ts';

z.config({ ...z.locales.zhCN(), customError: chineseIssue });

export const WEB_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web/dist');

export interface AppOptions {
  /** Serve the built web app from apps/web/dist when it exists (default true). */
  serveWeb?: boolean;
  logger?: boolean;
}

/** Builds the Fastify app with every module's routes; used by main, tests and benchmarks. */
export async function buildApp(container: Container, options: AppOptions = {}): Promise<App> {
  const app = Fastify({
    loggerInstance: options.logger === false ? undefined : container.logger,
    genReqId: () => randomUUID(),
    trustProxy: trustProxyOption(container.config.trustProxy),
    bodyLimit: 2 * 1024 * 1024,
  }).withTypeProvider<ZodTypeProvider>() as unknown as App;
  app.setValidatorCompiler(inputValidatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandler(app);
  await registerSecurityHeaders(app);

  await app.register(fastifyCookie);
  await app.register(fastifyRateLimit, { global: false });
  await app.register(fastifyMultipart, { limits: { fileSize: LIMITS.uploadBytesMax, files: 1 } });
  await app.register(fastifySwagger, {
    openapi: {
      info: { title: '落实 Luoshi API', description: '督查督办与抓落实平台。登录后用会话 Cookie（写操作带 x-csrf-token），或用 Authorization: Bearer API 令牌。', version: APP_VERSION },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'luoshi_sid' }, token: { type: 'http', scheme: 'bearer' } } },
      security: [{ session: [] }, { token: [] }],
    },
    transform: jsonSchemaTransform,
  });
  if (container.config.apiDocs) {
    await app.register(fastifySwaggerUi, { routePrefix: '/api/docs', uiConfig: { docExpansion: 'list' } });
    app.get('/api/openapi.json', { config: { auth: 'public' }, schema: { hide: true } }, async () => app.swagger());
  }

  registerAuthHook(app, container.auth);
  registerHealthRoutes(app, container.database);
  registerAuthRoutes(app, { auth: container.auth, tokens: container.tokens, db: container.db, config: container.config });
  registerOrgRoutes(app, container.org);
  registerUserRoutes(app, container.users);
  registerAuditRoutes(app, container.audit);
  registerTaskRoutes(app, container);
  registerNotificationRoutes(app, container.outbox);
  registerHomeRoutes(app, container);
  registerDirectiveRoutes(app, container.directives);
  registerCampaignRoutes(app, container);
  registerSuggestionRoutes(app, container);
  registerProjectRoutes(app, container.projects, container);
  registerProjectTagRoutes(app, container.projectTags);
  registerLeadRoutes(app, container.leads);
  registerMeetingRoutes(app, container.meetings);
  registerIndicatorRoutes(app, container.indicators, container);
  registerRhythmRoutes(app, container.rhythm);
  registerBurdenRoutes(app, container);
  registerAssessmentRoutes(app, container.assessment);

  if (options.serveWeb !== false && fs.existsSync(path.join(WEB_DIST, 'index.html'))) {
    // index.html is never served as a file: each answer carries its own CSP style nonce (antd's <style> tags).
    const page = fs.readFileSync(path.join(WEB_DIST, 'index.html'), 'utf8');
    // preCompressed: the build writes .br and .gz beside each script (apps/web/build/precompress-plugin.ts).
    // A file under assets/ has its content's hash in its name, so a browser keeps it for a year without
    // asking again; other files (the icon) are checked on each use.
    await app.register(fastifyStatic, {
      root: WEB_DIST,
      wildcard: false,
      index: false,
      globIgnore: ['index.html'],
      preCompressed: true,
      setHeaders: (reply, file) => {
        if (path.relative(WEB_DIST, file).startsWith(`assets${path.sep}`)) reply.header('cache-control', 'public, max-age=31536000, immutable');
      },
    });
    // The web app routes on the client: any other GET outside /api answers index.html.
    app.get('/*', { config: { auth: 'public' }, schema: { hide: true }, helmet: WEB_PAGE_HELMET }, (req, reply) => {
      if (req.url.startsWith('/api/')) return reply.callNotFound();
      const file = path.join(WEB_DIST, req.url.split('?')[0] ?? '');
      if (file.startsWith(WEB_DIST) && path.basename(file) !== 'index.html' && fs.existsSync(file) && fs.statSync(file).isFile()) return reply.sendFile(path.relative(WEB_DIST, file));
      return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(page.replaceAll(CSP_NONCE_PLACEHOLDER, reply.cspNonce.style));
    });
  }
  return app;
}
