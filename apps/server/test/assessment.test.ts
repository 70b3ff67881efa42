import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { systemActor, type Actor } from '../src/access/index.ts';
import { docxText } from '../src/lib/document-text.ts';
import { testEngines } from './support/test-database.ts';
import { uploadPending, useTestApp, type TestContext } from './support/harness.ts';

async function supervisorActor(t: TestContext): Promise<Actor> {
  return t.container.auth.loadActor(t.tenantId, await t.container.db.selectFrom('users').selectAll().where('username', '=', 'supervisor').executeTakeFirstOrThrow());
}

/** Three units of the test's own under the demo city: two districts and one department. */
async function units(t: TestContext, prefix: string) {
  const sys = systemActor(t.tenantId);
  const make = async (code: string, name: string) => (await t.container.org.create(sys, { parentId: t.unit('SFS'), kind: 'other', code: `${prefix}-${code}`, name: `${prefix}${name}` })).id;
  return { a: await make('A', '甲区'), b: await make('B', '乙区'), c: await make('C', '丙局') };
}

/** A task of the unit created in February, finished at `completedAt` (or open). */
async function taskIn(t: TestContext, sup: Actor, unitId: string, deadline: string, completedAt: string | null) {
  const task = await t.container.tasks.create(sup, { title: `考核测试事项${Math.random().toString(36).slice(2, 8)}`, leadUnitIds: [unitId], deadline, assign: true });
  await t.container.db.updateTable('tasks').set({ created_at: new Date('2026-02-03T02:00:00Z') as never, ...(completedAt ? { status: 'completed', completed_at: new Date(completedAt), percent: 100 } : {}) }).where('id', '=', task.id).execute();
}

/** A problem found on the unit in a campaign, closed (rectified) or still open. */
async function problemIn(t: TestContext, sup: Actor, campaignId: string, unitId: string, closed: boolean) {
  const id = await t.container.campaigns.createProblem(sup, campaignId, { source: 'inspection', unitId, description: `考核测试问题${Math.random().toString(36).slice(2, 8)}` });
  if (closed) await t.container.db.updateTable('campaign_problems').set({ status: 'closed' }).where('id', '=', id).execute();
}

/** A suggestion the unit handled as main unit, its one round rated at the time given. */
async function ratedSuggestion(t: TestContext, unitId: string, n: number, rating: 'satisfied' | 'basic' | 'unsatisfied', ratedAt: string) {
  const s = await t.container.db.insertInto('suggestions').values({ tenant_id: t.tenantId, kind: 'suggestion', number: `KH-${n}`, session: '考核测试会议', title: `考核测试建议${n}`, office_unit_id: t.unit('SFS'), main_unit_id: unitId, status: 'closed', round: 1, rating }).returning('id').executeTakeFirstOrThrow();
  await t.container.db.insertInto('suggestion_rounds').values({ tenant_id: t.tenantId, suggestion_id: s.id, round: 1, deadline: '2026-03-31', started_at: new Date('2026-01-05T02:00:00Z'), rating, rated_at: new Date(ratedAt) }).execute();
}

async function liaisonOf(t: TestContext, unitId: string, username: string) {
  const u = await t.container.users.create(systemActor(t.tenantId), { username, displayName: `${username} 联络员`, orgUnitId: unitId, password: 'Assess#2026x', grants: [{ role: 'liaison', scopeKind: 'subtree' }] });
  await t.container.db.updateTable('users').set({ must_change_password: false }).where('id', '=', u.id).execute();
  return { id: u.id, client: await t.login(username, 'Assess#2026x') };
}

