import { LIMITS, safeFileName } from '@luoshi/shared';
import { z } from 'zod';
import { CORRECTION_ACTIONS, CORRECTION_FIELDS, type DirectiveService } from '../../directives/directive.service.ts';
import { TITLE_MAX } from '../../directives/draft.ts';
import { invalid } from '../../errors.ts';
import { actorOf } from '../../http/auth-hook.ts';
import { pageQuerySchema } from '../../http/pagination.ts';
import { idParams, okSchema, type App } from '../../http/types.ts';
import { documentText } from '../../lib/document-text.ts';
import { DIRECTIVE_KINDS, directiveDetailSchema, directiveSummarySchema, draftItemsSchema, presentDetail, presentSummary } from './directives.presenter.ts';
import { isoDate } from '../../http/input.ts';

// A pasted text arrives in a JSON body (2 MB): about 600,000 Chinese characters.
const TEXT_MAX = 600_000;

/** Routes of directive intake (docs/DIRECTIVES.md): library, paste and upload, review, publish. */
export function registerDirectiveRoutes(app: App, directives: DirectiveService): void {
  const tags = ['文件部署'];
  const detail = async (req: Parameters<typeof actorOf>[0], id: string) => presentDetail(await directives.detail(actorOf(req), id));

  app.get('/api/directives', {
    schema: {
      tags,
      summary: '文件库：讲话、会议纪要、工作方案；关键词查标题、来源和正文（简繁通查）',
      querystring: pageQuerySchema.extend({ q: z.string().max(100).optional(), status: z.enum(['draft', 'published']).optional() }),
      response: { 200: z.object({ items: z.array(directiveSummarySchema), total: z.number(), page: z.number(), pageSize: z.number() }) },
    },
    handler: async (req) => {
      const page = await directives.list(actorOf(req), req.query);
      return { ...page, items: page.items.map(presentSummary) };
    },
  });

  app.post('/api/directives', {
    schema: {
      tags,
      summary: '粘贴文字录入文件：解析结构，按牵头/责任单位和时限生成任务分解草稿',
      body: z.object({
        text: z.string().trim().min(1, '请粘贴文件内容').max(TEXT_MAX, `文件内容不能超过 ${TEXT_MAX} 字`),
        title: z.string().trim().max(TITLE_MAX, `标题不能超过 ${TITLE_MAX} 字`).optional(),
        kind: z.enum(DIRECTIVE_KINDS).optional(),
      }),
      response: { 201: directiveDetailSchema },
    },
    handler: async (req, reply) => {
      const id = await directives.create(actorOf(req), { ...req.body, format: 'paste' });
      return reply.status(201).send(await detail(req, id));
    },
  });

  app.post('/api/directives/instruction', {
    schema: {
      tags,
      summary: '登记领导批示件：批示领导、批示日期、事由、批示内容，可附扫描件（先上传为附件）；按同一审核流程分解交办',
      body: z.object({
        instructedBy: z.string().trim().min(1, '请填写批示领导').max(50, '批示领导不能超过 50 字'),
        instructedOn: isoDate('批示日期格式应为 YYYY-MM-DD'),
        subject: z.string().trim().min(1, '请填写事由（批示的来文或报告）').max(150, '事由不能超过 150 字'),
        text: z.string().trim().min(1, '请填写批示内容').max(TEXT_MAX, `批示内容不能超过 ${TEXT_MAX} 字`),
        scanAttachmentId: z.uuid('无效的附件编号').nullable().optional(),
      }),
      response: { 201: directiveDetailSchema },
    },
    handler: async (req, reply) => {
      const { text, ...instruction } = req.body;
      const id = await directives.create(actorOf(req), { text, format: 'paste', instruction });
      return reply.status(201).send(await detail(req, id));
    },
  });

  app.post('/api/directives/upload', {
    schema: {
      tags,
      summary: '上传文件录入：.txt（UTF-8/GB18030）、.html、.docx、带文字层的 PDF；字段 file，可选字段 kind',
      consumes: ['multipart/form-data'],
      response: { 201: directiveDetailSchema },
    },
    handler: async (req, reply) => {
      if (!req.isMultipart()) throw invalid('file', '请以 multipart/form-data 方式上传文件（字段 file）');
      let file: { name: string; bytes: Buffer } | undefined;
      let kind: string | undefined;
      for await (const part of req.parts({ limits: { fileSize: LIMITS.uploadBytesMax } })) {
        if (part.type === 'file') file = { name: safeFileName(part.filename), bytes: await part.toBuffer() };
        else if (part.fieldname === 'kind') kind = String(part.value);
      }
      if (!file) throw invalid('file', '请选择要上传的文件');
      const parsedKind = z.enum(DIRECTIVE_KINDS).optional().safeParse(kind || undefined);
      if (!parsedKind.success) throw invalid('kind', `文件类型应为 ${DIRECTIVE_KINDS.join('、')} 之一`);
      const doc = await documentText(file.name, file.bytes);
      if (!doc) throw invalid('file', `不支持「${file.name}」的文件类型：请上传 .txt、.html、.docx 或带文字层的 .pdf`);
      const id = await directives.create(actorOf(req), { text: doc.text, format: doc.format, originalName: file.name, kind: parsedKind.data });
      return reply.status(201).send(await detail(req, id));
    },
  });

  app.post('/api/directives/suggest-units', {
    schema: {
      tags,
      summary: '按条文中出现的单位名称或简称推荐承办单位（按出现顺序）',
      body: z.object({ text: z.string().max(20000) }),
      response: { 200: z.object({ units: z.array(z.object({ id: z.string(), name: z.string(), path: z.array(z.object({ id: z.string(), name: z.string() })), matched: z.string() })) }) },
    },
    handler: async (req) => ({ units: await directives.suggestUnits(actorOf(req), req.body.text) }),
  });

  app.get('/api/directives/:id', {
    schema: { tags, summary: '文件详情：正文、解析结果、任务分解草稿、目标、工作节奏和已发布的任务', params: idParams, response: { 200: directiveDetailSchema } },
    handler: async (req) => detail(req, req.params.id),
  });

  app.patch('/api/directives/:id', {
    schema: {
      tags,
      summary: '修改文件标题、日期、来源、类型',
      params: idParams,
      body: z.object({
        title: z.string().trim().min(1, '请填写标题').max(TITLE_MAX, `标题不能超过 ${TITLE_MAX} 字`).optional(),
        docDate: isoDate().nullable().optional(),
        source: z.string().max(200).nullable().optional(),
        kind: z.enum(DIRECTIVE_KINDS).optional(),
      }),
      response: { 200: directiveDetailSchema },
    },
    handler: async (req) => {
      await directives.update(actorOf(req), req.params.id, req.body);
      return detail(req, req.params.id);
    },
  });

  app.get('/api/directives/corrections', {
    schema: {
      tags,
      summary: '解析纠正统计：按字段统计解析出的条数和人工纠正的次数（在本人数据范围内的文件）',
      response: { 200: z.object({ fields: z.array(z.object({ field: z.enum(CORRECTION_FIELDS), found: z.number(), corrected: z.number(), rate: z.number().nullable() })) }) },
    },
    handler: async (req) => {
      const rows = await directives.correctionStats(actorOf(req));
      return { fields: rows.map((r) => ({ ...r, rate: r.found > 0 ? Math.round((r.corrected / r.found) * 1000) / 1000 : null })) };
    },
  });

  app.post('/api/directives/:id/corrections', {
    schema: {
      tags,
      summary: '纠正解析结果：目标改为统计、统计改为目标、删除误识别的名称；纠正会被记录和统计',
      params: idParams,
      body: z.object({
        field: z.enum(CORRECTION_FIELDS, { error: '字段应为 targets、statistics、people、places 或 organizations' }),
        action: z.enum(CORRECTION_ACTIONS, { error: '操作应为 to-statistic、to-target 或 drop' }),
        offset: z.number().int().min(0).optional(),
        value: z.number().optional(),
        name: z.string().min(1).max(200).optional(),
      }),
      response: { 200: directiveDetailSchema },
    },
    handler: async (req) => {
      await directives.correct(actorOf(req), req.params.id, req.body);
      return detail(req, req.params.id);
    },
  });

  app.put('/api/directives/:id/draft', {
    schema: { tags, summary: '保存任务分解草稿（编辑、合并、拆分、删除、排序）', params: idParams, body: z.object({ items: draftItemsSchema }), response: { 200: directiveDetailSchema } },
    handler: async (req) => {
      await directives.saveDraft(actorOf(req), req.params.id, req.body.items);
      return detail(req, req.params.id);
    },
  });

  app.post('/api/directives/:id/publish', {
    schema: {
      tags,
      summary: '发布为督查任务：一个事务内保存草稿、逐项建任务（带原文出处）并标记已发布；任何一项有误时不写入',
      params: idParams,
      body: z.object({ items: draftItemsSchema, assign: z.boolean().optional(), ackWorkdays: z.number().int().min(1).max(10).optional() }),
      response: { 200: z.object({ taskIds: z.array(z.string()), directive: directiveDetailSchema }) },
    },
    handler: async (req) => {
      const taskIds = await directives.publish(actorOf(req), req.params.id, req.body);
      return { taskIds, directive: await detail(req, req.params.id) };
    },
  });

  app.delete('/api/directives/:id', {
    schema: { tags, summary: '删除未发布的文件', params: idParams, response: { 200: okSchema } },
    handler: async (req) => {
      await directives.remove(actorOf(req), req.params.id);
      return { ok: true as const };
    },
  });
}
