import { z } from 'zod';
import type { Container } from '../../container.ts';
import { actorOf } from '../../http/auth-hook.ts';
import { isoDate } from '../../http/input.ts';
import { pageInfoSchema, pageQuerySchema } from '../../http/pagination.ts';
import { LIMITS } from '@luoshi/shared';
import { AppError } from '../../errors.ts';
import { idParams, iso, okSchema, queryBool, xlsxHeaders, type App } from '../../http/types.ts';
import { shanghaiDate } from '../../supervision/rules/working-days.ts';
import { exportLedger, importLedger } from './campaigns.excel.ts';
import { PUBLIC_PROBLEMS_MAX } from './campaigns.service.ts';
import { attachmentSchema, presentAttachment } from '../tasks/tasks.presenter.ts';
import { buildCampaignSummaryDocx } from '../../reports/campaign-summary.docx.ts';
import { activitySchema, campaignListRowSchema, campaignSchema, opinionSchema, presentActivity, presentCampaign, presentOpinion, presentProblem, problemSchema } from './campaigns.presenter.ts';

const tag = ['活动与整改'];
const date = isoDate();
const text = (max: number, message: string) => z.string().trim().min(1, message).max(max);
const CAMPAIGN_KINDS = ['discussion', 'theme_education', 'special_rectification', 'other'] as const;
const ACTIVITY_KINDS = ['symposium', 'research', 'seminar', 'study', 'inspection', 'observation'] as const;
const SOURCES = ['self', 'superior', 'inspection', 'public', 'hazard', 'tour'] as const;
const SEVERITIES = ['normal', 'serious', 'major'] as const;
const STATUSES = ['found', 'rectifying', 'review', 'returned', 'closed'] as const;

const campaignBody = z.object({
  title: text(200, '请填写活动名称'),
  kind: z.enum(CAMPAIGN_KINDS, { error: '活动类型应为 大讨论、主题教育、专项整治、其他 之一' }),
  startDate: date,
  endDate: date,
  planDirectiveId: z.uuid('实施方案编号无效').nullable().optional(),
  stages: z.array(z.object({ name: z.string().trim().max(50), startDate: date, endDate: date })).max(20).optional(),
  unitIds: z.array(z.uuid('单位编号无效')).max(20000),
  subtree: z.boolean().optional(),
  contactPoints: z.array(z.object({ leaderUserId: z.uuid('领导编号无效'), unitId: z.uuid('单位编号无效') })).max(500).optional(),
  topics: z.array(z.string().trim().min(1).max(30)).max(30).optional(),
  publicEnabled: z.boolean().optional(),
});

const opinionBody = z.object({
  content: text(4000, '请填写意见建议内容'),
  topic: z.string().max(30).nullable().optional(),
  raisedByUserId: z.uuid('提出人编号无效').nullable().optional(),
  raisedByName: z.string().trim().max(100).optional(),
  raisedByUnitId: z.uuid('单位编号无效').nullable().optional(),
});

const problemBody = z.object({
  source: z.enum(SOURCES, { error: '问题来源无效' }),
  topic: z.string().max(30).nullable().optional(),
  unitId: z.uuid('请选择责任单位'),
  description: text(4000, '请填写问题描述'),
  severity: z.enum(SEVERITIES, { error: '严重程度无效' }).optional(),
  foundOn: date.optional(),
});

const campaignDetailSchema = z.object({
  data: campaignSchema.extend({
    stages: z.array(z.object({ name: z.string(), startDate: z.string(), endDate: z.string() })),
    currentStage: z.number(),
    contactPoints: z.array(z.object({ leaderUserId: z.string(), leaderName: z.string(), unitId: z.string(), unitName: z.string() })),
    unitCount: z.number(),
    activityCount: z.number(),
    perUnit: z.array(z.object({ unitId: z.string(), unitName: z.string(), found: z.number(), rectifying: z.number(), closed: z.number(), overdue: z.number() })),
    late: z.array(problemSchema),
    unitChoice: z.object({ unitIds: z.array(z.string()), subtree: z.boolean() }).nullable().describe('修改活动时的参加单位（有管理权限时）'),
  }),
  policies: z.object({ manage: z.boolean(), selfReport: z.boolean() }),
});

