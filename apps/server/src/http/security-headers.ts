import fastifyHelmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

type Directives = Record<string, string[]>;

/**
 * The content security policy of the web app and the API. No inline script anywhere; styles from
 * the app's own files, plus — on the page itself (index.html) — `<style>` tags carrying the
 * per-response nonce (antd's CSS-in-JS; see WEB_PAGE_HELMET). Browsers without style-src-attr
 * (before Chromium 75, Firefox 108, Safari 15.4) fall back to style-src and drop the tooltip's inline styles.
 */
export const CSP_DIRECTIVES: Directives = {
  'default-src': ["'self'"],
  'base-uri': ["'self'"],
  'connect-src': ["'self'"],
  'font-src': ["'self'", 'data:'],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
  // ECharts' "save as image" and antd's inline SVG placeholders use data: and blob: URLs.
  'img-src': ["'self'", 'data:', 'blob:'],
  'object-src': ["'none'"],
  'script-src': ["'self'"],
  'script-src-attr': ["'none'"],
  'style-src': ["'self'"],
  // Inline style attributes (ECharts writes its tooltip as HTML with style="…"): a nonce or hash cannot
  // cover attributes, and they run no script; url() in them is still bound by img-src and font-src.
  'style-src-attr': ["'unsafe-inline'"],
};

/**
 * swagger-ui at /api/docs renders with inline style attributes and data: images; it runs no inline
 * script (its initializer is a file), so only styles are relaxed there.
 */
const DOCS_DIRECTIVES: Directives = { ...CSP_DIRECTIVES, 'style-src': ["'self'", "'unsafe-inline'"] };

/** Route option for the page (index.html): a fresh nonce per response, added to script-src and style-src. */
export const WEB_PAGE_HELMET = { enableCSPNonces: true } as const;

/** Where the page finds its style nonce: `<meta name="csp-nonce" content="…">` in index.html. */
export const CSP_NONCE_PLACEHOLDER = '__CSP_NONCE__';

export const HSTS_VALUE = 'max-age=31536000; includeSubDomains';

/**
 * Security headers on every answer (@fastify/helmet): the CSP above, frame-ancestors 'none' and
 * X-Frame-Options DENY, nosniff, Referrer-Policy same-origin; HSTS only on a request that came over
 * HTTPS (directly, or through a trusted proxy's X-Forwarded-Proto), so a plain-HTTP intranet
 * deployment is not told to use HTTPS it does not have. Register before any route.
 */
export async function registerSecurityHeaders(app: FastifyInstance): Promise<void> {
  app.addHook('onRoute', (route) => {
    if (route.url?.startsWith('/api/docs') && route.helmet === undefined) route.helmet = { contentSecurityPolicy: { useDefaults: false, directives: DOCS_DIRECTIVES } };
  });
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: { useDefaults: false, directives: CSP_DIRECTIVES },
    strictTransportSecurity: false,
    xFrameOptions: { action: 'deny' },
    referrerPolicy: { policy: 'same-origin' },
  });
  app.addHook('onRequest', async (request, reply) => {
    if (request.protocol === 'https') reply.header('strict-transport-security', HSTS_VALUE);
  });
}
