import { describe, expect, it } from 'vitest';
import { testEngines } from './support/test-database.ts';
import { uploadPending, useTestApp, type Client } from './support/harness.ts';

/** Key projects over HTTP (issue 11): register, scope, milestones, monthly reports, lights, coordination. */
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

describe.each(testEngines())('key projects on %s', (engine) => {
  const t = useTestApp(engine);
  let projectId = '';

  const input = (over: Record<string, unknown> = {}) => ({
    code: 'XM-2026-001',
    name: '东城新能源电池产业园',
    kind: 'industry',
    industry: '新能源',
    level: 'city',
    address: '东城区经开大道 8 号',
    longitude: 116.41,
    latitude: 39.91,
    ownerCompany: '示范新能源有限公司',
    totalInvestment: 120000,
    leadUnitId: t.unit('SFS-DC'),
    leaderName: '王副市长',
    startYear: 2026,
    tags: ['智能制造', '新能源'],
    milestones: [
      { stage: 'signed', plannedDate: '2026-01-15', actualDate: '2026-01-10' },
      { stage: 'started', plannedDate: '2026-03-31' },
      { stage: 'completed', plannedDate: '2027-06-30' },
    ],
    yearPlans: [{ year: 2026, planned: 100000 }, { year: 2027, planned: 50000 }],
    ...over,
  });

  it('lets a supervisor register a project, and refuses bad input in Chinese naming the field', async () => {
    const supervisor = await t.login('supervisor');
    const created = await supervisor.post('/api/projects', input());
    expect(created.status).toBe(201);
    projectId = created.body.project.id;
    expect(created.body.project).toMatchObject({ code: 'XM-2026-001', stage: 'signed', stageLabel: '签约', kindLabel: '产业', leadUnit: { id: t.unit('SFS-DC') }, totalInvestment: 120000, light: 'green', tags: ['智能制造', '新能源'] });
    expect(created.body.milestones.map((m: { stage: string }) => m.stage)).toEqual(['signed', 'started', 'building', 'completed', 'producing']);
    expect(created.body.yearPlans).toEqual([{ year: 2026, planned: 100000 }, { year: 2027, planned: 50000 }]);
    expect(created.body.policies).toEqual({ canEdit: true, canReport: true, canAssign: true });
    // Listed in March: no month's report is due yet (February's was due on 5 March, before it was listed).
    expect(created.body.duePeriod).toBeNull();

    const duplicate = await supervisor.post('/api/projects', input());
    expect(duplicate.status).toBe(400);
    expect(duplicate.body.error.details).toEqual([{ field: 'code', message: '项目编号「XM-2026-001」已被使用' }]);
    const negative = await supervisor.post('/api/projects', input({ code: 'XM-NEG', totalInvestment: -1 }));
    expect(negative.status).toBe(400);
    expect(negative.body.error.message).toContain('总投资不能为负数');
    const futureActual = await supervisor.post('/api/projects', input({ code: 'XM-FUT', milestones: [{ stage: 'started', actualDate: '2026-12-01' }] }));
    expect(futureActual.body.error.details).toEqual([{ field: 'milestones', message: '「开工」的实际日期不能晚于今天' }]);

    const liaison = await t.login('liaison_dc');
    expect((await liaison.post('/api/projects', input({ code: 'XM-LIA' }))).status).toBe(403);
    const audit = await t.container.db.selectFrom('audit_log').select('action').where('entity_id', '=', projectId).execute();
    expect(audit.map((a) => a.action)).toEqual(['project.create']);
  });

  it('shows a project only to those whose scope holds its lead unit: another district sees none of it', async () => {
    const dc = await t.login('liaison_dc');
    const list = await dc.get('/api/projects?q=电池');
    expect(list.body.data.map((p: { id: string }) => p.id)).toEqual([projectId]);
    expect(list.body.data[0]).toMatchObject({ yearPlanned: 100000, yearInvested: 0, lastPeriod: null });
    expect((await dc.get(`/api/projects/${projectId}`)).body.policies).toEqual({ canEdit: false, canReport: true, canAssign: false });

    const xc = await t.login('liaison_xc');
    expect((await xc.get('/api/projects')).body.data).toEqual([]);
    expect((await xc.get(`/api/projects/${projectId}`)).status).toBe(404);
    expect((await xc.get(`/api/projects/${projectId}/reports`)).status).toBe(404);
    expect((await xc.post(`/api/projects/${projectId}/reports`, { period: '2026-02', invested: 1, progress: '进展' })).status).toBe(404);
    expect((await xc.post(`/api/projects/${projectId}/milestones`, { stage: 'started', actualDate: '2026-03-01' })).status).toBe(404);

    const viewer = await t.login('viewer');
    expect((await viewer.get('/api/projects')).body.data).toEqual([]);
    const leader = await t.login('leader');
    expect((await leader.get('/api/projects?stage=signed&kind=industry')).body.data).toHaveLength(1);
    expect((await leader.get('/api/projects?stage=started')).body.data).toHaveLength(0);
    expect((await leader.get(`/api/projects?unitId=${t.unit('SFS-XC')}`)).body.data).toHaveLength(0);
  });

  it('advances the stage when the lead unit records a milestone reached', async () => {
    const dc = await t.login('liaison_dc');
    const res = await dc.post(`/api/projects/${projectId}/milestones`, { stage: 'started', actualDate: '2026-03-01' });
    expect(res.status).toBe(200);
    expect(res.body.project).toMatchObject({ stage: 'started', stageLabel: '开工' });
    expect(res.body.milestones.find((m: { stage: string }) => m.stage === 'started')).toMatchObject({ plannedDate: '2026-03-31', actualDate: '2026-03-01' });
  });

  it('takes each month\'s report once, keeps the running total, and flags a late one and lights the project', async () => {
    let dc = await t.login('liaison_dc');
    const feb = await dc.post(`/api/projects/${projectId}/reports`, { period: '2026-02', invested: 3000, progress: '完成场地平整', nextPlan: '主体开工', problems: ['施工用电接入需协调供电公司'] });
    expect(feb.status).toBe(201);
    expect(feb.body.late).toBe(false);
    expect(feb.body.project.reports[0]).toMatchObject({ period: '2026-02', invested: 3000, cumulative: 3000, late: false, reporterName: '东城区 张联络' });
    expect(feb.body.project.problems).toMatchObject([{ description: '施工用电接入需协调供电公司', period: '2026-02', taskId: null }]);

    const again = await dc.post(`/api/projects/${projectId}/reports`, { period: '2026-02', invested: 1, progress: '重复' });
    expect(again.status).toBe(409);
    expect((await dc.post(`/api/projects/${projectId}/reports`, { period: '2026-05', invested: 1, progress: '未来' })).body.error.details).toEqual([{ field: 'period', message: '不能报送未来月份的月报' }]);
    expect((await dc.post(`/api/projects/${projectId}/reports`, { period: '2026-13', invested: 1, progress: 'x' })).status).toBe(400);

    // March's report is due by 5 April; filed on 10 April it is late and lights the project.
    t.clock.set('2026-04-10T02:00:00Z');
    dc = await t.login('liaison_dc');
    const mar = await dc.post(`/api/projects/${projectId}/reports`, { period: '2026-03', invested: 6000, progress: '主体施工' });
    expect(mar.body.late).toBe(true);
    expect(mar.body.project.reports[0]).toMatchObject({ period: '2026-03', cumulative: 9000, late: true });
    expect(mar.body.project.project).toMatchObject({ light: 'yellow', lightReason: '2026年3月月报迟报' });
    expect(mar.body.project.duePeriod).toBe('2026-03');

    // January filed afterwards moves the later totals.
    const jan = await dc.post(`/api/projects/${projectId}/reports`, { period: '2026-01', invested: 500, progress: '前期' });
    expect(jan.body.project.reports.map((r: { period: string; cumulative: number }) => [r.period, r.cumulative])).toEqual([['2026-03', 9500], ['2026-02', 3500], ['2026-01', 500]]);
    const listed = await dc.get('/api/projects');
    expect(listed.body.data[0]).toMatchObject({ yearInvested: 9500, lastPeriod: '2026-03', light: 'yellow' });
  });

  it('keeps a monthly report\'s photos of progress on site, downloadable only by who sees the project', async () => {
    const dc = await t.login('liaison_dc');
    const xc = await t.login('liaison_xc');
    const upload = (client: Client, name: string) => uploadPending(client, name, PDF);
    const photo = await upload(dc, '主体施工现场.pdf');
    const stray = await upload(xc, '别人的.pdf');
    // Only the reporter's own pending files can be attached, and nothing is filed when one is refused.
    const refused = await dc.post(`/api/projects/${projectId}/reports`, { period: '2025-12', invested: 0, progress: '前期手续', attachmentIds: [photo, stray] });
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toContain('附件');
    expect((await dc.get(`/api/projects/${projectId}/reports?pageSize=50`)).body.data.map((r: { period: string }) => r.period)).not.toContain('2025-12');
    const filed = await dc.post(`/api/projects/${projectId}/reports`, { period: '2025-12', invested: 0, progress: '前期手续', attachmentIds: [photo] });
    expect(filed.status).toBe(201);
    const dec = (await dc.get(`/api/projects/${projectId}/reports?pageSize=50`)).body.data.find((r: { period: string }) => r.period === '2025-12');
    expect(dec.attachments).toEqual([{ id: photo, fileName: '主体施工现场.pdf', contentType: 'application/pdf', size: PDF.length }]);
    const sup = await t.login('supervisor');
    const got = await sup.get(`/api/attachments/${photo}`);
    expect(got.status).toBe(200);
    expect(Buffer.from(got.raw).equals(PDF)).toBe(true);
    // Another district sees neither the project nor its photos.
    expect((await xc.get(`/api/attachments/${photo}`)).status).toBe(404);
  });

  it('deletes a project or a lead entered by mistake, audited, and refuses one with a history', async () => {
    const sup = await t.login('supervisor');
    const dc = await t.login('liaison_dc');
    // A project with monthly reports (the one above) is refused, and stays.
    const refused = await sup.delete(`/api/projects/${projectId}`);
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toContain('月报');
    expect((await sup.get(`/api/projects/${projectId}`)).status).toBe(200);
    // One registered by mistake goes: gone from the list and the page, its code free again, the deletion audited.
    const mistake = (await sup.post('/api/projects', input({ code: 'XM-WRONG-1', name: '误登记项目' }))).body.project.id as string;
    expect((await dc.delete(`/api/projects/${mistake}`)).status).toBe(403);
    expect((await sup.delete(`/api/projects/${mistake}`)).status).toBe(200);
    expect((await sup.get(`/api/projects/${mistake}`)).status).toBe(404);
    expect((await sup.get('/api/projects?q=XM-WRONG-1')).body.data).toHaveLength(0);
    const again = await sup.post('/api/projects', input({ code: 'XM-WRONG-1', name: '重新登记' }));
    expect(again.status).toBe(201);
    expect((await sup.delete(`/api/projects/${again.body.project.id}`)).status).toBe(200);
    const audit = await t.container.db.selectFrom('audit_log').select(['action', 'summary']).where('entity_id', '=', mistake).where('action', '=', 'project.delete').execute();
    expect(audit).toEqual([{ action: 'project.delete', summary: '删除重点项目 XM-WRONG-1 误登记项目' }]);

    // A lead: with a visit on record it stays; without, its unit's liaison deletes it; another district cannot see it.
    const lead = async () => (await dc.post('/api/leads', { company: '误录企业', unitId: t.unit('SFS-DC'), intendedInvestment: 100 })).body.lead.id as string;
    const visited = await lead();
    await dc.post(`/api/leads/${visited}/visits`, { visitedOn: '2026-03-01', kind: 'visit', summary: '上门走访' });
    const kept = await dc.delete(`/api/leads/${visited}`);
    expect(kept.status).toBe(409);
    expect(kept.body.error.message).toContain('走访洽谈记录');
    const plain = await lead();
    expect((await (await t.login('liaison_xc')).delete(`/api/leads/${plain}`)).status).toBe(404);
    expect((await dc.delete(`/api/leads/${plain}`)).status).toBe(200);
    expect((await dc.get(`/api/leads/${plain}`)).status).toBe(404);
  });

  it('hands a problem needing coordination to units as a coordination task, once', async () => {
    const supervisor = await t.login('supervisor');
    const dc = await t.login('liaison_dc');
    const problem = (await supervisor.get(`/api/projects/${projectId}`)).body.problems[0];
    const body = { leadUnitIds: [t.unit('SFS-DC-CZJ')], deadline: '2026-05-31' };
    expect((await dc.post(`/api/projects/${projectId}/problems/${problem.id}/assign`, body)).status).toBe(403);
    const assigned = await supervisor.post(`/api/projects/${projectId}/problems/${problem.id}/assign`, body);
    expect(assigned.status).toBe(201);
    const task = await t.container.db.selectFrom('tasks').selectAll().where('id', '=', assigned.body.taskId).executeTakeFirstOrThrow();
    expect(task).toMatchObject({ module: 'coordination', owner_unit_id: t.unit('SFS-DC-CZJ'), status: 'assigned', deadline: '2026-05-31', title: '【项目协调】东城新能源电池产业园：施工用电接入需协调供电公司' });
    expect((await supervisor.post(`/api/projects/${projectId}/problems/${problem.id}/assign`, body)).status).toBe(409);
    const detail = (await dc.get(`/api/projects/${projectId}`)).body;
    expect(detail.problems[0]).toMatchObject({ taskId: task.id, taskStatus: 'assigned' });
    // The supervision core serves it: the unit's task list has it.
    const tasks = await dc.get('/api/tasks?q=施工用电');
    expect(tasks.body.data.map((x: { id: string; module: string }) => [x.id, x.module])).toEqual([[task.id, 'coordination']]);
    const unknown = await supervisor.post(`/api/projects/${projectId}/problems/${t.unit('SFS-DC')}/assign`, body);
    expect(unknown.status).toBe(404);
  });

  it('lights late milestones and investment behind the plan, relit nightly; red when a year ends short of its stage', async () => {
    let supervisor = await t.login('supervisor');
    // A project with a milestone already 40 days late.
    const late = await supervisor.post('/api/projects', input({ code: 'XM-LATE', name: '滨河道路改造', kind: 'infrastructure', milestones: [{ stage: 'started', plannedDate: '2026-03-01' }], yearPlans: [] }));
    expect(late.body.project).toMatchObject({ light: 'red', lightReason: '开工节点逾期 40 天' });

    // Investment: the 2026 plan of 100,000 spread over March–December; through April 20,000 is
    // due, and 10,500 invested is below 80 % of it. Until April's report falls due (5 May) the
    // project stays lit by March's late report.
    t.clock.set('2026-05-04T02:00:00Z');
    let dc = await t.login('liaison_dc');
    const apr = await dc.post(`/api/projects/${projectId}/reports`, { period: '2026-04', invested: 1000, progress: '主体施工' });
    expect(apr.body.project.project).toMatchObject({ light: 'yellow', lightReason: '2026年3月月报迟报' });
    t.clock.set('2026-05-06T02:00:00Z');
    dc = await t.login('liaison_dc');
    expect(await t.container.projects.relightAll(t.tenantId)).toBe(2);
    const relit = (await dc.get(`/api/projects/${projectId}`)).body.project;
    expect(relit).toMatchObject({ light: 'yellow', lightReason: '年度投资完成 11%，低于序时进度' });
    // The to-do: April's report is due and the road project, listed in April, has not filed it.
    const due = await dc.get('/api/projects?due=true');
    expect(due.body.data.map((p: { code: string }) => p.code)).toEqual(['XM-LATE']);
    expect((await (await t.login('liaison_xc')).get('/api/projects?due=true')).body.data).toEqual([]);

    // The year-by-year check: a project entered in 2026 still only signed in 2027 is red.
    supervisor = await t.login('supervisor');
    const signedOnly = await supervisor.post('/api/projects', input({ code: 'XM-SIGNED', name: '文旅综合体', milestones: [{ stage: 'signed', actualDate: '2026-04-01' }], yearPlans: [] }));
    expect(signedOnly.body.project.light).toBe('green');
    t.clock.set('2027-01-03T02:00:00Z');
    supervisor = await t.login('supervisor');
    dc = await t.login('liaison_dc');
    await t.container.projects.relightAll(t.tenantId);
    const red = (await supervisor.get(`/api/projects/${signedOnly.body.project.id}`)).body.project;
    expect(red.light).toBe('red');
    expect(red.lightReason).toContain('入库第 1 年应开工，现为签约');

    const edited = await supervisor.patch(`/api/projects/${signedOnly.body.project.id}`, { name: '文旅综合体(一期)', milestones: [{ stage: 'signed', actualDate: '2026-04-01' }, { stage: 'started', actualDate: '2026-12-20' }] });
    expect(edited.status).toBe(200);
    expect(edited.body.project).toMatchObject({ name: '文旅综合体(一期)', stage: 'started' });
    expect(edited.body.project.lightReason).not.toContain('入库第 1 年');
    expect((await dc.patch(`/api/projects/${projectId}`, { name: '改名' })).status).toBe(403);
    const actions = await t.container.db.selectFrom('audit_log').select('action').where('action', 'like', 'project.%').execute();
    expect(new Set(actions.map((a) => a.action))).toEqual(new Set(['project.create', 'project.milestone', 'project.report', 'project.assignProblem', 'project.update', 'project.delete']));
  });
});
