import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { testEngines } from './support/test-database.ts';
import { useTestApp } from './support/harness.ts';

describe.each(testEngines())('audit log on %s', (engine) => {
  const t = useTestApp(engine);

  it('records who, when, from where, what and the before/after of a change', async () => {
    const admin = await t.login('admin');
    await admin.patch(`/api/org-units/${t.unit('SFS-JYJ')}`, { name: '市教育体育局' });
    const row = await t.container.db.selectFrom('audit_log').selectAll().where('action', '=', 'org.update').where('entity_id', '=', t.unit('SFS-JYJ')).executeTakeFirstOrThrow();
    expect(row.actor_id).toBe(t.userId('admin'));
    expect(row.ip).toBe('127.0.0.1');
    expect(row.at.toISOString()).toBe(t.clock.now().toISOString());
    expect((row.before as { name: string }).name).toBe('市教育局');
    expect((row.after as { name: string }).name).toBe('市教育体育局');
    expect(row.request_id).toEqual(expect.any(String));
  });

  it('verifies an intact chain, then names the first row that was altered', async () => {
    const ok = await t.container.audit.verify(t.tenantId);
    expect(ok).toMatchObject({ ok: true, brokenSeq: null });
    expect(ok.checked).toBeGreaterThan(2);
    const target = await t.container.db.selectFrom('audit_log').select(['seq', 'summary']).where('action', '=', 'org.update').executeTakeFirstOrThrow();
    await sql`UPDATE audit_log SET summary = 'nothing happened' WHERE seq = ${target.seq}`.execute(t.container.db);
    const bad = await t.container.audit.verify(t.tenantId);
    expect(bad.ok).toBe(false);
    expect(bad.brokenSeq).toBe(Number(target.seq));
    expect(bad.reason).toMatch(/hash mismatch/);
    await sql`UPDATE audit_log SET summary = ${target.summary} WHERE seq = ${target.seq}`.execute(t.container.db);
    expect((await t.container.audit.verify(t.tenantId)).ok).toBe(true);
  });

  it('detects a row deleted from the middle of the chain', async () => {
    const rows = await t.container.db.selectFrom('audit_log').selectAll().orderBy('seq').execute();
    const victim = rows[Math.floor(rows.length / 2)]!;
    await t.container.db.deleteFrom('audit_log').where('seq', '=', Number(victim.seq)).execute();
    const bad = await t.container.audit.verify(t.tenantId);
    expect(bad).toMatchObject({ ok: false, brokenSeq: Number(victim.seq) });
    expect(bad.reason).toMatch(/missing row/);
    await t.container.db.insertInto('audit_log').values({ ...victim, seq: Number(victim.seq), before: JSON.stringify(victim.before), after: JSON.stringify(victim.after) } as never).execute();
    expect((await t.container.audit.verify(t.tenantId)).ok).toBe(true);
  });

  it('detects rows removed from the end of the chain', async () => {
    const last = await t.container.db.selectFrom('audit_log').selectAll().orderBy('seq', 'desc').executeTakeFirstOrThrow();
    await t.container.db.deleteFrom('audit_log').where('seq', '=', Number(last.seq)).execute();
    const bad = await t.container.audit.verify(t.tenantId);
    expect(bad.ok).toBe(false);
    expect(bad.reason).toMatch(/removed from the end/);
    await t.container.db.insertInto('audit_log').values({ ...last, seq: Number(last.seq), before: JSON.stringify(last.before), after: JSON.stringify(last.after) } as never).execute();
    expect((await t.container.audit.verify(t.tenantId)).ok).toBe(true);
  });

  it('lets administrators filter by person, action and time, and export to Excel; others get 403', async () => {
    const admin = await t.login('admin');
    const res = await admin.get(`/api/audit?actorId=${t.userId('admin')}&action=auth.&pageSize=50`);
    expect(res.status).toBe(200);
    expect(res.body.data.length).toBeGreaterThan(0);
    expect(res.body.data.every((r: { action: string; actorId: string }) => r.action.startsWith('auth.') && r.actorId === t.userId('admin'))).toBe(true);
    const future = await admin.get(`/api/audit?from=${encodeURIComponent('2030-01-01T00:00:00Z')}`);
    expect(future.body.data).toEqual([]);
    const file = await admin.get('/api/audit/export?action=org.');
    expect(file.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file.raw as unknown as ArrayBuffer);
    expect(wb.worksheets[0]!.getRow(1).getCell(2).value).toBe('时间');
    expect(wb.worksheets[0]!.rowCount).toBeGreaterThan(1);
    const liaison = await t.login('liaison_dc');
    expect((await liaison.get('/api/audit')).status).toBe(403);
  });

  it('filters by business area (all its action prefixes) and treats the action prefix literally', async () => {
    const sup = await t.login('supervisor');
    const created = await sup.post('/api/tasks', { title: '审计区域筛选任务', leadUnitIds: [t.unit('SFS-DC')], deadline: '2026-06-30' });
    expect(created.status).toBe(201);
    const admin = await t.login('admin');
    const tasks = await admin.get('/api/audit?area=task&pageSize=200');
    expect(tasks.status).toBe(200);
    const actions = new Set(tasks.body.data.map((r: { action: string }) => r.action));
    expect(actions.has('task.create')).toBe(true);
    expect([...actions].every((a) => String(a).startsWith('task.') || String(a).startsWith('attachment.'))).toBe(true);
    const accounts = await admin.get('/api/audit?area=account&pageSize=200');
    const accountActions = accounts.body.data.map((r: { action: string }) => r.action);
    expect(accountActions).toContain('auth.login');
    expect(accountActions.every((a: string) => /^(auth|user|token)\./.test(a))).toBe(true);
    // LIKE wildcards in the prefix match only themselves.
    expect((await admin.get('/api/audit?action=%25')).body.data).toEqual([]);
    expect((await admin.get('/api/audit?action=auth_login')).body.data).toEqual([]);
    expect((await admin.get('/api/audit?area=nonsense')).status).toBe(400);
  });

  it('shows a district administrator only the actions of people in their district', async () => {
    const adminDc = await t.login('admin_dc');
    const res = await adminDc.get('/api/audit?pageSize=200');
    expect(res.status).toBe(200);
    const inDistrict = new Set((await t.container.db.selectFrom('org_closure').select('descendant_id').where('ancestor_id', '=', t.unit('SFS-DC')).execute()).map((r) => r.descendant_id));
    expect(res.body.data.length).toBeGreaterThan(0);
    expect(res.body.data.every((r: { actorOrgUnitId: string }) => inDistrict.has(r.actorOrgUnitId))).toBe(true);
  });
});
