import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { ephemeralAuditKey, openAuditKey, readAuditKey, type AuditKey } from '../src/modules/audit/audit-key.ts';
import { AuditService, chainHash, GENESIS_HASH, keyedDigest, plainDigest } from '../src/modules/audit/audit.service.ts';
import type { AuditRow } from '../src/db/schema.ts';
import type { TestContext } from './support/harness.ts';
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

/**
 * What someone with write access to the database can do to the chain: rewrite every row from
 * `fromSeq` on (after `change`), recompute each hash with `digestOf`, and move the head along.
 * Returns the undo.
 */
async function rewriteChain(t: TestContext, fromSeq: number, digestOf: (row: AuditRow) => string, change: (row: AuditRow) => Partial<AuditRow> = () => ({})) {
  const db = t.container.db;
  const rows = await db.selectFrom('audit_log').selectAll().where('tenant_id', '=', t.tenantId).where('seq', '>=', fromSeq).orderBy('seq').execute();
  const headBefore = await db.selectFrom('audit_heads').selectAll().where('tenant_id', '=', t.tenantId).executeTakeFirstOrThrow();
  let prev = fromSeq === 1 ? GENESIS_HASH : (await db.selectFrom('audit_log').select('hash').where('tenant_id', '=', t.tenantId).where('seq', '=', fromSeq - 1).executeTakeFirstOrThrow()).hash;
  for (const row of rows) {
    const changed = { ...row, ...change(row) };
    const hash = chainHash(prev, Number(row.seq), digestOf(changed));
    await db.updateTable('audit_log').set({ summary: changed.summary, prev_hash: prev, hash }).where('tenant_id', '=', t.tenantId).where('seq', '=', row.seq).execute();
    prev = hash;
  }
  await db.updateTable('audit_heads').set({ hash: prev }).where('tenant_id', '=', t.tenantId).execute();
  return async () => {
    for (const row of rows) await db.updateTable('audit_log').set({ summary: row.summary, prev_hash: row.prev_hash, hash: row.hash }).where('tenant_id', '=', t.tenantId).where('seq', '=', row.seq).execute();
    await db.updateTable('audit_heads').set({ seq: headBefore.seq, hash: headBefore.hash }).where('tenant_id', '=', t.tenantId).execute();
  };
}

