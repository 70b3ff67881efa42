import { z } from 'zod';
import { actorOf } from '../../http/auth-hook.ts';
import { idParams, iso, okSchema, type App } from '../../http/types.ts';
import { buildAssessmentDocx } from '../../reports/assessment.docx.ts';
import { exportAssessment } from './assessment.excel.ts';
import { FORMULA_LABELS, SOURCE_KINDS, SOURCE_LABELS } from './assessment-rules.ts';
import type { AssessmentService } from './assessment.service.ts';
import { attachmentSchema, presentAttachment } from '../tasks/tasks.presenter.ts';

const tags = ['assessment'];
const text = (label: string, max: number) => z.string().trim().max(max, `${label}不能超过 ${max} 字`);
const key = z.string().trim().min(1, '请填写项目编号').max(40, '项目编号不能超过 40 字').regex(/^[A-Za-z0-9_-]+$/, '项目编号只能用字母、数字、下划线和连字符');
const points = (label: string) => z.number({ error: `请填写${label}` }).min(0, `${label}不能为负数`).max(100, `${label}不能超过 100`);
const finite = (label: string) => z.number({ error: `请填写${label}` }).finite(`${label}应为数字`);

const formulaSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('linear'), floor: finite('起评值'), target: finite('目标值') }),
  z.object({ kind: z.literal('rank'), direction: z.enum(['higher', 'lower'], { error: '排名方向应为 higher（越高越好）或 lower（越低越好）' }), top: points('第一名得分'), step: points('每名次差'), min: points('最低分') }),
  z.object({ kind: z.literal('threshold'), steps: z.array(z.object({ atLeast: finite('分档下限'), score: points('分档得分') })).max(20, '分档不能超过 20 档'), otherwise: points('档外得分') }),
  z.object({ kind: z.literal('manual') }),
], { error: `计分公式应为 ${Object.values(FORMULA_LABELS).join('、')} 之一` });

const itemSchema = z.object({
  key,
  name: text('项目名称', 100).min(1, '请填写项目名称'),
  weight: z.number({ error: '请填写权重' }).gt(0, '权重应大于 0').max(100, '权重不能超过 100'),
  source: z.object({ kind: z.enum(SOURCE_KINDS, { error: `数据来源应为 ${Object.values(SOURCE_LABELS).join('、')} 之一` }), indicatorId: z.uuid('无效的指标编号').optional(), reviewerIds: z.array(z.uuid('无效的评审人编号')).max(20, '评审人不能超过 20 位').optional() }),
  formula: formulaSchema,
  noDataScore: points('无数据时得分').default(0),
});

const definitionSchema = z.object({
  dimensions: z.array(z.object({ key, name: text('维度名称', 100).min(1, '请填写维度名称'), items: z.array(itemSchema).max(50, '每个维度的项目不能超过 50 项') })).max(20, '维度不能超过 20 个'),
  adjustments: z.array(z.object({ key, name: text('加减分项目名称', 100).min(1, '请填写加减分项目名称'), kind: z.enum(['bonus', 'deduction'], { error: '加减分类型应为 bonus（加分）或 deduction（减分）' }), cap: points('单项上限') })).max(30, '加减分项目不能超过 30 项').default([]),
  groups: z.array(z.object({ key, name: text('分组名称', 50).min(1, '请填写分组名称'), unitIds: z.array(z.uuid('无效的单位编号')).max(20000, '分组单位过多') })).max(20, '分组不能超过 20 个'),
  bonusCap: points('加分总上限').default(0),
  deductionCap: points('减分总上限').default(0),
});

const schemeInputSchema = z.object({
  year: z.number({ error: '请填写年度' }).int('年度应为整数').min(2000, '年度应在 2000 到 2100 之间').max(2100, '年度应在 2000 到 2100 之间'),
  name: text('考核办法名称', 200).min(1, '请填写考核办法名称'),
  objectionDays: z.number().int('异议期天数应为整数').min(1, '异议期应在 1 到 30 天之间').max(30, '异议期应在 1 到 30 天之间').default(5),
  definition: definitionSchema,
});

