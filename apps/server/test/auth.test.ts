import { describe, expect, it, vi } from 'vitest';
import { verifyPassword } from '../src/lib/password.ts';
import { AuthService } from '../src/modules/auth/auth.service.ts';
import { testEngines } from './support/test-database.ts';
import { DEMO_PASSWORD, useTestApp } from './support/harness.ts';

describe.each(testEngines())('accounts and sessions on %s', (engine) => {
  // The progressive delay has its own test below; here it would only make the file slow.
  const t = useTestApp(engine, { LUOSHI_LOGIN_DELAY_MS: '0' });
  const loginFrom = (remoteAddress: string, username: string, password: string) => t.app.inject({ method: 'POST', url: '/api/auth/login', remoteAddress, payload: { username, password } });

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

  it('answers /api/auth/me from the session the request was authenticated with, read once', async () => {
    const liaison = await t.login('liaison_dc');
    const reads = vi.spyOn(t.container.auth, 'authenticateSession');
    try {
      const me = await liaison.get('/api/auth/me');
      expect(me.status).toBe(200);
      expect(me.body).toMatchObject({ csrfToken: liaison.csrf, mustChangePassword: false, roles: ['liaison'] });
      expect(reads).toHaveBeenCalledTimes(1);
    } finally {
      reads.mockRestore();
    }
  });

  it('answers 401 without a session and with a wrong password, in the same words for unknown users', async () => {
    expect((await t.anon().get('/api/org-units')).status).toBe(401);
    const wrong = await t.anon().post('/api/auth/login', { username: 'viewer', password: 'nope' });
    const unknown = await t.anon().post('/api/auth/login', { username: 'nobody', password: 'nope' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body.error.message).toBe(unknown.body.error.message);
  });

  it('locks an account for 15 minutes after 5 failures from one address only, answers the lock like a wrong password, audits it, and lets it in after the lock', async () => {
    for (let i = 0; i < 5; i++) expect((await t.anon().post('/api/auth/login', { username: 'deputy', password: 'wrong' })).status).toBe(401);
    const locked = await t.anon().post('/api/auth/login', { username: 'deputy', password: DEMO_PASSWORD });
    const wrong = await t.anon().post('/api/auth/login', { username: 'viewer', password: 'wrong' });
    // The caller cannot tell a lock (of a name that exists) from a wrong password or an unknown name.
    expect(locked.status).toBe(401);
    expect(locked.body.error).toMatchObject({ code: wrong.body.error.code, message: wrong.body.error.message });
    expect(JSON.stringify(locked.body)).not.toMatch(/锁定|lock/i);
    const actions = (await t.container.db.selectFrom('audit_log').select('action').where('entity_id', '=', t.userId('deputy')).execute()).map((r) => r.action);
    expect(actions.filter((a) => a === 'auth.login_failed')).toHaveLength(5);
    expect(actions).toContain('auth.lockout');
    expect(actions).toContain('auth.login_locked');
    // The same person at another desk is not locked out.
    expect((await loginFrom('10.1.2.3', 'deputy', DEMO_PASSWORD)).statusCode).toBe(200);
    t.clock.advance(15 * 60_000 + 1000);
    expect((await t.anon().post('/api/auth/login', { username: 'deputy', password: DEMO_PASSWORD })).status).toBe(200);
  });

  it('lets nobody lock the administrator out from elsewhere; administrators see the locks by address and clear them', async () => {
    for (let i = 0; i < 6; i++) expect((await loginFrom('203.0.113.7', 'admin', 'guess')).statusCode).toBe(401);
    const admin = await t.login('admin');
    const detail = await admin.get(`/api/users/${t.userId('admin')}`);
    expect(detail.body.data.locked).toBe(true);
    expect(detail.body.data.locks).toEqual([expect.objectContaining({ source: '203.0.113.7', failures: 5, lockedUntil: expect.any(String) })]);
    for (let i = 0; i < 5; i++) await loginFrom('198.51.100.4', 'leader', 'guess');
    const lockedList = await admin.get('/api/users?locked=true');
    expect(lockedList.body.data.map((u: { username: string }) => u.username).sort()).toEqual(['admin', 'leader']);
    expect(lockedList.body.data.every((u: { locked: boolean }) => u.locked)).toBe(true);
    expect((await admin.get(`/api/users/${t.userId('leader')}`)).body.policies.unlock).toBe(true);
    expect((await (await t.login('admin_dc')).post(`/api/users/${t.userId('leader')}/unlock`)).status).toBe(404);
    expect((await admin.post(`/api/users/${t.userId('leader')}/unlock`)).status).toBe(200);
    expect((await loginFrom('198.51.100.4', 'leader', DEMO_PASSWORD)).statusCode).toBe(200);
    const after = (await admin.get(`/api/users/${t.userId('leader')}`)).body;
    expect(after.data).toMatchObject({ locked: false, locks: [] });
    expect(after.policies.unlock).toBe(false);
    expect((await admin.get('/api/users?locked=true')).body.data.map((u: { username: string }) => u.username)).toEqual(['admin']);
    const audit = await t.container.db.selectFrom('audit_log').select('summary').where('action', '=', 'user.unlock').where('entity_id', '=', t.userId('leader')).execute();
    expect(audit.map((a) => a.summary)).toEqual([expect.stringContaining('198.51.100.4')]);
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
    expect((await fresh.post('/api/auth/password', { currentPassword: 'Temp#2026a', newPassword: 'Harbor#2027b' })).status).toBe(200);
    expect((await fresh.get('/api/org-units')).status).toBe(200);
    expect((await t.anon().post('/api/auth/login', { username: 'leader', password: 'Harbor#2027b' })).status).toBe(200);
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

describe.each(testEngines())('API tokens of managed accounts on %s', (engine) => {
  const t = useTestApp(engine);
  const bearer = (token: string) => {
    const c = t.anon();
    c.bearer = token;
    return c;
  };
  const tokenOf = async (username: string) => (await (await t.login(username)).post('/api/tokens', { name: `${username} 对接`, access: 'write' })).body as { token: string; data: { id: string; prefix: string } };

  it('revokes a user\'s tokens when an administrator resets their password, deactivates them or changes their roles, and says so in the audit log', async () => {
    const admin = await t.login('admin');
    const sup = await tokenOf('supervisor');
    expect((await bearer(sup.token).get('/api/org-units?pageSize=1')).status).toBe(200);
    expect((await admin.post(`/api/users/${t.userId('supervisor')}/reset-password`, { password: 'Temp#2026a' })).status).toBe(200);
    expect((await bearer(sup.token).get('/api/org-units?pageSize=1')).status).toBe(401);

    const xc = await tokenOf('liaison_xc');
    expect((await admin.patch(`/api/users/${t.userId('liaison_xc')}`, { active: false })).status).toBe(200);
    expect((await admin.patch(`/api/users/${t.userId('liaison_xc')}`, { active: true })).status).toBe(200);
    // Reactivating the account does not bring back what was issued before.
    expect((await bearer(xc.token).get('/api/org-units?pageSize=1')).status).toBe(401);

    const deputy = await tokenOf('deputy');
    const grants = (await admin.get(`/api/users/${t.userId('deputy')}`)).body.data.grants.map((g: { role: string; scopeKind: string; unitIds: string[] }) => ({ role: g.role, scopeKind: g.scopeKind, unitIds: g.unitIds }));
    expect((await admin.put(`/api/users/${t.userId('deputy')}/grants`, { grants })).status).toBe(200);
    expect((await bearer(deputy.token).get('/api/org-units?pageSize=1')).status).toBe(200);
    expect((await admin.put(`/api/users/${t.userId('deputy')}/grants`, { grants: [{ role: 'viewer', scopeKind: 'subtree' }] })).status).toBe(200);
    expect((await bearer(deputy.token).get('/api/org-units?pageSize=1')).status).toBe(401);

    const revoked = await t.container.db.selectFrom('api_tokens').select(['id', 'revoked_at']).where('id', 'in', [sup.data.id, xc.data.id, deputy.data.id]).execute();
    expect(revoked.every((r) => r.revoked_at !== null)).toBe(true);
    const summaries = (await t.container.db.selectFrom('audit_log').select('summary').where('action', 'in', ['user.reset_password', 'user.update', 'user.grants']).execute()).map((r) => r.summary);
    expect(summaries.filter((x) => x?.includes('撤销其 1 个 API 令牌'))).toHaveLength(3);
  });

  it('makes a token\'s holder change an administrator-set password first, like a session', async () => {
    const dc = await tokenOf('liaison_dc');
    await t.container.db.updateTable('users').set({ must_change_password: true }).where('id', '=', t.userId('liaison_dc')).execute();
    const res = await bearer(dc.token).get('/api/org-units?pageSize=1');
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('PASSWORD_CHANGE_REQUIRED');
    await t.container.db.updateTable('users').set({ must_change_password: false }).where('id', '=', t.userId('liaison_dc')).execute();
    expect((await bearer(dc.token).get('/api/org-units?pageSize=1')).status).toBe(200);
  });

  it('shows each token by characters of its own, not the tenant\'s digits every token shares', async () => {
    const a = await tokenOf('viewer');
    const b = await tokenOf('viewer');
    expect(a.data.prefix).not.toBe(b.data.prefix);
    const secret = (token: string) => token.split('_').slice(2).join('_');
    expect(a.data.prefix).toBe(`lst_…_${secret(a.token).slice(0, 8)}…`);
    const listed = (await (await t.login('viewer')).get('/api/tokens')).body.data as { id: string; prefix: string }[];
    expect(listed.find((x) => x.id === b.data.id)?.prefix).toBe(`lst_…_${secret(b.token).slice(0, 8)}…`);
    expect(listed.some((x) => x.prefix.includes(t.tenantId.replace(/-/g, '').slice(0, 8)))).toBe(false);
  });
});

describe.each(testEngines())('progressive login delay on %s', (engine) => {
  const t = useTestApp(engine);

  it('waits longer after each failure from one address to one account, the longest while locked, and not for another address', async () => {
    const waits: number[] = [];
    const auth = new AuthService({ db: t.container.db, clock: t.clock, audit: t.container.audit, session: { idleMinutes: 30, maxHours: 12 }, loginDelayMs: 500, sleep: async (ms) => void waits.push(ms) });
    const attempt = (ip: string, password = 'wrong') => auth.login('supervisor', password, { ip }).then(() => 'ok', (e: Error) => e.message);
    for (let i = 0; i < 7; i++) expect(await attempt('192.0.2.1')).toBe('用户名或密码错误');
    expect(waits).toEqual([500, 1000, 2000, 4000, 8000, 8000]);
    expect(await attempt('192.0.2.1', DEMO_PASSWORD)).toBe('用户名或密码错误');
    waits.length = 0;
    expect(await attempt('192.0.2.2', DEMO_PASSWORD)).toBe('ok');
    expect(waits).toEqual([]);
    // Names that do not exist wait alike, so the wait does not tell which names exist.
    for (let i = 0; i < 3; i++) await auth.login('no_such_name', 'x', { ip: '192.0.2.1' }).catch(() => {});
    expect(waits).toEqual([500, 1000]);
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
    const ownName = await admin.post('/api/auth/password', { currentPassword: printed, newPassword: 'Admin#2027x' });
    expect(ownName.status).toBe(400);
    expect(ownName.body.error.details[0]).toEqual({ field: 'newPassword', message: '密码不能包含用户名' });
    expect((await admin.post('/api/auth/password', { currentPassword: printed, newPassword: 'Keeper#2027x' })).status).toBe(200);
    expect((await admin.get('/api/org-units')).status).toBe(200);
    expect((await admin.get('/api/auth/me')).body.mustChangePassword).toBe(false);
  });
});

describe.each(testEngines())('password policy on %s', (engine) => {
  const t = useTestApp(engine);

  it('refuses common passwords and the username in every path that sets a password, with a Chinese reason naming the field', async () => {
    const admin = await t.login('admin');
    const reset = await admin.post(`/api/users/${t.userId('leader')}/reset-password`, { password: 'Password1' });
    expect(reset.status).toBe(400);
    expect(reset.body.error.details[0].field).toBe('password');
    expect(reset.body.error.details[0].message).toMatch(/常见密码/);
    const ownName = await admin.post(`/api/users/${t.userId('leader')}/reset-password`, { password: 'Leader#2027b' });
    expect(ownName.body.error.details[0]).toEqual({ field: 'password', message: '密码不能包含用户名' });

    const create = (password: string) => admin.post('/api/users', { username: 'zhao_policy', displayName: '赵策略', orgUnitId: t.unit('SFS-DC'), password, grants: [] });
    const common = await create('P@ssw0rd!');
    expect(common.status).toBe(400);
    expect(common.body.error.details[0].field).toBe('password');
    expect((await create('Zhao_Policy#1x')).body.error.details[0].message).toBe('密码不能包含用户名');
    expect((await create('Qwerty@123')).status).toBe(400);
    expect((await create('Orchid#2026kq')).status).toBe(201);

    const viewer = await t.login('viewer');
    const change = await viewer.post('/api/auth/password', { currentPassword: DEMO_PASSWORD, newPassword: 'Password1' });
    expect(change.status).toBe(400);
    expect(change.body.error.details[0].field).toBe('newPassword');
    expect(change.body.error.message).toMatch(/常见密码/);
    expect((await viewer.post('/api/auth/password', { currentPassword: DEMO_PASSWORD, newPassword: 'Viewer#2026kq' })).body.error.details[0].message).toBe('密码不能包含用户名');
  });

  it('lets the demo accounts keep signing in with the published demo password', async () => {
    expect((await t.anon().post('/api/auth/login', { username: 'supervisor', password: DEMO_PASSWORD })).status).toBe(200);
  });
});
