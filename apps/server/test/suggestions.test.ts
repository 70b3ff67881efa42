import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { docxText } from '../src/lib/document-text.ts';
import { compactTenant, counterDrift } from '../src/supervision/counters.ts';
import { testEngines } from './support/test-database.ts';
import { multipartBody, uploadPending, useTestApp, type Client } from './support/harness.ts';

/** A small PDF; `seed` makes its content distinct. */
const pdf = (seed: string) => Buffer.from(`%PDF-1.4\n% ${seed}\n%%EOF\n`);

async function sheet(rows: (string | null)[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('建议');
  ws.addRow(['类别', '编号', '届次', '提出人', '标题', '内容', '主办单位', '协办单位']);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe.each(testEngines())('deputies\' suggestions on %s', (engine) => {
  const t = useTestApp(engine);
  let n = 0;
  const session = () => `市十七届人大${++n}次会议`;

  async function filed(deputy: Client, s = session()): Promise<string> {
    const res = await deputy.post('/api/suggestions', { kind: 'suggestion', session: s, title: '关于增加老旧小区停车位的建议', content: '东城区老旧小区停车难,建议挖潜增设停车位。' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.data.id as string;
  }

  async function row(id: string) {
    return t.container.db.selectFrom('suggestions').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  }

  it('runs a suggestion\'s life: filed, assigned, answered, 不满意 reopened, answered late, 满意, published; statistics follow', async () => {
    const deputy = await t.login('deputy');
    const sup = await t.login('supervisor');
    const dc = await t.login('liaison_dc');
    const xc = await t.login('liaison_xc');
    const s = session();
    const id = await filed(deputy, s);
    const created = await deputy.get(`/api/suggestions/${id}`);
    expect(created.body.data).toMatchObject({ status: 'new', number: '1', session: s, kind: 'suggestion' });
    expect(created.body.data.proposers).toEqual(['陈代表']);
    // Before assignment no unit sees it.
    expect((await dc.get(`/api/suggestions/${id}`)).status).toBe(404);

    // The supervisor assigns: main unit 东城区, assisting 西城区; the deadline is three months on.
    expect((await dc.post(`/api/suggestions/${id}/assign`, { mainUnitId: t.unit('SFS-DC') })).status).toBe(404);
    expect((await deputy.post(`/api/suggestions/${id}/assign`, { mainUnitId: t.unit('SFS-DC') })).status).toBe(403);
    const assign = await sup.post(`/api/suggestions/${id}/assign`, { mainUnitId: t.unit('SFS-DC'), coUnitIds: [t.unit('SFS-XC')] });
    expect(assign.status, JSON.stringify(assign.body)).toBe(200);
    const assigned = await row(id);
    expect(assigned).toMatchObject({ status: 'handling', round: 1, deadline: '2026-06-02' });
    const task = await t.container.db.selectFrom('tasks').selectAll().where('id', '=', assigned.task_id!).executeTakeFirstOrThrow();
    expect(task).toMatchObject({ module: 'suggestion', owner_unit_id: t.unit('SFS-DC'), deadline: '2026-06-02', status: 'assigned' });
    const parts = await t.container.db.selectFrom('tasks').select(['owner_unit_id', 'unit_role']).where('parent_id', '=', task.id).execute();
    expect(parts).toEqual([{ owner_unit_id: t.unit('SFS-XC'), unit_role: 'co' }]);
    // The assisting unit sees it; the unit cannot close the task from the task pages.
    expect((await xc.get(`/api/suggestions/${id}`)).status).toBe(200);
    expect((await dc.post(`/api/tasks/${task.id}/request-completion`, { summary: '办完了' })).status).toBe(409);

    // To-dos: the unit has it to answer.
    const dcTodo = await dc.get('/api/suggestions/todo');
    expect(dcTodo.body.data.toAnswer.items.map((i: { id: string }) => i.id)).toContain(id);

    // Only the main unit answers; the category must be one configured.
    expect((await xc.post(`/api/suggestions/${id}/answer`, { answer: '答复', category: 'A' })).status).toBe(403);
    expect((await deputy.post(`/api/suggestions/${id}/answer`, { answer: '答复', category: 'A' })).status).toBe(403);
    const badCategory = await dc.post(`/api/suggestions/${id}/answer`, { answer: '答复', category: 'Z' });
    expect(badCategory.status).toBe(400);
    expect(badCategory.body.error.message).toContain('办理类别应为 A 已解决或基本解决、B 正在解决或列入计划解决、C 因条件限制暂时无法解决 之一');
    const answered = await dc.post(`/api/suggestions/${id}/answer`, { answer: '经研究,拟于年内在三个小区增设停车位。\n具体方案正在编制。', category: 'b' });
    expect(answered.status, JSON.stringify(answered.body)).toBe(200);
    expect(await row(id)).toMatchObject({ status: 'answered', category: 'B', first_on_time: true });
    expect((await t.container.db.selectFrom('tasks').select('status').where('id', '=', task.id).executeTakeFirstOrThrow()).status).toBe('completion_requested');
    expect((await deputy.get('/api/suggestions/todo')).body.data.toRate.items.map((i: { id: string }) => i.id)).toContain(id);

    // The deputy rates 不满意: back to the unit in round 2 with a new deadline, the task returned.
    const unsatisfied = await deputy.post(`/api/suggestions/${id}/rating`, { rating: 'unsatisfied', note: '方案不具体', deadline: '2026-04-15' });
    expect(unsatisfied.status, JSON.stringify(unsatisfied.body)).toBe(200);
    expect(await row(id)).toMatchObject({ status: 'handling', round: 2, deadline: '2026-04-15', rating: 'unsatisfied' });
    expect(await t.container.db.selectFrom('tasks').select(['status', 'deadline']).where('id', '=', task.id).executeTakeFirstOrThrow()).toEqual({ status: 'returned', deadline: '2026-04-15' });

    // Answered again after the new deadline: late in round 2, while the first answer stays on time.
    t.clock.set('2026-04-20T02:00:00Z');
    try {
      const later = await t.login('liaison_dc');
      expect((await later.post(`/api/suggestions/${id}/answer`, { answer: '已确定三个小区共增设停车位 120 个,6 月底前完工。', category: 'A' })).status).toBe(200);
    } finally {
      t.clock.set('2026-03-02T02:00:00Z');
    }
    const detail = await deputy.get(`/api/suggestions/${id}`);
    expect(detail.body.data.rounds.map((r: { round: number; category: string; onTime: boolean; rating: string | null }) => [r.round, r.category, r.onTime, r.rating])).toEqual([[1, 'B', true, 'unsatisfied'], [2, 'A', false, null]]);
    expect(detail.body.data.firstOnTime).toBe(true);

    // The answer letter in Word: category mark, title, addressee, text, units.
    const doc = await deputy.get(`/api/suggestions/${id}/answer.docx`);
    expect(doc.status).toBe(200);
    const text = await docxText(doc.raw);
    for (const part of ['A类', `关于${s}第1号建议的答复`, '陈代表：', '共增设停车位 120 个', '办理类别：A类（已解决或基本解决）', '协办单位：西城区', '东城区', '（第2次答复）', '二〇二六年四月二十日']) expect(text).toContain(part);

    // Not yet agreed: no publication. Then 满意 with agreement, published, read without login.
    const publishEarly = await sup.put(`/api/suggestions/${id}/publication`, { published: true });
    expect(publishEarly.status).toBe(409);
    expect((await deputy.post(`/api/suggestions/${id}/rating`, { rating: 'satisfied', publicAgreed: true })).status).toBe(200);
    expect(await row(id)).toMatchObject({ status: 'closed', rating: 'satisfied', public_agreed: true });
    expect((await t.container.db.selectFrom('tasks').select('status').where('id', '=', task.id).executeTakeFirstOrThrow()).status).toBe('completed');
    expect((await t.anon().get(`/api/public/suggestions/${id}`)).status).toBe(404);
    expect((await dc.put(`/api/suggestions/${id}/publication`, { published: true })).status).toBe(403);
    expect((await sup.put(`/api/suggestions/${id}/publication`, { published: true })).status).toBe(200);
    const pub = await t.anon().get(`/api/public/suggestions/${id}`);
    expect(pub.status).toBe(200);
    expect(pub.body.data).toMatchObject({ mainUnitName: '东城区', category: 'A', categoryLabel: '已解决或基本解决', answeredOn: '2026-04-20' });
    expect(JSON.stringify(pub.body)).not.toContain('陈代表');

    // Statistics of the session: by unit and by session.
    const byUnit = await sup.get(`/api/suggestions/stats?by=unit&session=${encodeURIComponent(s)}`);
    expect(byUnit.body.data).toEqual([expect.objectContaining({ key: t.unit('SFS-DC'), name: '东城区', received: 1, assigned: 1, answered: 1, onTime: 1, closed: 1, rated: 1, satisfied: 1, answeredRate: 100, satisfiedRate: 100 })]);
    const bySession = await sup.get(`/api/suggestions/stats?by=session&session=${encodeURIComponent(s)}`);
    expect(bySession.body.data).toEqual([expect.objectContaining({ key: s, name: s, received: 1 })]);
    const xlsx = await sup.get(`/api/suggestions/stats/export?by=unit&session=${encodeURIComponent(s)}`);
    expect(xlsx.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.raw as never);
    const cells = wb.worksheets[0]!.getSheetValues().flat().map(String);
    expect(cells).toEqual(expect.arrayContaining(['东城区', '100%']));

    // The counters the statistics read followed every step, 不满意 and the second round included.
    expect(await counterDrift(t.container.db, t.tenantId)).toEqual([]);

    // Every step is audited.
    const actions = (await t.container.db.selectFrom('audit_log').select('action').where('entity_id', '=', id).orderBy('seq').execute()).map((a) => a.action);
    expect(actions).toEqual(['suggestion.create', 'suggestion.assign', 'suggestion.answer', 'suggestion.rate', 'suggestion.answer', 'suggestion.rate', 'suggestion.publish']);
  });

  it('keeps suggestions to their proposer and units, and asks a supervisor rating for the proposer for the means', async () => {
    const deputy = await t.login('deputy');
    const sup = await t.login('supervisor');
    const dc = await t.login('liaison_dc');
    const xc = await t.login('liaison_xc');
    const id = await filed(deputy);
    // Registered by the supervisor with a name only: the deputy does not see it.
    const other = await sup.post('/api/suggestions', { kind: 'proposal', session: '市政协十三届三次会议', number: '88', title: '关于加强养老服务的提案', proposerNames: ['王委员'] });
    expect(other.status, JSON.stringify(other.body)).toBe(201);
    const dup = await sup.post('/api/suggestions', { kind: 'proposal', session: '市政协十三届三次会议', number: '88', title: '重复', proposerNames: ['王委员'] });
    expect(dup.status).toBe(400);
    expect(dup.body.error.message).toContain('第 88 号提案已登记');
    expect((await sup.post('/api/suggestions', { kind: 'proposal', session: '市政协十三届三次会议', title: '无提出人' })).body.error.message).toContain('请填写提出人');
    expect((await deputy.get(`/api/suggestions/${other.body.data.id}`)).status).toBe(404);
    expect((await deputy.get('/api/suggestions')).body.data.map((s: { id: string }) => s.id)).toContain(id);
    expect((await deputy.get('/api/suggestions')).body.data.map((s: { id: string }) => s.id)).not.toContain(other.body.data.id);
    // A viewer and a liaison cannot file.
    expect((await dc.post('/api/suggestions', { kind: 'suggestion', session: 'x', title: 'y', proposerNames: ['z'] })).status).toBe(403);

    await sup.post(`/api/suggestions/${id}/assign`, { mainUnitId: t.unit('SFS-DC') });
    expect((await xc.get(`/api/suggestions/${id}`)).status).toBe(404);
    expect((await xc.get('/api/suggestions')).body.data.map((s: { id: string }) => s.id)).not.toContain(id);
    const session = (await t.container.db.selectFrom('suggestions').select('session').where('id', '=', id).executeTakeFirstOrThrow()).session;
    expect((await xc.get(`/api/suggestions/stats?by=session&session=${encodeURIComponent(session)}`)).body.data).toEqual([]);
    expect((await dc.get(`/api/suggestions/stats?by=unit&session=${encodeURIComponent(session)}`)).body.data).toEqual([expect.objectContaining({ name: '东城区', received: 1 })]);
    expect((await dc.post(`/api/suggestions/${id}/answer`, { answer: '已解决', category: 'A' })).status).toBe(200);
    // The unit cannot rate itself; the supervisor must say how the rating was taken.
    expect((await dc.post(`/api/suggestions/${id}/rating`, { rating: 'satisfied' })).status).toBe(403);
    const noMeans = await sup.post(`/api/suggestions/${id}/rating`, { rating: 'basic' });
    expect(noMeans.status).toBe(400);
    expect(noMeans.body.error.message).toContain('代为录入评价时请注明方式');
    expect((await sup.post(`/api/suggestions/${id}/rating`, { rating: 'basic', means: '电话' })).status).toBe(200);
    const d = await deputy.get(`/api/suggestions/${id}`);
    expect(d.body.data.rounds[0]).toMatchObject({ rating: 'basic', ratingMeans: '电话', ratedByName: expect.any(String) });
    expect((await deputy.post(`/api/suggestions/${id}/rating`, { rating: 'satisfied' })).status).toBe(409);
  });

  it('imports a session\'s suggestions all or nothing, naming each bad row, and assigns those with a main unit', async () => {
    const sup = await t.login('supervisor');
    const s = session();
    const bad = await sheet([
      ['建议', '1', s, '陈代表、李代表', '关于公交线网优化的建议', '内容', '东城区', ''],
      ['意见', '2', s, '王代表', '标题', '', '', ''],
      ['议案', '3', s, '', '关于制定条例的议案', '', '不存在的局', ''],
    ]);
    const upload = (file: Buffer) => {
      const { body, headers } = multipartBody('s.xlsx', file);
      return sup.request('POST', '/api/suggestions/import', body, headers);
    };
    const r1 = await upload(bad);
    expect(r1.status).toBe(400);
    const details = r1.body.error.details as { row: number; column: string; message: string }[];
    expect(details).toEqual(expect.arrayContaining([
      expect.objectContaining({ row: 3, column: '类别' }),
      expect.objectContaining({ row: 4, column: '提出人', message: '请填写提出人' }),
      expect.objectContaining({ row: 4, column: '主办单位', message: expect.stringContaining('找不到单位“不存在的局”') }),
    ]));
    expect(await t.container.db.selectFrom('suggestions').select('id').where('session', '=', s).execute()).toEqual([]);

    const good = await sheet([
      ['建议', '1', s, '陈代表、李代表', '关于公交线网优化的建议', '内容', '东城区', '西城区'],
      ['议案', '1', s, '王代表', '关于制定条例的议案', '', '', ''],
    ]);
    const r2 = await upload(good);
    expect(r2.status, JSON.stringify(r2.body)).toBe(200);
    expect(r2.body.data).toEqual({ created: 2, assigned: 1 });
    const rows = await t.container.db.selectFrom('suggestions').selectAll().where('session', '=', s).orderBy('kind').execute();
    expect(rows.map((r) => [r.kind, r.status, r.deadline, r.proposer_user_ids.length, r.proposer_names])).toEqual([
      ['motion', 'new', null, 0, ['王代表']],
      ['suggestion', 'handling', '2026-06-02', 1, ['李代表']],
    ]);
    expect(rows[1]!.proposer_user_ids).toEqual([t.userId('deputy')]);

    // The statistics of a reader who sees the whole tenant come from the counters (migration 0029):
    // the import's rows counted in one statement, the assignment in another; after folding the
    // deltas they still agree with the suggestions themselves, bucket by bucket.
    const stats = async () => (await sup.get(`/api/suggestions/stats?by=unit&session=${encodeURIComponent(s)}`)).body.data;
    const before = await stats();
    expect(before).toEqual([
      expect.objectContaining({ key: t.unit('SFS-DC'), name: '东城区', received: 1, assigned: 1, answered: 0, closed: 0 }),
      expect.objectContaining({ key: null, name: '未交办', received: 1, assigned: 0 }),
    ]);
    expect(await counterDrift(t.container.db, t.tenantId)).toEqual([]);
    await t.container.db.transaction().execute((tx) => compactTenant(tx, t.tenantId));
    expect(await counterDrift(t.container.db, t.tenantId)).toEqual([]);
    expect(await stats()).toEqual(before);
  });
  it('keeps the files of the filing apart from each round\'s answer files, each readable by whoever sees the suggestion', async () => {
    const deputy = await t.login('deputy');
    const sup = await t.login('supervisor');
    const dc = await t.login('liaison_dc');
    const xc = await t.login('liaison_xc');
    // The deputy uploads a file and files the suggestion with it.
    const filing = await uploadPending(deputy, '调研报告.pdf', pdf('filing'));
    const res = await deputy.post('/api/suggestions', { kind: 'suggestion', session: session(), title: '关于完善社区养老设施的建议', attachmentIds: [filing] });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const id = res.body.data.id as string;
    await sup.post(`/api/suggestions/${id}/assign`, { mainUnitId: t.unit('SFS-DC') });
    // Round 1 answered with a letter, rated 不满意; round 2 answered with another.
    const first = await uploadPending(dc, '第一次答复函.pdf', pdf('answer-1'));
    expect((await dc.post(`/api/suggestions/${id}/answer`, { answer: '正在研究', category: 'B', attachmentIds: [first] })).status).toBe(200);
    expect((await deputy.post(`/api/suggestions/${id}/rating`, { rating: 'unsatisfied' })).status).toBe(200);
    const second = await uploadPending(dc, '第二次答复函.pdf', pdf('answer-2'));
    expect((await dc.post(`/api/suggestions/${id}/answer`, { answer: '已解决', category: 'A', attachmentIds: [second] })).status).toBe(200);

    const d = (await deputy.get(`/api/suggestions/${id}`)).body.data;
    const names = (files: { fileName: string }[]) => files.map((f) => f.fileName);
    expect(names(d.attachments)).toEqual(['调研报告.pdf']);
    expect(d.rounds.map((r: { round: number; attachments: { fileName: string }[] }) => [r.round, names(r.attachments)])).toEqual([[1, ['第一次答复函.pdf']], [2, ['第二次答复函.pdf']]]);
    // The proposer, the main unit and the office read every file; a unit without the suggestion reads none.
    for (const fileId of [filing, first, second]) {
      for (const client of [deputy, dc, sup]) expect((await client.get(`/api/attachments/${fileId}`)).status).toBe(200);
      expect((await xc.get(`/api/attachments/${fileId}`)).status).toBe(404);
    }
  });

  it('offers an import template whose columns import back', async () => {
    const sup = await t.login('supervisor');
    const res = await sup.get('/api/suggestions/import/template');
    expect(res.status).toBe(200);
    expect(res.headers['content-disposition']).toContain(encodeURIComponent('建议提案导入模板.xlsx'));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.raw as never);
    const ws = wb.worksheets[0]!;
    const header = ws.getRow(ws.actualRowCount).values as unknown[];
    expect(header.filter(Boolean)).toEqual(['类别', '编号', '届次', '提出人', '标题', '内容', '主办单位', '协办单位']);
    expect(wb.getWorksheet('填写说明')).toBeDefined();
    const s = session();
    ws.addRow(['提案', '', s, '王委员', '关于加强文物保护的提案', '', '东城区', '']);
    const { body, headers } = multipartBody('模板.xlsx', Buffer.from(await wb.xlsx.writeBuffer()));
    const imported = await sup.request('POST', '/api/suggestions/import', body, headers);
    expect(imported.status, JSON.stringify(imported.body)).toBe(200);
    expect(imported.body.data).toEqual({ created: 1, assigned: 1 });
    expect(await t.container.db.selectFrom('suggestions').select(['kind', 'number', 'status']).where('session', '=', s).execute()).toEqual([{ kind: 'proposal', number: '1', status: 'handling' }]);
  });
});
