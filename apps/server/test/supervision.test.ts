import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { Actor } from '../src/access/index.ts';
import { testEngines } from './support/test-database.ts';
import { useTestApp, type TestContext } from './support/harness.ts';

async function actor(t: TestContext, username: string): Promise<Actor> {
  const u = await t.container.db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirstOrThrow();
  return t.container.auth.loadActor(t.tenantId, u);
}

async function task(t: TestContext, id: string) {
  return t.container.db.selectFrom('tasks').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

describe.each(testEngines())('supervision core on %s', (engine) => {
  const t = useTestApp(engine);

  it('takes a task from assignment to completion, with lights and reasons along the way', async () => {
    // 2026-03-02 is a Monday; the harness clock starts there at 10:00 Shanghai time.
    const sup = await actor(t, 'supervisor');
    const dc = await actor(t, 'liaison_dc');
    const xc = await actor(t, 'liaison_xc');
    const created = await t.container.tasks.create(sup, { title: '推进老旧小区改造', leadUnitIds: [t.unit('SFS-DC')], coUnitIds: [t.unit('SFS-XC')], deadline: '2026-03-20', category: '民生保障', reportCycle: 'monthly', reportDueDay: 25 });
    expect(created.status).toBe('assigned');
    expect(created.owner_unit_id).toBe(t.unit('SFS-DC'));
    expect(created.ack_deadline).toBe('2026-03-03');
    expect(created.light).toBe('green');
    const co = await t.container.db.selectFrom('tasks').selectAll().where('parent_id', '=', created.id).execute();
    expect(co).toHaveLength(1);
    expect(co[0]).toMatchObject({ unit_role: 'co', owner_unit_id: t.unit('SFS-XC'), status: 'assigned' });

    // The co-unit cannot even see the lead's task (404, not 403); it acknowledges its own part.
    await expect(t.container.tasks.acknowledge(xc, created.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const admin = await actor(t, 'admin_dc');
    await expect(t.container.tasks.acknowledge(admin, created.id)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect((await t.container.tasks.acknowledge(dc, created.id)).status).toBe('acknowledged');
    expect((await t.container.tasks.acknowledge(xc, co[0]!.id)).status).toBe('acknowledged');

    const reported = await t.container.tasks.report(dc, created.id, { done: '完成摸底调查', percent: 40 });
    expect(reported.task.status).toBe('in_progress');
    expect(Number(reported.task.percent)).toBe(40);
    expect(reported.late).toBe(false);

    // Three working days before the deadline the light turns yellow, with its reason.
    t.clock.set('2026-03-17T02:00:00Z');
    await t.container.lights.recomputeUp(t.container.db, t.tenantId, created.id);
    let now = await task(t, created.id);
    expect(now.light).toBe('yellow');
    expect(now.light_reason).toMatch(/距截止还有 3 个工作日/);

    // Past the deadline it is red, "逾期 N 天".
    t.clock.set('2026-03-25T02:00:00Z');
    await t.container.lights.recomputeAll(t.tenantId);
    now = await task(t, created.id);
    expect(now.light).toBe('red');
    expect(now.light_reason).toMatch(/逾期 5 天/);

    // A red order; the reply; completion requested, then completed.
    const order = await t.container.followUps.issueOrder(sup, created.id, { level: 'red', matter: '老旧小区改造进度滞后', requirements: '请说明原因并提出整改措施', replyDeadline: '2026-03-27' });
    expect(order.number).toBe('督办〔2026〕1号');
    // The order (and its Word file) names the co-unit beside the lead unit.
    const xcName = (await t.container.db.selectFrom('org_units').select('name').where('id', '=', t.unit('SFS-XC')).executeTakeFirstOrThrow()).name;
    expect((await t.container.followUps.getOrder(sup, order.id)).co_unit_names).toEqual([xcName]);
    expect((await task(t, created.id)).light_reason).toMatch(/红色督办单未办结/);
    await t.container.followUps.replyOrder(dc, order.id, '已增派施工队伍,3月底前完成');
    // Replied is not closed: the order stays 未办结, and the task red, until the office closes it.
    expect((await task(t, created.id)).light_reason).toMatch(/红色督办单未办结/);
    await t.container.lights.recomputeAll(t.tenantId);
    expect((await task(t, created.id)).light_reason).toMatch(/红色督办单未办结/);
    // …and it waits in the office's workbench to be closed, no longer in the unit's.
    expect((await t.container.tasks.inbox(sup)).filter((i) => i.kind === 'order_close').map((i) => i.refId)).toEqual([order.id]);
    expect((await t.container.tasks.inbox(dc)).filter((i) => i.kind === 'order')).toEqual([]);
    await t.container.followUps.closeOrder(sup, order.id);
    expect((await t.container.tasks.inbox(sup)).filter((i) => i.kind === 'order_close')).toEqual([]);
    expect((await task(t, created.id)).light_reason).not.toMatch(/红色督办单/);
    await t.container.tasks.report(dc, created.id, { done: '全部完工', percent: 100 });
    await t.container.tasks.requestCompletion(dc, created.id, '已全部完成');
    await expect(t.container.tasks.complete(dc, created.id, null)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const done = await t.container.tasks.complete(sup, created.id, '同意办结');
    expect(done.status).toBe('completed');
    expect(done.light).toBe('none');
    expect(Number(done.percent)).toBe(100);
    const coAfter = await task(t, co[0]!.id);
    expect(coAfter).toMatchObject({ status: 'completed', light: 'none' });

    const events = await t.container.db.selectFrom('task_events').select('kind').where('task_id', '=', created.id).orderBy('at').execute();
    expect(events.map((e) => e.kind)).toEqual(['create', 'assign', 'acknowledge', 'report', 'order', 'order_reply', 'order_close', 'report', 'requestCompletion', 'complete']);
  });

  it('returns a completion request with reasons, and refuses transitions out of order', async () => {
    t.clock.set('2026-04-01T02:00:00Z');
    const sup = await actor(t, 'supervisor');
    const dc = await actor(t, 'liaison_dc');
    const x = await t.container.tasks.create(sup, { title: '整治背街小巷', leadUnitIds: [t.unit('SFS-DC')], deadline: '2026-06-30' });
    await expect(t.container.tasks.requestCompletion(dc, x.id, '完成')).rejects.toMatchObject({ code: 'CONFLICT' });
    await t.container.tasks.acknowledge(dc, x.id);
    await t.container.tasks.requestCompletion(dc, x.id, '完成');
    await expect(t.container.tasks.returnTask(sup, x.id, '  ')).rejects.toMatchObject({ code: 'VALIDATION' });
    const back = await t.container.tasks.returnTask(sup, x.id, '佐证材料不全');
    expect(back.status).toBe('returned');
    const note = await t.container.db.selectFrom('notifications').selectAll().where('user_id', '=', t.userId('liaison_dc')).where('title', 'like', '任务被退回%').execute();
    expect(note).toHaveLength(1);
    expect(note[0]!.body).toBe('佐证材料不全');
  });

  it("takes a module's own steps for whoever the module has authorised, and no other step outside the caller's scope", async () => {
    t.clock.set('2026-04-01T02:00:00Z');
    const sup = await actor(t, 'supervisor');
    const dc = await actor(t, 'liaison_dc');
    // 西城区's liaison stands for anyone the task's parties do not include (a proposer rating an answer).
    const outsider = await actor(t, 'liaison_xc');
    const x = await t.container.tasks.create(sup, { title: '答复关于增设公交线路的建议', module: 'suggestion', leadUnitIds: [t.unit('SFS-DC')], deadline: '2026-06-30' });
    // Outside the module's path, the step is refused to everyone, and the task stays out of the outsider's sight.
    await expect(t.container.tasks.acknowledge(outsider, x.id, { viaModule: true })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await t.container.tasks.acknowledge(dc, x.id);
    await expect(t.container.tasks.requestCompletion(dc, x.id, '已答复')).rejects.toMatchObject({ code: 'CONFLICT', message: '建议的答复和评价只能在建议页面办理' });
    await expect(t.container.tasks.complete(outsider, x.id, '满意')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await t.container.tasks.requestCompletion(dc, x.id, '已答复', { viaModule: true })).status).toBe('completion_requested');
    // Through the module's path the outsider's step is taken, and the timeline and audit name them.
    const done = await t.container.tasks.complete(outsider, x.id, '代表评价:满意', { viaModule: true });
    expect(done.status).toBe('completed');
    const event = await t.container.db.selectFrom('task_events').selectAll().where('task_id', '=', x.id).where('kind', '=', 'complete').executeTakeFirstOrThrow();
    expect(event.actor_id).toBe(t.userId('liaison_xc'));
  });

  it('splits one task to several units and rolls percents up by weight through decomposition', async () => {
    t.clock.set('2026-04-01T02:00:00Z');
    const sup = await actor(t, 'supervisor');
    const dc = await actor(t, 'liaison_dc');
    const xc = await actor(t, 'liaison_xc');
    const root = await t.container.tasks.create(sup, { title: '开展安全生产大检查', leadUnitIds: [t.unit('SFS-DC'), t.unit('SFS-XC')], deadline: '2026-05-29' });
    expect(root.owner_unit_id).toBe(t.unit('SFS-DCS'));
    expect(root.status).toBe('in_progress');
    const parts = await t.container.db.selectFrom('tasks').selectAll().where('parent_id', '=', root.id).orderBy('owner_unit_id').execute();
    const dcPart = parts.find((p) => p.owner_unit_id === t.unit('SFS-DC'))!;
    const xcPart = parts.find((p) => p.owner_unit_id === t.unit('SFS-XC'))!;
    // 东城区 breaks its part down to two streets with weights 1 and 3.
    await expect(t.container.tasks.decompose(dc, dcPart.id, [{ title: '检查商户', ownerUnitId: t.unit('SFS-XC-J01') }])).rejects.toMatchObject({ code: 'VALIDATION' });
    const subs = await t.container.tasks.decompose(dc, dcPart.id, [
      { title: '东华街道检查', ownerUnitId: t.unit('SFS-DC-J01'), weight: 1 },
      { title: '朝阳街道检查', ownerUnitId: t.unit('SFS-DC-J02'), weight: 3 },
    ]);
    expect(subs.map((s) => s.issuer_unit_id)).toEqual([t.unit('SFS-DC'), t.unit('SFS-DC')]);
    // The street has no liaison account in the demo; the district liaison reports for itself on its part.
    const street = await t.container.users.create((await actor(t, 'admin')), { username: 'liaison_dhjd', displayName: '东华街道联络员', orgUnitId: t.unit('SFS-DC-J01'), password: 'Street#2026', grants: [{ role: 'liaison', scopeKind: 'own' }] });
    const streetActor = await t.container.auth.loadActor(t.tenantId, street);
    await t.container.tasks.report(streetActor, subs[0]!.id, { done: '检查 20 户', percent: 100 });
    expect(Number((await task(t, dcPart.id)).percent)).toBe(25);
    await t.container.tasks.report(xc, xcPart.id, { done: '检查过半', percent: 50 });
    expect(Number((await task(t, root.id)).percent)).toBe(37.5);
    // The district reviews its own decomposed parts.
    await t.container.tasks.requestCompletion(streetActor, subs[0]!.id, '检查完毕');
    expect((await t.container.tasks.complete(dc, subs[0]!.id, '同意')).status).toBe('completed');
  });

  it('lets the issuer edit a task: parts issued with it follow, decomposed parts keep their own, the timeline names the fields', async () => {
    t.clock.set('2026-04-01T02:00:00Z');
    const sup = await actor(t, 'supervisor');
    const dc = await actor(t, 'liaison_dc');
    const root = await t.container.tasks.create(sup, { title: '推进垃圾分类', leadUnitIds: [t.unit('SFS-DC'), t.unit('SFS-XC')], coUnitIds: [t.unit('SFS-FGW')], deadline: '2026-06-30', category: '生态环境' });
    const parts = await t.container.db.selectFrom('tasks').selectAll().where('parent_id', '=', root.id).execute();
    const dcPart = parts.find((p) => p.owner_unit_id === t.unit('SFS-DC'))!;
    // 东城区's part was given its own later deadline by an extension-like edit of the issuer.
    await t.container.tasks.update(sup, dcPart.id, { deadline: '2026-07-15' });
    await expect(t.container.tasks.update(dc, dcPart.id, { deadline: '2026-08-01' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(t.container.tasks.update(sup, root.id, { category: '不存在的类别' })).rejects.toMatchObject({ code: 'VALIDATION', details: [{ field: 'category' }] });
    await expect(t.container.tasks.update(sup, root.id, { deadline: '2026-03-01' })).rejects.toMatchObject({ code: 'VALIDATION', details: [{ field: 'deadline' }] });

    const edited = await t.container.tasks.update(sup, root.id, { title: '全面推进垃圾分类', deadline: '2026-04-03', priority: 'high' });
    expect(edited).toMatchObject({ title: '全面推进垃圾分类', deadline: '2026-04-03', priority: 'high' });
    const after = await t.container.db.selectFrom('tasks').selectAll().where('parent_id', '=', root.id).execute();
    const byUnit = new Map(after.map((p) => [p.owner_unit_id, p]));
    expect(byUnit.get(t.unit('SFS-XC'))).toMatchObject({ title: '全面推进垃圾分类', deadline: '2026-04-03', priority: 'high' });
    expect(byUnit.get(t.unit('SFS-FGW'))).toMatchObject({ title: '全面推进垃圾分类（配合）', deadline: '2026-04-03' });
    // The part whose deadline differed keeps it; a deadline two working days away lights yellow at once.
    expect(byUnit.get(t.unit('SFS-DC'))).toMatchObject({ deadline: '2026-07-15' });
    expect(byUnit.get(t.unit('SFS-XC'))!.light).toBe('yellow');
    expect(edited.light).toBe('yellow');
    // Search follows the new title, across scripts.
    const found = await t.container.tasks.list(sup, { q: '全面推進', page: 1, pageSize: 20 });
    expect(found.data.some((x) => x.id === root.id)).toBe(true);

    const events = await t.container.db.selectFrom('task_events').select(['kind', 'comment']).where('task_id', '=', root.id).where('kind', '=', 'edit').execute();
    expect(events).toEqual([{ kind: 'edit', comment: '修改了标题、优先级、完成时限' }]);
    const audit = await t.container.db.selectFrom('audit_log').select('action').where('entity_id', '=', root.id).where('action', '=', 'task.update').execute();
    expect(audit).toHaveLength(1);
    // Nothing changed: no event, no audit row.
    await t.container.tasks.update(sup, root.id, { title: '全面推进垃圾分类' });
    expect(await t.container.db.selectFrom('task_events').select('id').where('task_id', '=', root.id).where('kind', '=', 'edit').execute()).toHaveLength(1);
    // A co-unit's part written before the text took full-width punctuation ("(配合)") follows a rename too, in the new form.
    const fgw = byUnit.get(t.unit('SFS-FGW'))!;
    await t.container.db.updateTable('tasks').set({ title: '全面推进垃圾分类(配合)' }).where('id', '=', fgw.id).execute();
    await t.container.tasks.update(sup, root.id, { title: '全面推进垃圾分类工作' });
    expect((await t.container.db.selectFrom('tasks').select('title').where('id', '=', fgw.id).executeTakeFirstOrThrow()).title).toBe('全面推进垃圾分类工作（配合）');
  });

  it('keeps attachments on the task itself: only the uploader binds them, everyone who sees the task downloads them', async () => {
    t.clock.set('2026-04-01T02:00:00Z');
    const sup = await actor(t, 'supervisor');
    const dc = await actor(t, 'liaison_dc');
    const xc = await actor(t, 'liaison_xc');
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
    const plan = await t.container.attachments.upload(sup, '实施方案.pdf', pdf);
    const stray = await t.container.attachments.upload(dc, '别人的.pdf', pdf);
    await expect(t.container.tasks.create(sup, { title: '带附件的任务', leadUnitIds: [t.unit('SFS-DC')], deadline: '2026-06-30', attachmentIds: [stray.id] })).rejects.toMatchObject({ code: 'VALIDATION', details: [{ field: 'attachmentIds' }] });
    const created = await t.container.tasks.create(sup, { title: '带附件的任务', leadUnitIds: [t.unit('SFS-DC')], deadline: '2026-06-30', attachmentIds: [plan.id] });
    const detail = await t.container.tasks.detail(dc, created.id);
    expect(detail.attachments.map((a) => a.file_name)).toEqual(['实施方案.pdf']);
    expect((await t.container.attachments.download(dc, plan.id)).fileName).toBe('实施方案.pdf');
    await expect(t.container.attachments.download(xc, plan.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    // Used once: a file already on one task cannot be moved onto another.
    const other = await t.container.tasks.create(sup, { title: '另一项任务', leadUnitIds: [t.unit('SFS-DC')], deadline: '2026-06-30' });
    await expect(t.container.tasks.update(sup, other.id, { attachmentIds: [plan.id] })).rejects.toMatchObject({ code: 'VALIDATION', details: [{ field: 'attachmentIds' }] });
    const second = await t.container.attachments.upload(sup, '补充说明.pdf', pdf);
    await t.container.tasks.update(sup, created.id, { attachmentIds: [second.id] });
    const after = await t.container.tasks.detail(sup, created.id);
    expect(after.attachments.map((a) => a.file_name)).toEqual(['补充说明.pdf']);
    await expect(t.container.attachments.download(dc, plan.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const edits = await t.container.db.selectFrom('task_events').select('comment').where('task_id', '=', created.id).where('kind', '=', 'edit').execute();
    expect(edits.map((e) => e.comment)).toEqual(['修改了附件']);
  });

  it('grants, refuses and records extensions; a leader instructs and the owner answers', async () => {
    t.clock.set('2026-04-01T02:00:00Z');
    const sup = await actor(t, 'supervisor');
    const dc = await actor(t, 'liaison_dc');
    const leader = await actor(t, 'leader');
    const x = await t.container.tasks.create(sup, { title: '建设口袋公园', leadUnitIds: [t.unit('SFS-DC')], deadline: '2026-04-30', responsibleLeaderIds: [t.userId('leader')] });
    await t.container.tasks.acknowledge(dc, x.id);
    await expect(t.container.followUps.requestExtension(dc, x.id, { requestedDeadline: '2026-04-20', reason: '雨季' })).rejects.toMatchObject({ code: 'VALIDATION' });
    const ext = await t.container.followUps.requestExtension(dc, x.id, { requestedDeadline: '2026-05-31', reason: '连续降雨影响施工' });
    await expect(t.container.followUps.requestExtension(dc, x.id, { requestedDeadline: '2026-06-30', reason: '再延' })).rejects.toMatchObject({ code: 'CONFLICT' });
    await t.container.followUps.decideExtension(sup, ext.id, { approve: true, comment: '同意' });
    expect((await task(t, x.id)).deadline).toBe('2026-05-31');
    await expect(t.container.followUps.instruct(dc, x.id, '抓紧')).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await t.container.followUps.instruct(leader, x.id, '请加快进度,确保五一前开放');
    const ins = await t.container.db.selectFrom('instructions').selectAll().where('task_id', '=', x.id).executeTakeFirstOrThrow();
    await t.container.followUps.answerInstruction(dc, ins.id, '已调整工期,确保按期开放');
    await expect(t.container.followUps.answerInstruction(dc, ins.id, '再答')).rejects.toMatchObject({ code: 'CONFLICT' });
    const audit = await t.container.db.selectFrom('audit_log').select('action').where('action', 'in', ['extension.request', 'extension.approve', 'instruction.create', 'instruction.answer']).execute();
    expect(audit.map((a) => a.action).sort()).toEqual(['extension.approve', 'extension.request', 'instruction.answer', 'instruction.create']);
    // The detail names the responsible leader, and a leader who instructed without being responsible.
    const named = await t.container.tasks.detail(sup, x.id);
    expect(named.people.get(t.userId('leader'))).toBe('李市长');
    const y = await t.container.tasks.create(sup, { title: '整治背街小巷', leadUnitIds: [t.unit('SFS-DC')], deadline: '2026-06-30' });
    await t.container.followUps.instruct(leader, y.id, '请拿出方案');
    const instructed = await t.container.tasks.detail(sup, y.id);
    expect(instructed.task.responsible_leader_ids).toEqual([]);
    expect(instructed.people.get(t.userId('leader'))).toBe('李市长');
    expect((await t.container.tasks.detail(sup, (await t.container.tasks.create(sup, { title: '无人批示', leadUnitIds: [t.unit('SFS-DC')], deadline: '2026-06-30' })).id)).people.size).toBe(0);
  });

  it('sends each automatic reminder once, however often the scan runs', async () => {
    t.clock.set('2026-04-01T02:00:00Z');
    const sup = await actor(t, 'supervisor');
    const x = await t.container.tasks.create(sup, { title: '排查燃气管网隐患', leadUnitIds: [t.unit('SFS-XC')], deadline: '2026-04-03' });
    // Not due: a far deadline, acknowledged, no report cycle.
    const calm = await t.container.tasks.create(sup, { title: '远期规划编制', leadUnitIds: [t.unit('SFS-DC')], deadline: '2026-12-31' });
    await t.container.tasks.acknowledge(await actor(t, 'liaison_dc'), calm.id);
    const { scanReminders } = await import('../src/jobs/supervision-jobs.ts');
    const deps = { db: t.container.db, clock: t.clock, calendar: t.container.calendar, notifications: t.container.notifications, settings: { beforeDeadlineWorkdays: 3 } };
    await scanReminders(deps, t.tenantId);
    await scanReminders(deps, t.tenantId);
    const soon = await t.container.db.selectFrom('notifications').selectAll().where('task_id', '=', x.id).where('kind', '=', 'reminder').execute();
    expect(soon.map((n) => n.dedupe_key)).toEqual([`due-soon:${x.id}:2026-04-03`]);
    t.clock.set('2026-04-08T02:00:00Z');
    await scanReminders(deps, t.tenantId);
    await scanReminders(deps, t.tenantId);
    const later = await t.container.db.selectFrom('notifications').select('dedupe_key').where('task_id', '=', x.id).where('kind', '=', 'reminder').orderBy('dedupe_key').execute();
    expect(later.map((n) => n.dedupe_key)).toEqual([`ack:${x.id}`, `due-soon:${x.id}:2026-04-03`, `overdue:${x.id}:2026-04-03`]);
    // The liaison of the task's unit is the one reminded; the calm task reminds no one.
    expect(new Set((await t.container.db.selectFrom('notifications').select('user_id').where('task_id', '=', x.id).where('kind', '=', 'reminder').execute()).map((n) => n.user_id))).toEqual(new Set([(await actor(t, 'liaison_xc')).userId]));
    expect(await t.container.db.selectFrom('notifications').select('id').where('task_id', '=', calm.id).where('kind', '=', 'reminder').execute()).toEqual([]);
    const deliveries = await t.container.db.selectFrom('notification_deliveries').select('channel').where('notification_id', 'in', (await t.container.db.selectFrom('notifications').select('id').where('task_id', '=', x.id).where('kind', '=', 'reminder').execute()).map((n) => n.id)).execute();
    expect(deliveries.length).toBe(3);
  });

  it('reads only the tasks that may owe a new reminder, and reminds a unit once someone can act for it', async () => {
    t.clock.set('2026-06-01T02:00:00Z');
    const sup = await actor(t, 'supervisor');
    const admin = await actor(t, 'admin');
    const { scanReminders } = await import('../src/jobs/supervision-jobs.ts');
    const deps = { db: t.container.db, clock: t.clock, calendar: t.container.calendar, notifications: t.container.notifications, settings: { beforeDeadlineWorkdays: 3 } };
    const remindersOf = async (taskId: string) =>
      (await t.container.db.selectFrom('notifications').select(['dedupe_key', 'user_id']).where('task_id', '=', taskId).where('kind', '=', 'reminder').orderBy('dedupe_key').execute()).map((n) => n.dedupe_key);
    // What earlier tests left in this tenant, settled: the tasks still read after that reached no one.
    await scanReminders(deps, t.tenantId);
    const baseline = (await scanReminders(deps, t.tenantId)).checked;
    // Weekly reports due on Mondays; the task started a month ago, so last week's report is owed.
    const weekly = await t.container.tasks.create(sup, { title: '周报送:河道保洁', leadUnitIds: [t.unit('SFS-XC')], deadline: '2026-12-31', startDate: '2026-05-01', reportCycle: 'weekly', reportDueDay: 1 });
    const xc = await actor(t, 'liaison_xc');
    await t.container.tasks.acknowledge(xc, weekly.id);
    // A unit nobody acts for yet, with an overdue task.
    const bare = await t.container.org.create(admin, { parentId: t.unit('SFS-XC'), kind: 'other', code: 'SFS-XC-REM', name: '西城区新设办公室' });
    const orphan = await t.container.tasks.create(sup, { title: '整理历史档案', leadUnitIds: [bare.id], deadline: '2026-05-20' });

    const first = await scanReminders(deps, t.tenantId);
    expect(first.sent).toBeGreaterThan(0);
    const owed = await remindersOf(weekly.id);
    expect(owed.filter((k) => k.startsWith('report:'))).toHaveLength(1);
    expect(await remindersOf(orphan.id)).toEqual([]);
    // Scanned again with nothing new: the read returns only the orphan task (its reminder reached no one), and nothing is sent.
    const again = await scanReminders(deps, t.tenantId);
    expect(again).toEqual({ sent: 0, checked: baseline + 1 });

    // The report for the owed week settles it; a week later the next one is owed and reminded once.
    await t.container.tasks.report(xc, weekly.id, { done: '完成上周保洁', percent: 20 });
    expect((await scanReminders(deps, t.tenantId)).sent).toBe(0);
    t.clock.set('2026-06-09T02:00:00Z');
    await scanReminders(deps, t.tenantId);
    await scanReminders(deps, t.tenantId);
    const reports = (await remindersOf(weekly.id)).filter((k) => k.startsWith('report:'));
    expect(reports).toHaveLength(2);
    expect(new Set(reports).size).toBe(2);

    // Someone now acts for the new unit: the next scan reminds them of the overdue task, once.
    const newcomer = await t.container.users.create(admin, { username: 'liaison_xc_rem', displayName: '新设办公室联络员', orgUnitId: bare.id, password: 'Remind#2026x', grants: [{ role: 'liaison', scopeKind: 'own' }] });
    await scanReminders(deps, t.tenantId);
    await scanReminders(deps, t.tenantId);
    const orphanReminders = await t.container.db.selectFrom('notifications').select(['dedupe_key', 'user_id']).where('task_id', '=', orphan.id).where('kind', '=', 'reminder').execute();
    expect(orphanReminders.map((n) => n.dedupe_key).sort()).toEqual([`ack:${orphan.id}`, `overdue:${orphan.id}:2026-05-20`].sort());
    expect(orphanReminders.every((n) => n.user_id === newcomer.id)).toBe(true);
    expect(await scanReminders(deps, t.tenantId)).toMatchObject({ sent: 0 });
  });

  it('runs queued jobs once each, retries failures and survives a worker that died mid-job', async () => {
    const runner = t.container.jobs;
    t.clock.set('2026-04-08T18:00:00Z');
    const { scheduleSupervisionJobs } = await import('../src/jobs/supervision-jobs.ts');
    await scheduleSupervisionJobs({ db: t.container.db, clock: t.clock, runner });
    await scheduleSupervisionJobs({ db: t.container.db, clock: t.clock, runner });
    const queued = await t.container.db.selectFrom('jobs').select(['kind', 'status']).where('status', '=', 'queued').execute();
    expect(queued.map((j) => j.kind).sort()).toEqual(['escalations.propose', 'lights.recompute', 'projects.relight', 'projects.remind', 'reminders.scan', 'rhythm.scan', 'uploads.cleanup']);
    expect(await runner.drain()).toBe(7);
    const done = await t.container.db.selectFrom('jobs').select(['kind', 'status', 'result']).execute();
    expect(done.every((j) => j.status === 'done')).toBe(true);
    // A worker claimed a job and vanished: after ten minutes the job is queued again and runs.
    await runner.enqueue({ kind: 'reminders.scan', tenantId: t.tenantId, dedupeKey: 'crash-test' });
    const claimed = await runner.claim();
    expect(claimed?.dedupe_key).toBe('crash-test');
    expect(await runner.runOnce()).toBe(false);
    t.clock.advance(11 * 60_000);
    expect(await runner.recoverStale()).toBe(1);
    expect(await runner.runOnce()).toBe(true);
    const again = await t.container.db.selectFrom('jobs').select(['status', 'attempts']).where('dedupe_key', '=', 'crash-test').executeTakeFirstOrThrow();
    expect(again).toEqual({ status: 'done', attempts: 2 });
    await runner.enqueue({ kind: 'no.such.kind', dedupeKey: 'bad' });
    await runner.runOnce();
    const bad = await t.container.db.selectFrom('jobs').select(['status', 'last_error']).where('dedupe_key', '=', 'bad').executeTakeFirstOrThrow();
    expect(bad.status).toBe('queued');
    expect(bad.last_error).toMatch(/unknown job kind/);
  });

  it('pages the reports of a task: the detail carries the newest with the total, and report 101 and beyond are reachable', async () => {
    const sup = await t.login('supervisor');
    const created = await sup.post('/api/tasks', { title: '报送分页测试任务', leadUnitIds: [t.unit('SFS-DC')], deadline: '2026-12-31' });
    expect(created.status).toBe(201);
    const id = created.body.data.id as string;
    const liaison = await t.login('liaison_dc');
    expect((await liaison.post(`/api/tasks/${id}/acknowledge`)).status).toBe(200);
    // 130 reports, one a day, the first one through the API.
    expect((await liaison.post(`/api/tasks/${id}/reports`, { done: '第 1 次报送', percent: 1 })).status).toBe(201);
    await sql`INSERT INTO progress_reports (tenant_id, task_id, org_unit_id, period, done, percent, reported_by, reported_at)
      SELECT ${t.tenantId}::uuid, ${id}::uuid, ${t.unit('SFS-DC')}::uuid, '2026-03', '第 ' || n || ' 次报送', 1, ${t.userId('liaison_dc')}::uuid, ${t.clock.now()}::timestamptz + n * interval '1 day'
      FROM generate_series(2, 130) AS n`.execute(t.container.db);

    const detail = await liaison.get(`/api/tasks/${id}`);
    expect(detail.status).toBe(200);
    expect(detail.body.data.reports).toHaveLength(20);
    expect(detail.body.data.reports[0].done).toBe('第 130 次报送');
    expect(detail.body.data.reportsPage).toEqual({ page: 1, pageSize: 20, total: 130, totalExact: true });

    const seen: string[] = [];
    for (let page = 1; page <= 2; page++) {
      const res = await liaison.get(`/api/tasks/${id}/reports?page=${page}&pageSize=100`);
      expect(res.status).toBe(200);
      expect(res.body.page).toMatchObject({ page, pageSize: 100, total: 130, totalExact: true });
      seen.push(...res.body.data.map((r: { done: string }) => r.done));
    }
    expect(seen).toHaveLength(130);
    expect(new Set(seen).size).toBe(130);
    expect(seen.slice(99, 102)).toEqual(['第 31 次报送', '第 30 次报送', '第 29 次报送']);
    const oldest = await liaison.get(`/api/tasks/${id}/reports?page=7&pageSize=20`);
    expect(oldest.body.data.map((r: { done: string; reportedByName: string }) => [r.done, r.reportedByName])).toEqual(Array.from({ length: 10 }, (_, i) => [`第 ${10 - i} 次报送`, expect.any(String)]));
    expect(oldest.body.data.at(-1).reportedByName).not.toBe('');

    // The same scope as the detail: another district sees nothing.
    const other = await t.login('liaison_xc');
    expect((await other.get(`/api/tasks/${id}/reports`)).status).toBe(404);
    expect((await liaison.get(`/api/tasks/${id}/reports?pageSize=500`)).status).toBe(400);
  });
});

describe.each(testEngines())('parent lights with LUOSHI_PARENT_LIGHT=own on %s', (engine) => {
  const t = useTestApp(engine, { LUOSHI_PARENT_LIGHT: 'own' });

  it('shows a parent its own light only, while the red part keeps its reason', async () => {
    t.clock.set('2026-04-01T02:00:00Z');
    const sup = await actor(t, 'supervisor');
    const root = await t.container.tasks.create(sup, { title: '整治背街小巷', leadUnitIds: [t.unit('SFS-DC'), t.unit('SFS-XC')], deadline: '2026-06-30' });
    const part = await t.container.db.selectFrom('tasks').selectAll().where('parent_id', '=', root.id).where('owner_unit_id', '=', t.unit('SFS-DC')).executeTakeFirstOrThrow();
    await t.container.followUps.issueOrder(sup, part.id, { level: 'red', matter: '进度滞后', replyDeadline: '2026-04-10' });
    expect(await task(t, part.id)).toMatchObject({ light: 'red', light_reason: '红色督办单未办结' });
    expect((await task(t, root.id)).light).toBe('green');
    await t.container.lights.recomputeAll(t.tenantId);
    expect((await task(t, root.id)).light).toBe('green');
  });
});
