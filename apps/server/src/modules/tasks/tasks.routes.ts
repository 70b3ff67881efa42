import { LIMITS } from '@luoshi/shared';
import { z } from 'zod';
import type { Container } from '../../container.ts';
import { AppError } from '../../errors.ts';
import { actorOf } from '../../http/auth-hook.ts';
import { pageInfoSchema, pageQuerySchema } from '../../http/pagination.ts';
import { idParams, iso, okSchema, queryBool, xlsxHeaders, type App } from '../../http/types.ts';
import { exportOrders } from './orders.excel.ts';
import { buildSupervisionOrderDocx } from '../../reports/supervision-order.docx.ts';
import { TASK_STATUSES } from '../../supervision/rules/transitions.ts';
import { shanghaiDate } from '../../supervision/rules/working-days.ts';
import type { TaskFilter } from '../../supervision/task.service.ts';
import { TASK_FLAGS } from '../../supervision/home.service.ts';
import { exportTasks, importTasks, taskTemplate } from './tasks.excel.ts';
import { weightedFormula } from './tasks.formula.ts';
import { listExtras } from './tasks.list-extras.ts';
import { attachmentSchema, LIGHTS, orderSchema, presentAttachment, presentOrder, presentReport, presentTask, REPORT_CYCLES, reportSchema, taskSchema } from './tasks.presenter.ts';
import { isoDate } from '../../http/input.ts';

const date = isoDate();
const text = (max: number, message: string) => z.string().trim().min(1, message).max(max);
export const csv = <T extends readonly [string, ...string[]]>(values: T) =>
  z
    .string()
    .transform((s) => s.split(',').filter(Boolean))
    .pipe(z.array(z.enum(values)));

export const taskFilterSchema = pageQuerySchema.extend({
  unitId: z.uuid().optional(),
  light: csv(LIGHTS).optional(),
  status: csv(TASK_STATUSES).optional(),
  category: z.string().max(50).optional(),
  deadlineFrom: date.optional(),
  deadlineTo: date.optional(),
  leaderId: z.uuid().optional(),
  q: z.string().max(100).optional(),
  rootsOnly: queryBool.optional(),
  parentId: z.uuid('parentId 应为任务编号').optional().describe('只列出该任务的直接分解/配合部分'),
  sort: z.enum(['urgency', 'deadline', 'created', 'light']).optional().describe('排序：urgency（默认：红灯、未签收、黄灯在前，已办结在后，再按时限）、deadline、created、light'),
  // The lists behind the home page's counts.
  ownerUnitId: z.uuid().optional(),
  flag: z.enum(TASK_FLAGS, { error: '筛选条件 flag 无效' }).optional(),
});

/** A row of the task list: the task, its responsible leaders by name, and how many direct parts the caller may see. */
const listRowSchema = taskSchema.extend({ responsibleLeaders: z.array(z.object({ id: z.string(), name: z.string() })), partCount: z.number() });

const policiesSchema = z.object({
  actions: z.array(z.string()),
  edit: z.boolean(),
  decompose: z.boolean(),
  requestExtension: z.boolean(),
  decideExtension: z.boolean(),
  remind: z.boolean(),
  issueOrder: z.boolean(),
  replyOrder: z.boolean(),
  signOrder: z.boolean(),
  instruct: z.boolean(),
  answerInstruction: z.boolean(),
  reviewReport: z.boolean(),
});

const detailSchema = z.object({
  data: taskSchema.extend({
    issuerUnit: z.object({ id: z.string(), name: z.string() }),
    responsibleLeaders: z.array(z.object({ id: z.string(), name: z.string() })),
    ancestors: z.array(z.object({ id: z.string(), title: z.string() })),
    children: z.array(taskSchema),
    attachments: z.array(attachmentSchema),
    percentFormula: z.string().nullable(),
    timeline: z.array(z.object({ id: z.string(), at: z.string().nullable(), actorName: z.string().nullable(), kind: z.string(), fromStatus: z.string().nullable(), toStatus: z.string().nullable(), comment: z.string().nullable() })),
    reports: z.array(reportSchema).describe('最新的进展报送（至多 20 条）；其余用 GET /api/tasks/{id}/reports 分页读取'),
    reportsPage: pageInfoSchema.describe('进展报送的总条数（total）与本页大小'),
    orders: z.array(orderSchema),
    extensions: z.array(z.object({ id: z.string(), currentDeadline: z.string().nullable(), requestedDeadline: z.string(), reason: z.string(), status: z.string(), requestedAt: z.string().nullable(), decidedAt: z.string().nullable(), decisionComment: z.string().nullable() })),
    instructions: z.array(z.object({ id: z.string(), leaderName: z.string(), content: z.string(), createdAt: z.string().nullable(), answer: z.string().nullable(), answeredAt: z.string().nullable() })),
  }),
  policies: policiesSchema,
});


