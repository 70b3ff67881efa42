import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { systemActor } from '../src/access/index.ts';
import { docxText } from '../src/lib/document-text.ts';
import { testEngines } from './support/test-database.ts';
import { useTestApp } from './support/harness.ts';
import { taskIn, unitTree } from './support/rhythm-fixtures.ts';
import { seedScale } from '../src/seed/generate.ts';
import { seedRhythm } from '../src/seed/rhythm.ts';
import { DEFAULT_RHYTHMS, periodsThrough } from '../src/modules/rhythm/cadence-rules.ts';
import { shanghaiDate } from '../src/supervision/rules/working-days.ts';

async function documentXml(raw: Buffer): Promise<string> {
  return (await JSZip.loadAsync(raw)).file('word/document.xml')!.async('string');
}

describe.each(testEngines())('the rhythm of the work on %s', (engine) => {
  const t = useTestApp(engine);

  it('adds the default five rhythms once, with their occurrences and due dates', async () => {
    const supervisor = await t.login('supervisor');
    expect((await supervisor.post('/api/rhythm/rules/defaults')).body).toEqual({ added: 5 });
    expect((await supervisor.post('/api/rhythm/rules/defaults')).body).toEqual({ added: 0 });
    const rules = (await supervisor.get('/api/rhythm/rules')).body.data;
    expect(rules.map((r: { name: string }) => r.name)).toEqual(['一月一通报', '两月一会办', '一季一点评', '半年一观摩', '年度一述职']);
    expect(rules[0]).toMatchObject({ period: 'month', periodLabel: '每月', action: 'bulletin', actionName: '通报', anchor: 'workday', anchorDays: 5, scopeUnit: { name: '示范市（演示数据）' }, canManage: true, active: true });
    // Today is 2026-03-02: each rule owes the period before today's and today's own.
    const monthly = (await supervisor.get(`/api/rhythm/occurrences?ruleId=${rules[0].id}`)).body.data;
    expect(monthly.map((o: { periodKey: string; periodLabel: string; dueOn: string; status: string }) => [o.periodKey, o.periodLabel, o.dueOn, o.status])).toEqual([
      ['2026-03', '2026年3月', '2026-04-08', 'planned'],
      ['2026-02', '2026年2月', '2026-03-06', 'planned'],
    ]);
    const quarterly = (await supervisor.get(`/api/rhythm/occurrences?ruleId=${rules[2].id}`)).body.data;
    expect(quarterly.map((o: { periodKey: string }) => o.periodKey)).toEqual(['2026-Q1', '2025-Q4']);
    // A district liaison sees none of the office's rules; a leader reads them and runs none.
    expect((await (await t.login('liaison_dc')).get('/api/rhythm/rules')).body.data).toEqual([]);
    const leaderRules = (await (await t.login('leader')).get('/api/rhythm/rules')).body.data;
    expect(leaderRules).toHaveLength(5);
    expect(leaderRules.every((r: { canManage: boolean }) => !r.canManage)).toBe(true);
    expect((await (await t.login('leader')).post('/api/rhythm/rules/defaults')).status).toBe(403);
  });

  it('reminds the owner before an occurrence falls due and once when it is overdue, and records what took place', async () => {
    let supervisor = await t.login('supervisor');
    const rule = (await supervisor.get('/api/rhythm/rules')).body.data[0];
    const feb = (await supervisor.get(`/api/rhythm/occurrences?ruleId=${rule.id}`)).body.data.find((o: { periodKey: string }) => o.periodKey === '2026-02');
    const keys = async () => (await t.container.db.selectFrom('notifications').select('dedupe_key').where('user_id', '=', t.userId('supervisor')).where('dedupe_key', 'like', 'rhythm:%').execute()).map((n) => n.dedupe_key).sort();
    // 2026-03-02: the February bulletin is due 2026-03-06, three working days' notice starts 2026-03-03.
    await t.container.rhythm.scan(t.tenantId);
    expect(await keys()).toEqual([]);
    t.clock.set('2026-03-04T02:00:00Z');
    expect((await t.container.rhythm.scan(t.tenantId)).reminded).toBe(1);
    expect((await t.container.rhythm.scan(t.tenantId)).reminded).toBe(0);
    expect(await keys()).toEqual([`rhythm:${feb.id}:soon`]);
    t.clock.set('2026-03-09T02:00:00Z');
    await t.container.rhythm.scan(t.tenantId);
    expect(await keys()).toContain(`rhythm:${feb.id}:overdue`);
    const notice = await t.container.db.selectFrom('notifications').select(['title', 'kind']).where('dedupe_key', '=', `rhythm:${feb.id}:overdue`).executeTakeFirstOrThrow();
    expect(notice).toEqual({ kind: 'reminder', title: '已逾期：一月一通报：2026年2月通报' });

    // Recording: bad input names the field; others cannot; the record closes the occurrence.
    supervisor = await t.login('supervisor');
    const noDay = await supervisor.put(`/api/rhythm/occurrences/${feb.id}/record`, { status: 'done', record: '已通报' });
    expect(noDay.body.error.details).toEqual([{ field: 'heldOn', message: '请填写开展日期' }]);
    const noText = await supervisor.put(`/api/rhythm/occurrences/${feb.id}/record`, { status: 'skipped', record: ' ' });
    expect(noText.body.error.details).toEqual([{ field: 'record', message: '请填写未开展的原因' }]);
    expect((await (await t.login('leader')).put(`/api/rhythm/occurrences/${feb.id}/record`, { status: 'done', heldOn: '2026-03-06', record: '改' })).status).toBe(403);
    expect((await (await t.login('liaison_dc')).put(`/api/rhythm/occurrences/${feb.id}/record`, { status: 'done', heldOn: '2026-03-06', record: '改' })).status).toBe(404);
    expect((await supervisor.put(`/api/rhythm/occurrences/${feb.id}/record`, { status: 'done', heldOn: '2026-03-06', record: '已印发二月通报' })).status).toBe(200);
    const after = (await supervisor.get(`/api/rhythm/occurrences?ruleId=${rule.id}&status=done`)).body.data;
    expect(after).toMatchObject([{ id: feb.id, status: 'done', heldOn: '2026-03-06', record: '已印发二月通报' }]);
    // Changing the anchor moves the open occurrences' due dates, not the recorded one's.
    expect((await supervisor.patch(`/api/rhythm/rules/${rule.id}`, { anchor: 'day', anchorDays: 10 })).status).toBe(200);
    const moved = (await supervisor.get(`/api/rhythm/occurrences?ruleId=${rule.id}`)).body.data.map((o: { periodKey: string; dueOn: string }) => [o.periodKey, o.dueOn]);
    expect(moved).toEqual([['2026-03', '2026-04-10'], ['2026-02', '2026-03-06']]);
    const audit = await t.container.db.selectFrom('audit_log').select('action').where('entity_id', 'in', [rule.id, feb.id]).orderBy('seq').execute();
    expect(audit.map((a) => a.action)).toEqual(['rhythm.rule_create', 'rhythm.record', 'rhythm.rule_update']);
  });

  it('turns a cadence the parser found into a rule in one step, and refuses bad rules naming the field', async () => {
    const supervisor = await t.login('supervisor');
    const db = t.container.db;
    const directive = await db.insertInto('directives').values({ tenant_id: t.tenantId, unit_id: t.unit('SFS-DC'), title: '东城区抓落实工作方案', script: 'simplified', format: 'text', body: '坚持一季一调度。', parsed: '{}' } as never).returning('id').executeTakeFirstOrThrow();
    const cadence = await db.insertInto('directive_cadences').values({ tenant_id: t.tenantId, directive_id: directive.id, text: '一季一调度', period: 'quarter', action: '调度' }).returning('id').executeTakeFirstOrThrow();
    const made = await supervisor.post('/api/rhythm/rules/from-cadence', { cadenceId: cadence.id });
    expect(made.status).toBe(201);
    const rule = (await supervisor.get('/api/rhythm/rules')).body.data.find((r: { id: string }) => r.id === made.body.id);
    expect(rule).toMatchObject({ name: '一季一调度', period: 'quarter', action: 'custom', actionName: '调度', anchor: 'workday', anchorDays: 5, scopeUnit: { id: t.unit('SFS-DC') }, sourceCadenceId: cadence.id });
    expect((await (await t.login('liaison_dc')).post('/api/rhythm/rules/from-cadence', { cadenceId: cadence.id })).status).toBe(403);

    const bad = await supervisor.post('/api/rhythm/rules', { name: '', period: 'fortnight', anchorDays: 0, action: 'custom', scopeUnitId: t.unit('SFS-DC') });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { field: string }) => d.field).sort()).toEqual(['anchorDays', 'name', 'period']);
    const noLabel = await supervisor.post('/api/rhythm/rules', { name: '周调度', period: 'week', anchorDays: 1, action: 'custom', scopeUnitId: t.unit('SFS-DC') });
    expect(noLabel.body.error.details).toEqual([{ field: 'actionLabel', message: '自定事项请填写事项名称' }]);
  });

  it('generates a bulletin from live data, publishes it locked, and reproduces the same document after the data change', async () => {
    const units = await unitTree(t, 'TB');
    const sys = systemActor(t.tenantId);
    const liaison = await t.container.users.create(sys, { username: 'liaison_tb_a', displayName: '甲单位联络员', orgUnitId: units.a, password: 'Rhythm#2026x', grants: [{ role: 'liaison', scopeKind: 'own' }] });
    await t.container.db.updateTable('users').set({ must_change_password: false }).where('id', '=', liaison.id).execute();
    // 甲: two finished in February on time. 乙: one finished late, one open past its deadline.
    await taskIn(t, units.a, '甲单位按时事项一', '2026-02-20', '2026-02-10T02:00:00Z');
    await taskIn(t, units.a, '甲单位按时事项二', '2026-02-27', '2026-02-27T09:00:00Z');
    await taskIn(t, units.b, '乙单位超期办结事项', '2026-02-10', '2026-02-15T02:00:00Z');
    const open = await taskIn(t, units.b, '乙单位逾期事项', '2026-02-25', null);

    let supervisor = await t.login('supervisor');
    const bad = await supervisor.post('/api/bulletins', { period: '2026-13', scopeUnitId: units.root });
    expect(bad.body.error.details).toEqual([{ field: 'period', message: '期间格式应为 YYYY-MM（或 YYYY-Qn、YYYY-Hn、YYYY）' }]);
    expect((await (await t.login('leader')).post('/api/bulletins', { period: '2026-02', scopeUnitId: units.root })).status).toBe(403);
    const created = await supervisor.post('/api/bulletins', { period: '2026-02', scopeUnitId: units.root });
    expect(created.status).toBe(201);
    const id = created.body.id;
    const f = created.body.figures;
    expect(f).toMatchObject({ period: '2026-02', periodLabel: '2026年2月', start: '2026-02-01', end: '2026-02-28', asOf: '2026-02-28', scopeUnit: { name: 'TB片区' } });
    expect(f.summary).toMatchObject({ assigned: 4, completed: 3, onTime: 2, onTimeRate: 66.7, overdue: 1 });
    expect(f.ranking.map((r: { rank: number; name: string; completed: number; onTime: number; onTimeRate: number | null; overdue: number }) => [r.rank, r.name, r.completed, r.onTime, r.onTimeRate, r.overdue])).toEqual([
      [1, 'TB甲单位', 2, 2, 100, 0],
      [2, 'TB乙单位', 1, 0, 0, 1],
    ]);
    expect(f.praised).toEqual([{ unit: 'TB甲单位', reason: '本期办结 2 件，全部按时办结，无逾期事项' }]);
    expect(created.body.body.summary).toContain('办结 3 件，其中按时办结 2 件，按时办结率 66.7%');
    expect(created.body.body.criticism).toContain('TB乙单位（逾期 1 件）');
    expect(created.body).toMatchObject({ status: 'draft', policies: { canEdit: true } });

    // A draft is the office's: the ranked unit's liaison does not see it yet.
    const unitClient = await t.login('liaison_tb_a', 'Rhythm#2026x');
    expect((await unitClient.get(`/api/bulletins/${id}`)).status).toBe(404);

    const edited = await supervisor.put(`/api/bulletins/${id}`, { title: '关于2026年2月督查工作情况的通报', body: { requirements: '各单位于3月15日前报送整改情况。' } });
    expect(edited.status).toBe(200);
    expect(edited.body.body.requirements).toBe('各单位于3月15日前报送整改情况。');
    expect(edited.body.body.praise).toBe(created.body.body.praise);
    const noNumber = await supervisor.post(`/api/bulletins/${id}/publish`);
    expect(noNumber.body.error.details).toEqual([{ field: 'docNumber', message: '请填写文号后再印发' }]);
    await supervisor.put(`/api/bulletins/${id}`, { docNumber: '示督通〔2026〕2号' });
    const published = await supervisor.post(`/api/bulletins/${id}/publish`);
    expect(published.status).toBe(200);
    expect(published.body).toMatchObject({ status: 'published', docNumber: '示督通〔2026〕2号', policies: { canEdit: false }, notified: 1 });
    const notice = await t.container.db.selectFrom('notifications').select(['title', 'kind']).where('user_id', '=', liaison.id).where('kind', '=', 'report').executeTakeFirstOrThrow();
    expect(notice).toEqual({ kind: 'report', title: '通报印发：关于2026年2月督查工作情况的通报' });
    // Published, it reaches the units in its subtree, and only them.
    expect((await unitClient.get(`/api/bulletins/${id}`)).status).toBe(200);
    expect((await unitClient.get('/api/bulletins')).body.data.map((b: { id: string }) => b.id)).toEqual([id]);
    expect((await (await t.login('liaison_dc')).get(`/api/bulletins/${id}`)).status).toBe(200);
    expect((await (await t.login('viewer')).get(`/api/bulletins/${id}`)).status).toBe(404);

    const word = await supervisor.get(`/api/bulletins/${id}/document.docx`);
    expect(word.status).toBe(200);
    const text = await docxText(new Uint8Array(word.raw));
    for (const part of ['示督通〔2026〕2号', '关于2026年2月督查工作情况的通报', '一、总体情况', '（一）督事项办理'.replace('督事项', '督办事项'), '二、通报表扬', '四、工作要求', '各单位于3月15日前报送整改情况。', '附件1', 'TB甲单位', '附件2']) expect(text).toContain(part);
    const before = await documentXml(word.raw);

    // The data change afterwards: the open task is finished late in February.
    await t.container.db.updateTable('tasks').set({ status: 'completed', completed_at: new Date('2026-02-27T02:00:00Z') }).where('id', '=', open).execute();
    t.clock.set('2026-03-20T02:00:00Z');
    supervisor = await t.login('supervisor');
    expect((await supervisor.put(`/api/bulletins/${id}`, { title: '改' })).status).toBe(409);
    expect((await supervisor.post(`/api/bulletins/${id}/regenerate`)).status).toBe(409);
    const again = await supervisor.get(`/api/bulletins/${id}`);
    expect(again.body.figures).toEqual(f);
    expect(await documentXml((await supervisor.get(`/api/bulletins/${id}/document.docx`)).raw)).toBe(before);
    // A new draft of the same month counts the changed data.
    const fresh = await supervisor.post('/api/bulletins', { period: '2026-02', scopeUnitId: units.root });
    expect(fresh.body.figures.summary).toMatchObject({ completed: 4, onTime: 2, overdue: 0 });

    const audit = await t.container.db.selectFrom('audit_log').select('action').where('entity_id', '=', id).orderBy('seq').execute();
    expect(audit.map((a) => a.action)).toEqual(['bulletin.generate', 'bulletin.edit', 'bulletin.edit', 'bulletin.publish']);
  });

  it('prepares a bulletin occurrence as a draft, and its publication records the occurrence done', async () => {
    t.clock.set('2026-03-02T02:00:00Z');
    const supervisor = await t.login('supervisor');
    const rule = (await supervisor.get('/api/rhythm/rules')).body.data.find((r: { name: string }) => r.name === '一月一通报');
    const mar = (await supervisor.get(`/api/rhythm/occurrences?ruleId=${rule.id}&status=planned,prepared`)).body.data.find((o: { periodKey: string }) => o.periodKey === '2026-03');
    const prepared = await supervisor.post(`/api/rhythm/occurrences/${mar.id}/prepare`);
    expect(prepared.status).toBe(200);
    const bulletinId = prepared.body.bulletinId;
    expect((await supervisor.post(`/api/rhythm/occurrences/${mar.id}/prepare`)).body.bulletinId).toBe(bulletinId);
    const draft = (await supervisor.get(`/api/bulletins/${bulletinId}`)).body;
    expect(draft).toMatchObject({ period: '2026-03', occurrenceId: mar.id, scopeUnit: { name: '示范市（演示数据）' }, status: 'draft' });
    await supervisor.put(`/api/bulletins/${bulletinId}`, { docNumber: '示督通〔2026〕3号' });
    expect((await supervisor.post(`/api/bulletins/${bulletinId}/publish`)).status).toBe(200);
    const occ = (await supervisor.get(`/api/rhythm/occurrences?ruleId=${rule.id}&status=done`)).body.data.find((o: { id: string }) => o.id === mar.id);
    expect(occ).toMatchObject({ status: 'done', heldOn: '2026-03-02', record: '印发通报 示督通〔2026〕3号', bulletinId, bulletinStatus: 'published' });
    // A meeting's occurrence gets the figures of its scope as material.
    const review = (await supervisor.get('/api/rhythm/rules')).body.data.find((r: { name: string }) => r.name === '一季一点评');
    const q1 = (await supervisor.get(`/api/rhythm/occurrences?ruleId=${review.id}`)).body.data.find((o: { periodKey: string }) => o.periodKey === '2026-Q1');
    expect((await supervisor.post(`/api/rhythm/occurrences/${q1.id}/prepare`)).body).toEqual({ bulletinId: null });
    const withMaterial = (await supervisor.get(`/api/rhythm/occurrences?ruleId=${review.id}&status=prepared`)).body.data[0];
    expect(withMaterial.material).toMatchObject({ summary: { assigned: expect.any(Number) }, ranking: expect.any(Array) });
  });

  it('generates a year of the rhythm for every city and district: the five rules, their occurrences, the past ones mostly held', async () => {
    const org = await seedScale(t.container.database, 'city', t.container.audit);
    const today = shanghaiDate(t.clock.now());
    const seeded = await seedRhythm(t.container.database, org.tenantId, (db, tenant) => t.container.rhythm.ensureOccurrences(db, tenant), today);
    const scopes = await t.container.db.selectFrom('org_units').select('id').where('tenant_id', '=', org.tenantId).where('kind', 'in', ['city', 'district']).execute();
    expect(scopes).toHaveLength(9);
    expect(seeded.rules).toBe(9 * 5);
    // Each rule owes one occurrence per period from a year ago through today's own period.
    const startsOn = `${Number(today.slice(0, 4)) - 1}-${today.slice(5, 7)}-01`;
    const perScope = DEFAULT_RHYTHMS.reduce((n, r) => n + periodsThrough(r.period, startsOn, today).length, 0);
    expect(seeded.occurrences).toBe(9 * perScope);
    const rows = await t.container.db.selectFrom('cadence_occurrences').select(['status', 'due_on', 'held_on', 'record']).where('tenant_id', '=', org.tenantId).execute();
    expect(rows).toHaveLength(seeded.occurrences);
    // Not yet due: open. Past due: held on the day, not held with a reason, or still open.
    expect(rows.filter((r) => r.due_on >= today).every((r) => r.status === 'planned')).toBe(true);
    const past = rows.filter((r) => r.due_on < today);
    expect(new Set(past.map((r) => r.status))).toEqual(new Set(['done', 'skipped', 'planned']));
    expect(past.filter((r) => r.status === 'done').every((r) => r.held_on === r.due_on)).toBe(true);
    expect(past.filter((r) => r.status === 'skipped').every((r) => r.held_on === null && r.record.length > 0)).toBe(true);
    // A district's supervisor pages through its own five rules' occurrences.
    const district = await t.container.db.selectFrom('users').selectAll().where('tenant_id', '=', org.tenantId).where('username', 'like', '%-d001-2').executeTakeFirstOrThrow();
    const actor = await t.container.auth.loadActor(org.tenantId, district);
    const page = await t.container.rhythm.listOccurrences(actor, { pageSize: 10 });
    expect(page.page.total).toBe(perScope);
  });
});