describe.each(testEngines())('audit chain keyed with a secret outside the database, on %s', (engine) => {
  const t = useTestApp(engine);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-audit-key-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const service = (key: AuditKey) => new AuditService({ db: t.container.db, clock: t.clock, key });
  const target = () => t.container.db.selectFrom('audit_log').select('seq').where('tenant_id', '=', t.tenantId).where('action', '=', 'auth.login').orderBy('seq').executeTakeFirstOrThrow();

  it('catches a row rewritten with the whole later chain and the head recomputed as plain SHA-256', async () => {
    const admin = await t.login('admin');
    await admin.patch(`/api/org-units/${t.unit('SFS-JYJ')}`, { name: '市教育体育局' });
    expect(await t.container.audit.verify(t.tenantId)).toMatchObject({ ok: true });
    const { seq } = await target();
    const undo = await rewriteChain(t, Number(seq), plainDigest, (row) => (Number(row.seq) === Number(seq) ? { summary: 'nothing happened' } : {}));
    const bad = await t.container.audit.verify(t.tenantId);
    expect(bad).toMatchObject({ ok: false, brokenSeq: Number(seq) });
    expect(bad.reason).toMatch(/hash mismatch/);
    await undo();
    expect((await t.container.audit.verify(t.tenantId)).ok).toBe(true);
  });

  it('catches a chain recomputed under another key', async () => {
    const { seq } = await target();
    const undo = await rewriteChain(t, Number(seq), (row) => keyedDigest(ephemeralAuditKey(), row), (row) => (Number(row.seq) === Number(seq) ? { summary: 'nothing happened' } : {}));
    expect(await t.container.audit.verify(t.tenantId)).toMatchObject({ ok: false, brokenSeq: Number(seq) });
    await undo();
    // The same rewrite under the deployment's own key verifies: the key is what stands in the way.
    const undoKeyed = await rewriteChain(t, Number(seq), (row) => keyedDigest(t.container.auditKey, row), (row) => (Number(row.seq) === Number(seq) ? { summary: 'nothing happened' } : {}));
    expect((await t.container.audit.verify(t.tenantId)).ok).toBe(true);
    await undoKeyed();
  });

  it('creates the key file once (0600), recording where each plain chain ends, and reuses it', async () => {
    const file = path.join(dir, 'nested', 'audit.key');
    const head = await t.container.db.selectFrom('audit_heads').select('seq').where('tenant_id', '=', t.tenantId).executeTakeFirstOrThrow();
    const first = await openAuditKey(file, t.container.db);
    expect(first.created).toBe(true);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(first.key.plainUntil[t.tenantId]).toBe(Number(head.seq));
    const content = fs.readFileSync(file, 'utf8');
    await t.container.audit.append(t.container.db, { tenantId: t.tenantId, actorName: 'test' }, { action: 'system.test', summary: '密钥复用' });
    const second = await openAuditKey(file, t.container.db);
    expect(second.created).toBe(false);
    expect(second.key.secret.equals(first.key.secret)).toBe(true);
    expect(second.key.plainUntil[t.tenantId]).toBe(Number(head.seq));
    expect(fs.readFileSync(file, 'utf8')).toBe(content);
    expect(fs.readdirSync(path.dirname(file))).toEqual(['audit.key']);
    fs.writeFileSync(path.join(dir, 'bad.key'), 'not a key');
    expect(() => readAuditKey(path.join(dir, 'bad.key'))).toThrow(/bad\.key 格式不对/);
    expect(readAuditKey(path.join(dir, 'missing.key'))).toBeNull();
  });

  it('still verifies a chain written with plain SHA-256 before the key, up to the switch point in the key file', async () => {
    // The chain as an older version wrote it: plain SHA-256 throughout.
    const undo = await rewriteChain(t, 1, plainDigest);
    const head = Number((await t.container.db.selectFrom('audit_heads').select('seq').where('tenant_id', '=', t.tenantId).executeTakeFirstOrThrow()).seq);
    // First start of the new version: the key file records the plain part.
    const { key } = await openAuditKey(path.join(dir, 'upgrade.key'), t.container.db);
    const upgraded = service(key);
    expect(await upgraded.verify(t.tenantId)).toMatchObject({ ok: true, checked: head });
    await upgraded.append(t.container.db, { tenantId: t.tenantId, actorName: 'test' }, { action: 'system.test', summary: '升级后第一条' });
    expect(await upgraded.verify(t.tenantId)).toMatchObject({ ok: true, checked: head + 1 });
    // Beyond the switch point a plain recomputation no longer passes …
    const undoPlain = await rewriteChain(t, head + 1, plainDigest, () => ({ summary: 'rewritten' }));
    expect(await upgraded.verify(t.tenantId)).toMatchObject({ ok: false, brokenSeq: head + 1 });
    await undoPlain();
    // … and without the recorded switch point the plain rows do not pass either.
    expect(await service({ secret: key.secret, plainUntil: {} }).verify(t.tenantId)).toMatchObject({ ok: false, brokenSeq: 1 });
    await undo();
    await t.container.db.deleteFrom('audit_log').where('tenant_id', '=', t.tenantId).where('seq', '=', head + 1).execute();
    expect((await t.container.audit.verify(t.tenantId)).ok).toBe(true);
  });

  it('prints a signed head; verify against it catches a chain cut back before it, and a rewrite under the key', async () => {
    const line = await t.container.audit.anchor(t.tenantId);
    const head = await t.container.db.selectFrom('audit_heads').selectAll().where('tenant_id', '=', t.tenantId).executeTakeFirstOrThrow();
    expect(line).toMatch(new RegExp(`^luoshi-audit-anchor/1 tenant=${t.tenantId} seq=${head.seq} hash=${head.hash} at=\\S+ signed=\\S+ sig=[0-9a-f]{64}$`));
    expect(line.split('\n')).toHaveLength(1);
    const anchors = t.container.audit.parseAnchors(`other log line\n${line}\n`);
    expect(await t.container.audit.verify(t.tenantId, undefined, anchors)).toMatchObject({ ok: true });
    // The chain grows after the anchor and still agrees with it.
    const admin = await t.login('admin');
    await admin.patch(`/api/org-units/${t.unit('SFS-JYJ')}`, { name: '市教育局' });
    expect(await t.container.audit.verify(t.tenantId, undefined, anchors)).toMatchObject({ ok: true });

    // Cut back to before the anchor, head moved to match: the chain alone looks whole.
    const cutFrom = Number(head.seq) - 1;
    const removed = await t.container.db.selectFrom('audit_log').selectAll().where('tenant_id', '=', t.tenantId).where('seq', '>=', cutFrom).orderBy('seq').execute();
    const headNow = await t.container.db.selectFrom('audit_heads').selectAll().where('tenant_id', '=', t.tenantId).executeTakeFirstOrThrow();
    const lastKept = await t.container.db.selectFrom('audit_log').select(['seq', 'hash']).where('tenant_id', '=', t.tenantId).where('seq', '=', cutFrom - 1).executeTakeFirstOrThrow();
    await t.container.db.deleteFrom('audit_log').where('tenant_id', '=', t.tenantId).where('seq', '>=', cutFrom).execute();
    await t.container.db.updateTable('audit_heads').set({ seq: lastKept.seq, hash: lastKept.hash }).where('tenant_id', '=', t.tenantId).execute();
    expect((await t.container.audit.verify(t.tenantId)).ok).toBe(true);
    const cut = await t.container.audit.verify(t.tenantId, undefined, anchors);
    expect(cut).toMatchObject({ ok: false, brokenSeq: cutFrom });
    expect(cut.reason).toMatch(/truncated before the anchor/);
    await t.container.db.insertInto('audit_log').values(removed.map((r) => ({ ...r, seq: Number(r.seq), before: JSON.stringify(r.before), after: JSON.stringify(r.after) })) as never).execute();
    await t.container.db.updateTable('audit_heads').set({ seq: headNow.seq, hash: headNow.hash }).where('tenant_id', '=', t.tenantId).execute();
    expect(await t.container.audit.verify(t.tenantId, undefined, anchors)).toMatchObject({ ok: true });

    // Even someone holding the key cannot rewrite what an anchor has seen.
    const undo = await rewriteChain(t, 2, (row) => keyedDigest(t.container.auditKey, row), (row) => (Number(row.seq) === 2 ? { summary: 'rewritten' } : {}));
    expect((await t.container.audit.verify(t.tenantId)).ok).toBe(true);
    const rewritten = await t.container.audit.verify(t.tenantId, undefined, anchors);
    expect(rewritten).toMatchObject({ ok: false, brokenSeq: Number(head.seq) });
    expect(rewritten.reason).toMatch(/differs from the anchor/);
    await undo();

    // An anchor must carry the deployment's signature.
    expect(() => t.container.audit.parseAnchors(line.replace(/seq=\d+/, 'seq=1'))).toThrow(/anchor signature invalid/);
    expect(() => service(ephemeralAuditKey()).parseAnchors(line)).toThrow(/anchor signature invalid/);
    expect(() => t.container.audit.parseAnchors('no anchors here')).toThrow(/no anchor line/);
  });
});
