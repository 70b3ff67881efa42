import { z } from 'zod';
import { actorOf } from '../../http/auth-hook.ts';
import { isoDate } from '../../http/input.ts';
import { pageInfoSchema, pageQuerySchema } from '../../http/pagination.ts';
import { idParams, iso, okSchema, type App } from '../../http/types.ts';
import { csv } from '../tasks/tasks.routes.ts';
import { LEAD_STAGE_LABELS, LEAD_STAGES, VISIT_KINDS, type LeadListRow, type LeadService } from './leads.service.ts';
import { PROJECT_KINDS, PROJECT_LEVELS } from './project-rules.ts';
import { presentVisit, visitSchema } from './projects.presenter.ts';
import type { LeadRow } from '../../db/schema.ts';

const text = (label: string, max: number) => z.string().trim().max(max, `${label}不能超过 ${max} 字`);
const amount = (label: string) => z.number({ error: `${label}应为数字（万元）` }).min(0, `${label}不能为负数`).max(1e11, `${label}过大`);

const leadInputSchema = z.object({
  company: text('企业名称', 200).min(1, '请填写企业名称'),
  industry: text('所属行业', 50).nullable().optional(),
  intendedInvestment: amount('意向投资').optional(),
  source: text('线索来源', 100).nullable().optional(),
  stage: z.enum(LEAD_STAGES, { error: `阶段应为 ${Object.values(LEAD_STAGE_LABELS).join('、')} 之一` }).optional(),
  unitId: z.uuid('请选择责任单位'),
  person: text('责任人', 50).nullable().optional(),
  nextStep: text('下一步工作', 500).nullable().optional(),
  signedOn: isoDate('签约日期格式应为 YYYY-MM-DD').nullable().optional(),
  signedAmount: amount('签约金额').nullable().optional(),
  fundsInPlace: amount('到位资金').optional(),
});

const leadSchema = z.object({
  id: z.string(),
  company: z.string(),
  industry: z.string().nullable(),
  intendedInvestment: z.number(),
  source: z.string().nullable(),
  stage: z.enum(LEAD_STAGES),
  stageLabel: z.string(),
  unit: z.object({ id: z.string(), name: z.string() }),
  person: z.string().nullable(),
  nextStep: z.string().nullable(),
  signedOn: z.string().nullable(),
  signedAmount: z.number().nullable(),
  fundsInPlace: z.number(),
  projectId: z.string().nullable(),
  updatedAt: z.string().nullable(),
});
const leadRowSchema = leadSchema.extend({ visitCount: z.number(), lastVisit: z.string().nullable() });
const leadDetailSchema = z.object({ lead: leadSchema, visits: z.array(visitSchema), project: z.object({ id: z.string(), code: z.string(), name: z.string() }).nullable(), policies: z.object({ canEdit: z.boolean(), canConvert: z.boolean() }) });

function presentLead(l: LeadRow & { unit_name: string }): z.infer<typeof leadSchema> {
  return {
    id: l.id,
    company: l.company,
    industry: l.industry,
    intendedInvestment: Number(l.intended_investment),
    source: l.source,
    stage: l.stage,
    stageLabel: LEAD_STAGE_LABELS[l.stage],
    unit: { id: l.unit_id, name: l.unit_name },
    person: l.person,
    nextStep: l.next_step,
    signedOn: l.signed_on,
    signedAmount: l.signed_amount === null ? null : Number(l.signed_amount),
    fundsInPlace: Number(l.funds_in_place),
    projectId: l.project_id,
    updatedAt: iso(l.updated_at),
  };
}