const scheme = (u: { a: string; b: string; c: string }, reviewers: string[]) => ({
  year: 2026,
  name: '2026年度综合考核办法（测试）',
  objectionDays: 5,
  definition: {
    dimensions: [
      {
        key: 'work',
        name: '重点工作',
        items: [
          { key: 'ontime', name: '按时办结率', weight: 40, source: { kind: 'on_time_rate' }, formula: { kind: 'linear', floor: 50, target: 100 } },
          { key: 'rect', name: '问题整改率', weight: 30, source: { kind: 'rectification_rate' }, formula: { kind: 'threshold', steps: [{ atLeast: 90, score: 100 }, { atLeast: 60, score: 80 }], otherwise: 50 } },
        ],
      },
      {
        key: 'view',
        name: '评价',
        items: [
          { key: 'satisfaction', name: '建议办理满意度', weight: 10, source: { kind: 'suggestion_satisfaction' }, formula: { kind: 'linear', floor: 60, target: 100 }, noDataScore: 60 },
          { key: 'review', name: '领导评议', weight: 20, source: { kind: 'manual', reviewerIds: reviewers }, formula: { kind: 'manual' } },
        ],
      },
    ],
    adjustments: [
      { key: 'praise', name: '上级表扬', kind: 'bonus', cap: 3 },
      { key: 'fault', name: '通报批评', kind: 'deduction', cap: 4 },
    ],
    groups: [
      { key: 'district', name: '区县', unitIds: [u.a, u.b] },
      { key: 'department', name: '市直部门', unitIds: [u.c] },
    ],
    bonusCap: 5,
    deductionCap: 3,
  },
});

type Item = { key: string; raw: number | null; score: number; weight: number; weighted: number; basis: string };
type Result = { unitId: string; total: number; rank: number; groupKey: string; canObject: boolean; evidence: Record<string, { id: string; fileName: string; contentType: string; size: number }[]>; derivation: { items: Item[]; itemsTotal: number; bonus: number; deduction: number; deductionEntered: number; total: number } };

