import { z } from 'zod';
import { actorOf } from '../../http/auth-hook.ts';
import { isoDate } from '../../http/input.ts';
import { pageInfoSchema, pageQuerySchema } from '../../http/pagination.ts';
import { idParams, iso, okSchema, type App } from '../../http/types.ts';
import { buildBulletinDocx } from '../../reports/bulletin.docx.ts';
import { csv } from '../tasks/tasks.routes.ts';
import { ACTION_LABELS, actionName, CADENCE_ACTIONS, CADENCE_PERIODS, PERIOD_LABELS, periodLabel } from './cadence-rules.ts';
import type { BulletinDetail, BulletinListRow, OccurrenceRow, RhythmService, RuleRow } from './rhythm.service.ts';

const text = (label: string, max: number) => z.string().trim().max(max, `${label}不能超过 ${max} 字`);
const periodSchema = z.enum(CADENCE_PERIODS, { error: `周期应为 ${Object.values(PERIOD_LABELS).join('、')} 之一` });
const actionSchema = z.enum(CADENCE_ACTIONS, { error: `事项应为 ${Object.values(ACTION_LABELS).join('、')} 之一` });
const anchorSchema = z.enum(['day', 'workday'], { error: '计算方式应为 day（自然日）或 workday（工作日）' });
const anchorDays = z.number({ error: '请填写期满后第几天' }).int('期满后天数应为整数').min(1, '期满后天数应在 1 到 60 之间').max(60, '期满后天数应在 1 到 60 之间');
const remindWorkdays = z.number().int('提前提醒天数应为整数').min(0, '提前提醒天数应在 0 到 30 之间').max(30, '提前提醒天数应在 0 到 30 之间');
const modulesSchema = z.array(z.enum(['task', 'rectification', 'coordination', 'project'], { error: '无效的业务模块' })).max(10);

const ruleInputSchema = z.object({
  name: text('机制名称', 100).min(1, '请填写机制名称'),
  period: periodSchema,
  anchor: anchorSchema.default('workday'),
  anchorDays,
  action: actionSchema,
  actionLabel: text('事项名称', 20).optional(),
  scopeUnitId: z.uuid('请选择范围单位'),
  modules: modulesSchema.optional(),
  remindWorkdays: remindWorkdays.optional(),
  startsOn: isoDate('起始日期格式应为 YYYY-MM-DD').optional(),
});
const rulePatchSchema = ruleInputSchema.omit({ period: true, startsOn: true }).partial().extend({ active: z.boolean().optional() });