const schemeRowSchema = z.object({ id: z.string(), year: z.number(), name: z.string(), ownerUnit: z.object({ id: z.string(), name: z.string() }), objectionDays: z.number(), canManage: z.boolean(), updatedAt: z.string().nullable() });
const schemeSchema = schemeRowSchema.extend({ definition: definitionSchema });
const runRowSchema = z.object({ id: z.string(), schemeId: z.string(), schemeName: z.string(), period: z.string(), status: z.enum(['draft', 'published']), computedAt: z.string().nullable(), publishedAt: z.string().nullable(), objectionUntil: z.string().nullable(), openObjections: z.number() });
const objectionSchema = z.object({ id: z.string(), unitId: z.string(), unitName: z.string(), reason: z.string(), filedByName: z.string().nullable(), filedAt: z.string().nullable(), status: z.enum(['open', 'upheld', 'rejected']), answer: z.string(), answeredByName: z.string().nullable(), answeredAt: z.string().nullable() });
const runSchema = z.object({
  id: z.string(),
  schemeId: z.string(),
  schemeName: z.string(),
  year: z.number(),
  period: z.string(),
  periodStart: z.string(),
  periodEnd: z.string(),
  status: z.enum(['draft', 'published']),
  computedAt: z.string().nullable(),
  publishedAt: z.string().nullable(),
  objectionUntil: z.string().nullable(),
  windowOpen: z.boolean(),
  full: z.boolean().describe('true: the whole run (the scheme owner in scope); false: only the caller\'s units\' results'),
  canManage: z.boolean(),
  reviewerItems: z.array(z.string()),
  groups: z.array(z.object({ key: z.string(), name: z.string() })),
  definition: z.unknown().nullable(),
  results: z.array(z.object({ unitId: z.string(), unitName: z.string(), groupKey: z.string(), total: z.number(), rank: z.number(), derivation: z.unknown(), canObject: z.boolean(), evidence: z.record(z.string(), z.array(attachmentSchema)).describe('加减分的佐证材料，按加减分项目') })),
  objections: z.array(objectionSchema),
});

type Objection = Awaited<ReturnType<AssessmentService['getRun']>>['objections'][number];
const presentObjection = (o: Objection) => ({ id: o.id, unitId: o.unit_id, unitName: o.unit_name, reason: o.reason, filedByName: o.filed_by_name, filedAt: iso(o.filed_at), status: o.status, answer: o.answer, answeredByName: o.answered_by_name, answeredAt: iso(o.answered_at) });

