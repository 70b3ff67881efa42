import { z } from 'zod';
import { LIMITS } from '@luoshi/shared';
import type { Container } from '../../container.ts';
import { AppError } from '../../errors.ts';
import { actorOf } from '../../http/auth-hook.ts';
import { isoDate } from '../../http/input.ts';
import { pageInfoSchema, pageQuerySchema } from '../../http/pagination.ts';
import { idParams, okSchema, queryBool, xlsxHeaders, type App } from '../../http/types.ts';
import { buildSuggestionAnswerDocx } from '../../reports/suggestion-answer.docx.ts';
import { shanghaiDate } from '../../supervision/rules/working-days.ts';
import { attachmentSchema, presentAttachment } from '../tasks/tasks.presenter.ts';
import { exportStats, importSuggestions, suggestionTemplate } from './suggestions.excel.ts';
import { presentRound, presentSuggestion, presentTodo, roundSchema, statsLineSchema, suggestionSchema, todoSchema } from './suggestions.presenter.ts';
import { rate, RATING_MEANS } from './suggestion-rules.ts';

const tag = ['建议提案办理'];
const date = isoDate();
const KINDS = ['motion', 'suggestion', 'proposal', 'opinion'] as const;
const STATUSES = ['new', 'handling', 'answered', 'closed'] as const;
const RATINGS = ['satisfied', 'basic', 'unsatisfied'] as const;
const kindEnum = z.enum(KINDS, { error: '类别应为 议案、建议、提案、群众意见 之一' });

const createBody = z.object({
  kind: kindEnum,
  number: z.string().trim().max(30).optional(),
  session: z.string().trim().min(1, '请填写届次').max(60),
  title: z.string().trim().min(1, '请填写标题').max(200),
  content: z.string().max(20000).optional(),
  proposerUserIds: z.array(z.uuid('提出人编号无效')).max(50).optional(),
  proposerNames: z.array(z.string().trim().min(1).max(50)).max(50).optional(),
  attachmentIds: z.array(z.uuid('附件编号无效')).max(20).optional(),
});

const listQuery = pageQuerySchema.extend({
  session: z.string().max(60).optional(),
  kind: kindEnum.optional(),
  status: z
    .string()
    .transform((s) => s.split(',').filter(Boolean))
    .pipe(z.array(z.enum(STATUSES, { error: '状态无效' })))
    .optional(),
  unitId: z.uuid().optional(),
  mine: queryBool.optional(),
  q: z.string().max(100).optional(),
});

const statsQuery = pageQuerySchema.extend({
  by: z.enum(['unit', 'session'], { error: '统计口径应为 unit（按主办单位）或 session（按届次）' }).default('unit'),
  session: z.string().max(60).optional(),
  kind: kindEnum.optional(),
});