const problemFilter = pageQuerySchema.extend({
  campaignId: z.uuid().optional(),
  unitId: z.uuid().optional(),
  status: z
    .string()
    .transform((s) => s.split(',').filter(Boolean))
    .pipe(z.array(z.enum(STATUSES, { error: '状态无效' })))
    .optional(),
  overdue: queryBool.optional(),
  q: z.string().max(100).optional(),
  taskId: z.uuid().optional().describe('整改任务对应的问题'),
});

/** Campaigns, their activities and opinions, problems and their rectification (issue 10). */
export function registerCampaignRoutes(app: App, c: Container): void {
  const s = c.campaigns;

  app.get('/api/campaigns', {
    schema: { tags: tag, summary: '活动列表（大讨论、主题教育、专项整治）：本人数据范围内组织或参加的活动', querystring: pageQuerySchema.extend({ q: z.string().max(100).optional(), kind: z.enum(CAMPAIGN_KINDS).optional() }), response: { 200: z.object({ data: z.array(campaignListRowSchema), page: pageInfoSchema }) } },
    handler: async (req) => {
      const page = await s.list(actorOf(req), req.query);
      return { data: page.data.map((r) => ({ ...presentCampaign(r), problemCount: Number(r.problem_count), closedCount: Number(r.closed_count) })), page: page.page };
    },
  });

  app.post('/api/campaigns', {
    schema: { tags: tag, summary: '新建活动：阶段（默认 动员部署→学习讨论→查摆问题→整改落实→总结评估）、参加单位（可含下级）、联系点、议题', body: campaignBody, response: { 201: z.object({ data: z.object({ id: z.string() }) }) } },
    handler: async (req, reply) => reply.code(201).send({ data: { id: await s.create(actorOf(req), req.body) } }),
  });

  app.get('/api/campaigns/:id', {
    schema: { tags: tag, summary: '活动首页：当前阶段、联系点、各单位查摆与整改情况、逾期事项', params: idParams, response: { 200: campaignDetailSchema } },
    handler: async (req) => {
      const d = await s.detail(actorOf(req), req.params.id);
      return {
        data: {
          ...presentCampaign(d.campaign),
          stages: d.stages,
          currentStage: d.currentStage,
          contactPoints: d.contactPoints.map((cp) => ({ leaderUserId: cp.leader_user_id, leaderName: cp.leader_name, unitId: cp.unit_id, unitName: cp.unit_name })),
          unitCount: d.unitCount,
          activityCount: d.activityCount,
          perUnit: d.perUnit,
          late: d.late.map(presentProblem),
          unitChoice: d.unitChoice,
        },
        policies: { manage: d.canManage, selfReport: d.canSelfReport },
      };
    },
  });

  const rates = z.object({ found: z.number(), rectifying: z.number(), review: z.number(), closed: z.number(), overdue: z.number(), rectificationRate: z.number().describe('整改率（%）：待核验与已销号占查摆问题'), closeOutRate: z.number().describe('销号率（%）') });
  app.get('/api/campaigns/:id/stats', {
    schema: { tags: tag, summary: '活动统计：按单位（unitId 的下级，默认本级）查摆、整改中、待核验、已销号、逾期，整改率与销号率，及合计', params: idParams, querystring: z.object({ unitId: z.uuid().optional() }), response: { 200: z.object({ data: z.object({ unitId: z.string(), totals: rates, byUnit: z.array(rates.extend({ unitId: z.string(), unitName: z.string() })) }) }) } },
    handler: async (req) => ({ data: await s.stats(actorOf(req), req.params.id, req.query.unitId) }),
  });

  app.get('/api/campaigns/:id/summary.docx', {
    schema: { tags: tag, summary: '活动工作总结（Word）：阶段、开展的活动、意见建议办理、各单位问题整改与整改率/销号率', params: idParams },
    handler: async (req, reply) => {
      const view = await s.summaryView(actorOf(req), req.params.id);
      return reply
        .headers({ 'content-type': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'content-disposition': `attachment; filename="summary.docx"; filename*=UTF-8''${encodeURIComponent(`${view.title}工作总结.docx`)}` })
        .send(await buildCampaignSummaryDocx(view));
    },
  });

  app.put('/api/campaigns/:id', {
    schema: { tags: tag, summary: '修改活动（阶段、参加单位、联系点、议题整体替换）', params: idParams, body: campaignBody, response: { 200: okSchema } },
    handler: async (req) => {
      await s.update(actorOf(req), req.params.id, req.body);
      return { ok: true as const };
    },
  });

  app.put('/api/campaigns/:id/publication', {
    schema: {
      tags: tag,
      summary: '公开页面设置：是否公开，及增加（publish）或撤下（unpublish）公开的问题整改结果，其余不变；公开页面不含任何人员信息',
      params: idParams,
      body: z.object({ enabled: z.boolean({ error: '请选择是否公开' }), publish: z.array(z.uuid('问题编号无效')).max(PUBLIC_PROBLEMS_MAX, `公开的问题最多 ${PUBLIC_PROBLEMS_MAX} 个`).optional(), unpublish: z.array(z.uuid('问题编号无效')).max(PUBLIC_PROBLEMS_MAX).optional() }),
      response: { 200: z.object({ data: z.object({ published: z.number() }) }) },
    },
    handler: async (req) => ({ data: await s.setPublication(actorOf(req), req.params.id, req.body) }),
  });

  app.get('/api/public/campaigns/:id', {
    config: { auth: 'public' },
    schema: {
      tags: tag,
      summary: '活动公开页面（无需登录）：所选问题的整改结果——问题、整改措施、责任单位、状态与日期，不含人员信息；未公开的活动 404',
      params: idParams,
      response: {
        200: z.object({
          data: z.object({
            id: z.string(),
            title: z.string(),
            kind: z.enum(CAMPAIGN_KINDS),
            startDate: z.string(),
            endDate: z.string(),
            organizerUnitName: z.string(),
            problems: z.array(z.object({ id: z.string(), description: z.string(), measures: z.string(), unitName: z.string(), status: z.enum(STATUSES), foundOn: z.string(), deadline: z.string().nullable(), closedOn: z.string().nullable() })),
          }),
        }),
      },
    },
    handler: async (req) => {
      const { campaign: c, problems } = await s.publicView(req.params.id);
      return {
        data: {
          id: c.id,
          title: c.title,
          kind: c.kind,
          startDate: c.start_date,
          endDate: c.end_date,
          organizerUnitName: c.organizer_unit_name,
          problems: problems.map((p) => ({ id: p.id, description: p.description, measures: p.measures, unitName: p.unit_name, status: p.status, foundOn: p.found_on, deadline: p.deadline, closedOn: p.status === 'closed' && p.verified_at ? shanghaiDate(p.verified_at) : null })),
        },
      };
    },
  });

  app.get('/api/campaigns/:id/activities', {
    schema: { tags: tag, summary: '活动记录（座谈会、调研、研讨……），最新在前', params: idParams, response: { 200: z.object({ data: z.array(activitySchema) }) } },
    handler: async (req) => ({ data: (await s.activities(actorOf(req), req.params.id)).map((a) => presentActivity(a, a.host_leader_name, Number(a.opinion_count))) }),
  });

  app.post('/api/campaigns/:id/activities', {
    schema: {
      tags: tag,
      summary: '记录一次活动及其中收集的意见建议',
      params: idParams,
      body: z.object({
        kind: z.enum(ACTIVITY_KINDS, { error: '活动形式无效' }),
        title: text(200, '请填写活动主题'),
        heldOn: date,
        place: z.string().max(200).optional(),
        hostLeaderId: z.uuid('主持领导编号无效').nullable().optional(),
        attendees: z.string().max(4000).optional(),
        attendeeUnitIds: z.array(z.uuid()).max(500).optional(),
        agenda: z.string().max(20000).optional(),
        minutes: z.string().max(50000).optional(),
        outcomes: z.string().max(20000).optional(),
        opinions: z.array(opinionBody).max(200).optional(),
        attachmentIds: z.array(z.uuid('附件编号无效')).max(20, '照片和附件最多 20 个').optional().describe('照片和附件：先上传到 /api/attachments'),
      }),
      response: { 201: z.object({ data: z.object({ id: z.string() }) }) },
    },
    handler: async (req, reply) => reply.code(201).send({ data: { id: await s.createActivity(actorOf(req), req.params.id, req.body) } }),
  });

  app.get('/api/campaign-activities/:id', {
    schema: { tags: tag, summary: '活动记录详情、照片和附件，及其意见建议（各条的处理结果）', params: idParams, response: { 200: z.object({ data: activitySchema.extend({ campaignTitle: z.string(), topics: z.array(z.string()), opinions: z.array(opinionSchema), attachments: z.array(attachmentSchema) }), policies: z.object({ manage: z.boolean() }) }) } },
    handler: async (req) => {
      const d = await s.activity(actorOf(req), req.params.id);
      return { data: { ...presentActivity(d.activity, d.hostLeaderName, d.opinions.length), campaignTitle: d.campaign.title, topics: d.campaign.topics, opinions: d.opinions.map(presentOpinion), attachments: d.attachments.map(presentAttachment) }, policies: { manage: d.canManage } };
    },
  });

  app.post('/api/campaign-activities/:id/opinions', {
    schema: { tags: tag, summary: '补记一条意见建议', params: idParams, body: opinionBody, response: { 201: z.object({ data: z.object({ id: z.string() }) }) } },
    handler: async (req, reply) => reply.code(201).send({ data: { id: await s.addOpinion(actorOf(req), req.params.id, req.body) } }),
  });

  app.post('/api/campaign-opinions/:id/to-task', {
    schema: {
      tags: tag,
      summary: '意见建议转为任务（督查督办交办，module = campaign）',
      params: idParams,
      body: z.object({ title: text(200, '请填写任务名称'), leadUnitIds: z.array(z.uuid('单位编号无效')).min(1, '请选择牵头单位').max(50), coUnitIds: z.array(z.uuid()).max(50).optional(), deadline: date, responsibleLeaderIds: z.array(z.uuid()).max(10).optional() }),
      response: { 201: z.object({ data: z.object({ taskId: z.string() }) }) },
    },
    handler: async (req, reply) => reply.code(201).send({ data: { taskId: await s.opinionToTask(actorOf(req), req.params.id, req.body) } }),
  });

  app.post('/api/campaign-opinions/:id/to-problem', {
    schema: { tags: tag, summary: '意见建议转为问题（查摆问题清单）', params: idParams, body: problemBody.extend({ description: z.string().trim().max(4000).optional() }), response: { 201: z.object({ data: z.object({ problemId: z.string() }) }) } },
    handler: async (req, reply) => reply.code(201).send({ data: { problemId: await s.opinionToProblem(actorOf(req), req.params.id, req.body) } }),
  });

  app.post('/api/campaign-opinions/:id/answer', {
    schema: { tags: tag, summary: '答复并关闭意见建议', params: idParams, body: z.object({ answer: text(4000, '请填写答复内容') }), response: { 200: okSchema } },
    handler: async (req) => {
      await s.answerOpinion(actorOf(req), req.params.id, req.body.answer);
      return { ok: true as const };
    },
  });

  app.get('/api/campaign-opinions/mine', {
    schema: { tags: tag, summary: '我提出的意见建议及其处理结果', response: { 200: z.object({ data: z.array(opinionSchema.extend({ campaignTitle: z.string(), activityTitle: z.string(), heldOn: z.string() })) }) } },
    handler: async (req) => ({ data: (await s.myOpinions(actorOf(req))).map((o) => ({ ...presentOpinion(o), campaignTitle: o.campaign_title, activityTitle: o.activity_title, heldOn: o.held_on })) }),
  });

  app.get('/api/campaign-problems', {
    schema: { tags: tag, summary: '问题清单（整改台账）：活动、单位（含下级）、状态、逾期、关键词（简繁通查）；退回、待核验在前', querystring: problemFilter, response: { 200: z.object({ data: z.array(problemSchema), page: pageInfoSchema }) } },
    handler: async (req) => {
      const page = await s.problems(actorOf(req), req.query);
      return { data: page.data.map((p) => presentProblem(p as never)), page: page.page };
    },
  });

  app.get('/api/campaign-problems/export', {
    schema: { tags: tag, summary: '按当前筛选导出整改台账 Excel（序号、问题、整改措施、责任单位、责任人、完成时限、整改进展、是否销号）', querystring: problemFilter.omit({ page: true, pageSize: true }) },
    handler: async (req, reply) => reply.headers(xlsxHeaders(`整改台账-${shanghaiDate(c.clock.now())}.xlsx`)).send(await exportLedger(c, actorOf(req), req.query)),
  });

  app.post('/api/campaigns/:id/problems/import', {
    schema: {
      tags: tag,
      summary: '导入整改台账：每行一个问题（问题、责任单位必填；整改措施与完成时限同时填写时制定整改计划并交办整改任务；责任人为该单位人员）；全部成功或全部不写入，错误按行列出',
      consumes: ['multipart/form-data'],
      params: idParams,
      response: { 200: z.object({ data: z.object({ created: z.number(), planned: z.number() }) }) },
    },
    handler: async (req) => {
      const file = await req.file({ limits: { fileSize: LIMITS.uploadBytesMax } });
      if (!file) throw new AppError('VALIDATION', '请选择要导入的 Excel 文件');
      return { data: await importLedger(c, actorOf(req), req.params.id, await file.toBuffer(), file.filename) };
    },
  });

  app.post('/api/campaigns/:id/problems', {
    schema: { tags: tag, summary: '记录问题：督查人员为其范围内的参加单位记录，或联络员记录本单位自查的问题', params: idParams, body: problemBody, response: { 201: z.object({ data: z.object({ id: z.string() }) }) } },
    handler: async (req, reply) => reply.code(201).send({ data: { id: await s.createProblem(actorOf(req), req.params.id, req.body) } }),
  });

  app.get('/api/campaign-problems/:id', {
    schema: {
      tags: tag,
      summary: '问题详情：整改计划、整改任务的进度与灯色、销号申请与核验、处理经过',
      params: idParams,
      response: {
        200: z.object({
          data: problemSchema.extend({ leaderName: z.string().nullable(), verifierName: z.string().nullable(), overdue: z.boolean(), events: z.array(z.object({ kind: z.string(), comment: z.string(), actorName: z.string(), at: z.string().nullable(), attachments: z.array(attachmentSchema).describe('销号申请的佐证材料') })) }),
          policies: z.object({ plan: z.boolean(), requestClose: z.boolean(), verify: z.boolean(), reopen: z.boolean() }),
        }),
      },
    },
    handler: async (req) => {
      const d = await s.problemDetail(actorOf(req), req.params.id);
      return { data: { ...presentProblem(d.problem), leaderName: d.leaderName, verifierName: d.verifierName, overdue: d.overdue, events: d.events.map((e) => ({ kind: e.kind, comment: e.comment, actorName: e.actor_name, at: iso(e.at), attachments: e.attachments.map(presentAttachment) })) }, policies: d.can };
    },
  });

  app.post('/api/campaign-problems/:id/plan', {
    schema: {
      tags: tag,
      summary: '制定整改计划：措施、责任人、责任领导、时限、节点；整改任务经督查督办交办给责任单位（module = rectification）',
      params: idParams,
      body: z.object({ measures: text(8000, '请填写整改措施'), ownerUserId: z.uuid('责任人编号无效').nullable().optional(), leaderUserId: z.uuid('责任领导编号无效').nullable().optional(), deadline: date, milestones: z.array(z.object({ title: z.string().max(200), due: date.nullable() })).max(50).optional() }),
      response: { 200: okSchema },
    },
    handler: async (req) => {
      await s.plan(actorOf(req), req.params.id, req.body);
      return { ok: true as const };
    },
  });

  app.post('/api/campaign-problems/:id/close-request', {
    schema: { tags: tag, summary: '责任单位申请销号，附佐证材料（整改任务进入办结审核）', params: idParams, body: z.object({ note: text(8000, '请填写整改完成情况'), attachmentIds: z.array(z.uuid('附件编号无效')).max(20, '佐证材料最多 20 个').optional().describe('佐证材料：先上传到 /api/attachments') }), response: { 200: okSchema } },
    handler: async (req) => {
      await s.requestClose(actorOf(req), req.params.id, req.body.note, req.body.attachmentIds);
      return { ok: true as const };
    },
  });

  app.post('/api/campaign-problems/:id/verify', {
    schema: { tags: tag, summary: '核验销号申请：通过即销号，否则附理由退回；整改责任人不能核验自己的申请', params: idParams, body: z.object({ approve: z.boolean(), reason: z.string().trim().max(4000).optional() }), response: { 200: okSchema } },
    handler: async (req) => {
      await s.verify(actorOf(req), req.params.id, req.body);
      return { ok: true as const };
    },
  });

  app.post('/api/campaign-problems/:id/reopen', {
    schema: { tags: tag, summary: '已销号问题反弹，重新整改（新的整改任务）', params: idParams, body: z.object({ reason: text(4000, '请填写重新整改的原因'), measures: z.string().max(8000).optional(), deadline: date }), response: { 200: okSchema } },
    handler: async (req) => {
      await s.reopen(actorOf(req), req.params.id, req.body);
      return { ok: true as const };
    },
  });
}