describe.each(testEngines())('the comprehensive assessment on %s', (engine) => {
  const t = useTestApp(engine);

  it('runs a quarter from live data, and the stored derivation matches the arithmetic done by hand', async () => {
    const u = await units(t, 'KH');
    const sup = await supervisorActor(t);
    // 甲区: 3 finished on time, 1 late (75%); 2 problems, 1 rectified (50%).
    await taskIn(t, sup, u.a, '2026-02-20', '2026-02-10T02:00:00Z');
    await taskIn(t, sup, u.a, '2026-02-20', '2026-02-12T02:00:00Z');
    await taskIn(t, sup, u.a, '2026-02-27', '2026-02-27T09:00:00Z');
    await taskIn(t, sup, u.a, '2026-02-10', '2026-02-15T02:00:00Z');
    // 乙区: 2 finished on time (100%); 1 problem, rectified (100%). 丙局: nothing.
    await taskIn(t, sup, u.b, '2026-02-20', '2026-02-11T02:00:00Z');
    await taskIn(t, sup, u.b, '2026-02-25', '2026-02-24T02:00:00Z');
    const campaign = await t.container.campaigns.create(sup, { title: '考核测试专项', kind: 'discussion', startDate: '2026-01-01', endDate: '2026-12-31', unitIds: [u.a, u.b] });
    await problemIn(t, sup, campaign, u.a, true);
    await problemIn(t, sup, campaign, u.a, false);
    await problemIn(t, sup, campaign, u.b, true);
    // 丙局: three suggestions rated in the quarter (满意, 基本满意, 不满意) and one rated after it, which does not count.
    await ratedSuggestion(t, u.c, 1, 'satisfied', '2026-02-10T02:00:00Z');
    await ratedSuggestion(t, u.c, 2, 'basic', '2026-03-31T15:00:00Z');
    await ratedSuggestion(t, u.c, 3, 'unsatisfied', '2026-01-20T02:00:00Z');
    await ratedSuggestion(t, u.c, 4, 'satisfied', '2026-03-31T16:30:00Z');

    const supervisor = await t.login('supervisor');
    const leader = await t.login('leader');
    const body = scheme(u, [t.userId('leader'), t.userId('supervisor')]);
    // Bad schemes name their field.
    const badWeights = structuredClone(body);
    badWeights.definition.dimensions[0]!.items[0]!.weight = 30;
    expect((await supervisor.post('/api/assessment-schemes', badWeights)).body.error.details).toEqual([{ field: 'dimensions', message: '各考核项目权重合计应为 100 分，现为 90 分' }]);
    const badYear = await supervisor.post('/api/assessment-schemes', { ...body, year: 1999 });
    expect(badYear.body.error.details).toEqual([{ field: 'year', message: '年度应在 2000 到 2100 之间' }]);
    expect((await leader.post('/api/assessment-schemes', body)).status).toBe(403);
    const created = await supervisor.post('/api/assessment-schemes', body);
    expect(created.status).toBe(201);
    const schemeId = created.body.id;

    expect((await supervisor.post(`/api/assessment-schemes/${schemeId}/runs`, { period: '2026-05' })).body.error.details).toEqual([{ field: 'period', message: '考核期应为 YYYY-Qn（季度）或 YYYY（年度）' }]);
    expect((await supervisor.post(`/api/assessment-schemes/${schemeId}/runs`, { period: '2025-Q4' })).body.error.details).toEqual([{ field: 'period', message: '考核期应在 2026 年内' }]);
    const ran = await supervisor.post(`/api/assessment-schemes/${schemeId}/runs`, { period: '2026-Q1' });
    expect(ran.status).toBe(201);
    const runId = ran.body.id;
    expect(ran.body).toMatchObject({ period: '2026-Q1', periodStart: '2026-01-01', periodEnd: '2026-03-31', status: 'draft', full: true, canManage: true, reviewerItems: ['review'] });

    // Manual scores: only the named reviewers; the viewer is none.
    expect((await (await t.login('viewer')).put(`/api/assessment-runs/${runId}/manual-scores`, { unitId: u.a, itemKey: 'review', score: 99 })).status).toBe(404);
    expect((await leader.put(`/api/assessment-runs/${runId}/manual-scores`, { unitId: u.a, itemKey: 'review', score: 90 })).status).toBe(200);
    expect((await supervisor.put(`/api/assessment-runs/${runId}/manual-scores`, { unitId: u.a, itemKey: 'review', score: 80 })).status).toBe(200);
    expect((await leader.put(`/api/assessment-runs/${runId}/manual-scores`, { unitId: u.b, itemKey: 'review', score: 70 })).status).toBe(200);
    expect((await leader.put(`/api/assessment-runs/${runId}/manual-scores`, { unitId: u.b, itemKey: 'review', score: 101 })).body.error.details).toEqual([{ field: 'score', message: '评分不能超过 100' }]);
    // Adjustments: the office; 乙区's 5 deduction points meet the item's cap of 4 and then the total cap of 3.
    expect((await leader.post(`/api/assessment-runs/${runId}/adjustments`, { unitId: u.a, key: 'praise', points: 2, note: '省政府通报表扬' })).status).toBe(403);
    // The praise comes with its evidence: the notice of commendation, listed under the item for whoever sees the unit.
    const notice = await uploadPending(supervisor, '省政府表扬通报.pdf', Buffer.from('%PDF-1.4 表扬通报'));
    expect((await supervisor.post(`/api/assessment-runs/${runId}/adjustments`, { unitId: u.a, key: 'praise', points: 2, note: '省政府通报表扬', attachmentIds: [notice] })).status).toBe(201);
    const adjusted = await supervisor.post(`/api/assessment-runs/${runId}/adjustments`, { unitId: u.b, key: 'fault', points: 5, note: '市政府通报批评' });
    expect(adjusted.status).toBe(201);

    const results = adjusted.body.results as Result[];
    const of = (id: string) => results.find((r) => r.unitId === id)!;
    const item = (r: Result, key: string) => r.derivation.items.find((i) => i.key === key)!;
    // 甲区 by hand: on time 3/4 = 75% → (75 − 50) ÷ (100 − 50) × 100 = 50 → × 40% = 20;
    // rectified 1/2 = 50% → under both steps → 50 → × 30% = 15; satisfaction no data → 60 → × 10% = 6;
    // review (90 + 80) ÷ 2 = 85 → × 20% = 17; items 20 + 15 + 6 + 17 = 58, bonus 2 → 60.
    const a = of(u.a);
    expect([item(a, 'ontime').raw, item(a, 'ontime').score, item(a, 'ontime').weighted]).toEqual([75, (75 - 50) / (100 - 50) * 100, 50 * 40 / 100]);
    expect([item(a, 'rect').raw, item(a, 'rect').score, item(a, 'rect').weighted]).toEqual([50, 50, 50 * 30 / 100]);
    expect([item(a, 'satisfaction').raw, item(a, 'satisfaction').score, item(a, 'satisfaction').weighted]).toEqual([null, 60, 60 * 10 / 100]);
    expect(item(a, 'satisfaction').basis).toBe('本期无已评价的建议，按 60 分计');
    expect([item(a, 'review').raw, item(a, 'review').weighted]).toEqual([(90 + 80) / 2, 85 * 20 / 100]);
    expect(item(a, 'ontime').basis).toBe('按时办结 3 件 ÷ 办结 4 件');
    expect(a.derivation).toMatchObject({ itemsTotal: 20 + 15 + 6 + 17, bonus: 2, deduction: 0, total: 20 + 15 + 6 + 17 + 2 });
    // 乙区 by hand: 100% → 100 × 40% = 40; 100% ≥ 90 → 100 × 30% = 30; 6; review 70 (one reviewer so far) → 14;
    // items 90; deduction min(5, 4, 3) = 3 → 87.
    const b = of(u.b);
    expect(b.derivation.items.map((i) => i.weighted)).toEqual([40, 30, 6, 70 * 20 / 100]);
    expect(item(b, 'review').basis).toContain('尚有 1 位评审人未评分');
    expect(b.derivation).toMatchObject({ itemsTotal: 40 + 30 + 6 + 14, deductionEntered: 4, deduction: 3, total: 40 + 30 + 6 + 14 - 3 });
    // 丙局 by hand: no finished tasks, no problems, no review; satisfaction 2 ÷ 3 = 66.7% (the fourth was rated
    // on 1 April, Beijing time) → (66.7 − 60) ÷ (100 − 60) × 100 = 16.75 → × 10% = 1.675; first of its own group.
    const c = of(u.c);
    expect(c.derivation.items.map((i) => i.raw)).toEqual([null, null, 66.7, null]);
    expect(item(c, 'satisfaction').basis).toBe('满意及基本满意 2 件 ÷ 已评价 3 件');
    expect(item(c, 'satisfaction').score).toBeCloseTo(((66.7 - 60) / (100 - 60)) * 100, 2);
    expect(c.total).toBeCloseTo(((66.7 - 60) / (100 - 60)) * 100 * 10 / 100, 1);
    expect([c.rank, c.groupKey]).toEqual([1, 'department']);
    expect([[b.rank, b.total], [a.rank, a.total]]).toEqual([[1, 87], [2, 60]]);
    expect(a.evidence).toEqual({ praise: [{ id: notice, fileName: '省政府表扬通报.pdf', contentType: 'application/pdf', size: Buffer.byteLength('%PDF-1.4 表扬通报') }] });
    expect([b.evidence, c.evidence]).toEqual([{}, {}]);

    // A deduction entered by mistake is withdrawn before publishing: the total is as before, and nothing is left to withdraw.
    expect((await supervisor.post(`/api/assessment-runs/${runId}/adjustments`, { unitId: u.a, key: 'fault', points: 2, note: '误录' })).body.results.find((r: Result) => r.unitId === u.a).total).toBe(58);
    expect((await leader.delete(`/api/assessment-runs/${runId}/adjustments?unitId=${u.a}&key=fault`)).status).toBe(403);
    const withdrawn = await supervisor.delete(`/api/assessment-runs/${runId}/adjustments?unitId=${u.a}&key=fault`);
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body.results.find((r: Result) => r.unitId === u.a).total).toBe(60);
    expect(withdrawn.body.results.find((r: Result) => r.unitId === u.a).evidence.praise).toHaveLength(1);
    expect((await supervisor.delete(`/api/assessment-runs/${runId}/adjustments?unitId=${u.a}&key=fault`)).status).toBe(404);
    expect((await t.container.db.selectFrom('audit_log').select('summary').where('action', '=', 'assessment.unadjust').execute()).map((r) => r.summary)).toEqual(['撤销考核减分：通报批评 2 分（1 条）']);

    // Publishing locks the results and opens a five-day window; the units' liaisons are told.
    const { id: liaisonId, client: liaisonA } = await liaisonOf(t, u.a, 'liaison_kh_a');
    expect((await liaisonA.get(`/api/assessment-runs/${runId}`)).status).toBe(404);
    const published = await supervisor.post(`/api/assessment-runs/${runId}/publish`);
    expect(published.body).toMatchObject({ status: 'published', objectionUntil: '2026-03-07', windowOpen: true });
    expect((await supervisor.post(`/api/assessment-runs/${runId}/adjustments`, { unitId: u.a, key: 'praise', points: 1, note: '再加' })).status).toBe(409);
    expect((await supervisor.delete(`/api/assessment-runs/${runId}/adjustments?unitId=${u.a}&key=praise`)).status).toBe(409);
    expect((await supervisor.post(`/api/assessment-schemes/${schemeId}/runs`, { period: '2026-Q1' })).body.error.message).toBe('该考核期的结果已公布，不能重新计算');
    expect((await t.container.db.selectFrom('notifications').select('title').where('user_id', '=', liaisonId).execute()).map((n) => n.title)).toContain('考核结果已公布：2026年度综合考核办法（测试）（2026-Q1）');

    // The liaison sees its own unit's derivation only, and objects to it; not to another unit's.
    const own = await liaisonA.get(`/api/assessment-runs/${runId}`);
    expect(own.body).toMatchObject({ full: false, definition: null, windowOpen: true });
    expect(own.body.results.map((r: Result) => [r.unitId, r.total, r.canObject])).toEqual([[u.a, 60, true]]);
    expect(own.body.results[0].evidence.praise.map((f: { fileName: string }) => f.fileName)).toEqual(['省政府表扬通报.pdf']);
    expect((await liaisonA.get(`/api/attachments/${notice}`)).status).toBe(200);
    expect((await liaisonA.get('/api/assessment-runs')).body.data.map((r: { id: string }) => r.id)).toEqual([runId]);
    expect((await liaisonA.post(`/api/assessment-runs/${runId}/objections`, { unitId: u.b, reason: '替乙区' })).status).toBe(403);
    const objected = await liaisonA.post(`/api/assessment-runs/${runId}/objections`, { unitId: u.a, reason: '我区一季度领导评议应计入专项督查表扬，请复核。' });
    expect(objected.status).toBe(201);
    expect((await liaisonA.post(`/api/assessment-runs/${runId}/objections`, { unitId: u.a, reason: '再提' })).body.error.message).toBe('本单位已有待答复的异议，请等待考核办答复');
    expect((await liaisonA.get(`/api/assessment-runs/${runId}`)).body.results[0].canObject).toBe(false);
    expect(await t.container.assessment.openObjectionCount(sup)).toBeGreaterThanOrEqual(1);

    // The office upholds it: the review becomes 95 → 95 × 20% = 19; 甲区 20 + 15 + 6 + 19 + 2 = 62.
    expect((await leader.post(`/api/assessment-objections/${objected.body.id}/answer`, { decision: 'rejected', answer: '否' })).status).toBe(403);
    expect((await supervisor.post(`/api/assessment-objections/${objected.body.id}/answer`, { decision: 'rejected', answer: '否', manualScores: [{ itemKey: 'review', score: 95 }] })).body.error.details).toEqual([{ field: 'decision', message: '不予采纳的异议不能调整分数' }]);
    const answered = await supervisor.post(`/api/assessment-objections/${objected.body.id}/answer`, { decision: 'upheld', answer: '经复核，领导评议调整为 95 分。', manualScores: [{ itemKey: 'review', score: 95 }] });
    expect(answered.status).toBe(200);
    const seen = (await liaisonA.get(`/api/assessment-runs/${runId}`)).body;
    expect(seen.results[0].total).toBe(20 + 15 + 6 + 19 + 2);
    expect(seen.results[0].derivation.items.find((i: Item) => i.key === 'review').basis).toBe('异议复核调整为 95 分（异议复核）');
    expect(seen.objections).toMatchObject([{ status: 'upheld', answer: '经复核，领导评议调整为 95 分。', answeredByName: '督查室 王督查' }]);
    // 乙区's result and the rest of the group are as they were.
    expect((await supervisor.get(`/api/assessment-runs/${runId}`)).body.results.find((r: Result) => r.unitId === u.b).total).toBe(87);
    const audit = await t.container.db.selectFrom('audit_log').select(['action', 'summary']).where('entity_id', '=', objected.body.id).orderBy('seq').execute();
    expect(audit).toEqual([
      { action: 'assessment.object', summary: '对考核结果提出异议（2026年度综合考核办法（测试） 2026-Q1）' },
      { action: 'assessment.answer', summary: '答复考核异议：予以采纳，总分 60 → 62，排名 2 → 2' },
    ]);

    // The Word 考核结果通报 and the Excel 台账 print the results as they now stand.
    const word = await supervisor.get(`/api/assessment-runs/${runId}/document.docx`);
    expect(word.status).toBe(200);
    const text = await docxText(new Uint8Array(word.raw));
    for (const part of ['2026年度综合考核办法（测试）2026年第一季度考核结果通报', '一、考核结果', '（一）区县', '（二）市直部门', 'KH乙区', '87', '二、异议处理', '共收到异议 1 件，予以采纳 1 件，不予采纳 0 件', '各单位得分推导', '按时办结 3 件 ÷ 办结 4 件']) expect(text).toContain(part);
    const sheetOf = async (raw: Buffer, name: string) => {
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(raw as unknown as ArrayBuffer);
      const sheet = book.getWorksheet(name)!;
      const rows: unknown[][] = [];
      sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
      return rows;
    };
    const excel = await supervisor.get(`/api/assessment-runs/${runId}/results.xlsx`);
    const ledger = await sheetOf(excel.raw, '考核结果');
    expect(ledger[2]).toEqual(['序号', '分组', '名次', '单位', '按时办结率（40）', '问题整改率（30）', '建议办理满意度（10）', '领导评议（20）', '加分', '减分', '总分']);
    expect(ledger.slice(3)).toEqual([
      [1, '区县', 1, 'KH乙区', 40, 30, 6, 14, 0, 3, 87],
      [2, '区县', 2, 'KH甲区', 20, 15, 6, 19, 2, 0, 62],
      [3, '市直部门', 1, 'KH丙局', 0, 0, 1.68, 0, 0, 0, 1.68],
    ]);
    expect((await sheetOf(excel.raw, '得分推导')).length).toBe(1 + 3 * 5 + 2);
    const liaisonExcel = await sheetOf((await liaisonA.get(`/api/assessment-runs/${runId}/results.xlsx`)).raw, '考核结果');
    expect(liaisonExcel.slice(3).map((r) => r[3])).toEqual(['KH甲区']);

    // After the window: a clear 409.
    t.clock.set('2026-03-08T02:00:00Z');
    const late = await (await t.login('liaison_kh_a', 'Assess#2026x')).post(`/api/assessment-runs/${runId}/objections`, { unitId: u.a, reason: '再提' });
    expect([late.status, late.body.error.message]).toEqual([409, '异议期已于 2026-03-07 结束，不能再提出异议']);
    t.clock.set('2026-03-02T02:00:00Z');
  });
});
