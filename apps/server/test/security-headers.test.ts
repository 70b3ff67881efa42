import { describe, expect, it } from 'vitest';
import { HSTS_VALUE } from '../src/http/security-headers.ts';
import { useTestApp } from './support/harness.ts';
import { testEngines } from './support/test-database.ts';

/** The directives of a Content-Security-Policy header by name. */
function csp(header: unknown): Map<string, string[]> {
  return new Map(String(header ?? '').split(';').map((d) => d.trim().split(/\s+/)).filter((d) => d[0]).map(([name, ...values]) => [name!, values]));
}

describe.each(testEngines())('security headers on %s', (engine) => {
  // Forwarded headers count only from a trusted proxy (LUOSHI_TRUST_PROXY, a hop count).
  const t = useTestApp(engine, { LUOSHI_TRUST_PROXY: '1' });

  it('answers every request with a CSP without inline script, frame-ancestors none, nosniff and a referrer policy', async () => {
    for (const res of [await t.anon().get('/api/health'), await t.anon().get('/api/no-such-thing'), await (await t.login('supervisor')).get('/api/tasks')]) {
      const policy = csp(res.headers['content-security-policy']);
      expect(policy.get('script-src')).toEqual(["'self'"]);
      expect(policy.get('script-src-attr')).toEqual(["'none'"]);
      expect(policy.get('style-src')).toEqual(["'self'"]);
      expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
      expect(policy.get('object-src')).toEqual(["'none'"]);
      expect(policy.has('upgrade-insecure-requests')).toBe(false);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(res.headers['referrer-policy']).toBe('same-origin');
    }
  });

  it('sends HSTS only on a request that came over HTTPS', async () => {
    expect((await t.anon().get('/api/health')).headers['strict-transport-security']).toBeUndefined();
    const secure = await t.anon().request('GET', '/api/health', undefined, { 'x-forwarded-proto': 'https' });
    expect(secure.headers['strict-transport-security']).toBe(HSTS_VALUE);
  });

  it('gives swagger-ui at /api/docs its own policy: inline styles, still no inline script', async () => {
    const page = await t.anon().get('/api/docs/');
    expect(page.status).toBe(200);
    const policy = csp(page.headers['content-security-policy']);
    expect(policy.get('style-src')).toEqual(["'self'", "'unsafe-inline'"]);
    expect(policy.get('script-src')).toEqual(["'self'"]);
    expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
  });
});
