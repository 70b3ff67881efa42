import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { systemActor } from '../src/access/index.ts';
import { testEngines } from './support/test-database.ts';
import { useTestApp } from './support/harness.ts';

/** Coordination meetings (会办) over HTTP (issue 11): agenda from open problems in scope, minutes, decisions → tasks. */
describe.each(testEngines())('coordination meetings on %s', (engine) => {
  const t = useTestApp(engine);
  const problems: Record<string, string> = {};
  let meetingId = '';

  /** A project of the unit whose February report raises the problems given; returns their ids by text. */
  async function projectWithProblems(code: string, unitCode: string, texts: string[]) {
    const supervisor = await t.login('supervisor');
    const created = await supervisor.post('/api/projects', { code, name: `${code} 项目`, kind: 'industry', level: 'city', totalInvestment: 1000, leadUnitId: t.unit(unitCode), startYear: 2026 });
    expect(created.status).toBe(201);
    const report = await supervisor.post(`/api/projects/${created.body.project.id}/reports`, { period: '2026-02', invested: 10, progress: '施工', problems: texts });
    expect(report.status).toBe(201);
    for (const p of report.body.project.problems as { id: string; description: string }[]) problems[p.description] = p.id;
  }

  it('offers as agenda only the open problems of projects in the supervisor\'s scope', async () => {
    await projectWithProblems('HB-DC', 'SFS-DC', ['东城用地指标待协调', '东城电力接入']);
    await projectWithProblems('HB-XC', 'SFS-XC', ['西城拆迁问题']);
    const narrow = await t.container.users.create(systemActor(t.tenantId), { username: 'sup_dc_meet', displayName: '东城区督查', orgUnitId: t.unit('SFS-DC'), password: 'Meet#2026xx', grants: [{ role: 'supervisor', scopeKind: 'subtree' }] });
    await t.container.db.updateTable('users').set({ must_change_password: false }).where('id', '=', narrow.id).execute();
    const dcSupervisor = await t.login('sup_dc_meet', 'Meet#2026xx');
    const offered = (await dcSupervisor.get('/api/meetings/agenda-candidates')).body.data.map((c: { description: string }) => c.description);
    expect(offered).toContain('东城用地指标待协调');
    expect(offered).toContain('东城电力接入');
    expect(offered).not.toContain('西城拆迁问题');
    const all = (await (await t.login('supervisor')).get('/api/meetings/agenda-candidates')).body.data;
    expect(all.find((c: { description: string }) => c.description === '西城拆迁问题')).toMatchObject({ project: { code: 'HB-XC', leadUnitName: expect.any(String) }, period: '2026-02', timesDiscussed: 0 });
    expect((await (await t.login('liaison_dc')).get('/api/meetings/agenda-candidates')).status).toBe(403);
    // A to-do card asks for the first few and the count.
    const first = (await (await t.login('supervisor')).get('/api/meetings/agenda-candidates?limit=1')).body;
    expect(first.data).toHaveLength(1);
    expect(first.total).toBe(all.length);

    // A problem outside the scope cannot be put on the agenda.
    const outside = await dcSupervisor.post('/api/meetings', { title: '东城区项目会办', heldOn: '2026-03-02', hostName: '东城区 李区长', problemIds: [problems['东城电力接入'], problems['西城拆迁问题']] });
    expect(outside.status).toBe(400);
    expect(outside.body.error.details).toEqual([{ field: 'problemIds', message: '议题中有问题不存在、不在您的督查范围内或已交办' }]);
  });

  it('refuses bad input naming the field', async () => {
    const supervisor = await t.login('supervisor');
    const noHost = await supervisor.post('/api/meetings', { title: '会办', heldOn: '2026-03-02', hostName: ' ', problemIds: [problems['东城电力接入']] });
    expect(noHost.status).toBe(400);
    expect(noHost.body.error.details).toEqual([{ field: 'hostName', message: '请填写主持领导' }]);
    const noItems = await supervisor.post('/api/meetings', { title: '会办', heldOn: '2026-03-02', hostName: '王副市长', problemIds: [] });
    expect(noItems.body.error.details).toEqual([{ field: 'problemIds', message: '请至少选择一项议题' }]);
    const badDate = await supervisor.post('/api/meetings', { title: '会办', heldOn: '2026/03/02', hostName: '王副市长', problemIds: [problems['东城电力接入']] });
    expect(badDate.body.error.details).toEqual([{ field: 'heldOn', message: '会议日期格式应为 YYYY-MM-DD' }]);
    const twice = await supervisor.post('/api/meetings', { title: '会办', heldOn: '2026-03-02', hostName: '王副市长', problemIds: [problems['东城电力接入'], problems['东城电力接入']] });
    expect(twice.body.error.details).toEqual([{ field: 'problemIds', message: '议题重复' }]);
    expect((await (await t.login('liaison_dc')).post('/api/meetings', { title: '会办', heldOn: '2026-03-02', hostName: '王副市长', problemIds: [problems['东城电力接入']] })).status).toBe(403);
  });

  it('holds a meeting on chosen problems and records minutes per item', async () => {
    const supervisor = await t.login('supervisor');
    const created = await supervisor.post('/api/meetings', { title: '重点项目第一次会办', heldOn: '2026-03-02', place: '市政府 3 楼会议室', hostName: '王副市长', attendees: '发改委、自然资源局、供电公司', problemIds: [problems['东城电力接入'], problems['东城用地指标待协调']] });
    expect(created.status).toBe(201);
    meetingId = created.body.meeting.id;
    expect(created.body.meeting).toMatchObject({ kind: 'coordination', kindLabel: '会办', hostName: '王副市长', place: '市政府 3 楼会议室', organizer: { id: t.unit('SFS-DCS') } });
    expect(created.body.items.map((i: { position: number; subject: string }) => [i.position, i.subject])).toEqual([[1, 'HB-DC 项目：东城电力接入'], [2, 'HB-DC 项目：东城用地指标待协调']]);
    expect(created.body.policies).toEqual({ canRecord: true });

    const item = created.body.items[0];
    expect((await supervisor.put(`/api/meetings/${meetingId}/items/${item.id}/minutes`, { minutes: '供电公司 3 月底前完成接入方案' })).status).toBe(200);
    const liaison = await t.login('liaison_dc');
    expect((await liaison.put(`/api/meetings/${meetingId}/items/${item.id}/minutes`, { minutes: '改' })).status).toBe(404);
    const page = (await supervisor.get(`/api/meetings/${meetingId}`)).body;
    expect(page.items[0].minutes).toBe('供电公司 3 月底前完成接入方案');
    const list = (await supervisor.get('/api/meetings?kind=coordination')).body;
    expect(list.data.find((m: { id: string }) => m.id === meetingId)).toMatchObject({ itemCount: 2, decisionCount: 0 });
    expect((await supervisor.get('/api/meetings/agenda-candidates')).body.data.find((c: { id: string }) => c.id === problems['东城电力接入']).timesDiscussed).toBe(1);
    // The organiser (the supervision office) is outside the district liaison's scope.
    expect((await liaison.get(`/api/meetings/${meetingId}`)).status).toBe(404);
    expect((await liaison.get('/api/meetings')).body.data).toEqual([]);
  });

  it('turns a decision into a coordination task the problem links to, in one go', async () => {
    const supervisor = await t.login('supervisor');
    const page = (await supervisor.get(`/api/meetings/${meetingId}`)).body;
    const item = page.items[0];
    const bad = await supervisor.post(`/api/meetings/${meetingId}/items/${item.id}/decisions`, { content: '', leadUnitIds: [], deadline: '2026-04-30' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details).toEqual(expect.arrayContaining([{ field: 'content', message: '请填写议定事项' }, { field: 'leadUnitIds', message: '请选择牵头单位' }]));
    // A refused task (a unit that does not exist) leaves neither a decision nor a link behind.
    const noUnit = await supervisor.post(`/api/meetings/${meetingId}/items/${item.id}/decisions`, { content: '供电公司接入', leadUnitIds: [randomUUID()], deadline: '2026-04-30' });
    expect(noUnit.status).toBe(400);
    expect(noUnit.body.error.details[0].field).toBe('leadUnitIds');
    expect((await supervisor.get(`/api/meetings/${meetingId}`)).body.items[0].decisions).toEqual([]);

    const decided = await supervisor.post(`/api/meetings/${meetingId}/items/${item.id}/decisions`, { content: '东城区财政局牵头 4 月底前完成电力接入', leadUnitIds: [t.unit('SFS-DC-CZJ')], deadline: '2026-04-30' });
    expect(decided.status).toBe(201);
    const task = await t.container.db.selectFrom('tasks').selectAll().where('id', '=', decided.body.taskId).executeTakeFirstOrThrow();
    expect(task).toMatchObject({ module: 'coordination', owner_unit_id: t.unit('SFS-DC-CZJ'), status: 'assigned', deadline: '2026-04-30', title: '【会办】HB-DC 项目：东城区财政局牵头 4 月底前完成电力接入' });
    const after = (await supervisor.get(`/api/meetings/${meetingId}`)).body.items[0];
    expect(after.problem.taskId).toBe(task.id);
    expect(after.decisions).toMatchObject([{ content: '东城区财政局牵头 4 月底前完成电力接入', taskId: task.id, taskStatus: 'assigned', taskDeadline: '2026-04-30' }]);
    // The problem is handed over: off the agenda candidates, linked on its project.
    expect((await supervisor.get('/api/meetings/agenda-candidates')).body.data.map((c: { id: string }) => c.id)).not.toContain(problems['东城电力接入']);
    const project = (await supervisor.get('/api/projects?q=HB-DC')).body.data[0];
    const detail = (await supervisor.get(`/api/projects/${project.id}`)).body;
    expect(detail.problems.find((p: { id: string }) => p.id === problems['东城电力接入'])).toMatchObject({ taskId: task.id, taskStatus: 'assigned' });
    // The supervision core serves it: the unit sees the task.
    expect((await (await t.login('liaison_dc')).get('/api/tasks?q=电力接入')).body.data.map((x: { id: string }) => x.id)).toEqual([task.id]);

    const audit = await t.container.db.selectFrom('audit_log').select('action').where('entity_id', '=', meetingId).orderBy('seq').execute();
    expect(audit.map((a) => a.action)).toEqual(['meeting.create', 'meeting.minutes', 'meeting.decide']);
  });
});