/** Deputies' proposals and suggestions (issue 13): registration, assignment, answer, rating, publication, statistics. */
export function registerSuggestionRoutes(app: App, c: Container): void {
  const s = c.suggestions;

  app.get('/api/suggestions', {
    schema: { tags: tag, summary: '建议列表：代表看到本人提出的，联络员看到本单位主办或协办的，督查人员看到其范围内的', querystring: listQuery, response: { 200: z.object({ data: z.array(suggestionSchema), page: pageInfoSchema }) } },
    handler: async (req) => {
      const page = await s.list(actorOf(req), req.query);
      return { data: page.data.map(presentSuggestion), page: page.page };
    },
  });

  app.post('/api/suggestions', {
    schema: { tags: tag, summary: '登记建议：督查人员登记（提出人为代表账号或姓名），代表本人提交（本人为提出人）；编号不填时按届次和类别顺延', body: createBody, response: { 201: z.object({ data: z.object({ id: z.string() }) }) } },
    handler: async (req, reply) => reply.code(201).send({ data: { id: await s.create(actorOf(req), req.body) } }),
  });

  app.get('/api/suggestions/options', {
    schema: { tags: tag, summary: '办理类别（可配置）、代为评价的方式和法定答复期限（月）', response: { 200: z.object({ data: z.object({ categories: z.array(z.object({ code: z.string(), label: z.string() })), ratingMeans: z.array(z.string()), answerMonths: z.number() }) }) } },
    handler: async () => ({ data: { categories: [...s.categories], ratingMeans: [...RATING_MEANS], answerMonths: c.config.suggestions.answerMonths } }),
  });

  app.get('/api/suggestions/todo', {
    schema: { tags: tag, summary: '待办：本单位待答复的建议（期限近的在前），代表本人待评价的答复', response: { 200: z.object({ data: todoSchema }) } },
    handler: async (req) => ({ data: presentTodo(await s.todo(actorOf(req))) }),
  });

  app.get('/api/suggestions/stats', {
    schema: {
      tags: tag,
      summary: '办理统计：收到、已交办、已答复、按期答复、办结率（已答复/已交办）、满意率（（满意+基本满意）/已评价），按主办单位或届次分组，分页',
      querystring: statsQuery,
      response: { 200: z.object({ data: z.array(statsLineSchema), page: pageInfoSchema }) },
    },
    handler: async (req) => {
      const { lines, total } = await s.stats(actorOf(req), req.query);
      const page = req.query.page ?? 1;
      const pageSize = req.query.pageSize ?? 50;
      return {
        data: lines.map((l) => ({ ...l, answeredRate: rate(l.answered, l.assigned), satisfiedRate: rate(l.satisfied, l.rated) })),
        page: { page, pageSize, total: lines.length ? total : (page - 1) * pageSize, totalExact: true },
      };
    },
  });

  app.get('/api/suggestions/stats/export', {
    schema: { tags: tag, summary: '办理统计导出 Excel（按主办单位或届次）', querystring: statsQuery.omit({ page: true, pageSize: true }) },
    handler: async (req, reply) => reply.headers(xlsxHeaders(`建议办理统计-${shanghaiDate(c.clock.now())}.xlsx`)).send(await exportStats(c, actorOf(req), req.query)),
  });

  app.get('/api/suggestions/import/template', {
    schema: { tags: tag, summary: '下载建议导入模板（类别、编号、届次、提出人、标题、内容、主办单位、协办单位，附填写说明）' },
    handler: async (_req, reply) => reply.headers(xlsxHeaders('建议提案导入模板.xlsx')).send(await suggestionTemplate()),
  });

  app.post('/api/suggestions/import', {
    schema: {
      tags: tag,
      summary: '导入建议（类别、编号、届次、提出人、标题、内容、主办单位、协办单位）：填写主办单位的即交办并按法定期限设答复期限；全部成功或全部不写入，错误按行列出',
      consumes: ['multipart/form-data'],
      response: { 200: z.object({ data: z.object({ created: z.number(), assigned: z.number() }) }) },
    },
    handler: async (req) => {
      const file = await req.file({ limits: { fileSize: LIMITS.uploadBytesMax } });
      if (!file) throw new AppError('VALIDATION', '请选择要导入的 Excel 文件');
      return { data: await importSuggestions(c, actorOf(req), await file.toBuffer(), file.filename) };
    },
  });

  app.get('/api/suggestions/:id', {
    schema: {
      tags: tag,
      summary: '建议详情：提出人、主办与协办单位、各轮办理（期限、答复、类别、评价）、附件和可执行的操作',
      params: idParams,
      response: {
        200: z.object({
          data: suggestionSchema.extend({ proposers: z.array(z.string()), coUnits: z.array(z.string()), rounds: z.array(roundSchema.extend({ attachments: z.array(attachmentSchema).describe('这一轮答复的附件') })), attachments: z.array(attachmentSchema) }),
          policies: z.object({ assign: z.boolean(), answer: z.boolean(), rate: z.boolean(), rateForProposer: z.boolean(), agree: z.boolean(), publish: z.boolean() }),
        }),
      },
    },
    handler: async (req) => {
      const d = await s.detail(actorOf(req), req.params.id);
      return { data: { ...presentSuggestion(d.suggestion), proposers: d.proposers, coUnits: d.coUnits, rounds: d.rounds.map((r) => ({ ...presentRound(r), attachments: r.files.map(presentAttachment) })), attachments: d.files.map(presentAttachment) }, policies: d.can };
    },
  });

  app.post('/api/suggestions/:id/assign', {
    schema: { tags: tag, summary: '交办：主办单位、协办单位，答复期限默认交办之日起三个月（LUOSHI_SUGGESTION_ANSWER_MONTHS）', params: idParams, body: z.object({ mainUnitId: z.uuid('请选择主办单位'), coUnitIds: z.array(z.uuid('单位编号无效')).max(50).optional(), deadline: date.optional() }), response: { 200: okSchema } },
    handler: async (req) => {
      await s.assign(actorOf(req), req.params.id, req.body);
      return { ok: true as const };
    },
  });

  app.post('/api/suggestions/:id/answer', {
    schema: { tags: tag, summary: '主办单位答复：答复内容和办理类别（A/B/C，可配置），可附答复函等附件；记录是否按期', params: idParams, body: z.object({ answer: z.string().trim().min(1, '请填写答复内容').max(20000), category: z.string().trim().min(1, '请选择办理类别').max(4), attachmentIds: z.array(z.uuid('附件编号无效')).max(20).optional() }), response: { 200: okSchema } },
    handler: async (req) => {
      await s.answer(actorOf(req), req.params.id, req.body);
      return { ok: true as const };
    },
  });

  app.post('/api/suggestions/:id/rating', {
    schema: {
      tags: tag,
      summary: '评价答复：提出人本人，或督查人员代为录入（注明方式）；不满意的重新办理，设新的期限（默认一个月）',
      params: idParams,
      body: z.object({ rating: z.enum(RATINGS, { error: '评价应为 满意、基本满意、不满意 之一' }), means: z.string().trim().max(20).optional(), note: z.string().max(2000).optional(), publicAgreed: z.boolean().optional(), deadline: date.optional() }),
      response: { 200: okSchema },
    },
    handler: async (req) => {
      await s.rate(actorOf(req), req.params.id, req.body);
      return { ok: true as const };
    },
  });

  app.put('/api/suggestions/:id/agreement', {
    schema: { tags: tag, summary: '提出人同意或不同意公开答复（不同意时撤回已公开的答复）', params: idParams, body: z.object({ agreed: z.boolean({ error: '请选择是否同意公开' }) }), response: { 200: okSchema } },
    handler: async (req) => {
      await s.setAgreement(actorOf(req), req.params.id, req.body.agreed);
      return { ok: true as const };
    },
  });

  app.put('/api/suggestions/:id/publication', {
    schema: { tags: tag, summary: '公开或撤回答复（提出人同意公开的）', params: idParams, body: z.object({ published: z.boolean({ error: '请选择是否公开' }) }), response: { 200: okSchema } },
    handler: async (req) => {
      await s.setPublished(actorOf(req), req.params.id, req.body.published);
      return { ok: true as const };
    },
  });

  app.get('/api/suggestions/:id/answer.docx', {
    schema: { tags: tag, summary: '答复函（Word，公文格式）：办理类别、标题、提出人、答复正文、协办单位、主办单位和日期', params: idParams },
    handler: async (req, reply) => {
      const view = await s.answerLetterView(actorOf(req), req.params.id);
      return reply
        .headers({ 'content-type': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'content-disposition': `attachment; filename="answer.docx"; filename*=UTF-8''${encodeURIComponent(view.fileName)}` })
        .send(await buildSuggestionAnswerDocx(view));
    },
  });

  app.get('/api/public/suggestions/:id', {
    config: { auth: 'public' },
    schema: {
      tags: tag,
      summary: '公开的答复（无需登录）：类别、届次、编号、标题、内容、主办单位、答复与办理类别、答复日期；不含提出人；未公开的 404',
      params: idParams,
      response: { 200: z.object({ data: z.object({ id: z.string(), kind: kindEnum, number: z.string(), session: z.string(), title: z.string(), content: z.string(), mainUnitName: z.string(), answer: z.string(), category: z.string(), categoryLabel: z.string(), answeredOn: z.string() }) }) },
    },
    handler: async (req) => {
      const v = await s.publicView(req.params.id);
      return { data: { id: v.id, kind: v.kind, number: v.number, session: v.session, title: v.title, content: v.content, mainUnitName: v.main_unit_name, answer: v.answer ?? '', category: v.category ?? '', categoryLabel: v.category_label ?? '', answeredOn: v.answered_at ? shanghaiDate(v.answered_at) : '' } };
    },
  });
}