export function registerAssessmentRoutes(app: App, assessment: AssessmentService): void {
  const presentScheme = (s: Awaited<ReturnType<AssessmentService['getScheme']>>) => ({ id: s.id, year: s.year, name: s.name, ownerUnit: { id: s.owner_unit_id, name: s.owner_unit_name }, objectionDays: s.objection_days, canManage: s.canManage, updatedAt: iso(s.updated_at), definition: s.definition });
  const presentRun = (v: Awaited<ReturnType<AssessmentService['getRun']>>) => ({
    id: v.run.id,
    schemeId: v.run.scheme_id,
    schemeName: v.run.scheme_name,
    year: v.run.year,
    period: v.run.period,
    periodStart: v.run.period_start,
    periodEnd: v.run.period_end,
    status: v.run.status,
    computedAt: iso(v.run.computed_at),
    publishedAt: iso(v.run.published_at),
    objectionUntil: v.run.objection_until,
    windowOpen: v.windowOpen,
    full: v.full,
    canManage: v.canManage,
    reviewerItems: v.reviewerItems,
    groups: v.groups,
    definition: v.definition,
    results: v.results.map((r) => ({ unitId: r.unit_id, unitName: r.unit_name, groupKey: r.group_key, total: r.total, rank: r.rank, derivation: r.derivation, canObject: r.canObject, evidence: Object.fromEntries(Object.entries(r.evidence).map(([key, files]) => [key, files.map(presentAttachment)])) })),
    objections: v.objections.map(presentObjection),
  });

  app.get('/api/assessment-schemes', {
    schema: { tags, summary: '考核办法列表：本人范围内单位制定的考核办法', response: { 200: z.object({ data: z.array(schemeRowSchema) }) } },
    handler: async (req) => ({ data: (await assessment.listSchemes(actorOf(req))).map((s) => ({ id: s.id, year: s.year, name: s.name, ownerUnit: { id: s.owner_unit_id, name: s.owner_unit_name }, objectionDays: s.objection_days, canManage: s.canManage, updatedAt: iso(s.updated_at) })) }),
  });

  app.post('/api/assessment-schemes', {
    schema: { tags, summary: '制定考核办法（督查人员）：维度、考核项目（权重、数据来源、计分公式）、加减分项目及上限、考核分组', body: schemeInputSchema, response: { 201: schemeSchema } },
    handler: async (req, reply) => {
      const actor = actorOf(req);
      const id = await assessment.createScheme(actor, req.body);
      return reply.status(201).send(presentScheme(await assessment.getScheme(actor, id)));
    },
  });

  app.get('/api/assessment-schemes/:id', {
    schema: { tags, summary: '考核办法详情', params: idParams, response: { 200: schemeSchema } },
    handler: async (req) => presentScheme(await assessment.getScheme(actorOf(req), req.params.id)),
  });

  app.put('/api/assessment-schemes/:id', {
    schema: { tags, summary: '修改考核办法（所属单位督查人员）；已开展的考核保留开展时的办法', params: idParams, body: schemeInputSchema, response: { 200: schemeSchema } },
    handler: async (req) => {
      const actor = actorOf(req);
      await assessment.updateScheme(actor, req.params.id, req.body);
      return presentScheme(await assessment.getScheme(actor, req.params.id));
    },
  });

  app.post('/api/assessment-schemes/:id/runs', {
    schema: {
      tags,
      summary: '开展考核（所属单位督查人员）：按考核期从实时数据计算各分组各单位的得分、推导过程和排名；草稿期间再次提交即重新计算',
      params: idParams,
      body: z.object({ period: z.string().trim().min(1, '请选择考核期').max(7, '考核期应为 YYYY-Qn（季度）或 YYYY（年度）') }),
      response: { 201: runSchema },
    },
    handler: async (req, reply) => {
      const actor = actorOf(req);
      const id = await assessment.run(actor, req.params.id, req.body.period);
      return reply.status(201).send(presentRun(await assessment.getRun(actor, id)));
    },
  });

  app.get('/api/assessment-runs', {
    schema: { tags, summary: '考核列表：本人范围内单位的考核；联络员只见已公布、含本单位结果的考核', querystring: z.object({ schemeId: z.uuid().optional() }), response: { 200: z.object({ data: z.array(runRowSchema) }) } },
    handler: async (req) => ({
      data: (await assessment.listRuns(actorOf(req), req.query)).map((r) => ({ id: r.id, schemeId: r.scheme_id, schemeName: r.scheme_name, period: r.period, status: r.status, computedAt: iso(r.computed_at), publishedAt: iso(r.published_at), objectionUntil: r.objection_until, openObjections: r.open_objections })),
    }),
  });

  app.get('/api/assessment-runs/:id', {
    schema: { tags, summary: '考核结果：各单位得分、排名及推导过程（联络员只见本单位），异议及答复', params: idParams, response: { 200: runSchema } },
    handler: async (req) => presentRun(await assessment.getRun(actorOf(req), req.params.id)),
  });

  const attachment = (name: string) => `attachment; filename="${name.endsWith('.docx') ? 'assessment.docx' : 'assessment.xlsx'}"; filename*=UTF-8''${encodeURIComponent(name)}`;

  app.get('/api/assessment-runs/:id/results.xlsx', {
    schema: { tags, summary: '考核结果 Excel（台账格式）：各单位各项加权得分、加减分、总分和名次，另附得分推导表；联络员只导出本单位', params: idParams },
    handler: async (req, reply) => {
      const v = await assessment.exportView(actorOf(req), req.params.id);
      const file = await exportAssessment({ title: v.title.replace(/通报$/, ''), subtitle: `${v.issuer}，${v.draft ? '未公布' : `${v.dated} 公布`}，共 ${v.results.length} 个单位`, groups: v.groupKeys, results: v.results });
      return reply.headers({ 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'content-disposition': attachment(`${v.title.replace(/通报$/, '')}.xlsx`) }).send(file);
    },
  });

  app.get('/api/assessment-runs/:id/document.docx', {
    schema: { tags, summary: '考核结果通报 Word 文件（公文格式）：各组排名、异议处理情况，附各单位得分推导', params: idParams },
    handler: async (req, reply) => {
      const v = await assessment.exportView(actorOf(req), req.params.id);
      return reply.headers({ 'content-type': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'content-disposition': attachment(`${v.title}.docx`) }).send(await buildAssessmentDocx(v));
    },
  });

  app.put('/api/assessment-runs/:id/manual-scores', {
    schema: {
      tags,
      summary: '人工评分（该项目的评审人，公布前）：对一个单位的一个人工评分项目打分（0–100）',
      params: idParams,
      body: z.object({ unitId: z.uuid('请选择单位'), itemKey: key, score: points('评分') }),
      response: { 200: runSchema },
    },
    handler: async (req) => {
      const actor = actorOf(req);
      await assessment.setManualScore(actor, req.params.id, req.body);
      return presentRun(await assessment.getRun(actor, req.params.id));
    },
  });

  app.delete('/api/assessment-runs/:id/adjustments', {
    schema: {
      tags,
      summary: '撤销某单位某项加减分（所属单位督查人员，公布前）：该项的全部记录及佐证材料，随即重新计分',
      params: idParams,
      querystring: z.object({ unitId: z.uuid('请选择单位'), key }),
      response: { 200: runSchema },
    },
    handler: async (req) => {
      const actor = actorOf(req);
      await assessment.removeAdjustment(actor, req.params.id, req.query);
      return presentRun(await assessment.getRun(actor, req.params.id));
    },
  });

  app.post('/api/assessment-runs/:id/adjustments', {
    schema: {
      tags,
      summary: '加分或减分（所属单位督查人员，公布前）：项目、分值、事由、佐证材料',
      params: idParams,
      body: z.object({ unitId: z.uuid('请选择单位'), key, points: z.number({ error: '请填写分值' }).gt(0, '分值应大于 0').max(100, '分值不能超过 100'), note: text('事由', 500).min(1, '请填写加减分事由'), attachmentIds: z.array(z.uuid()).max(20, '佐证材料不能超过 20 个').optional() }),
      response: { 201: runSchema },
    },
    handler: async (req, reply) => {
      const actor = actorOf(req);
      await assessment.addAdjustment(actor, req.params.id, req.body);
      return reply.status(201).send(presentRun(await assessment.getRun(actor, req.params.id)));
    },
  });

  app.post('/api/assessment-runs/:id/publish', {
    schema: { tags, summary: '公布考核排名（所属单位督查人员）：锁定结果，开始异议期并通知被考核单位', params: idParams, response: { 200: runSchema } },
    handler: async (req) => {
      const actor = actorOf(req);
      await assessment.publish(actor, req.params.id);
      return presentRun(await assessment.getRun(actor, req.params.id));
    },
  });

  app.post('/api/assessment-runs/:id/objections', {
    schema: { tags, summary: '提出异议（被考核单位联络员，异议期内）：对本单位的考核结果', params: idParams, body: z.object({ unitId: z.uuid('请选择单位'), reason: text('异议理由', 2000).min(1, '请填写异议理由') }), response: { 201: objectionSchema } },
    handler: async (req, reply) => {
      const actor = actorOf(req);
      const id = await assessment.object(actor, req.params.id, req.body);
      const view = await assessment.getRun(actor, req.params.id);
      return reply.status(201).send(presentObjection(view.objections.find((o) => o.id === id)!));
    },
  });

  app.post('/api/assessment-objections/:id/answer', {
    schema: {
      tags,
      summary: '答复异议（所属单位督查人员）：不予采纳并说明理由；或予以采纳，可调整该单位的人工评分项目或加减分并重新计算',
      params: idParams,
      body: z.object({
        decision: z.enum(['upheld', 'rejected'], { error: '答复结论应为 upheld（予以采纳）或 rejected（不予采纳）' }),
        answer: text('答复意见', 2000).min(1, '请填写答复意见'),
        manualScores: z.array(z.object({ itemKey: key, score: points('评分') })).max(20).optional(),
        adjustments: z.array(z.object({ key, points: z.number().gt(0, '分值应大于 0').max(100, '分值不能超过 100'), note: text('事由', 500).min(1, '请填写加减分事由') })).max(20).optional(),
      }),
      response: { 200: okSchema },
    },
    handler: async (req) => {
      await assessment.answer(actorOf(req), req.params.id, req.body);
      return { ok: true as const };
    },
  });
}
