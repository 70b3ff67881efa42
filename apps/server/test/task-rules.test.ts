import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { Actor } from '../src/access/index.ts';
import { testEngines } from './support/test-database.ts';
import { multipartBody, useTestApp, type TestContext } from './support/harness.ts';

/** Issue 8, items 1, 3, 4 and 12: the first report, 长期坚持, units nobody acts for, units changed after assignment. */

async function actor(t: TestContext, username: string): Promise<Actor> {
  const u = await t.container.db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirstOrThrow();
  return t.container.auth.loadActor(t.tenantId, u);
}

async function task(t: TestContext, id: string) {
  return t.container.db.selectFrom('tasks').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

async function parts(t: TestContext, parentId: string) {
  return t.container.db.selectFrom('tasks').selectAll().where('parent_id', '=', parentId).orderBy('created_at').execute();
}

async function divisionSheet(rows: string[][]) {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('任务分工表');
  for (const r of rows) ws.addRow(r);
  return multipartBody('分工表.xlsx', Buffer.from(await wb.xlsx.writeBuffer()));
}

describe.each(testEngines())('task rules on %s', (engine) => {
  const t = useTestApp(engine);

  it('does not flag a new task\'s first report late for a period whose report was due before the task started', async () => {
    const sup = await actor(t, 'supervisor');
    const dc = await actor(t, 'liaison_dc');
    // An older task, started on 2026-03-02: its March report was due on the 25th.
    t.clock.set('2026-03-02T02:00:00Z');
    const old = await t.container.tasks.create(sup, { title: '月报任务(早)', leadUnitIds: [t.unit('SFS-DC')], deadline: '2026-06-30', reportCycle: 'monthly', reportDueDay: 25 });
    // A new one, started on Friday 2026-03-27, two days after March's due date.
    t.clock.set('2026-03-27T02:00:00Z');
    const fresh = await t.container.tasks.create(sup, { title: '月报任务(新)', leadUnitIds: [t.unit('SFS-DC')], deadline: '2026-06-30', reportCycle: 'monthly', reportDueDay: 25 });
    await t.container.tasks.acknowledge(dc, fresh.id);
    await t.container.tasks.acknowledge(dc, old.id);
    t.clock.set('2026-03-30T02:00:00Z');
    await t.container.lights.recomputeAll(t.tenantId);
    // The lights agree: the new task owes nothing for March, the old one does.
    expect(await task(t, fresh.id)).toMatchObject({ light: 'green' });
    expect((await task(t, old.id)).light_reason).toMatch(/2026-03 进展未报送/);
    const first = await t.container.tasks.report(dc, fresh.id, { done: '制定方案', percent: 10 });
    expect(first.late).toBe(false);
    const report = await t.container.db.selectFrom('progress_reports').select(['late', 'period']).where('id', '=', first.reportId).executeTakeFirstOrThrow();
    expect(report).toEqual({ late: false, period: '2026-03' });
    const events = await t.container.db.selectFrom('task_events').select('comment').where('task_id', '=', fresh.id).where('kind', '=', 'report').execute();
    expect(events[0]!.comment).not.toMatch(/逾期报送/);
    expect((await t.container.tasks.report(dc, old.id, { done: '推进中', percent: 30 })).late).toBe(true);
  });

  it('requires a 完成时限 unless the task is 长期坚持, which is lit by its report rhythm', async () => {
    t.clock.set('2026-04-01T02:00:00Z');
    const sup = await actor(t, 'supervisor');
    const dc = await actor(t, 'liaison_dc');
    await expect(t.container.tasks.create(sup, { title: '没有时限', leadUnitIds: [t.unit('SFS-DC')] })).rejects.toMatchObject({ code: 'VALIDATION', details: [{ field: 'deadline', message: expect.stringContaining('长期坚持') }] });
    await expect(t.container.tasks.create(sup, { title: '矛盾', leadUnitIds: [t.unit('SFS-DC')], longTerm: true, deadline: '2026-06-30' })).rejects.toMatchObject({ details: [{ field: 'deadline' }] });
    await expect(t.container.tasks.create(sup, { title: '不报送', leadUnitIds: [t.unit('SFS-DC')], longTerm: true, reportCycle: 'none' })).rejects.toMatchObject({ details: [{ field: 'reportCycle' }] });
    const standing = await t.container.tasks.create(sup, { title: '持续优化营商环境', leadUnitIds: [t.unit('SFS-DC')], coUnitIds: [t.unit('SFS-XC')], longTerm: true });
    expect(standing).toMatchObject({ long_term: true, deadline: null, report_cycle: 'monthly', light: 'green' });
    const [co] = await parts(t, standing.id);
    expect(co).toMatchObject({ long_term: true, deadline: null, report_cycle: 'monthly' });
    await t.container.tasks.acknowledge(dc, standing.id);
    expect((await task(t, standing.id)).light_reason).toBe('长期坚持，按期报送');
    // Decomposed parts inherit it, unless given a deadline of their own.
    const [inherits, dated] = await t.container.tasks.decompose(dc, standing.id, [
      { title: '街道常态化整治', ownerUnitId: t.unit('SFS-DC-J01') },
      { title: '街道专项行动', ownerUnitId: t.unit('SFS-DC-J02'), deadline: '2026-05-31' },
    ]);
    expect(inherits).toMatchObject({ long_term: true, deadline: null });
    expect(dated).toMatchObject({ long_term: false, deadline: '2026-05-31' });
    // April's report (due at the month's end, moved past the May Day holiday) was missed: yellow, naming the kind.
    t.clock.set('2026-05-12T02:00:00Z');
    await t.container.lights.recomputeAll(t.tenantId);
    const late = await task(t, standing.id);
    expect(late.light).toBe('yellow');
    expect(late.light_reason).toMatch(/^长期坚持：2026-04 进展未报送/);
    // An edit that takes 长期坚持 away must give a deadline; marking a task long-term clears its deadline.
    await expect(t.container.tasks.update(sup, standing.id, { longTerm: false })).rejects.toMatchObject({ details: [{ field: 'deadline' }] });
    const dated2 = await t.container.tasks.update(sup, standing.id, { longTerm: false, deadline: '2026-12-31' });
    expect(dated2).toMatchObject({ long_term: false, deadline: '2026-12-31' });
    expect((await task(t, co!.id))).toMatchObject({ long_term: false, deadline: '2026-12-31' });
    const back = await t.container.tasks.update(sup, standing.id, { longTerm: true });
    expect(back).toMatchObject({ long_term: true, deadline: null });
  });

  it('asks the import for a 完成时限 by row and column, accepts 长期坚持, and warns of units nobody acts for', async () => {
    t.clock.set('2026-04-01T02:00:00Z');
    const sup = await t.login('supervisor');
    const missing = await divisionSheet([
      ['序号', '任务', '牵头单位', '完成时限'],
      ['1', '导入甲', '东城区', '6月底前'],
      ['2', '导入乙', '西城区', ''],
    ]);
    const bad = await sup.request('POST', '/api/tasks/import?dryRun=true', missing.body, missing.headers);
    expect(bad.status).toBe(400);
    expect(bad.body.error.details).toEqual([{ row: 3, column: '完成时限', message: expect.stringContaining('长期坚持') }]);
    const ok = await divisionSheet([
      ['序号', '任务', '牵头单位', '配合单位', '完成时限'],
      ['1', '导入丙', '东城区', '东华街道', '长期坚持'],
      ['2', '导入丁', '西城区', '', '2026年9月30日'],
    ]);
    const preview = await sup.request('POST', '/api/tasks/import?dryRun=true', ok.body, ok.headers);
    expect(preview.status).toBe(200);
    expect(preview.body.data.rows.map((r: { longTerm: boolean; deadline: string | null }) => [r.longTerm, r.deadline])).toEqual([[true, null], [false, '2026-09-30']]);
    // 东华街道 has no liaison account: a warning in the preview, not an error.
    expect(preview.body.data.withoutActor).toEqual([{ id: t.unit('SFS-DC-J01'), name: '东华街道' }]);
    const done = await sup.request('POST', '/api/tasks/import', ok.body, ok.headers);
    expect(done.status).toBe(200);
    const imported = await t.container.db.selectFrom('tasks').select(['long_term', 'deadline', 'report_cycle']).where('title', '=', '导入丙').executeTakeFirstOrThrow();
    expect(imported).toEqual({ long_term: true, deadline: null, report_cycle: 'monthly' });
  });

  it('asks directive publishing for a deadline per item, named items[i].deadline, unless the item is 长期坚持', async () => {
    t.clock.set('2026-04-01T02:00:00Z');
    const sup = await actor(t, 'supervisor');
    const id = await t.container.directives.create(sup, { text: '关于常态化工作的通知\n一、市财政局要加快资金拨付。\n二、市发改委要做好项目储备。', kind: 'plan' });
    const detail = await t.container.directives.detail(sup, id);
    const items = detail.directive.draft.map((x) => ({ ...x, include: true, leadUnitIds: [t.unit('SFS-XC')], deadline: null, longTerm: false }));
    await expect(t.container.directives.publish(sup, id, { items })).rejects.toMatchObject({ code: 'VALIDATION', details: [{ field: 'items[0].deadline', message: expect.stringContaining('长期坚持') }] });
    const ids = await t.container.directives.publish(sup, id, { items: items.map((x, i) => (i === 0 ? { ...x, longTerm: true } : { ...x, deadline: '2026-12-31' })) });
    const published = await t.container.db.selectFrom('tasks').select(['id', 'long_term', 'deadline']).where('id', 'in', ids).execute();
    expect(published.find((p) => p.id === ids[0])).toMatchObject({ long_term: true, deadline: null });
    expect(published.filter((p) => p.id !== ids[0]).every((p) => p.deadline === '2026-12-31' && !p.long_term)).toBe(true);
  });

  it('tells a liaison granted a unit by name of that unit\'s work, as it may act for it', async () => {
    const admin = await actor(t, 'admin');
    const sup = await actor(t, 'supervisor');
    const u = await t.container.users.create(admin, { username: 'liaison_by_name', displayName: '代管联络员', orgUnitId: t.unit('SFS-DC'), password: 'ByName#2026', grants: [{ role: 'liaison', scopeKind: 'units', unitIds: [t.unit('SFS-DC-J01')] }] });
    const task = await t.container.tasks.create(sup, { title: '代管单位的任务', leadUnitIds: [t.unit('SFS-DC-J01')], deadline: '2026-06-30' });
    const notices = async (kind: string) => (await t.container.db.selectFrom('notifications').select('id').where('user_id', '=', u.id).where('task_id', '=', task.id).where('kind', '=', kind).execute()).length;
    expect(await notices('assignment')).toBe(1);
    await t.container.followUps.remind(sup, task.id, '请签收');
    expect(await notices('reminder')).toBe(1);
  });

  it('names the units nobody can act for, to the supervisor and to the administrator', async () => {
    const sup = await t.login('supervisor');
    const check = await sup.post('/api/tasks/unit-check', { unitIds: [t.unit('SFS-DC'), t.unit('SFS-DC-J02'), t.unit('SFS-XC')] });
    expect(check.status).toBe(200);
    expect(check.body.data.withoutActor).toEqual([{ id: t.unit('SFS-DC-J02'), name: '朝阳街道' }]);
    // A liaison granted the unit by name acts for it; an inactive one does not.
    const admin = await actor(t, 'admin');
    const u = await t.container.users.create(admin, { username: 'liaison_cyjd', displayName: '朝阳街道联络员', orgUnitId: t.unit('SFS-DC'), password: 'Street#2026', grants: [{ role: 'liaison', scopeKind: 'units', unitIds: [t.unit('SFS-DC-J02')] }] });
    expect((await sup.post('/api/tasks/unit-check', { unitIds: [t.unit('SFS-DC-J02')] })).body.data.withoutActor).toEqual([]);
    await t.container.db.updateTable('users').set({ active: false }).where('id', '=', u.id).execute();
    expect((await sup.post('/api/tasks/unit-check', { unitIds: [t.unit('SFS-DC-J02')] })).body.data.withoutActor).toHaveLength(1);
    const liaison = await t.login('liaison_dc');
    expect((await liaison.post('/api/tasks/unit-check', { unitIds: [t.unit('SFS-DC')] })).status).toBe(403);
    // A district supervisor asking about another district's unit: not found.
    const narrow = await t.container.users.create(admin, { username: 'sup_dc_only', displayName: '东城区督查', orgUnitId: t.unit('SFS-DC'), password: 'Narrow#2026', grants: [{ role: 'supervisor', scopeKind: 'subtree' }] });
    const district = await t.container.auth.loadActor(t.tenantId, narrow);
    await expect(t.container.tasks.unitCheck(district, [t.unit('SFS-XC')])).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await t.container.tasks.unitCheck(district, [t.unit('SFS-DC-J02')])).toHaveLength(1);

    const adminClient = await t.login('admin');
    const list = await adminClient.get('/api/org-units/without-liaison?pageSize=200');
    expect(list.status).toBe(200);
    const codes = list.body.data.map((x: { code: string }) => x.code);
    expect(codes).toContain('SFS-DC-J02');
    expect(codes).not.toContain('SFS-DC');
    expect(codes).not.toContain('SFS-XC');
    expect(list.body.page.total).toBe(codes.length);
    const searched = await adminClient.get(`/api/org-units/without-liaison?q=${encodeURIComponent('朝阳')}`);
    expect(searched.body.data.map((x: { code: string }) => x.code)).toEqual(['SFS-DC-J02']);
    // The district administrator sees only the district's units.
    const adminDc = await t.login('admin_dc');
    const inDistrict = await adminDc.get('/api/org-units/without-liaison?pageSize=200');
    expect(inDistrict.body.data.every((x: { code: string }) => x.code.startsWith('SFS-DC'))).toBe(true);
    expect((await sup.get('/api/org-units/without-liaison')).status).toBe(403);
  });

  it('lets the issuer add and drop a co-unit after assignment: the part is assigned and told, or cancelled with its breakdown', async () => {
    t.clock.set('2026-04-01T02:00:00Z');
    const sup = await actor(t, 'supervisor');
    const xc = await actor(t, 'liaison_xc');
    const x = await t.container.tasks.create(sup, { title: '推进河长制', leadUnitIds: [t.unit('SFS-DC')], coUnitIds: [t.unit('SFS-FGW')], deadline: '2026-09-30' });
    // Add 西城区 as a co-unit.
    await t.container.tasks.update(sup, x.id, { coUnitIds: [t.unit('SFS-FGW'), t.unit('SFS-XC')] });
    const added = (await parts(t, x.id)).find((p) => p.owner_unit_id === t.unit('SFS-XC'))!;
    expect(added).toMatchObject({ unit_role: 'co', status: 'assigned', title: '推进河长制（配合）', deadline: '2026-09-30', light: 'green' });
    const notice = await t.container.db.selectFrom('notifications').select('title').where('user_id', '=', t.userId('liaison_xc')).where('task_id', '=', added.id).execute();
    expect(notice).toEqual([{ title: '新交办任务：推进河长制（配合）' }]);
    // 西城区 acknowledges its part; then the issuer drops 西城区 with a reason.
    await t.container.tasks.acknowledge(xc, added.id);
    await t.container.tasks.update(sup, x.id, { coUnitIds: [t.unit('SFS-FGW')], unitChangeReason: '职责调整' });
    expect(await task(t, added.id)).toMatchObject({ status: 'cancelled', light: 'none' });
    const cancelled = await t.container.db.selectFrom('task_events').select(['from_status', 'comment']).where('task_id', '=', added.id).where('kind', '=', 'cancel').execute();
    expect(cancelled).toEqual([{ from_status: 'acknowledged', comment: '单位调整，不再承办：职责调整' }]);
    // The other co-unit's part is untouched.
    expect((await parts(t, x.id)).find((p) => p.owner_unit_id === t.unit('SFS-FGW'))).toMatchObject({ status: 'assigned' });
    const timeline = await t.container.db.selectFrom('task_events').select('comment').where('task_id', '=', x.id).where('kind', '=', 'edit').orderBy('at').execute();
    expect(timeline.map((e) => e.comment)).toEqual(['调整单位：增加配合单位西城区（交办方调整承办单位）', '调整单位：移除配合单位西城区（职责调整）']);
    const audit = await t.container.db.selectFrom('audit_log').select(['summary', 'after']).where('entity_id', '=', x.id).where('action', '=', 'task.update').execute();
    expect(audit).toHaveLength(2);
    expect(JSON.stringify(audit[1]!.after)).toContain(t.unit('SFS-FGW'));
  });

  it('lets the issuer replace the lead unit: the task changes hands, the old unit\'s breakdown is cancelled, the new unit told', async () => {
    t.clock.set('2026-04-01T02:00:00Z');
    const sup = await actor(t, 'supervisor');
    const dc = await actor(t, 'liaison_dc');
    const x = await t.container.tasks.create(sup, { title: '建设智慧社区', leadUnitIds: [t.unit('SFS-DC')], deadline: '2026-09-30' });
    await t.container.tasks.acknowledge(dc, x.id);
    const [sub] = await t.container.tasks.decompose(dc, x.id, [{ title: '东华街道试点', ownerUnitId: t.unit('SFS-DC-J01') }]);
    await expect(t.container.tasks.update(sup, x.id, { leadUnitIds: [] })).rejects.toMatchObject({ code: 'VALIDATION', details: [{ field: 'leadUnitIds' }] });
    await expect(t.container.tasks.update(sup, x.id, { leadUnitIds: [t.unit('SFS-DC'), t.unit('SFS-XC')] })).rejects.toMatchObject({ details: [{ field: 'leadUnitIds' }] });
    await expect(t.container.tasks.update(dc, x.id, { leadUnitIds: [t.unit('SFS-XC')] })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const moved = await t.container.tasks.update(sup, x.id, { leadUnitIds: [t.unit('SFS-XC')] });
    expect(moved).toMatchObject({ owner_unit_id: t.unit('SFS-XC'), status: 'assigned', acknowledged_at: null, ack_deadline: '2026-04-02' });
    expect(await task(t, sub!.id)).toMatchObject({ status: 'cancelled' });
    expect(await t.container.db.selectFrom('notifications').select('title').where('user_id', '=', t.userId('liaison_xc')).where('task_id', '=', x.id).execute()).toEqual([{ title: '新交办任务：建设智慧社区' }]);
    // The old unit no longer sees it; the new one does.
    await expect(t.container.tasks.load(dc, x.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await t.container.tasks.load(await actor(t, 'liaison_xc'), x.id)).task.id).toBe(x.id);
    const edit = await t.container.db.selectFrom('task_events').select('comment').where('task_id', '=', x.id).where('kind', '=', 'edit').executeTakeFirstOrThrow();
    expect(edit.comment).toBe('调整单位：牵头单位由东城区改为西城区（交办方调整承办单位）');
  });

  it('adds and drops lead units of a split task over HTTP, refusing to drop the last one by field', async () => {
    t.clock.set('2026-04-01T02:00:00Z');
    const sup = await t.login('supervisor');
    const created = await sup.post('/api/tasks', { title: '开展消防检查', leadUnitIds: [t.unit('SFS-DC'), t.unit('SFS-XC')], deadline: '2026-06-30' });
    expect(created.status).toBe(201);
    const id = created.body.data.id;
    // 东城区 has broken its part down before it is dropped: the breakdown goes with it.
    const dc = await actor(t, 'liaison_dc');
    const dcPart = (await parts(t, id)).find((p) => p.owner_unit_id === t.unit('SFS-DC'))!;
    await t.container.tasks.acknowledge(dc, dcPart.id);
    const [sub] = await t.container.tasks.decompose(dc, dcPart.id, [{ title: '东华街道检查', ownerUnitId: t.unit('SFS-DC-J01') }]);
    const dropped = await sup.patch(`/api/tasks/${id}`, { leadUnitIds: [t.unit('SFS-XC'), t.unit('SFS-NH')], unitChangeReason: '东城区另有安排' });
    expect(dropped.status).toBe(200);
    const live = dropped.body.data.children.filter((c: { status: string }) => c.status !== 'cancelled').map((c: { ownerUnit: { id: string } }) => c.ownerUnit.id);
    expect(live.sort()).toEqual([t.unit('SFS-XC'), t.unit('SFS-NH')].sort());
    expect(dropped.body.data.children.find((c: { ownerUnit: { id: string } }) => c.ownerUnit.id === t.unit('SFS-DC')).status).toBe('cancelled');
    expect(await task(t, sub!.id)).toMatchObject({ status: 'cancelled' });
    const nh = (await parts(t, id)).find((p) => p.owner_unit_id === t.unit('SFS-NH'))!;
    expect(nh).toMatchObject({ unit_role: 'lead', status: 'assigned', title: '开展消防检查' });
    expect(dropped.body.data.timeline.at(-1).comment).toBe('调整单位：增加牵头单位南湖区；移除牵头单位东城区（东城区另有安排）');
    const none = await sup.patch(`/api/tasks/${id}`, { leadUnitIds: [] });
    expect(none.status).toBe(400);
    expect(none.body.error.details[0].field).toBe('leadUnitIds');
    const outside = await sup.patch(`/api/tasks/${id}`, { coUnitIds: ['00000000-0000-4000-8000-000000000000'] });
    expect(outside.status).toBe(400);
    expect(outside.body.error.details[0].field).toBe('coUnitIds');
  });
});