/** Routes of the supervision core: tasks, their life, follow-ups, evidence and notifications. */
export function registerTaskRoutes(app: App, c: Container): void {
  const { tasks, followUps } = c;

  const detail = async (req: Parameters<typeof actorOf>[0], id: string) => {
    const d = await tasks.detail(actorOf(req), id);
    return {
      data: {
        ...presentTask(d.task),
        issuerUnit: { id: d.task.issuer_unit_id, name: d.task.issuer_unit_name },
        responsibleLeaders: d.task.responsible_leader_ids.map((id) => ({ id, name: d.people.get(id) ?? '' })),
        ancestors: d.ancestors,
        children: d.children.map(presentTask),
        attachments: d.attachments.map(presentAttachment),
        percentFormula: weightedFormula(d.children),
        timeline: d.events.map((e) => ({ id: e.id, at: iso(e.at), actorName: e.actor_name, kind: e.kind, fromStatus: e.from_status, toStatus: e.to_status, comment: e.comment })),
        reports: d.reports.map(presentReport),
        reportsPage: d.reportsPage,
        orders: d.orders.map(presentOrder),
        extensions: d.extensions.map((x) => ({ id: x.id, currentDeadline: x.current_deadline, requestedDeadline: x.requested_deadline, reason: x.reason, status: x.status, requestedAt: iso(x.requested_at), decidedAt: iso(x.decided_at), decisionComment: x.decision_comment })),
        instructions: d.instructions.map((i) => ({ id: i.id, leaderName: d.people.get(i.leader_id) ?? '', content: i.content, createdAt: iso(i.created_at), answer: i.answer, answeredAt: iso(i.answered_at) })),
      },
      policies: d.policies,
    };
  };
  const tag = ['督查督办'];

  app.get('/api/tasks', {
    schema: { tags: tag, summary: '任务列表：单位（含下级）、灯色、状态、类别、时限、领导、关键词（简繁通查）；每行附责任领导姓名与可见的直接分解部分数', querystring: taskFilterSchema, response: { 200: z.object({ data: z.array(listRowSchema), page: pageInfoSchema }) } },
    handler: async (req) => {
      const actor = actorOf(req);
      const page = await tasks.list(actor, req.query as TaskFilter);
      const extras = await listExtras(c.db, actor, page.data);
      return {
        data: page.data.map((row) => ({ ...presentTask(row), responsibleLeaders: (row.responsible_leader_ids ?? []).map((id) => ({ id, name: extras.leaders.get(id) ?? '' })), partCount: extras.parts.get(row.id) ?? 0 })),
        page: page.page,
      };
    },
  });

  app.get('/api/tasks/export', {
    schema: {
      tags: tag,
      summary: '按当前筛选导出任务台账 Excel（与导入模板同列，含任务编号，修改后可导回）；已取消的任务仅在 includeCancelled=true 或按状态筛选时导出',
      querystring: taskFilterSchema.omit({ page: true, pageSize: true }).extend({ includeCancelled: queryBool.optional() }),
    },
    handler: async (req, reply) => {
      const { includeCancelled, ...filter } = req.query;
      return reply.headers(xlsxHeaders(`任务台账-${shanghaiDate(c.clock.now())}.xlsx`)).send(await exportTasks(c, actorOf(req), filter as TaskFilter, { includeCancelled }));
    },
  });

  app.get('/api/tasks/import/template', {
    schema: { tags: tag, summary: '下载任务导入模板（任务分工表格式）' },
    handler: async (_req, reply) => reply.headers(xlsxHeaders('任务分工表模板.xlsx')).send(await taskTemplate()),
  });

  app.post('/api/tasks/import', {
    schema: {
      tags: tag,
      summary: '导入任务分工表（序号、任务、工作内容、牵头单位、责任/配合单位、责任领导、完成时限（必填，或“长期坚持”）、任务编号）；单位名称与组织机构匹配；带已有任务编号的行更新该任务（导出的台账可修改后导回）；withoutActor 为没有在用联络员的单位（提醒）；全部成功或全部不写入。dryRun=true 时只校验并预览',
      consumes: ['multipart/form-data'],
      querystring: z.object({ dryRun: queryBool.optional() }),
      response: {
        200: z.object({
          data: z.object({
            created: z.number(),
            updated: z.number(),
            rows: z.array(z.object({ row: z.number(), title: z.string(), leadUnits: z.array(z.string()), coUnits: z.array(z.string()), deadline: z.string().nullable(), deadlineText: z.string(), longTerm: z.boolean(), action: z.enum(['create', 'update', 'unchanged']) })),
            withoutActor: z.array(z.object({ id: z.string(), name: z.string() })),
          }),
        }),
      },
    },
    handler: async (req) => {
      const file = await req.file({ limits: { fileSize: LIMITS.uploadBytesMax } });
      if (!file) throw new AppError('VALIDATION', '请选择要导入的 Excel 文件');
      return { data: await importTasks(c, actorOf(req), await file.toBuffer(), req.query.dryRun ?? false, file.filename) };
    },
  });

  app.post('/api/tasks/unit-check', {
    schema: {
      tags: tag,
      summary: '交办前检查：所选单位中没有在用联络员（无人可签收）的单位，用于提醒而不阻止交办',
      body: z.object({ unitIds: z.array(z.uuid('无效的单位编号')).max(2000) }),
      response: { 200: z.object({ data: z.object({ withoutActor: z.array(z.object({ id: z.string(), name: z.string() })) }) }) },
    },
    handler: async (req) => ({ data: { withoutActor: await tasks.unitCheck(actorOf(req), req.body.unitIds) } }),
  });

  app.get('/api/tasks/categories', {
    schema: { tags: tag, summary: '任务类别字典', response: { 200: z.object({ data: z.array(z.string()) }) } },
    handler: async (req) => ({ data: await tasks.categories(actorOf(req).tenantId) }),
  });

  app.get('/api/tasks/inbox', {
    schema: { tags: tag, summary: '我的待办：待签收、待报送、待回复、待审核', response: { 200: z.object({ data: z.array(z.object({ kind: z.string(), detail: z.string(), refId: z.string().nullable(), refLabel: z.string().nullable(), task: taskSchema })) }) } },
    handler: async (req) => ({ data: (await tasks.inbox(actorOf(req))).map((i) => ({ kind: i.kind, detail: i.detail, refId: i.refId ?? null, refLabel: i.refLabel ?? null, task: presentTask(i.task) })) }),
  });

  app.post('/api/tasks', {
    schema: {
      tags: tag,
      summary: '新建并交办任务（多个牵头单位时各自分办；配合单位各报各的部分）',
      body: z.object({
        title: text(200, '请填写任务名称'),
        content: z.string().max(20000).optional(),
        category: z.string().max(50).nullable().optional(),
        priority: z.enum(['normal', 'high', 'urgent']).optional(),
        tags: z.array(z.string().max(30)).max(20).optional(),
        sourceDirectiveId: z.uuid().nullable().optional(),
        sourceClause: z.string().max(2000).nullable().optional(),
        sourceOffset: z.number().int().min(0).nullable().optional(),
        leadUnitIds: z.array(z.uuid()).min(1, '请选择牵头单位').max(500),
        coUnitIds: z.array(z.uuid()).max(500).optional(),
        responsibleLeaderIds: z.array(z.uuid()).max(20).optional(),
        startDate: date.nullable().optional(),
        deadline: date.nullable().optional(),
        longTerm: z.boolean().optional(),
        reportCycle: z.enum(REPORT_CYCLES).optional(),
        reportDueDay: z.number().int().min(0).max(31).optional(),
        ackWorkdays: z.number().int().min(1).max(10).optional(),
        assign: z.boolean().optional(),
        attachmentIds: z.array(z.uuid()).max(20).optional(),
      }),
      response: { 201: detailSchema },
    },
    handler: async (req, reply) => {
      const task = await tasks.create(actorOf(req), req.body);
      return reply.status(201).send(await detail(req, task.id));
    },
  });

  app.patch('/api/tasks/:id', {
    schema: {
      tags: tag,
      summary: '修改任务（交办方；随任务一起分办的部分同步修改仍相同的字段）；attachmentIds 为修改后的全部附件；leadUnitIds/coUnitIds 为修改后的单位：移除单位的部分随之取消，新增单位的部分交办并通知',
      params: idParams,
      body: z.object({
        title: text(200, '请填写任务名称').optional(),
        content: z.string().max(20000).optional(),
        category: z.string().max(50).nullable().optional(),
        priority: z.enum(['normal', 'high', 'urgent']).optional(),
        tags: z.array(z.string().max(30)).max(20).optional(),
        responsibleLeaderIds: z.array(z.uuid()).max(20).optional(),
        startDate: date.nullable().optional(),
        deadline: date.nullable().optional(),
        longTerm: z.boolean().optional(),
        reportCycle: z.enum(REPORT_CYCLES).optional(),
        reportDueDay: z.number().int().min(0).max(31).optional(),
        leadUnitIds: z.array(z.uuid()).max(500).optional(),
        coUnitIds: z.array(z.uuid()).max(500).optional(),
        unitChangeReason: z.string().max(500).optional(),
        attachmentIds: z.array(z.uuid()).max(20).optional(),
      }),
      response: { 200: detailSchema },
    },
    handler: async (req) => {
      await tasks.update(actorOf(req), req.params.id, req.body);
      return detail(req, req.params.id);
    },
  });

  app.get('/api/tasks/:id', { schema: { tags: tag, summary: '任务详情：分解、进展、督办单、延期、批示与完整时间线', params: idParams, response: { 200: detailSchema } }, handler: async (req) => detail(req, req.params.id) });

  const action = (url: string, summary: string, body: z.ZodType | undefined, run: (req: any) => Promise<unknown>) =>
    app.post(url, {
      schema: { tags: tag, summary, params: idParams, ...(body ? { body } : {}), response: { 200: detailSchema } },
      handler: async (req) => {
        await run(req);
        return detail(req, (req.params as { id: string }).id);
      },
    });

  action('/api/tasks/:id/assign', '交办草稿任务', z.object({ ackWorkdays: z.number().int().min(1).max(10).optional() }).optional(), (req) => tasks.assign(actorOf(req), req.params.id, req.body?.ackWorkdays));
  action('/api/tasks/:id/acknowledge', '签收', undefined, (req) => tasks.acknowledge(actorOf(req), req.params.id));
  action('/api/tasks/:id/request-completion', '申请办结', z.object({ summary: text(5000, '请填写办结情况') }), (req) => tasks.requestCompletion(actorOf(req), req.params.id, req.body.summary));
  action('/api/tasks/:id/complete', '审核通过，办结', z.object({ comment: z.string().max(2000).nullable().optional() }), (req) => tasks.complete(actorOf(req), req.params.id, req.body.comment ?? null));
  action('/api/tasks/:id/return', '退回办结申请', z.object({ reason: z.string().max(2000) }), (req) => tasks.returnTask(actorOf(req), req.params.id, req.body.reason));
  action('/api/tasks/:id/cancel', '取消任务（连同未办结的分解任务）', z.object({ reason: z.string().max(2000) }), (req) => tasks.cancel(actorOf(req), req.params.id, req.body.reason));
  action(
    '/api/tasks/:id/decompose',
    '分解给下级单位（层层分解）',
    z.object({ parts: z.array(z.object({ title: text(200, '请填写任务名称'), content: z.string().max(20000).optional(), ownerUnitId: z.uuid(), weight: z.number().positive().max(1000).optional(), deadline: date.nullable().optional() })).min(1).max(200) }),
    (req) => tasks.decompose(actorOf(req), req.params.id, req.body.parts),
  );
  action('/api/tasks/:id/remind', '催办', z.object({ message: z.string().max(1000).default('') }), (req) => followUps.remind(actorOf(req), req.params.id, req.body.message));
  action(
    '/api/tasks/:id/orders',
    '下发督办单（红色督办单未办结时任务亮红灯）',
    z.object({ level: z.enum(['blue', 'yellow', 'red']), matter: text(2000, '请填写督办事项'), requirements: z.string().max(5000).optional(), replyDeadline: date }),
    (req) => followUps.issueOrder(actorOf(req), req.params.id, req.body),
  );
  const batchIds = z.array(z.uuid('任务编号格式不正确')).min(1, '请至少选择一个任务').max(LIMITS.pageSizeMax, `一次最多处理 ${LIMITS.pageSizeMax} 个任务`);
  app.post('/api/tasks/batch/remind', {
    schema: {
      tags: tag,
      summary: '批量催办：所选任务在一个事务中逐一核对范围与权限后催办；任一任务不可催办则全部不做，错误指明是哪一个',
      body: z.object({ ids: batchIds, message: z.string().max(1000).default('') }),
      response: { 200: z.object({ data: z.object({ tasks: z.number(), notified: z.number() }) }) },
    },
    handler: async (req) => ({ data: await c.followUps.remindMany(actorOf(req), req.body.ids, req.body.message) }),
  });
  app.post('/api/tasks/batch/orders', {
    schema: {
      tags: tag,
      summary: '批量下发督办单：同一级别、事项与回复时限下发给所选的每个任务，一个事务；任一任务不可下发则全部不下发',
      body: z.object({ ids: batchIds, level: z.enum(['blue', 'yellow', 'red']), matter: text(2000, '请填写督办事项'), requirements: z.string().max(5000).optional(), replyDeadline: date }),
      response: { 200: z.object({ data: z.array(z.object({ id: z.string(), taskId: z.string(), number: z.string().nullable(), status: orderSchema.shape.status })) }) },
    },
    handler: async (req) => {
      const { ids, ...order } = req.body;
      return { data: (await c.followUps.issueOrders(actorOf(req), ids, order)).map((o) => ({ id: o.id, taskId: o.task_id, number: o.number, status: o.status })) };
    },
  });
  action('/api/tasks/:id/extensions', '申请延期', z.object({ requestedDeadline: date, reason: z.string().max(2000) }), (req) => followUps.requestExtension(actorOf(req), req.params.id, req.body));
  action('/api/tasks/:id/instructions', '领导批示', z.object({ content: z.string().max(5000) }), (req) => followUps.instruct(actorOf(req), req.params.id, req.body.content));

  app.get('/api/tasks/:id/reports', {
    schema: { tags: tag, summary: '任务的进展报送，按报送时间从新到旧分页', params: idParams, querystring: pageQuerySchema, response: { 200: z.object({ data: z.array(reportSchema), page: pageInfoSchema }) } },
    handler: async (req) => {
      const page = await tasks.reports(actorOf(req), req.params.id, req.query);
      return { data: page.data.map(presentReport), page: page.page };
    },
  });

  app.post('/api/tasks/:id/reports', {
    schema: {
      tags: tag,
      summary: '报送进展（完成情况、进度、困难、下步打算、佐证附件）',
      params: idParams,
      body: z.object({ done: z.string().max(20000), percent: z.number().min(0, '进度不能小于 0').max(100, '进度不能大于 100'), difficulties: z.string().max(10000).optional(), nextSteps: z.string().max(10000).optional(), attachmentIds: z.array(z.uuid()).max(20).optional() }),
      response: { 201: z.object({ reportId: z.string(), late: z.boolean(), task: taskSchema }) },
    },
    handler: async (req, reply) => {
      const r = await tasks.report(actorOf(req), req.params.id, req.body);
      return reply.status(201).send({ reportId: r.reportId, late: r.late, task: presentTask(r.task) });
    },
  });

  app.post('/api/reports/:id/review', {
    schema: { tags: tag, summary: '点评或退回进展', params: idParams, body: z.object({ comment: z.string().max(2000), sendBack: z.boolean().default(false) }), response: { 200: okSchema } },
    handler: async (req) => {
      await tasks.reviewReport(actorOf(req), req.params.id, req.body);
      return { ok: true as const };
    },
  });

  const orderFilterSchema = pageQuerySchema.extend({
    status: csv(['pending_signoff', 'open', 'replied', 'closed', 'refused'] as const).optional(),
    level: z.enum(['blue', 'yellow', 'red'], { error: '筛选条件 level 无效' }).optional(),
    q: z.string().max(100).optional(),
    replyOverdue: queryBool.optional(),
  });
  const orderRowSchema = orderSchema.extend({ taskTitle: z.string(), recipientUnitName: z.string() });
  app.get('/api/orders', {
    schema: { tags: tag, summary: '督办单台账：数据范围内任务的督办单，按状态、级别、关键词（编号、事项、任务名称）和回复逾期筛选；待签发、待回复的在前', querystring: orderFilterSchema, response: { 200: z.object({ data: z.array(orderRowSchema), page: pageInfoSchema }) } },
    handler: async (req) => {
      const page = await followUps.listOrders(actorOf(req), req.query);
      return { data: page.data.map((o) => ({ ...presentOrder(o), taskTitle: o.task_title, recipientUnitName: o.recipient_unit_name })), page: page.page };
    },
  });

  app.get('/api/orders/export', {
    schema: { tags: tag, summary: '按当前筛选导出督办单台账 Excel（可打印）', querystring: orderFilterSchema.omit({ page: true, pageSize: true }) },
    handler: async (req, reply) => reply.headers(xlsxHeaders(`督办单台账-${shanghaiDate(c.clock.now())}.xlsx`)).send(await exportOrders(c, actorOf(req), req.query)),
  });

  app.get('/api/orders/:id', {
    schema: { tags: tag, summary: '督办单', params: idParams, response: { 200: z.object({ data: orderSchema.extend({ taskTitle: z.string(), recipientUnitName: z.string(), leaderNames: z.array(z.string()) }) }) } },
    handler: async (req) => {
      const o = await followUps.getOrder(actorOf(req), req.params.id);
      return { data: { ...presentOrder(o), taskTitle: o.task_title, recipientUnitName: o.recipient_unit_name, leaderNames: o.leader_names } };
    },
  });

  app.get('/api/orders/:id/docx', {
    schema: { tags: tag, summary: '督办单 Word 文档（打印用）', params: idParams },
    handler: async (req, reply) => {
      const o = await followUps.getOrder(actorOf(req), req.params.id);
      const buffer = await buildSupervisionOrderDocx({
        // A draft waiting for 签发 prints as such, for the leader to read before signing.
        number: o.number ?? '（待签发）',
        level: o.level,
        taskTitle: o.task_title,
        recipientUnit: o.recipient_unit_name,
        coUnits: o.co_unit_names,
        recipientLeaders: o.leader_names,
        matter: o.matter,
        requirements: o.requirements,
        replyDeadline: o.reply_deadline,
        taskDeadline: o.task_deadline,
        issuingOffice: o.issuing_office,
        issuedDate: shanghaiDate(o.issued_at),
      });
      return reply
        .headers({ 'content-type': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'content-disposition': `attachment; filename="order.docx"; filename*=UTF-8''${encodeURIComponent(`${o.number ?? `督办单（待签发）`}.docx`)}` })
        .send(buffer);
    },
  });

  app.post('/api/orders/:id/reply', {
    schema: { tags: tag, summary: '回复督办单', params: idParams, body: z.object({ reply: z.string().max(10000) }), response: { 200: okSchema } },
    handler: async (req) => {
      await followUps.replyOrder(actorOf(req), req.params.id, req.body.reply);
      return { ok: true as const };
    },
  });

  app.post('/api/orders/:id/sign', {
    schema: { tags: tag, summary: '责任领导签发督办单（LUOSHI_ORDER_SIGNOFF 要求签发时）：签发后编号下发；回复时限已过须重新确定', params: idParams, body: z.object({ replyDeadline: date.optional() }).default({}), response: { 200: z.object({ data: orderSchema }) } },
    handler: async (req) => ({ data: presentOrder(await followUps.signOrder(actorOf(req), req.params.id, req.body)) }),
  });

  app.post('/api/orders/:id/refuse', {
    schema: { tags: tag, summary: '责任领导退回待签发的督办单（须说明理由）', params: idParams, body: z.object({ comment: z.string().max(2000) }), response: { 200: okSchema } },
    handler: async (req) => {
      await followUps.refuseOrder(actorOf(req), req.params.id, req.body.comment);
      return { ok: true as const };
    },
  });

  app.post('/api/orders/:id/close', {
    schema: { tags: tag, summary: '办结督办单', params: idParams, response: { 200: okSchema } },
    handler: async (req) => {
      await followUps.closeOrder(actorOf(req), req.params.id);
      return { ok: true as const };
    },
  });

  app.post('/api/extensions/:id/decide', {
    schema: { tags: tag, summary: '审批延期申请', params: idParams, body: z.object({ approve: z.boolean(), comment: z.string().max(2000).optional() }), response: { 200: okSchema } },
    handler: async (req) => {
      await followUps.decideExtension(actorOf(req), req.params.id, req.body);
      return { ok: true as const };
    },
  });

  app.post('/api/instructions/:id/answer', {
    schema: { tags: tag, summary: '回复领导批示', params: idParams, body: z.object({ answer: z.string().max(10000) }), response: { 200: okSchema } },
    handler: async (req) => {
      await followUps.answerInstruction(actorOf(req), req.params.id, req.body.answer);
      return { ok: true as const };
    },
  });

  app.post('/api/attachments', {
    schema: { tags: tag, summary: '上传佐证材料（图片、PDF、Office 文档；按内容校验类型）', consumes: ['multipart/form-data'], response: { 201: z.object({ data: z.object({ id: z.string(), fileName: z.string(), contentType: z.string(), size: z.number() }) }) } },
    handler: async (req, reply) => {
      const file = await req.file({ limits: { fileSize: LIMITS.uploadBytesMax } });
      if (!file) throw new AppError('VALIDATION', '请选择文件');
      const bytes = await file.toBuffer();
      return reply.status(201).send({ data: await c.attachments.upload(actorOf(req), file.filename, bytes) });
    },
  });

  app.get('/api/attachments/:id', {
    schema: { tags: tag, summary: '下载佐证材料', params: idParams },
    handler: async (req, reply) => {
      const f = await c.attachments.download(actorOf(req), req.params.id);
      // Always a download, never rendered inline, never sniffed into something executable.
      return reply
        .headers({ 'content-type': f.contentType, 'content-disposition': `attachment; filename="file"; filename*=UTF-8''${encodeURIComponent(f.fileName)}`, 'x-content-type-options': 'nosniff', 'content-security-policy': "default-src 'none'; sandbox" })
        .send(f.bytes);
    },
  });

  app.get('/api/notifications', {
    schema: {
      tags: ['消息'],
      summary: '我的消息（催办、交办、督办、批示…）',
      querystring: pageQuerySchema.extend({ unread: queryBool.optional() }),
      response: { 200: z.object({ data: z.array(z.object({ id: z.string(), kind: z.string(), title: z.string(), body: z.string(), taskId: z.string().nullable(), link: z.string().nullable().describe('不关于任务的消息打开的页面（如 /projects/<id>）'), createdAt: z.string().nullable(), readAt: z.string().nullable() })), page: pageInfoSchema, unread: z.number() }) },
    },
    handler: async (req) => {
      const page = await c.notifications.list(actorOf(req), req.query);
      return { data: page.data.map((n) => ({ id: n.id, kind: n.kind, title: n.title, body: n.body, taskId: n.task_id, link: n.link, createdAt: iso(n.created_at), readAt: iso(n.read_at) })), page: page.page, unread: page.unread };
    },
  });

  app.get('/api/notifications/unread-count', {
    schema: { tags: ['消息'], summary: '未读消息数', response: { 200: z.object({ unread: z.number() }) } },
    handler: async (req) => ({ unread: await c.notifications.unreadCount(actorOf(req)) }),
  });

  app.post('/api/notifications/read-all', {
    schema: { tags: ['消息'], summary: '全部标为已读', response: { 200: okSchema } },
    handler: async (req) => {
      await c.notifications.markRead(actorOf(req));
      return { ok: true as const };
    },
  });

  app.post('/api/notifications/:id/read', {
    schema: { tags: ['消息'], summary: '标为已读', params: idParams, response: { 200: okSchema } },
    handler: async (req) => {
      await c.notifications.markRead(actorOf(req), req.params.id);
      return { ok: true as const };
    },
  });

  app.get('/api/dashboard', {
    schema: {
      tags: ['看板'],
      summary: '领导看板：按单位（含下级）的红黄绿灯与下钻、逾期排名、分类完成情况、月度趋势',
      querystring: z.object({ unitId: z.uuid().optional() }),
      response: {
        200: z.object({
          data: z.object({
            root: z.object({ id: z.string(), name: z.string() }).nullable(),
            totals: z.object({ green: z.number(), yellow: z.number(), red: z.number(), total: z.number(), completed: z.number(), overdue: z.number(), completionRequested: z.number() }),
            byUnit: z.array(z.object({ id: z.string(), name: z.string(), hasChildren: z.boolean(), own: z.boolean(), counts: z.object({ green: z.number(), yellow: z.number(), red: z.number(), total: z.number() }) })),
            overdueRanking: z.array(z.object({ id: z.string(), name: z.string(), overdue: z.number(), red: z.number() })),
            byCategory: z.array(z.object({ category: z.string(), total: z.number(), completed: z.number(), completionRate: z.number().describe('办结率（%）') })),
            monthly: z.array(z.object({ month: z.string(), created: z.number(), completed: z.number() })),
          }),
        }),
      },
    },
    handler: async (req) => ({ data: await c.dashboard.view(actorOf(req), req.query.unitId) }),
  });

  app.get('/api/org-units/:id/responsibilities', {
    schema: { tags: ['督查督办'], summary: '单位责任清单：本单位承办的全部事项', params: idParams, querystring: pageQuerySchema.extend({ status: csv(TASK_STATUSES).optional() }), response: { 200: z.object({ data: z.array(taskSchema), page: pageInfoSchema }) } },
    handler: async (req) => {
      const actor = actorOf(req);
      await c.org.get(actor, req.params.id);
      const page = await tasks.list(actor, { ...req.query, ownerUnitId: req.params.id } as TaskFilter);
      return { data: page.data.map(presentTask), page: page.page };
    },
  });

  app.get('/api/org-units/:id/responsibilities/export', {
    schema: { tags: ['督查督办'], summary: '导出单位责任清单 Excel', params: idParams },
    handler: async (req, reply) => {
      const actor = actorOf(req);
      const unit = await c.org.get(actor, req.params.id);
      return reply.headers(xlsxHeaders(`${unit.name}责任清单.xlsx`)).send(await exportTasks(c, actor, { ownerUnitId: req.params.id } as TaskFilter, { sheetName: '责任清单', title: `${unit.name}责任清单` }));
    },
  });

  app.get('/api/saved-filters', {
    schema: { tags: ['督查督办'], summary: '我保存的筛选条件', querystring: z.object({ scope: z.string().max(30).default('tasks') }), response: { 200: z.object({ data: z.array(z.object({ id: z.string(), name: z.string(), filter: z.unknown() })) }) } },
    handler: async (req) => {
      const actor = actorOf(req);
      const rows = await c.db.selectFrom('saved_filters').select(['id', 'name', 'filter']).where('tenant_id', '=', actor.tenantId).where('user_id', '=', actor.userId).where('scope', '=', req.query.scope).orderBy('created_at').execute();
      return { data: rows };
    },
  });

  app.post('/api/saved-filters', {
    schema: { tags: ['督查督办'], summary: '保存筛选条件', body: z.object({ scope: z.string().max(30).default('tasks'), name: text(50, '请填写名称'), filter: z.record(z.string(), z.unknown()) }), response: { 201: z.object({ id: z.string() }) } },
    handler: async (req, reply) => {
      const actor = actorOf(req);
      const row = await c.db.insertInto('saved_filters').values({ tenant_id: actor.tenantId, user_id: actor.userId, scope: req.body.scope, name: req.body.name, filter: JSON.stringify(req.body.filter) }).returning('id').executeTakeFirstOrThrow();
      return reply.status(201).send({ id: row.id });
    },
  });

  app.delete('/api/saved-filters/:id', {
    schema: { tags: ['督查督办'], summary: '删除保存的筛选条件', params: idParams, response: { 200: okSchema } },
    handler: async (req) => {
      const actor = actorOf(req);
      const r = await c.db.deleteFrom('saved_filters').where('tenant_id', '=', actor.tenantId).where('user_id', '=', actor.userId).where('id', '=', req.params.id).executeTakeFirst();
      if (Number(r.numDeletedRows) === 0) throw new AppError('NOT_FOUND', '筛选条件不存在或无权访问');
      return { ok: true as const };
    },
  });
}