/** Routes of investment attraction (issue 11, item 5): leads, their log, conversion, quotas. */
export function registerLeadRoutes(app: App, leads: LeadService): void {
  const tags = ['招商引资'];
  const detail = async (req: Parameters<typeof actorOf>[0], id: string) => {
    const d = await leads.detail(actorOf(req), id);
    return { lead: presentLead(d.lead), visits: d.visits.map(presentVisit), project: d.project, policies: d.policies };
  };

  app.get('/api/leads', {
    schema: {
      tags,
      summary: '招商线索：阶段、责任单位（含下级）、关键词（企业、行业、来源）；最近更新在前',
      querystring: pageQuerySchema.extend({ q: z.string().max(100).optional(), stage: csv(LEAD_STAGES).optional(), unitId: z.uuid('unitId 应为单位编号').optional() }),
      response: { 200: z.object({ data: z.array(leadRowSchema), page: pageInfoSchema }) },
    },
    handler: async (req) => {
      const page = await leads.list(actorOf(req), req.query);
      return { data: page.data.map((l: LeadListRow) => ({ ...presentLead(l), visitCount: l.visit_count, lastVisit: l.last_visit })), page: page.page };
    },
  });

  app.post('/api/leads', {
    schema: { tags, summary: '登记招商线索（督查人员或责任单位联络员）；签约及以后阶段须填签约日期和金额', body: leadInputSchema, response: { 201: leadDetailSchema } },
    handler: async (req, reply) => reply.status(201).send(await detail(req, (await leads.create(actorOf(req), req.body)).id)),
  });

  app.get('/api/leads/:id', {
    schema: { tags, summary: '线索详情及走访洽谈记录', params: idParams, response: { 200: leadDetailSchema } },
    handler: async (req) => detail(req, req.params.id),
  });

  app.patch('/api/leads/:id', {
    schema: { tags, summary: '修改线索、推进阶段（洽谈 → 签约 → 落地 → 开工 → 投产）', params: idParams, body: leadInputSchema.partial(), response: { 200: leadDetailSchema } },
    handler: async (req) => {
      await leads.update(actorOf(req), req.params.id, req.body);
      return detail(req, req.params.id);
    },
  });

  app.delete('/api/leads/:id', {
    schema: { tags, summary: '删除误登记的招商线索（督查人员或责任单位联络员）；已有走访洽谈记录或已转为项目的线索不能删除', params: idParams, response: { 200: okSchema } },
    handler: async (req) => {
      await leads.remove(actorOf(req), req.params.id);
      return { ok: true as const };
    },
  });

  app.post('/api/leads/:id/visits', {
    schema: {
      tags,
      summary: '记录一次走访、洽谈或电话联系',
      params: idParams,
      body: z.object({ visitedOn: isoDate('走访日期格式应为 YYYY-MM-DD'), kind: z.enum(VISIT_KINDS, { error: '方式应为 visit、talk、call 或 other' }), summary: text('内容', 2000).min(1, '请填写走访洽谈内容') }),
      response: { 201: leadDetailSchema },
    },
    handler: async (req, reply) => {
      await leads.addVisit(actorOf(req), req.params.id, req.body);
      return reply.status(201).send(await detail(req, req.params.id));
    },
  });

  app.post('/api/leads/:id/convert', {
    schema: {
      tags,
      summary: '已签约线索转为重点项目（督查人员）：业主为该企业，牵头单位为线索责任单位，签约节点为签约日期；线索及其记录保留并关联项目',
      params: idParams,
      body: z.object({
        code: text('项目编号', 40).min(1, '请填写项目编号'),
        name: text('项目名称', 200).min(1, '请填写项目名称'),
        kind: z.enum(PROJECT_KINDS, { error: '请选择项目类型' }),
        level: z.enum(PROJECT_LEVELS, { error: '请选择项目级别' }),
        totalInvestment: amount('总投资').optional(),
      }),
      response: { 201: z.object({ projectId: z.string() }) },
    },
    handler: async (req, reply) => reply.status(201).send(await leads.convert(actorOf(req), req.params.id, req.body)),
  });

  const quotaRow = z.object({ unitId: z.string(), unitName: z.string(), quota: z.object({ signedProjects: z.number(), signedAmount: z.number(), fundsInPlace: z.number() }), done: z.object({ signedProjects: z.number(), signedAmount: z.number(), fundsInPlace: z.number() }) });
  app.get('/api/leads/quotas', {
    schema: { tags, summary: '各单位年度招商目标（签约项目数、签约金额、到位资金）及完成情况（该单位及下级当年签约的线索）', querystring: z.object({ year: z.coerce.number().int().min(2000).max(2100) }), response: { 200: z.object({ data: z.array(quotaRow) }) } },
    handler: async (req) => ({
      data: (await leads.quotas(actorOf(req), req.query.year)).map((r) => ({
        unitId: r.unit_id,
        unitName: r.unit_name,
        quota: { signedProjects: r.signed_projects, signedAmount: r.signed_amount, fundsInPlace: r.funds_in_place },
        done: { signedProjects: r.done_projects, signedAmount: r.done_amount, fundsInPlace: r.done_funds },
      })),
    }),
  });

  app.put('/api/leads/quotas', {
    schema: {
      tags,
      summary: '下达单位年度招商目标（督查人员）',
      body: z.object({ unitId: z.uuid('请选择单位'), year: z.number().int().min(2000, '年份应在 2000 到 2100 之间').max(2100, '年份应在 2000 到 2100 之间'), signedProjects: z.number().int('签约项目数应为整数').min(0, '签约项目数不能为负数'), signedAmount: amount('签约金额'), fundsInPlace: amount('到位资金') }),
      response: { 200: okSchema },
    },
    handler: async (req) => {
      await leads.setQuota(actorOf(req), req.body);
      return { ok: true as const };
    },
  });
}
