import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { systemActor } from '../src/access/index.ts';
import { docxText } from '../src/lib/document-text.ts';
import { seedScale } from '../src/seed/generate.ts';
import { compactTenant, counterDrift, recountTenant } from '../src/supervision/counters.ts';
import { PROBLEMS, seedCampaigns } from '../src/seed/campaigns.ts';
import { testEngines } from './support/test-database.ts';
import { multipartBody, uploadPending, useTestApp, type Client } from './support/harness.ts';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

describe.each(testEngines())('campaigns and rectification on %s', (engine) => {
  const t = useTestApp(engine);

  async function campaign(sup: Client): Promise<string> {
    const res = await sup.post('/api/campaigns', {
      title: '解放思想推动高质量发展大讨论',
      kind: 'discussion',
      startDate: '2026-01-01',
      endDate: '2026-06-30',
      unitIds: [t.unit('SFS-DC')],
      subtree: true,
      contactPoints: [{ leaderUserId: t.userId('leader'), unitId: t.unit('SFS-DC') }],
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.data.id as string;
  }

  it('runs a campaign: default stages, contact points, and a unit outside it sees nothing of it', async () => {
    const sup = await t.login('supervisor');
    const id = await campaign(sup);
    const home = await sup.get(`/api/campaigns/${id}`);
    expect(home.status).toBe(200);
    expect(home.body.data.stages.map((s: { name: string }) => s.name)).toEqual(['动员部署', '学习讨论', '查摆问题', '整改落实', '总结评估']);
    // 2026-03-02 falls in the second fifth of January–June (6 February to 13 March).
    expect(home.body.data.currentStage).toBe(1);
    expect(home.body.data.contactPoints).toEqual([expect.objectContaining({ leaderName: '李市长', unitName: '东城区' })]);
    expect(home.body.data.topics).toHaveLength(7);
    expect(home.body.policies.manage).toBe(true);

    const problem = await sup.post(`/api/campaigns/${id}/problems`, { source: 'inspection', unitId: t.unit('SFS-DC-J01'), description: '街道便民服务窗口办事排队时间长' });
    expect(problem.status).toBe(201);
    const activity = await sup.post(`/api/campaigns/${id}/activities`, { kind: 'symposium', title: '企业家座谈会', heldOn: '2026-03-01', opinions: [{ content: '审批环节多', raisedByName: '企业代表' }] });
    expect(activity.status).toBe(201);

    // Inside: the district's liaison sees the campaign and its district's problem.
    const dc = await t.login('liaison_dc');
    expect((await dc.get('/api/campaigns')).body.data.map((c: { id: string }) => c.id)).toContain(id);
    expect((await dc.get(`/api/campaigns/${id}`)).status).toBe(200);
    expect((await dc.get(`/api/campaign-problems?campaignId=${id}`)).body.data.map((p: { id: string }) => p.id)).toEqual([problem.body.data.id]);

    // Outside: another district sees no campaign, no problem, no activity, and cannot write to it.
    const xc = await t.login('liaison_xc');
    expect((await xc.get('/api/campaigns')).body.data.map((c: { id: string }) => c.id)).not.toContain(id);
    expect((await xc.get(`/api/campaigns/${id}`)).status).toBe(404);
    expect((await xc.get(`/api/campaigns/${id}/activities`)).status).toBe(404);
    expect((await xc.get(`/api/campaign-activities/${activity.body.data.id}`)).status).toBe(404);
    expect((await xc.get(`/api/campaign-problems/${problem.body.data.id}`)).status).toBe(404);
    expect((await xc.get(`/api/campaign-problems?campaignId=${id}`)).body.data).toEqual([]);
    expect((await xc.post(`/api/campaigns/${id}/problems`, { source: 'self', unitId: t.unit('SFS-XC'), description: '自查问题' })).status).toBe(404);

    // A unit outside cannot be given a problem; bad input is named in Chinese.
    const outside = await sup.post(`/api/campaigns/${id}/problems`, { source: 'inspection', unitId: t.unit('SFS-XC'), description: '不相干' });
    expect(outside.status).toBe(400);
    expect(outside.body.error.message).toContain('责任单位应为参加单位之一');
    const badStage = await sup.post('/api/campaigns', { title: '专项整治', kind: 'special_rectification', startDate: '2026-03-01', endDate: '2026-03-31', unitIds: [t.unit('SFS-DC')], stages: [{ name: '整治', startDate: '2026-02-01', endDate: '2026-03-10' }] });
    expect(badStage.status).toBe(400);
    expect(badStage.body.error.message).toContain('应在活动期间');
  });

  it('turns a symposium\'s opinions into a task and a problem, and the raiser sees what became of them', async () => {
    const sup = await t.login('supervisor');
    const id = await campaign(sup);
    const act = await sup.post(`/api/campaigns/${id}/activities`, {
      kind: 'symposium',
      title: '营商环境座谈会',
      heldOn: '2026-03-01',
      place: '东城区政务中心',
      hostLeaderId: t.userId('leader'),
      minutes: '与会企业代表围绕审批提速发言。',
      opinions: [
        { content: '建议推行工程建设项目联合验收', topic: '改革开放', raisedByUserId: t.userId('liaison_dc') },
        { content: '街道窗口周末不开放,群众办事不便', topic: '民生保障', raisedByUserId: t.userId('liaison_dc') },
      ],
    });
    expect(act.status, JSON.stringify(act.body)).toBe(201);
    const detail = await sup.get(`/api/campaign-activities/${act.body.data.id}`);
    const [first, second] = detail.body.data.opinions as { id: string; status: string }[];
    expect(detail.body.data.hostLeaderName).toBe('李市长');

    const toTask = await sup.post(`/api/campaign-opinions/${first!.id}/to-task`, { title: '推行工程建设项目联合验收', leadUnitIds: [t.unit('SFS-DC')], deadline: '2026-05-31' });
    expect(toTask.status, JSON.stringify(toTask.body)).toBe(201);
    const task = await t.container.db.selectFrom('tasks').selectAll().where('id', '=', toTask.body.data.taskId).executeTakeFirstOrThrow();
    expect([task.module, task.status, task.owner_unit_id, task.category]).toEqual(['campaign', 'assigned', t.unit('SFS-DC'), '改革开放']);

    const toProblem = await sup.post(`/api/campaign-opinions/${second!.id}/to-problem`, { source: 'public', unitId: t.unit('SFS-DC-J01') });
    expect(toProblem.status).toBe(201);
    // Handled once only.
    expect((await sup.post(`/api/campaign-opinions/${second!.id}/answer`, { answer: '已转问题' })).status).toBe(409);

    // The raiser sees both outcomes.
    const mine = (await (await t.login('liaison_dc')).get('/api/campaign-opinions/mine')).body.data as { id: string; status: string; taskTitle: string | null; problemStatus: string | null }[];
    expect(mine.find((o) => o.id === first!.id)).toMatchObject({ status: 'task', taskTitle: '推行工程建设项目联合验收' });
    expect(mine.find((o) => o.id === second!.id)).toMatchObject({ status: 'problem', problemStatus: 'found' });
    // Somebody else raised none of them.
    expect((await (await t.login('liaison_xc')).get('/api/campaign-opinions/mine')).body.data).toEqual([]);
  });

  it('rectifies a problem through the supervision core; the owner cannot verify their own close-out; sent back, struck off, reopened', async () => {
    const sup = await t.login('supervisor');
    const id = await campaign(sup);
    const pid = (await sup.post(`/api/campaigns/${id}/problems`, { source: 'superior', unitId: t.unit('SFS-DC'), description: '老旧小区改造进度滞后', severity: 'serious' })).body.data.id as string;

    const empty = await sup.post(`/api/campaign-problems/${pid}/plan`, { measures: ' ', deadline: '2026-04-30' });
    expect(empty.status).toBe(400);
    expect(empty.body.error.message).toContain('整改措施');
    const planned = await sup.post(`/api/campaign-problems/${pid}/plan`, { measures: '倒排工期,每周调度', ownerUserId: t.userId('liaison_dc'), leaderUserId: t.userId('leader'), deadline: '2026-04-30', milestones: [{ title: '完成设计', due: '2026-03-31' }] });
    expect(planned.status, JSON.stringify(planned.body)).toBe(200);
    const p1 = (await sup.get(`/api/campaign-problems/${pid}`)).body;
    expect(p1.data).toMatchObject({ status: 'rectifying', taskStatus: 'assigned', ownerName: '东城区 张联络', leaderName: '李市长' });
    const task = await t.container.db.selectFrom('tasks').selectAll().where('id', '=', p1.data.taskId).executeTakeFirstOrThrow();
    expect([task.module, task.owner_unit_id, task.deadline]).toEqual(['rectification', t.unit('SFS-DC'), '2026-04-30']);
    // The task's page finds its problem.
    expect((await sup.get(`/api/campaign-problems?taskId=${task.id}`)).body.data.map((p: { id: string }) => p.id)).toEqual([pid]);

    // The task pages cannot close a rectification past the problem's checks.
    const dc = await t.login('liaison_dc');
    await dc.post(`/api/tasks/${task.id}/acknowledge`);
    const direct = await dc.post(`/api/tasks/${task.id}/request-completion`, { summary: '完成' });
    expect(direct.status).toBe(409);
    expect(direct.body.error.message).toBe('整改任务的销号申请和核验只能在问题页面办理');
    expect((await dc.get(`/api/tasks/${task.id}`)).body.policies.actions).toEqual(['report']);

    // A person who is both the unit's liaison and a supervisor over it asks for close-out and may not verify it.
    const dual = await t.container.users.create(systemActor(t.tenantId), { username: 'dc_dual', displayName: '东城区 兼职督查', orgUnitId: t.unit('SFS-DC'), password: 'Matrix#2026kq', grants: [{ role: 'liaison', scopeKind: 'subtree' }, { role: 'supervisor', scopeKind: 'subtree' }] });
    await t.container.db.updateTable('users').set({ must_change_password: false }).where('id', '=', dual.id).execute();
    const dualClient = await t.login(dual.username, 'Matrix#2026kq');
    expect((await dualClient.post(`/api/campaign-problems/${pid}/close-request`, { note: '已完成 3 个小区改造' })).status).toBe(200);
    expect((await dualClient.get(`/api/campaign-problems/${pid}`)).body.policies.verify).toBe(false);
    const own = await dualClient.post(`/api/campaign-problems/${pid}/verify`, { approve: true });
    expect(own.status).toBe(403);
    expect(own.body.error.message).toContain('不能核验');
    expect((await dc.post(`/api/campaign-problems/${pid}/verify`, { approve: true })).status).toBe(403);
    // Nor can the task pages complete or send back the close-out: only verification on the problem does.
    expect((await sup.get(`/api/tasks/${task.id}`)).body.policies.actions).toEqual(['cancel']);
    for (const [path, body] of [['complete', { comment: '同意' }], ['return', { reason: '不行' }]] as const) {
      const res = await sup.post(`/api/tasks/${task.id}/${path}`, body);
      expect(res.status, path).toBe(409);
      expect(res.body.error.message).toContain('问题页面');
    }
    expect((await t.container.db.selectFrom('tasks').select('status').where('id', '=', task.id).executeTakeFirstOrThrow()).status).toBe('completion_requested');

    // The office sends it back with reasons; the reason is required.
    expect((await sup.post(`/api/campaign-problems/${pid}/verify`, { approve: false })).status).toBe(400);
    expect((await sup.post(`/api/campaign-problems/${pid}/verify`, { approve: false, reason: '缺少验收材料' })).status).toBe(200);
    const p2 = (await dc.get(`/api/campaign-problems/${pid}`)).body;
    expect(p2.data).toMatchObject({ status: 'returned', returnReason: '缺少验收材料', taskStatus: 'returned' });
    expect(p2.policies.requestClose).toBe(true);

    expect((await dc.post(`/api/campaign-problems/${pid}/close-request`, { note: '补齐验收材料' })).status).toBe(200);
    expect((await sup.get(`/api/campaign-problems/${pid}`)).body.policies.verify).toBe(true);
    expect((await sup.post(`/api/campaign-problems/${pid}/verify`, { approve: true, reason: '现场核查属实' })).status).toBe(200);
    const p3 = (await sup.get(`/api/campaign-problems/${pid}`)).body.data;
    expect(p3).toMatchObject({ status: 'closed', taskStatus: 'completed', verifierName: '督查室 王督查' });
    expect(p3.events.map((e: { kind: string }) => e.kind)).toEqual(['create', 'plan', 'closeRequest', 'returned', 'closeRequest', 'closed']);
    expect((await sup.post(`/api/campaign-problems/${pid}/verify`, { approve: true })).status).toBe(409);

    // It recurs: reopened with a new rectification task.
    expect((await sup.post(`/api/campaign-problems/${pid}/reopen`, { reason: '新发现 2 个小区未改造', deadline: '2026-05-31' })).status).toBe(200);
    const p4 = (await sup.get(`/api/campaign-problems/${pid}`)).body.data;
    expect(p4).toMatchObject({ status: 'rectifying', reopenCount: 1, deadline: '2026-05-31', taskStatus: 'assigned' });
    expect(p4.taskId).not.toBe(task.id);

    // Late once its deadline passes: on the campaign home and the overdue filter.
    t.clock.set('2026-06-02T02:00:00Z');
    const later = await t.login('supervisor');
    expect((await later.get(`/api/campaign-problems?campaignId=${id}&overdue=true`)).body.data.map((p: { id: string }) => p.id)).toEqual([pid]);
    const home = (await later.get(`/api/campaigns/${id}`)).body.data;
    expect(home.late.map((p: { id: string }) => p.id)).toEqual([pid]);
    expect(home.perUnit).toEqual([expect.objectContaining({ unitName: '东城区', found: 1, overdue: 1 })]);
    t.clock.set('2026-03-02T02:00:00Z');

    // The Word summary reflects it: the stages, the problem struck off and reopened, the rates by unit.
    await sup.post(`/api/campaigns/${id}/activities`, { kind: 'symposium', title: '整改推进座谈会', heldOn: '2026-03-01', opinions: [{ content: '加快进度', raisedByName: '代表' }] });
    const doc = await sup.get(`/api/campaigns/${id}/summary.docx`);
    expect(doc.status).toBe(200);
    const text = await docxText(new Uint8Array(doc.raw));
    for (const s of ['解放思想推动高质量发展大讨论', '一、阶段安排', '整改落实', '整改推进座谈会', '收集意见建议 1 条', '查摆问题 1 个', '东城区']) expect(text, s).toContain(s);
    expect((await (await t.login('liaison_xc')).get(`/api/campaigns/${id}/summary.docx`)).status).toBe(404);

    const actions = new Set((await t.container.db.selectFrom('audit_log').select('action').execute()).map((r) => r.action));
    for (const a of ['campaign.create', 'problem.create', 'problem.plan', 'problem.closeRequest', 'problem.return', 'problem.close', 'problem.reopen']) expect(actions.has(a), a).toBe(true);
  });

  it('exports the 整改台账 in the common layout and imports new problems all or nothing, with row errors', async () => {
    const sup = await t.login('supervisor');
    const id = await campaign(sup);
    const sheet = async (rows: string[][]) => {
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('整改台账');
      ws.addRow(['问题整改台账']);
      ws.addRow(['序号', '问题', '整改措施', '责任单位', '责任人', '完成时限']);
      for (const r of rows) ws.addRow(r);
      return multipartBody('ledger.xlsx', Buffer.from(await wb.xlsx.writeBuffer()));
    };
    const upload = async (rows: string[][]) => {
      const { body, headers } = await sheet(rows);
      return sup.request('POST', `/api/campaigns/${id}/problems/import`, body, headers);
    };
    // One bad row (a unit outside the campaign, measures without a deadline): nothing is written.
    const bad = await upload([
      ['1', '窗口排队时间长', '增设窗口', '东城区', '东城区 张联络', '2026-04-30'],
      ['2', '不相干的问题', '', '西城区', '', ''],
      ['3', '消防通道堵塞', '清理通道', '东华街道', '', ''],
    ]);
    expect(bad.status).toBe(400);
    expect(bad.body.error.code, JSON.stringify(bad.body)).toBe('IMPORT_INVALID');
    expect(bad.body.error.details).toEqual([
      { row: 4, column: '责任单位', message: '“西城区”不是本活动的参加单位' },
      { row: 5, column: '完成时限', message: '填写了整改措施时请填写完成时限' },
    ]);
    expect((await sup.get(`/api/campaign-problems?campaignId=${id}`)).body.data).toEqual([]);
    // A person of another unit cannot own a problem.
    const owner = await upload([['1', '窗口排队时间长', '增设窗口', '东华街道', '东城区 张联络', '2026-04-30']]);
    expect(owner.body.error.details).toEqual([{ row: 3, column: '责任人', message: '“东城区 张联络”不是该责任单位的人员' }]);

    const ok = await upload([
      ['1', '窗口排队时间长', '增设窗口，推行预约办', '东城区', '东城区 张联络', '2026年4月30日'],
      ['2', '消防通道堵塞', '', '东华街道', '', ''],
    ]);
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body.data).toEqual({ created: 2, planned: 1 });
    const rows = (await sup.get(`/api/campaign-problems?campaignId=${id}`)).body.data as { description: string; status: string; taskId: string | null; ownerName: string | null; deadline: string | null }[];
    expect(rows.map((r) => [r.description, r.status, r.ownerName, r.deadline, r.taskId !== null]).sort()).toEqual([
      ['消防通道堵塞', 'found', null, null, false],
      ['窗口排队时间长', 'rectifying', '东城区 张联络', '2026-04-30', true],
    ]);

    const res = await sup.get(`/api/campaign-problems/export?campaignId=${id}`);
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.raw as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(ws.name).toBe('整改台账');
    expect(ws.getCell('A1').value).toBe('解放思想推动高质量发展大讨论问题整改台账');
    expect((ws.getRow(3).values as unknown[]).slice(1, 9)).toEqual(['序号', '问题', '整改措施', '责任单位', '责任人', '完成时限', '整改进展', '是否销号']);
    const body = [4, 5].map((r) => [...Array(7).keys()].map((i) => ws.getRow(r).getCell(i + 2).value ?? ''));
    expect(body).toContainEqual(['窗口排队时间长', '增设窗口，推行预约办', '东城区', '东城区 张联络', new Date('2026-04-30T00:00:00Z'), '整改中（0%）', '否']);
    expect(body).toContainEqual(['消防通道堵塞', '', '东华街道', '', '', '待制定整改措施', '否']);
    // A unit outside the campaign exports nothing of it.
    const xcRes = await (await t.login('liaison_xc')).get(`/api/campaign-problems/export?campaignId=${id}`);
    const xcWb = new ExcelJS.Workbook();
    await xcWb.xlsx.load(xcRes.raw as unknown as ArrayBuffer);
    expect(xcWb.worksheets[0]!.rowCount).toBe(3);
  });

  it('shows on the public page, without login, only the rectification results chosen for it, and no personal data', async () => {
    const sup = await t.login('supervisor');
    const id = await campaign(sup);
    const anon = t.anon();
    const add = async (unit: string, description: string) => (await sup.post(`/api/campaigns/${id}/problems`, { source: 'inspection', unitId: t.unit(unit), description })).body.data.id as string;
    const shown = await add('SFS-DC', '背街小巷路灯不亮');
    const hidden = await add('SFS-DC-J01', '内部档案管理混乱');
    await t.container.db.updateTable('users').set({ phone: '13800138000' }).where('id', '=', t.userId('liaison_dc')).execute();
    expect((await sup.post(`/api/campaign-problems/${shown}/plan`, { measures: '全面排查更换灯具', ownerUserId: t.userId('liaison_dc'), leaderUserId: t.userId('leader'), deadline: '2026-04-30' })).status).toBe(200);
    const dc = await t.login('liaison_dc');
    expect((await dc.post(`/api/campaign-problems/${shown}/close-request`, { note: '已更换 120 盏' })).status).toBe(200);
    expect((await sup.post(`/api/campaign-problems/${shown}/verify`, { approve: true })).status).toBe(200);

    // Not published yet: not found, to anyone.
    expect((await anon.get(`/api/public/campaigns/${id}`)).status).toBe(404);
    expect((await anon.get(`/api/public/campaigns/${crypto.randomUUID()}`)).status).toBe(404);
    // Only a supervisor managing the campaign chooses; a problem of another campaign is refused by name.
    expect((await dc.put(`/api/campaigns/${id}/publication`, { enabled: true, publish: [shown] })).status).toBe(403);
    const other = await campaign(sup);
    const stranger = (await sup.post(`/api/campaigns/${other}/problems`, { source: 'inspection', unitId: t.unit('SFS-DC'), description: '别的活动的问题' })).body.data.id as string;
    const bad = await sup.put(`/api/campaigns/${id}/publication`, { enabled: true, publish: [shown, stranger] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('所选问题');
    expect((await sup.put(`/api/campaigns/${id}/publication`, { enabled: true, publish: [shown, hidden] })).body.data).toEqual({ published: 2 });
    expect((await sup.put(`/api/campaigns/${id}/publication`, { enabled: true, unpublish: [hidden] })).body.data).toEqual({ published: 1 });

    const page = await anon.get(`/api/public/campaigns/${id}`);
    expect(page.status).toBe(200);
    expect(page.body.data).toMatchObject({ title: '解放思想推动高质量发展大讨论', organizerUnitName: expect.any(String) });
    expect(page.body.data.problems).toEqual([{ id: shown, description: '背街小巷路灯不亮', measures: '全面排查更换灯具', unitName: '东城区', status: 'closed', foundOn: '2026-03-02', deadline: '2026-04-30', closedOn: '2026-03-02' }]);
    const raw = JSON.stringify(page.body);
    for (const personal of ['张联络', '李市长', '王督查', '13800138000', t.userId('liaison_dc'), t.userId('leader'), '内部档案管理混乱', '已更换 120 盏']) expect(raw, personal).not.toContain(personal);
    expect((await sup.get(`/api/campaign-problems/${shown}`)).body.data.published).toBe(true);

    // Switched off again: not found, while the choice of problems is kept for next time.
    expect((await sup.put(`/api/campaigns/${id}/publication`, { enabled: false })).body.data).toEqual({ published: 1 });
    expect((await anon.get(`/api/public/campaigns/${id}`)).status).toBe(404);
    expect((await t.container.db.selectFrom('audit_log').select('action').where('entity_id', '=', id).where('action', '=', 'campaign.publish').execute()).length).toBe(3);
  });

  it('keeps an activity\'s photos and a close-out request\'s evidence in the attachment store, downloadable only by who sees them', async () => {
    const sup = await t.login('supervisor');
    const dc = await t.login('liaison_dc');
    const xc = await t.login('liaison_xc');
    const id = await campaign(sup);
    const upload = (client: Client, name: string) => uploadPending(client, name, PDF);
    const photo = await upload(sup, '座谈会现场.pdf');
    const stray = await upload(dc, '别人的.pdf');
    // Only the uploader's own pending files can be attached.
    const refused = await sup.post(`/api/campaigns/${id}/activities`, { kind: 'symposium', title: '座谈会', heldOn: '2026-03-01', attachmentIds: [stray] });
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toContain('附件');
    const aid = (await sup.post(`/api/campaigns/${id}/activities`, { kind: 'symposium', title: '座谈会', heldOn: '2026-03-01', attachmentIds: [photo] })).body.data.id as string;
    expect((await dc.get(`/api/campaign-activities/${aid}`)).body.data.attachments).toEqual([{ id: photo, fileName: '座谈会现场.pdf', contentType: 'application/pdf', size: PDF.length }]);
    expect((await dc.get(`/api/attachments/${photo}`)).status).toBe(200);
    expect((await xc.get(`/api/attachments/${photo}`)).status).toBe(404);

    // The unit's close-out request carries its evidence; the verifier downloads it, another district cannot.
    const pid = (await sup.post(`/api/campaigns/${id}/problems`, { source: 'inspection', unitId: t.unit('SFS-DC'), description: '窗口服务不规范' })).body.data.id as string;
    await sup.post(`/api/campaign-problems/${pid}/plan`, { measures: '制定服务规范', deadline: '2026-04-30' });
    const evidence = await upload(dc, '整改佐证.pdf');
    expect((await dc.post(`/api/campaign-problems/${pid}/close-request`, { note: '已制定规范', attachmentIds: [evidence] })).status).toBe(200);
    const events = (await sup.get(`/api/campaign-problems/${pid}`)).body.data.events as { kind: string; attachments: { id: string; fileName: string }[] }[];
    expect(events.find((e) => e.kind === 'closeRequest')!.attachments.map((a) => [a.id, a.fileName])).toEqual([[evidence, '整改佐证.pdf']]);
    expect(events.filter((e) => e.kind !== 'closeRequest').every((e) => e.attachments.length === 0)).toBe(true);
    const got = await sup.get(`/api/attachments/${evidence}`);
    expect(got.status).toBe(200);
    expect(Buffer.from(got.raw).equals(PDF)).toBe(true);
    expect((await xc.get(`/api/attachments/${evidence}`)).status).toBe(404);
    // Used once: the same file cannot be attached again.
    expect((await sup.post(`/api/campaigns/${id}/activities`, { kind: 'study', title: '集中学习', heldOn: '2026-03-01', attachmentIds: [evidence] })).status).toBe(400);
  });

  it('lets a leader whose scope holds the unit verify or send back a close-out, as a supervisor can; a leader without that scope cannot', async () => {
    const sup = await t.login('supervisor');
    const dc = await t.login('liaison_dc');
    const id = await campaign(sup);
    const pid = (await sup.post(`/api/campaigns/${id}/problems`, { source: 'superior', unitId: t.unit('SFS-DC'), description: '项目审批时限过长' })).body.data.id as string;
    await sup.post(`/api/campaign-problems/${pid}/plan`, { measures: '压缩审批时限', deadline: '2026-04-30' });
    expect((await dc.post(`/api/campaign-problems/${pid}/close-request`, { note: '时限压缩至 5 个工作日' })).status).toBe(200);

    const other = await t.container.users.create(systemActor(t.tenantId), { username: 'xc_leader', displayName: '西城区 赵区长', orgUnitId: t.unit('SFS-XC'), password: 'Matrix#2026kq', grants: [{ role: 'leader', scopeKind: 'subtree' }] });
    await t.container.db.updateTable('users').set({ must_change_password: false }).where('id', '=', other.id).execute();
    const xcLeader = await t.login(other.username, 'Matrix#2026kq');
    expect((await xcLeader.post(`/api/campaign-problems/${pid}/verify`, { approve: true })).status).toBe(404);

    const leader = await t.login('leader');
    expect((await leader.get(`/api/campaign-problems/${pid}`)).body.policies).toMatchObject({ verify: true, plan: false, reopen: false });
    expect((await leader.post(`/api/campaign-problems/${pid}/verify`, { approve: false, reason: '请附审批系统截图' })).status).toBe(200);
    expect((await leader.get(`/api/campaign-problems/${pid}`)).body.data).toMatchObject({ status: 'returned', taskStatus: 'returned' });
    expect((await dc.post(`/api/campaign-problems/${pid}/close-request`, { note: '已附截图' })).status).toBe(200);
    expect((await leader.post(`/api/campaign-problems/${pid}/verify`, { approve: true })).status).toBe(200);
    expect((await leader.get(`/api/campaign-problems/${pid}`)).body.data).toMatchObject({ status: 'closed', taskStatus: 'completed', verifierName: '李市长' });
    // Verifying is not planning: the leader still cannot reopen or plan.
    expect((await leader.post(`/api/campaign-problems/${pid}/reopen`, { reason: '反弹', deadline: '2026-05-31' })).status).toBe(403);
  });

  it('edits a campaign: stage dates, units, contact points and topics, and offers the edit form its units as chosen', async () => {
    const sup = await t.login('supervisor');
    const id = await campaign(sup);
    const before = (await sup.get(`/api/campaigns/${id}`)).body.data;
    expect(before.unitChoice).toEqual({ unitIds: [t.unit('SFS-DC')], subtree: true });
    expect((await (await t.login('liaison_dc')).get(`/api/campaigns/${id}`)).body.data.unitChoice).toBeNull();
    const stages = before.stages.map((s: { name: string; startDate: string; endDate: string }, i: number) => (i === 0 ? { ...s, endDate: '2026-01-20' } : i === 1 ? { ...s, startDate: '2026-01-21' } : s));
    const bad = await sup.put(`/api/campaigns/${id}`, { title: before.title, kind: 'discussion', startDate: '2026-01-01', endDate: '2026-06-30', stages: [{ name: '动员部署', startDate: '2026-02-01', endDate: '2026-01-01' }], unitIds: [t.unit('SFS-DC')] });
    expect(bad.status).toBe(400);
    const res = await sup.put(`/api/campaigns/${id}`, { title: '解放思想大讨论(调整)', kind: 'discussion', startDate: '2026-01-01', endDate: '2026-06-30', stages, unitIds: [t.unit('SFS-DC'), t.unit('SFS-XC')], contactPoints: [{ leaderUserId: t.userId('leader'), unitId: t.unit('SFS-XC') }], topics: ['营商环境', '基层治理'] });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const after = (await sup.get(`/api/campaigns/${id}`)).body.data;
    expect(after).toMatchObject({ title: '解放思想大讨论(调整)', unitCount: 2, topics: ['营商环境', '基层治理'], contactPoints: [expect.objectContaining({ unitName: '西城区' })] });
    expect(after.stages.slice(0, 2).map((s: { startDate: string; endDate: string }) => [s.startDate, s.endDate])).toEqual([['2026-01-01', '2026-01-20'], ['2026-01-21', before.stages[1].endDate]]);
    expect(after.unitChoice.subtree).toBe(false);
    expect([...after.unitChoice.unitIds].sort()).toEqual([t.unit('SFS-DC'), t.unit('SFS-XC')].sort());
    // The west district now takes part and sees it.
    expect((await (await t.login('liaison_xc')).get(`/api/campaigns/${id}`)).status).toBe(200);
  });

  it('counts problems by unit with rectification and close-out rates, for the units below the one asked', async () => {
    const sup = await t.login('supervisor');
    const id = await campaign(sup);
    const add = async (unit: string, status: string) => {
      const pid = (await sup.post(`/api/campaigns/${id}/problems`, { source: 'inspection', unitId: t.unit(unit), description: `统计问题 ${unit}` })).body.data.id as string;
      await t.container.db.updateTable('campaign_problems').set({ status: status as never, deadline: '2026-03-01' }).where('id', '=', pid).execute();
    };
    await add('SFS-DC', 'closed');
    await add('SFS-DC-J01', 'review');
    await add('SFS-DC-J01', 'rectifying');
    await add('SFS-DC-J02', 'found');
    const city = (await sup.get(`/api/campaigns/${id}/stats`)).body.data;
    expect(city.totals).toEqual({ found: 4, rectifying: 1, review: 1, closed: 1, overdue: 1, rectificationRate: 50, closeOutRate: 25 });
    expect(city.byUnit.map((u: { unitName: string; found: number }) => [u.unitName, u.found])).toEqual([['东城区', 4]]);
    const district = (await sup.get(`/api/campaigns/${id}/stats?unitId=${t.unit('SFS-DC')}`)).body.data;
    expect(district.byUnit.map((u: { unitName: string; found: number; closeOutRate: number; rectificationRate: number }) => [u.unitName, u.found, u.rectificationRate, u.closeOutRate])).toEqual([
      ['东城区', 1, 100, 100],
      ['东华街道', 2, 50, 0],
      ['朝阳街道', 1, 0, 0],
    ]);
    // The district's liaison counts its own district; another district sees nothing.
    const dc = (await (await t.login('liaison_dc')).get(`/api/campaigns/${id}/stats`)).body.data;
    expect(dc.totals.found).toBe(4);
    expect((await (await t.login('liaison_xc')).get(`/api/campaigns/${id}/stats`)).status).toBe(404);
  });

  it('reads the statistics from counters that agree with a count of the problems, whatever day it is and after a recount or compaction', async () => {
    t.clock.set('2026-01-15T02:00:00Z');
    let sup = await t.login('supervisor');
    const id = await campaign(sup);
    const db = t.container.db;
    const add = async (unit: string, description: string) => (await sup.post(`/api/campaigns/${id}/problems`, { source: 'inspection', unitId: t.unit(unit), description })).body.data.id as string;
    const plan = (pid: string, deadline: string) => sup.post(`/api/campaign-problems/${pid}/plan`, { measures: '限期整改', leaderUserId: t.userId('leader'), deadline });
    // Problems on the district itself and on two of its streets, through the problem pages.
    const a = await add('SFS-DC', '台账不全');
    const b = await add('SFS-DC-J01', '路灯损坏');
    const c = await add('SFS-DC-J01', '垃圾清运不及时');
    const d = await add('SFS-DC-J02', '消防通道堵塞');
    const e = await add('SFS-DC-J02', '重复录入');
    for (const [pid, deadline] of [[a, '2026-03-10'], [b, '2026-02-20'], [c, '2026-04-30'], [d, '2026-03-05']] as const) {
      const res = await plan(pid, deadline);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
    }
    // The district's own problem asked to close and sent back; the streets' problems moved on by hand.
    const dc = await t.login('liaison_dc');
    expect((await dc.post(`/api/campaign-problems/${a}/close-request`, { note: '已补齐' })).status).toBe(200);
    expect((await sup.post(`/api/campaign-problems/${a}/verify`, { approve: false, reason: '仍缺签字' })).status).toBe(200);
    await db.updateTable('campaign_problems').set({ status: 'review' }).where('id', '=', b).execute();
    await db.updateTable('campaign_problems').set({ status: 'closed' }).where('id', '=', d).execute();
    await db.updateTable('campaign_problems').set({ deleted_at: new Date() }).where('id', '=', e).execute();
    // A problem moved to another street after it was recorded.
    await db.updateTable('campaign_problems').set({ unit_id: t.unit('SFS-DC-J02') }).where('id', '=', a).execute();

    // What the problems themselves say, as of `day`, for the district's children (and the district's own row).
    const expected = async (root: string, day: string) => {
      const rows = await db
        .selectFrom('campaign_problems as p')
        .innerJoin('org_closure as oc', (j) => j.onRef('oc.tenant_id', '=', 'p.tenant_id').onRef('oc.descendant_id', '=', 'p.unit_id'))
        .innerJoin('org_units as u', (j) => j.onRef('u.tenant_id', '=', 'oc.tenant_id').onRef('u.id', '=', 'oc.ancestor_id'))
        .select(['u.name', 'u.id', 'u.parent_id', 'oc.depth', 'p.status', 'p.deadline'])
        .where('p.campaign_id', '=', id)
        .where('p.deleted_at', 'is', null)
        .execute();
      const by = new Map<string, { unitName: string; found: number; rectifying: number; review: number; closed: number; overdue: number }>();
      for (const r of rows.filter((x) => x.parent_id === root || (x.id === root && x.depth === 0))) {
        const k = by.get(r.id) ?? { unitName: r.name, found: 0, rectifying: 0, review: 0, closed: 0, overdue: 0 };
        k.found += 1;
        if (r.status === 'rectifying' || r.status === 'returned') k.rectifying += 1;
        if (r.status === 'review') k.review += 1;
        if (r.status === 'closed') k.closed += 1;
        if ((r.status === 'rectifying' || r.status === 'returned') && r.deadline !== null && r.deadline < day) k.overdue += 1;
        by.set(r.id, k);
      }
      return [...by.values()].sort((x, y) => x.unitName.localeCompare(y.unitName));
    };
    const shown = async (client: Client, root: string) => {
      const res = await client.get(`/api/campaigns/${id}/stats?unitId=${root}`);
      expect(res.status).toBe(200);
      return res.body.data.byUnit.map((u: Record<string, unknown>) => ({ unitName: u.unitName, found: u.found, rectifying: u.rectifying, review: u.review, closed: u.closed, overdue: u.overdue })).sort((x: { unitName: string }, y: { unitName: string }) => x.unitName.localeCompare(y.unitName));
    };
    const drift = async () => (await counterDrift(db, t.tenantId)).filter((r) => r.kind === 'problem');
    const district = t.unit('SFS-DC');
    // A reader of only the district itself (not its streets) counts the problems it sees.
    const narrow = await t.container.users.create(systemActor(t.tenantId), { username: 'dc_narrow', displayName: '东城区 本级督查', orgUnitId: district, password: 'Matrix#2026kq', grants: [{ role: 'supervisor', scopeKind: 'own' }] });
    await db.updateTable('users').set({ must_change_password: false }).where('id', '=', narrow.id).execute();

    expect(await drift()).toEqual([]);
    // Days before, between and after the deadlines, each unlike the counters' own day.
    for (const day of ['2026-02-01', '2026-03-06', '2026-03-11', '2026-05-01']) {
      t.clock.set(`${day}T02:00:00Z`);
      const office = await t.login('supervisor');
      expect(await shown(office, district), day).toEqual(await expected(district, day));
      const whole = (await office.get(`/api/campaigns/${id}/stats`)).body.data;
      expect(whole.byUnit.map((u: { unitName: string; found: number; overdue: number }) => [u.unitName, u.found, u.overdue])).toEqual([['东城区', 4, (await expected(district, day)).reduce((n, u) => n + u.overdue, 0)]]);
      // The narrow reader sees the district's own problems only: none left on the district itself.
      expect((await (await t.login(narrow.username, 'Matrix#2026kq')).get(`/api/campaigns/${id}/stats?unitId=${district}`)).body.data.totals.found).toBe(0);
    }
    // The nightly recount moves the counters' day; the hourly compaction folds the deltas.
    await db.transaction().execute((tx) => recountTenant(tx, t.tenantId, '2026-03-06'));
    expect(await drift()).toEqual([]);
    for (const day of ['2026-03-01', '2026-03-06', '2026-03-20']) {
      t.clock.set(`${day}T02:00:00Z`);
      expect(await shown(await t.login('supervisor'), district), day).toEqual(await expected(district, day));
    }
    // A write after the recount counts against the recount's day.
    t.clock.set('2026-03-01T02:00:00Z');
    sup = await t.login('supervisor');
    expect((await plan(await add('SFS-DC', '新发现问题'), '2026-03-02')).status).toBe(200);
    await db.transaction().execute((tx) => compactTenant(tx, t.tenantId));
    expect(await drift()).toEqual([]);
    t.clock.set('2026-03-20T02:00:00Z');
    const after = await shown(await t.login('supervisor'), district);
    expect(after).toEqual(await expected(district, '2026-03-20'));
    expect(after.find((u: { unitName: string }) => u.unitName === '东城区')).toMatchObject({ found: 1, rectifying: 1, overdue: 1 });
    t.clock.set('2026-03-02T02:00:00Z');
  });

  it('generates a campaign with problems in every state, each planned one with its rectification task in the matching state', async () => {
    const org = await seedScale(t.container.database, 'district', t.container.audit);
    const seeded = await seedCampaigns(t.container.database, org.tenantId, 'district');
    expect(seeded.problems).toBe(PROBLEMS.district);
    const rows = await t.container.db
      .selectFrom('campaign_problems as p')
      .leftJoin('tasks as k', (j) => j.onRef('k.tenant_id', '=', 'p.tenant_id').onRef('k.id', '=', 'p.task_id'))
      .select(['p.status', 'k.status as task_status', 'k.module', 'k.owner_unit_id', 'p.unit_id'])
      .where('p.tenant_id', '=', org.tenantId)
      .execute();
    expect(new Set(rows.map((r) => r.status))).toEqual(new Set(['found', 'rectifying', 'review', 'returned', 'closed']));
    const expected: Record<string, string | null> = { found: null, rectifying: 'in_progress', review: 'completion_requested', returned: 'returned', closed: 'completed' };
    expect(rows.every((r) => r.task_status === expected[r.status] && (r.status === 'found' || (r.module === 'rectification' && r.owner_unit_id === r.unit_id)))).toBe(true);
    // The campaign reaches every unit: a generated liaison sees it and counts its unit's problems.
    const liaison = await t.container.db.selectFrom('users').selectAll().where('tenant_id', '=', org.tenantId).where('username', 'like', '%-1').orderBy('username').executeTakeFirstOrThrow();
    const actor = await t.container.auth.loadActor(org.tenantId, liaison);
    const stats = await t.container.campaigns.stats(actor, seeded.campaignId);
    const mine = await t.container.db.selectFrom('campaign_problems').select((eb) => eb.fn.countAll<number>().as('n')).where('tenant_id', '=', org.tenantId).where('unit_id', 'in', (eb) => eb.selectFrom('org_closure').select('descendant_id').where('ancestor_id', '=', liaison.org_unit_id)).executeTakeFirstOrThrow();
    expect(stats.totals.found).toBe(Number(mine.n));
  });
});
