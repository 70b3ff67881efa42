import { describe, expect, it } from 'vitest';
import { useTestApp, type TestContext } from './support/harness.ts';
import { testEngines } from './support/test-database.ts';

describe.each(testEngines())('login rate limit and client address on %s', (engine) => {
  const direct = useTestApp(engine, { LUOSHI_LOGIN_RATE_PER_MINUTE: '20' });
  const proxied = useTestApp(engine, { LUOSHI_LOGIN_RATE_PER_MINUTE: '20', LUOSHI_TRUST_PROXY: '1' });

  async function attempts(t: TestContext, n: number, forwardedFor: (i: number) => string) {
    const statuses: number[] = [];
    for (let i = 0; i < n; i++) {
      const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'x-forwarded-for': forwardedFor(i) }, payload: { username: 'no_such_user', password: 'wrong' } });
      statuses.push(res.statusCode);
    }
    return statuses;
  }
  const failedLoginIps = async (t: TestContext) => (await t.container.db.selectFrom('audit_log').select('ip').where('action', '=', 'auth.login_failed').execute()).map((r) => r.ip);

  it('ignores X-Forwarded-For unless a proxy is configured: forged addresses meet the 429 and the audit log keeps the real one', async () => {
    const statuses = await attempts(direct, 25, (i) => `203.0.113.${i + 1}`);
    expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(20)).toEqual([429, 429, 429, 429, 429]);
    const ips = await failedLoginIps(direct);
    expect(ips).toHaveLength(20);
    expect(new Set(ips)).toEqual(new Set(['127.0.0.1']));
  });

  it('with LUOSHI_TRUST_PROXY=1 takes the address the proxy appended', async () => {
    const statuses = await attempts(proxied, 3, (i) => `198.51.100.99, 203.0.113.${i + 1}`);
    expect(statuses).toEqual([401, 401, 401]);
    expect((await failedLoginIps(proxied)).sort()).toEqual(['203.0.113.1', '203.0.113.2', '203.0.113.3']);
  });
});
