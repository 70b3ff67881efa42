import { describe, expect, it } from 'vitest';
import { verifyPassword } from '../src/lib/password.ts';
import { testEngines } from './support/test-database.ts';
import { DEMO_PASSWORD, useTestApp } from './support/harness.ts';

describe.each(testEngines())('accounts and sessions on %s', (engine) => {
  const t = useTestApp(engine);

  it('stores argon2id hashes, never passwords', async () => {
    const row = await t.container.db.selectFrom('users').select('password_hash').where('username', '=', 'supervisor').executeTakeFirstOrThrow();
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(row.password_hash, DEMO_PASSWORD)).toBe(true);
  });

  it('logs in with an httpOnly SameSite cookie and answers the scope in words', async () => {
    const res = await t.anon().request('POST', '/api/auth/login', { username: 'liaison_dc', password: DEMO_PASSWORD });
    expect(res.status).toBe(200);
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/luoshi_sid=/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(res.body.scopeDescription).toBe('东城区及下级单位');
    expect(res.body.roles).toEqual(['liaison']);
  });

  it('answers 401 without a session and with a wrong password, in the same words for unknown users', async () => {
    expect((await t.anon().get('/api/org-units')).status).toBe(401);
    const wrong = await t.anon().post('/api/auth/login', { username: 'viewer', password: 'nope' });
    const unknown = await t.anon().post('/api/auth/login', { username: 'nobody', password: 'nope' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body.error.message).toBe(unknown.body.error.message);
  });

  it('locks an account for 15 minutes after 5 failures, audits it, and lets it in after the lock', async () => {
    for (let i = 0; i < 5; i++) expect((await t.anon().post('/api/auth/login', { username: 'deputy', password: 'wrong' })).status).toBe(401);
    const locked = await t.anon().post('/api/auth/login', { username: 'deputy', password: DEMO_PASSWORD });
    expect(locked.status).toBe(423);
    expect(locked.body.error.message).toMatch(/锁定.*15 分钟/);
    const actions = (await t.container.db.selectFrom('audit_log').select('action').where('entity_id', '=', t.userId('deputy')).execute()).map((r) => r.action);
    expect(actions.filter((a) => a === 'auth.login_failed')).toHaveLength(5);
    expect(actions).toContain('auth.lockout');
    t.clock.advance(15 * 60_000 + 1000);
    expect((await t.anon().post('/api/auth/login', { username: 'deputy', password: DEMO_PASSWORD })).status).toBe(200);
  });

  it('expires a session after 30 idle minutes, and after 12 hours however active', async () => {
    const viewer = await t.login('viewer');
    t.clock.advance(29 * 60_000);
    expect((await viewer.get('/api/auth/me')).status).toBe(200);
    t.clock.advance(29 * 60_000);
    expect((await viewer.get('/api/auth/me')).status).toBe(200);
    t.clock.advance(31 * 60_000);
    const idle = await viewer.get('/api/auth/me');
    expect(idle.status).toBe(401);
    expect(idle.body.error.code).toBe('SESSION_EXPIRED');

    const busy = await t.login('viewer');
    for (let h = 0; h < 12 * 3; h++) {
      t.clock.advance(20 * 60_000);
      const r = await busy.get('/api/auth/me');
      if (h < 12 * 3 - 1) expect(r.status).toBe(200);
      else expect(r.status).toBe(401);
    }
  });

  it('refuses cookie-authenticated writes without the CSRF token', async () => {
    const admin = await t.login('admin');
    const token = admin.csrf;
    admin.csrf = '';
    const res = await admin.post('/api/org-units', { parentId: t.unit('SFS'), kind: 'other', code: 'CSRF-1', name: '无令牌' });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('CSRF');
    admin.csrf = 'forged';
    expect((await admin.post('/api/org-units', { parentId: t.unit('SFS'), kind: 'other', code: 'CSRF-1', name: '伪造' })).status).toBe(403);
    admin.csrf = token;
    expect((await admin.post('/api/org-units', { parentId: t.unit('SFS'), kind: 'other', code: 'CSRF-1', name: '有令牌' })).status).toBe(201);
  });

  it('forces a password change after an administrator reset, and ends the old sessions', async () => {
    const admin = await t.login('admin');
    const leader = await t.login('leader');
    const weak = await admin.post(`/api/users/${t.userId('leader')}/reset-password`, { password: 'short' });
    expect(weak.status).toBe(400);
    expect(weak.body.error.details[0].field).toBe('password');
    expect((await admin.post(`/api/users/${t.userId('leader')}/reset-password`, { password: 'Temp#2026a' })).status).toBe(200);
    expect((await leader.get('/api/auth/me')).status).toBe(401);
    const fresh = await t.login('leader', 'Temp#2026a');
    const blocked = await fresh.get('/api/org-units');
    expect(blocked.status).toBe(403);
    expect(blocked.body.error.code).toBe('PASSWORD_CHANGE_REQUIRED');
    expect((await fresh.get('/api/auth/me')).body.mustChangePassword).toBe(true);
    const policy = await fresh.post('/api/auth/password', { currentPassword: 'Temp#2026a', newPassword: 'alllowercase' });
    expect(policy.status).toBe(400);
    expect(policy.body.error.message).toMatch(/三类/);
    expect((await fresh.post('/api/auth/password', { currentPassword: 'Temp#2026a', newPassword: 'Leader#2027b' })).status).toBe(200);
    expect((await fresh.get('/api/org-units')).status).toBe(200);
    expect((await t.anon().post('/api/auth/login', { username: 'leader', password: 'Leader#2027b' })).status).toBe(200);
  });

  it('ends the session on logout', async () => {
    const client = await t.login('supervisor');
    const cookie = client.cookie;
    expect((await client.post('/api/auth/logout')).status).toBe(200);
    client.cookie = cookie;
    expect((await client.get('/api/auth/me')).status).toBe(401);
  });

  it('issues API tokens shown once and stored hashed; read tokens cannot write; revoked tokens stop working', async () => {
    const admin = await t.login('admin');
    const created = await admin.post('/api/tokens', { name: '数据对接', access: 'read' });
    expect(created.status).toBe(201);
    const token: string = created.body.token;
    expect(token).toMatch(/^lst_/);
    const stored = await t.container.db.selectFrom('api_tokens').selectAll().where('id', '=', created.body.data.id).executeTakeFirstOrThrow();
    expect(stored.token_hash).not.toContain(token.slice(-20));
    expect(JSON.stringify((await admin.get('/api/tokens')).body)).not.toContain(token);

    const api = t.anon();
    api.bearer = token;
    expect((await api.get('/api/org-units?pageSize=1')).status).toBe(200);
    const write = await api.post('/api/org-units', { parentId: t.unit('SFS'), kind: 'other', code: 'TOKEN-1', name: '令牌写' });
    expect(write.status).toBe(403);

    const rw = await admin.post('/api/tokens', { name: '写入', access: 'write' });
    const writer = t.anon();
    writer.bearer = rw.body.token;
    expect((await writer.post('/api/org-units', { parentId: t.unit('SFS'), kind: 'other', code: 'TOKEN-2', name: '令牌写入' })).status).toBe(201);

    expect((await admin.delete(`/api/tokens/${created.body.data.id}`)).status).toBe(200);
    expect((await api.get('/api/org-units?pageSize=1')).status).toBe(401);
    api.bearer = `${token.slice(0, -4)}AAAA`;
    expect((await api.get('/api/org-units?pageSize=1')).status).toBe(401);
  });
});

