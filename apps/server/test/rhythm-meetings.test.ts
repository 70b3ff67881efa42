import { describe, expect, it } from 'vitest';
import { testEngines } from './support/test-database.ts';
import { useTestApp } from './support/harness.ts';
import { taskIn, unitTree } from './support/rhythm-fixtures.ts';

/**
 * The rhythm's meetings (issue 12, item 3): 点评 over the quarter's ranking, 述职 over a unit's
 * year, 观摩 of chosen projects; agendas drawn from the data and kept as they were, attendance,
 * decisions → tasks, and the cadence occurrence recorded as taken place. Today is 2026-03-02.
 */
describe.each(testEngines())('the rhythm\'s meetings on %s', (engine) => {
  const t = useTestApp(engine);
  let tree: { root: string; a: string; b: string };
  let lateTask = '';

  it('ranks the scope unit\'s children for a quarter\'s 点评 and holds the quarter\'s occurrence', async () => {
    tree = await unitTree(t, 'RV');
    // 甲: two finished on time. 乙: one finished after its deadline, one open past it.
    await taskIn(t, tree.a, '甲按时一', '2026-02-20', '2026-02-10T02:00:00Z');
    await taskIn(t, tree.a, '甲按时二', '2026-02-25', '2026-02-24T02:00:00Z');
    // Finished at 01:00 on 1 April, Beijing time: the second quarter's, not the first's.
    await taskIn(t, tree.a, '甲季末次日', '2026-04-10', '2026-03-31T17:00:00Z');
    await taskIn(t, tree.b, '乙逾期办结', '2026-02-05', '2026-02-15T02:00:00Z');
    lateTask = await taskIn(t, tree.b, '乙未办结', '2026-02-10', null);
    const supervisor = await t.login('supervisor');
    const lines = (await supervisor.get(`/api/meetings/unit-candidates?kind=review&period=2026-Q1&scopeUnitId=${tree.root}`)).body.data;
    expect(lines.map((l: { name: string; rank: number; completed: number; onTime: number; onTimeRate: number | null; overdue: number }) => [l.name, l.rank, l.completed, l.onTime, l.onTimeRate, l.overdue])).toEqual([
      ['RV甲单位', 1, 2, 2, 100, 0],
      ['RV乙单位', 2, 1, 0, 0, 1],
    ]);
    expect(lines[0]).toMatchObject({ period: '2026-Q1', periodLabel: '2026年第一季度' });
    expect((await (await t.login('liaison_dc')).get(`/api/meetings/unit-candidates?kind=review&period=2026-Q1`)).status).toBe(403);
    expect((await supervisor.get(`/api/meetings/unit-candidates?kind=review&period=2026-Q9&scopeUnitId=${tree.root}`)).body.error.details).toEqual([{ field: 'period', message: '请选择点评或述职的期间（如 2026-Q3、2026）' }]);

    expect((await supervisor.post('/api/rhythm/rules/defaults')).status).toBe(200);
    const rules = (await supervisor.get('/api/rhythm/rules')).body.data as { id: string; action: string }[];
    const occurrence = async (action: string, key: string) =>
      (await supervisor.get(`/api/rhythm/occurrences?ruleId=${rules.find((r) => r.action === action)!.id}`)).body.data.find((o: { periodKey: string }) => o.periodKey === key);
    const q1 = await occurrence('review', '2026-Q1');
    const base = { kind: 'review', title: '一季度工作点评会', heldOn: '2026-03-02', hostName: '王市长', scopeUnitId: tree.root };

    // Wrong input is named by field, and nothing is written.
    const noUnits = await supervisor.post('/api/meetings', { ...base, period: '2026-Q1', unitIds: [] });
    expect(noUnits.body.error.details).toEqual([{ field: 'unitIds', message: '请至少选择一项点评单位' }]);
    const noPeriod = await supervisor.post('/api/meetings', { ...base, unitIds: [tree.a] });
    expect(noPeriod.body.error.details).toEqual([{ field: 'period', message: '请选择点评或述职的期间（如 2026-Q3、2026）' }]);
    const notChild = await supervisor.post('/api/meetings', { ...base, period: '2026-Q1', unitIds: [tree.root] });
    expect(notChild.body.error.details).toEqual([{ field: 'unitIds', message: '所选单位不是范围单位的下级单位' }]);
    const wrongKind = await supervisor.post('/api/meetings', { ...base, unitIds: [tree.a], occurrenceId: (await occurrence('bulletin', '2026-02')).id });
    expect(wrongKind.body.error.details).toEqual([{ field: 'occurrenceId', message: '该工作节点是「一月一通报」，不是点评' }]);
    expect((await supervisor.get('/api/meetings?kind=review')).body.data).toEqual([]);

    // The period comes from the occurrence; the agenda keeps the order chosen.
    const created = await supervisor.post('/api/meetings', { ...base, unitIds: [tree.b, tree.a], occurrenceId: q1.id, attendance: [{ name: '张局长', unitName: 'RV甲单位', status: 'present' }] });
    expect(created.status).toBe(201);
    const meeting = created.body;
    expect(meeting.meeting).toMatchObject({ kind: 'review', kindLabel: '点评', period: '2026-Q1', periodLabel: '2026年第一季度', occurrenceId: q1.id });
    expect(meeting.items.map((i: { subject: string }) => i.subject)).toEqual(['第 2 名 RV乙单位：按时办结率 0%，逾期 1 件，整改率 —', '第 1 名 RV甲单位：按时办结率 100%，逾期 0 件，整改率 —']);
    expect(meeting.items[0]).toMatchObject({ unit: { id: tree.b, name: 'RV乙单位' }, problem: null, project: null, material: { rank: 2, overdue: 1, onTimeRate: 0 } });
    expect(meeting.attendance).toEqual([{ name: '张局长', unitName: 'RV甲单位', status: 'present', substitute: '' }]);
    // The quarter's 点评 has taken place, recorded by the meeting; it cannot be held twice.
    expect(await occurrence('review', '2026-Q1')).toMatchObject({ status: 'done', heldOn: '2026-03-02' });
    expect((await occurrence('review', '2026-Q1')).record).toContain('一季度工作点评会');
    expect((await supervisor.post('/api/meetings', { ...base, unitIds: [tree.a], occurrenceId: q1.id })).status).toBe(409);

    // The agenda keeps the data as it was: finishing 乙's open task later changes the live line, not the item.
    await t.container.db.updateTable('tasks').set({ status: 'completed', completed_at: new Date('2026-03-01T02:00:00Z'), percent: 100 }).where('id', '=', lateTask).execute();
    const live = (await supervisor.get(`/api/meetings/unit-candidates?kind=review&period=2026-Q1&scopeUnitId=${tree.root}`)).body.data;
    expect(live.find((l: { name: string }) => l.name === 'RV乙单位')).toMatchObject({ completed: 2, overdue: 0 });
    expect((await supervisor.get(`/api/meetings/${meeting.meeting.id}`)).body.items[0].material).toMatchObject({ completed: 1, overdue: 1 });

    // A decision of a 点评 is a task of its own module, followed by the supervision core.
    const decided = await supervisor.post(`/api/meetings/${meeting.meeting.id}/items/${meeting.items[0].id}/decisions`, { content: '乙单位 3 月底前清理逾期事项', leadUnitIds: [tree.b], deadline: '2026-03-31' });
    expect(decided.status).toBe(201);
    const task = await t.container.db.selectFrom('tasks').select(['module', 'title', 'owner_unit_id', 'deadline', 'tags']).where('id', '=', decided.body.taskId).executeTakeFirstOrThrow();
    expect(task).toEqual({ module: 'decision', title: '【点评】乙单位 3 月底前清理逾期事项', owner_unit_id: tree.b, deadline: '2026-03-31', tags: ['点评议定'] });
  });

  it('drafts each unit\'s year for a 述职 from its tasks', async () => {
    const supervisor = await t.login('supervisor');
    const lines = (await supervisor.get(`/api/meetings/unit-candidates?kind=duty_report&period=2026&scopeUnitId=${tree.root}`)).body.data;
    expect(lines.find((l: { name: string }) => l.name === 'RV甲单位').draft).toBe('2026年度，RV甲单位办结督办事项 3 件，其中按时办结 3 件，按时办结率 100%；逾期未办结 0 件。');
    // 乙 finished both, one of them late (the second after the test above finished it past its deadline).
    expect(lines.find((l: { name: string }) => l.name === 'RV乙单位').draft).toBe('2026年度，RV乙单位办结督办事项 2 件，其中按时办结 0 件，按时办结率 0%；逾期未办结 0 件。');
    const created = await supervisor.post('/api/meetings', { kind: 'duty_report', title: '2026年度述职会', heldOn: '2026-12-28', hostName: '王市长', scopeUnitId: tree.root, period: '2026', unitIds: [tree.a] });
    expect(created.status).toBe(201);
    expect(created.body.items.map((i: { subject: string }) => i.subject)).toEqual(['RV甲单位2026年度述职']);
    expect(created.body.items[0].material.draft).toBe(lines[0].draft);
    // Without a scope unit named, the units are those under the top of the supervisor's scope (the city).
    const citywide = await supervisor.post('/api/meetings', { kind: 'duty_report', title: '区县述职会', heldOn: '2026-12-29', hostName: '王市长', period: '2026', unitIds: [t.unit('SFS-DC')] });
    expect(citywide.status).toBe(201);
    expect(citywide.body.items[0].unit).toEqual({ id: t.unit('SFS-DC'), name: '东城区' });
  });

  it('shows a 观摩\'s chosen projects with their progress, and records attendance', async () => {
    const supervisor = await t.login('supervisor');
    const project = await supervisor.post('/api/projects', { code: 'GM-01', name: '观摩产业园', kind: 'industry', level: 'city', totalInvestment: 5000, leadUnitId: t.unit('SFS-DC'), startYear: 2026, yearPlans: [{ year: 2026, planned: 1000 }] });
    expect(project.status).toBe(201);
    const projectId = project.body.project.id;
    expect((await supervisor.post(`/api/projects/${projectId}/reports`, { period: '2026-02', invested: 250, progress: '主体结构封顶' })).status).toBe(201);
    const offered = (await supervisor.get('/api/meetings/project-candidates?q=GM-01')).body;
    expect(offered.total).toBe(1);
    expect(offered.data[0]).toMatchObject({ id: projectId, planned: 1000, invested: 250, investmentRate: 25, latestPeriod: '2026-02', progress: '主体结构封顶' });

    const created = await supervisor.post('/api/meetings', { kind: 'site_visit', title: '上半年项目观摩', heldOn: '2026-03-10', hostName: '王市长', projectIds: [projectId] });
    expect(created.status).toBe(201);
    const id = created.body.meeting.id;
    expect(created.body.items[0]).toMatchObject({ subject: '观摩产业园（东城区）：谋划，年度投资完成 25%', project: { id: projectId, code: 'GM-01' }, problem: null, material: { progress: '主体结构封顶', investmentRate: 25 } });

    const bad = await supervisor.put(`/api/meetings/${id}/attendance`, { attendance: [{ name: ' ', status: 'present' }] });
    expect(bad.body.error.details).toEqual([{ field: 'attendance[0].name', message: '第 1 位参会人员未填写姓名' }]);
    const ok = await supervisor.put(`/api/meetings/${id}/attendance`, { attendance: [{ name: '张三', unitName: '发改委', status: 'present', substitute: '不该留' }, { name: '李四', unitName: '住建局', status: 'leave', substitute: '王五' }, { name: '赵六', status: 'absent' }] });
    expect(ok.status).toBe(200);
    expect((await supervisor.get(`/api/meetings/${id}`)).body.attendance).toEqual([
      { name: '张三', unitName: '发改委', status: 'present', substitute: '' },
      { name: '李四', unitName: '住建局', status: 'leave', substitute: '王五' },
      { name: '赵六', unitName: '', status: 'absent', substitute: '' },
    ]);
    expect((await (await t.login('liaison_dc')).put(`/api/meetings/${id}/attendance`, { attendance: [] })).status).toBe(404);
    const audit = await t.container.db.selectFrom('audit_log').select(['action', 'summary']).where('entity_id', '=', id).orderBy('seq').execute();
    expect(audit).toEqual([
      { action: 'meeting.create', summary: '组织观摩 上半年项目观摩（2026-03-10，议题 1 项）' },
      { action: 'meeting.attendance', summary: '上半年项目观摩 考勤：出席 1 人，请假 1 人，缺席 1 人' },
    ]);
  });
});
