import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { systemActor } from '../src/access/index.ts';
import { testEngines } from './support/test-database.ts';
import { useTestApp, type Client, type TestContext } from './support/harness.ts';

/**
 * Every route, walked with every role, on a target inside the caller's scope and one outside.
 * Outside scope answers 404 (existence never leaks); inside scope without the right answers 403.
 * A route missing from ROUTES fails the coverage test, so the matrix grows with the API.
 */

type Role = 'admin' | 'admin_dc' | 'supervisor' | 'leader' | 'liaison_dc' | 'deputy' | 'viewer';
const ROLES: Role[] = ['admin', 'admin_dc', 'supervisor', 'leader', 'liaison_dc', 'deputy', 'viewer'];
const ADMINS = new Set<Role>(['admin', 'admin_dc']);
const USER_READERS = new Set<Role>(['admin', 'admin_dc', 'supervisor', 'leader']);
/** Each role's unit inside its scope and one outside (null: its scope is everything). */
const SCOPE: Record<Role, { inUnit: string; outUnit: string | null; own?: true }> = {
  admin: { inUnit: 'SFS-XC-CZJ', outUnit: null },
  admin_dc: { inUnit: 'SFS-DC-CZJ', outUnit: 'SFS-XC-CZJ' },
  supervisor: { inUnit: 'SFS-XC-CZJ', outUnit: null },
  leader: { inUnit: 'SFS-XC-CZJ', outUnit: null },
  liaison_dc: { inUnit: 'SFS-DC-CZJ', outUnit: 'SFS-XC-CZJ' },
  deputy: { inUnit: 'SFS-NH', outUnit: 'SFS-XC-CZJ', own: true },
  viewer: { inUnit: 'SFS-FGW', outUnit: 'SFS-XC-CZJ', own: true },
};

interface Call {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  url: string;
  body?: unknown;
  headers?: Record<string, string>;
}
interface RouteCase {
  method: Call['method'];
  path: string;
  /** Builds the request against a target unit code (fresh records are created as needed). */
  call(t: TestContext, unitCode: string, fresh: Fresh): Promise<Call>;
  /** Expected status inside the scope for a role. */
  inScope(role: Role): number;
  /** Expected status outside the scope; undefined when the route has no target. */
  outScope?: (role: Role) => number;
}

class Fresh {
  private n = 0;
  /** `ownUnit`: for roles whose scope is their own unit only, a child of it would be out of scope, so that unit itself is the target. */
  constructor(
    private readonly t: TestContext,
    private readonly ownUnit?: string,
  ) {}
  /** A new empty leaf unit under the given unit. */
  async unit(parentCode: string): Promise<string> {
    if (parentCode === this.ownUnit) return this.t.unit(parentCode);
    const u = await this.t.container.org.create(systemActor(this.t.tenantId), { parentId: this.t.unit(parentCode), kind: 'other', code: `MX-${Date.now().toString(36)}-${++this.n}`, name: `矩阵测试单位${this.n}` });
    return u.id;
  }
  /** A new user in the given unit. */
  async user(unitCode: string): Promise<string> {
    const u = await this.t.container.users.create(systemActor(this.t.tenantId), { username: `mx_${Date.now().toString(36)}_${++this.n}`, displayName: `矩阵用户${this.n}`, orgUnitId: this.t.unit(unitCode), password: 'Matrix#2026', grants: [{ role: 'viewer', scopeKind: 'own' }] });
    return u.id;
  }
}

const byAdmin = (ok: number) => (r: Role) => (ADMINS.has(r) ? ok : 403);
const always = (ok: number) => () => ok;
const hidden = () => 404;