describe.each(testEngines())('login rate limit on %s', (engine) => {
  const t = useTestApp(engine, { LUOSHI_LOGIN_RATE_PER_MINUTE: '3' });

  it('answers 429 past the configured logins per minute from one address', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await t.anon().post('/api/auth/login', { username: 'nobody', password: 'x' })).status);
    expect(statuses.slice(0, 3)).toEqual([401, 401, 401]);
    expect(statuses.slice(3)).toEqual([429, 429]);
  });
});

describe.each(testEngines())('the first administrator on %s', (engine) => {
  const t = useTestApp(engine, {}, { generateAdminPassword: true });

  it('must change a generated (printed) password at the first login before doing anything else', async () => {
    const printed = t.bootstrap.generatedAdminPassword;
    expect(printed).toMatch(/^Ls-/);
    const admin = await t.login('admin', printed);
    expect((await admin.get('/api/auth/me')).body.mustChangePassword).toBe(true);
    const blocked = await admin.get('/api/org-units');
    expect(blocked.status).toBe(403);
    expect(blocked.body.error.code).toBe('PASSWORD_CHANGE_REQUIRED');
    expect((await admin.post('/api/auth/password', { currentPassword: printed, newPassword: 'Admin#2027x' })).status).toBe(200);
    expect((await admin.get('/api/org-units')).status).toBe(200);
    expect((await admin.get('/api/auth/me')).body.mustChangePassword).toBe(false);
  });
});