const ruleSchema = z.object({
  id: z.string(),
  name: z.string(),
  period: periodSchema,
  periodLabel: z.string(),
  anchor: anchorSchema,
  anchorDays: z.number(),
  action: actionSchema,
  actionLabel: z.string(),
  actionName: z.string(),
  scopeUnit: z.object({ id: z.string(), name: z.string() }),
  modules: z.array(z.string()),
  ownerUnit: z.object({ id: z.string(), name: z.string() }),
  ownerUserName: z.string().nullable(),
  remindWorkdays: z.number(),
  startsOn: z.string(),
  active: z.boolean(),
  preset: z.string().nullable(),
  sourceCadenceId: z.string().nullable(),
  nextDue: z.string().nullable(),
  doneCount: z.number(),
  canManage: z.boolean(),
});
const occurrenceSchema = z.object({
  id: z.string(),
  ruleId: z.string(),
  ruleName: z.string(),
  action: actionSchema,
  actionName: z.string(),
  periodKey: z.string(),
  periodLabel: z.string(),
  periodStart: z.string(),
  periodEnd: z.string(),
  dueOn: z.string(),
  status: z.enum(['planned', 'prepared', 'done', 'skipped']),
  heldOn: z.string().nullable(),
  record: z.string(),
  material: z.unknown().nullable(),
  bulletinId: z.string().nullable(),
  bulletinStatus: z.enum(['draft', 'published']).nullable(),
  meetingId: z.string().nullable().describe('召开该节点的会议（会办、点评、观摩、述职）'),
});
const rate = z.number().nullable();
const figuresSchema = z.object({
  period: z.string(),
  periodLabel: z.string(),
  start: z.string(),
  end: z.string(),
  asOf: z.string(),
  scopeUnit: z.object({ id: z.string(), name: z.string() }),
  summary: z.object({ assigned: z.number(), completed: z.number(), onTime: z.number(), onTimeRate: rate, overdue: z.number(), red: z.number(), problems: z.number(), rectified: z.number(), rectificationRate: rate, planned: z.number(), invested: z.number(), investmentRate: rate }),
  ranking: z.array(z.object({ unitId: z.string(), name: z.string(), rank: z.number(), completed: z.number(), onTime: z.number(), onTimeRate: rate, overdue: z.number(), problems: z.number(), rectified: z.number(), rectificationRate: rate, planned: z.number(), invested: z.number(), investmentRate: rate })),
  red: z.array(z.object({ title: z.string(), unit: z.string(), deadline: z.string().nullable(), reason: z.string() })),
  praised: z.array(z.object({ unit: z.string(), reason: z.string() })),
});
const bodySchema = z.object({ summary: z.string(), praise: z.string(), criticism: z.string(), requirements: z.string() });
const bulletinRowSchema = z.object({ id: z.string(), period: z.string(), periodLabel: z.string(), title: z.string(), docNumber: z.string(), status: z.enum(['draft', 'published']), scopeUnit: z.object({ id: z.string(), name: z.string() }), generatedAt: z.string().nullable(), publishedAt: z.string().nullable() });
const bulletinSchema = bulletinRowSchema.extend({ figures: figuresSchema, body: bodySchema, issuer: z.string(), occurrenceId: z.string().nullable(), policies: z.object({ canEdit: z.boolean() }) });

function presentRule(r: RuleRow): z.infer<typeof ruleSchema> {
  return {
    id: r.id,
    name: r.name,
    period: r.period,
    periodLabel: PERIOD_LABELS[r.period],
    anchor: r.anchor,
    anchorDays: r.anchor_days,
    action: r.action,
    actionLabel: r.action_label,
    actionName: actionName(r.action, r.action_label),
    scopeUnit: { id: r.scope_unit_id, name: r.scope_unit_name },
    modules: r.modules,
    ownerUnit: { id: r.owner_unit_id, name: r.owner_unit_name },
    ownerUserName: r.owner_user_name,
    remindWorkdays: r.remind_workdays,
    startsOn: r.starts_on,
    active: r.active,
    preset: r.preset,
    sourceCadenceId: r.source_cadence_id,
    nextDue: r.next_due ?? null,
    doneCount: r.done_count,
    canManage: r.runs,
  };
}

function presentOccurrence(o: OccurrenceRow): z.infer<typeof occurrenceSchema> {
  return { id: o.id, ruleId: o.rule_id, ruleName: o.rule_name, action: o.action, actionName: actionName(o.action, o.action_label), periodKey: o.period_key, periodLabel: periodLabel(o.period_key), periodStart: o.period_start, periodEnd: o.period_end, dueOn: o.due_on, status: o.status, heldOn: o.held_on, record: o.record, material: o.material ?? null, bulletinId: o.bulletin_id, bulletinStatus: o.bulletin_status ?? null, meetingId: o.meeting_id ?? null };
}

function presentBulletinRow(b: BulletinListRow | BulletinDetail): z.infer<typeof bulletinRowSchema> {
  return { id: b.id, period: b.period, periodLabel: periodLabel(b.period), title: b.title, docNumber: b.doc_number, status: b.status, scopeUnit: { id: b.scope_unit_id, name: b.scope_unit_name }, generatedAt: iso(b.generated_at), publishedAt: iso(b.published_at) };
}

function presentBulletin(b: BulletinDetail): z.infer<typeof bulletinSchema> {
  return { ...presentBulletinRow(b), figures: b.figures, body: b.body, issuer: b.issuer, occurrenceId: b.occurrence_id, policies: { canEdit: b.canEdit } };
}