async function importFile(parentCode: string): Promise<{ body: Buffer; headers: Record<string, string> }> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('x');
  ws.addRow(['编码', '名称', '上级编码', '类型']);
  ws.addRow([`MXI-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`, '导入矩阵单位', parentCode, '其他']);
  const file = Buffer.from(await wb.xlsx.writeBuffer());
  const boundary = '----mx';
  const body = Buffer.concat([Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.xlsx"\r\nContent-Type: application/octet-stream\r\n\r\n`), file, Buffer.from(`\r\n--${boundary}--\r\n`)]);
  return { body, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

const ROUTES: RouteCase[] = [
  { method: 'GET', path: '/api/org-units', call: async () => ({ method: 'GET', url: '/api/org-units' }), inScope: always(200) },
  { method: 'GET', path: '/api/org-units/tree', call: async (t, u) => ({ method: 'GET', url: `/api/org-units/tree?parentId=${t.unit(u)}` }), inScope: always(200), outScope: hidden },
  { method: 'GET', path: '/api/org-units/export', call: async () => ({ method: 'GET', url: '/api/org-units/export' }), inScope: always(200) },
  { method: 'GET', path: '/api/org-units/{id}', call: async (t, u) => ({ method: 'GET', url: `/api/org-units/${t.unit(u)}` }), inScope: always(200), outScope: hidden },
  { method: 'POST', path: '/api/org-units', call: async (t, u) => ({ method: 'POST', url: '/api/org-units', body: { parentId: t.unit(u), kind: 'other', code: `MXC-${Math.random().toString(36).slice(2, 9)}`, name: '矩阵新建' } }), inScope: byAdmin(201), outScope: hidden },
  { method: 'PATCH', path: '/api/org-units/{id}', call: async (_t, u, f) => ({ method: 'PATCH', url: `/api/org-units/${await f.unit(u)}`, body: { name: '改名' } }), inScope: byAdmin(200), outScope: hidden },
  { method: 'POST', path: '/api/org-units/{id}/move', call: async (t, u, f) => ({ method: 'POST', url: `/api/org-units/${await f.unit(u)}/move`, body: { parentId: t.unit(u) } }), inScope: byAdmin(200), outScope: hidden },
  { method: 'POST', path: '/api/org-units/{id}/deactivate', call: async (_t, u, f) => ({ method: 'POST', url: `/api/org-units/${await f.unit(u)}/deactivate` }), inScope: byAdmin(200), outScope: hidden },
  { method: 'POST', path: '/api/org-units/{id}/activate', call: async (_t, u, f) => ({ method: 'POST', url: `/api/org-units/${await f.unit(u)}/activate` }), inScope: byAdmin(200), outScope: hidden },
  { method: 'DELETE', path: '/api/org-units/{id}', call: async (_t, u, f) => ({ method: 'DELETE', url: `/api/org-units/${await f.unit(u)}` }), inScope: byAdmin(200), outScope: hidden },
  {
    method: 'POST',
    path: '/api/org-units/import',
    call: async (_t, u) => {
      const { body, headers } = await importFile(u);
      return { method: 'POST', url: '/api/org-units/import', body, headers };
    },
    inScope: byAdmin(200),
    // A parent outside the administrator's scope is a row error, not a hidden record.
    outScope: (r) => (ADMINS.has(r) ? 400 : 403),
  },
  { method: 'GET', path: '/api/users', call: async () => ({ method: 'GET', url: '/api/users' }), inScope: (r) => (USER_READERS.has(r) ? 200 : 403) },
  { method: 'GET', path: '/api/users/{id}', call: async (_t, u, f) => ({ method: 'GET', url: `/api/users/${await f.user(u)}` }), inScope: (r) => (USER_READERS.has(r) ? 200 : 403), outScope: hidden },
  {
    method: 'POST',
    path: '/api/users',
    call: async (t, u) => ({ method: 'POST', url: '/api/users', body: { username: `mxn_${Math.random().toString(36).slice(2, 9)}`, displayName: '新用户', orgUnitId: t.unit(u), password: 'Matrix#2026', grants: [] } }),
    inScope: byAdmin(201),
    outScope: hidden,
  },
  { method: 'PATCH', path: '/api/users/{id}', call: async (_t, u, f) => ({ method: 'PATCH', url: `/api/users/${await f.user(u)}`, body: { displayName: '改名' } }), inScope: byAdmin(200), outScope: hidden },
  { method: 'PUT', path: '/api/users/{id}/grants', call: async (_t, u, f) => ({ method: 'PUT', url: `/api/users/${await f.user(u)}/grants`, body: { grants: [{ role: 'viewer', scopeKind: 'own' }] } }), inScope: byAdmin(200), outScope: hidden },
  { method: 'POST', path: '/api/users/{id}/reset-password', call: async (_t, u, f) => ({ method: 'POST', url: `/api/users/${await f.user(u)}/reset-password`, body: { password: 'Reset#2026x' } }), inScope: byAdmin(200), outScope: hidden },
  { method: 'POST', path: '/api/users/{id}/unlock', call: async (_t, u, f) => ({ method: 'POST', url: `/api/users/${await f.user(u)}/unlock` }), inScope: byAdmin(200), outScope: hidden },
  { method: 'GET', path: '/api/audit', call: async () => ({ method: 'GET', url: '/api/audit' }), inScope: byAdmin(200) },
  { method: 'GET', path: '/api/audit/export', call: async () => ({ method: 'GET', url: '/api/audit/export' }), inScope: byAdmin(200) },
  { method: 'GET', path: '/api/auth/me', call: async () => ({ method: 'GET', url: '/api/auth/me' }), inScope: always(200) },
  { method: 'POST', path: '/api/auth/password', call: async () => ({ method: 'POST', url: '/api/auth/password', body: { currentPassword: 'wrong-one', newPassword: 'Whatever#2026' } }), inScope: always(400) },
  { method: 'GET', path: '/api/tokens', call: async () => ({ method: 'GET', url: '/api/tokens' }), inScope: always(200) },
  { method: 'POST', path: '/api/tokens', call: async () => ({ method: 'POST', url: '/api/tokens', body: { name: '矩阵', access: 'read' } }), inScope: always(201) },
];

/** Routes that need no login, or are the login flow itself; checked separately below. */
const PUBLIC = ['GET /api/health', 'POST /api/auth/login', 'POST /api/auth/logout', 'DELETE /api/tokens/{id}'];

async function send(client: Client, call: Call) {
  return client.request(call.method, call.url, call.body, call.headers);
}

describe.each(testEngines())('scope matrix on %s', (engine) => {
  const t = useTestApp(engine, { LUOSHI_SESSION_IDLE_MINUTES: '600' });

  it('covers every route the API serves', async () => {
    const doc = (await t.anon().get('/api/openapi.json')).body as { paths: Record<string, Record<string, unknown>> };
    const served = Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`));
    const covered = new Set([...ROUTES.map((r) => `${r.method} ${r.path}`), ...PUBLIC]);
    expect(served.filter((s) => !covered.has(s))).toEqual([]);
  });

  it('answers 401 to anonymous callers on every protected route', async () => {
    const fresh = new Fresh(t);
    for (const route of ROUTES) {
      const res = await send(t.anon(), await route.call(t, 'SFS-DC-CZJ', fresh));
      expect.soft(res.status, `${route.method} ${route.path}`).toBe(401);
    }
  });

  it.each(ROLES)('answers %s as the matrix says, in scope and out of scope', async (role) => {
    const client = await t.login(role);
    const { inUnit, outUnit, own } = SCOPE[role];
    const fresh = new Fresh(t, own ? inUnit : undefined);
    for (const route of ROUTES) {
      const inside = await send(client, await route.call(t, inUnit, fresh));
      expect.soft(inside.status, `${role} ${route.method} ${route.path} in scope: ${JSON.stringify(inside.body?.error ?? '')}`).toBe(route.inScope(role));
      if (outUnit && route.outScope) {
        const outside = await send(client, await route.call(t, outUnit, fresh));
        expect.soft(outside.status, `${role} ${route.method} ${route.path} out of scope`).toBe(route.outScope(role));
      }
    }
  });

  it('lets nobody revoke another person\'s token, and everyone revoke their own', async () => {
    const viewer = await t.login('viewer');
    const admin = await t.login('admin');
    const token = (await viewer.post('/api/tokens', { name: '我的' })).body.data.id;
    expect((await admin.delete(`/api/tokens/${token}`)).status).toBe(404);
    expect((await viewer.delete(`/api/tokens/${token}`)).status).toBe(200);
  });

  it('keeps lists inside the caller\'s scope', async () => {
    const liaison = await t.login('liaison_dc');
    const all = await liaison.get('/api/org-units?pageSize=200');
    const allowed = new Set((await t.container.db.selectFrom('org_closure').select('descendant_id').where('ancestor_id', '=', t.unit('SFS-DC')).execute()).map((r) => r.descendant_id));
    expect(all.body.data.length).toBe(allowed.size);
    expect(all.body.data.every((u: { id: string }) => allowed.has(u.id))).toBe(true);
    const roots = await liaison.get('/api/org-units/tree');
    expect(roots.body.data.map((u: { code: string }) => u.code)).toEqual(['SFS-DC']);
    const adminDc = await t.login('admin_dc');
    const users = await adminDc.get('/api/users?pageSize=200');
    const unitsOfUsers = await t.container.db.selectFrom('users').select(['id', 'org_unit_id']).execute();
    const inScopeUsers = unitsOfUsers.filter((u) => allowed.has(u.org_unit_id)).length;
    expect(users.body.page.total).toBe(inScopeUsers);
  });
});