/** Routes of the work's rhythm (issue 12): cadence rules, their occurrences, and bulletins. */
export function registerRhythmRoutes(app: App, rhythm: RhythmService): void {
  const tags = ['工作节奏'];

  app.get('/api/rhythm/rules', {
    schema: { tags, summary: '工作机制列表：牵头单位在本人范围内的机制，含下一个到期节点', response: { 200: z.object({ data: z.array(ruleSchema) }) } },
    handler: async (req) => ({ data: (await rhythm.listRules(actorOf(req))).map(presentRule) }),
  });

  app.post('/api/rhythm/rules', {
    schema: { tags, summary: '设置工作机制（督查人员）：周期、期满后第几（工作）日、事项、范围单位及其下级、涉及模块；牵头单位为本人单位', body: ruleInputSchema, response: { 201: z.object({ id: z.string() }) } },
    handler: async (req, reply) => reply.status(201).send({ id: await rhythm.createRule(actorOf(req), req.body) }),
  });

  app.post('/api/rhythm/rules/defaults', {
    schema: { tags, summary: '添加默认五项工作机制（督查人员）：一月一通报、两月一会办、一季一点评、半年一观摩、年度一述职；已有的不重复添加', response: { 200: z.object({ added: z.number() }) } },
    handler: async (req) => ({ added: await rhythm.addDefaults(actorOf(req)) }),
  });

  app.post('/api/rhythm/rules/from-cadence', {
    schema: { tags, summary: '把文件解析出的工作机制（如“一月一通报”）一步设为工作机制（督查人员）', body: z.object({ cadenceId: z.uuid('无效的机制编号') }), response: { 201: z.object({ id: z.string() }) } },
    handler: async (req, reply) => reply.status(201).send({ id: await rhythm.ruleFromCadence(actorOf(req), req.body.cadenceId) }),
  });

  app.patch('/api/rhythm/rules/:id', {
    schema: { tags, summary: '修改或停用工作机制（牵头单位督查人员）；未办节点随新的时点重算到期日', params: idParams, body: rulePatchSchema, response: { 200: okSchema } },
    handler: async (req) => {
      await rhythm.updateRule(actorOf(req), req.params.id, req.body);
      return { ok: true as const };
    },
  });

  app.get('/api/rhythm/occurrences', {
    schema: {
      tags,
      summary: '工作节点列表：各机制每期一个节点，待办的在前，新到期的在前',
      querystring: pageQuerySchema.extend({ ruleId: z.uuid().optional(), status: csv(['planned', 'prepared', 'done', 'skipped'] as const).optional(), dueBy: isoDate().optional().describe('到期日不晚于') }),
      response: { 200: z.object({ data: z.array(occurrenceSchema), page: pageInfoSchema }) },
    },
    handler: async (req) => {
      const page = await rhythm.listOccurrences(actorOf(req), req.query);
      return { data: page.data.map(presentOccurrence), page: page.page };
    },
  });

  app.post('/api/rhythm/occurrences/:id/prepare', {
    schema: { tags, summary: '准备材料（牵头单位督查人员）：通报生成本期通报草稿；会议类生成本期范围内的统计材料', params: idParams, response: { 200: z.object({ bulletinId: z.string().nullable() }) } },
    handler: async (req) => rhythm.prepare(actorOf(req), req.params.id),
  });

  app.put('/api/rhythm/occurrences/:id/record', {
    schema: {
      tags,
      summary: '记录开展情况（牵头单位督查人员）：已开展（日期、情况）或未开展（原因）',
      params: idParams,
      body: z.object({ status: z.enum(['done', 'skipped'], { error: '状态应为 done（已开展）或 skipped（未开展）' }), heldOn: isoDate('开展日期格式应为 YYYY-MM-DD').optional(), record: text('开展情况', 5000) }),
      response: { 200: okSchema },
    },
    handler: async (req) => {
      await rhythm.record(actorOf(req), req.params.id, req.body);
      return { ok: true as const };
    },
  });

  app.get('/api/bulletins', {
    schema: { tags, summary: '通报列表：本人范围内单位的通报，及本单位所在范围已印发的通报', querystring: pageQuerySchema.extend({ status: z.enum(['draft', 'published']).optional() }), response: { 200: z.object({ data: z.array(bulletinRowSchema), page: pageInfoSchema }) } },
    handler: async (req) => {
      const page = await rhythm.listBulletins(actorOf(req), req.query);
      return { data: page.data.map(presentBulletinRow), page: page.page };
    },
  });

  app.post('/api/bulletins', {
    schema: {
      tags,
      summary: '生成通报草稿（督查人员）：按期间从实时数据统计汇总、各单位排名（按时办结率、逾期、整改率、项目投资完成率）、红灯事项、表扬单位，并起草正文',
      body: z.object({ period: z.string().trim().min(1, '请选择期间').max(10, '期间格式应为 YYYY-MM（或 YYYY-Qn、YYYY-Hn、YYYY）'), scopeUnitId: z.uuid('无效的单位编号').optional() }),
      response: { 201: bulletinSchema },
    },
    handler: async (req, reply) => {
      const actor = actorOf(req);
      const id = await rhythm.generateBulletin(actor, req.body);
      return reply.status(201).send(presentBulletin(await rhythm.bulletin(actor, id)));
    },
  });

  app.get('/api/bulletins/:id', {
    schema: { tags, summary: '通报详情：统计数据、正文', params: idParams, response: { 200: bulletinSchema } },
    handler: async (req) => presentBulletin(await rhythm.bulletin(actorOf(req), req.params.id)),
  });

  app.put('/api/bulletins/:id', {
    schema: {
      tags,
      summary: '修改通报草稿（督查人员）：标题、文号、正文各段；印发后不能修改',
      params: idParams,
      body: z.object({ title: text('标题', 200).min(1, '请填写标题').optional(), docNumber: text('文号', 50).optional(), body: z.object({ summary: text('总体情况', 5000), praise: text('通报表扬', 5000), criticism: text('存在问题', 5000), requirements: text('工作要求', 5000) }).partial().optional() }),
      response: { 200: bulletinSchema },
    },
    handler: async (req) => {
      const actor = actorOf(req);
      await rhythm.editBulletin(actor, req.params.id, req.body);
      return presentBulletin(await rhythm.bulletin(actor, req.params.id));
    },
  });

  app.post('/api/bulletins/:id/regenerate', {
    schema: { tags, summary: '重新统计草稿数据（督查人员）；redraft 为真时按新数据重拟正文', params: idParams, body: z.object({ redraft: z.boolean().optional() }).optional(), response: { 200: bulletinSchema } },
    handler: async (req) => {
      const actor = actorOf(req);
      await rhythm.regenerate(actor, req.params.id, req.body?.redraft ?? false);
      return presentBulletin(await rhythm.bulletin(actor, req.params.id));
    },
  });

  app.post('/api/bulletins/:id/publish', {
    schema: { tags, summary: '印发通报（督查人员）：锁定本期数据和正文，通知排名中各单位的联络员', params: idParams, response: { 200: bulletinSchema.extend({ notified: z.number() }) } },
    handler: async (req) => {
      const actor = actorOf(req);
      const { notified } = await rhythm.publish(actor, req.params.id);
      return { ...presentBulletin(await rhythm.bulletin(actor, req.params.id)), notified };
    },
  });

  app.get('/api/bulletins/:id/document.docx', {
    schema: { tags, summary: '通报 Word 文件（公文格式：文号、标题、一、（一）层次正文、落款，排名和红灯事项作附件）；已印发的按锁定的数据生成', params: idParams },
    handler: async (req, reply) => {
      const view = await rhythm.documentView(actorOf(req), req.params.id);
      return reply
        .headers({ 'content-type': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'content-disposition': `attachment; filename="bulletin.docx"; filename*=UTF-8''${encodeURIComponent(`${view.title}.docx`)}` })
        .send(await buildBulletinDocx(view));
    },
  });
}
