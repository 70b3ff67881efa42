import { z } from 'zod';
import type { ProjectRow } from '../../db/schema.ts';
import { iso } from '../../http/types.ts';
import { attachmentSchema, presentAttachment } from '../tasks/tasks.presenter.ts';
import { isoDate } from '../../http/input.ts';
import type { ProjectListRow, ProjectService } from './projects.service.ts';
import { VISIT_KINDS, type LeadService } from './leads.service.ts';
import { KIND_LABELS, LEVEL_LABELS, MILESTONE_STAGES, PROJECT_KINDS, PROJECT_LEVELS, PROJECT_STAGES, STAGE_LABELS } from './project-rules.ts';

const money = (field: string, max = 1e11) => z.number({ error: `${field}应为数字（万元）` }).min(0, `${field}不能为负数`).max(max, `${field}过大`);
const text = (label: string, max: number) => z.string().trim().max(max, `${label}不能超过 ${max} 字`);

export const milestoneInputSchema = z.object({
  stage: z.enum(MILESTONE_STAGES, { error: `阶段应为 ${MILESTONE_STAGES.map((s) => STAGE_LABELS[s]).join('、')} 之一` }),
  plannedDate: isoDate('计划日期格式应为 YYYY-MM-DD').nullable().optional(),
  actualDate: isoDate('实际日期格式应为 YYYY-MM-DD').nullable().optional(),
});

export const projectInputSchema = z.object({
  code: text('项目编号', 40).min(1, '请填写项目编号'),
  name: text('项目名称', 200).min(1, '请填写项目名称'),
  kind: z.enum(PROJECT_KINDS, { error: `项目类型应为 ${Object.values(KIND_LABELS).join('、')} 之一` }),
  industry: text('所属行业', 50).nullable().optional(),
  level: z.enum(PROJECT_LEVELS, { error: `项目级别应为 ${Object.values(LEVEL_LABELS).join('、')} 之一` }),
  address: text('建设地点', 200).nullable().optional(),
  longitude: z.number({ error: '经度应为数字' }).min(-180, '经度应在 -180 到 180 之间').max(180, '经度应在 -180 到 180 之间').nullable().optional(),
  latitude: z.number({ error: '纬度应为数字' }).min(-90, '纬度应在 -90 到 90 之间').max(90, '纬度应在 -90 到 90 之间').nullable().optional(),
  ownerCompany: text('业主单位', 200).nullable().optional(),
  totalInvestment: money('总投资'),
  leadUnitId: z.uuid('请选择牵头单位'),
  leaderName: text('包抓领导', 50).nullable().optional(),
  startYear: z.number({ error: '入库年份应为数字' }).int('入库年份应为整数').min(2000, '入库年份应在 2000 到 2100 之间').max(2100, '入库年份应在 2000 到 2100 之间'),
  tags: z.array(text('标签', 30).min(1, '标签不能为空')).max(20, '标签最多 20 个').optional(),
  milestones: z.array(milestoneInputSchema).max(MILESTONE_STAGES.length, '节点过多').optional(),
  yearPlans: z.array(z.object({ year: z.number().int().min(2000, '年份应在 2000 到 2100 之间').max(2100, '年份应在 2000 到 2100 之间'), planned: money('年度计划投资') })).max(30, '年度计划最多 30 年').optional(),
});

export const reportInputSchema = z.object({
  period: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份格式应为 YYYY-MM'),
  invested: money('本月完成投资', 1e9),
  progress: text('形象进度', 2000).min(1, '请填写形象进度'),
  nextPlan: text('下月计划', 2000).optional(),
  problems: z.array(text('需协调解决的问题', 500)).max(20, '需协调解决的问题最多 20 条').optional(),
  attachmentIds: z.array(z.uuid('无效的附件编号')).max(20, '形象进度照片和附件最多 20 个').optional().describe('形象进度照片和附件（先上传到 /api/attachments）'),
});

export const projectSchema = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  kind: z.enum(PROJECT_KINDS),
  kindLabel: z.string(),
  industry: z.string().nullable(),
  level: z.enum(PROJECT_LEVELS),
  levelLabel: z.string(),
  address: z.string().nullable(),
  longitude: z.number().nullable(),
  latitude: z.number().nullable(),
  ownerCompany: z.string().nullable(),
  totalInvestment: z.number(),
  leadUnit: z.object({ id: z.string(), name: z.string() }),
  leaderName: z.string().nullable(),
  stage: z.enum(PROJECT_STAGES),
  stageLabel: z.string(),
  startYear: z.number(),
  tags: z.array(z.string()),
  light: z.enum(['green', 'yellow', 'red']),
  lightReason: z.string(),
  createdAt: z.string().nullable(),
  updatedAt: z.string().nullable(),
});

export const projectListRowSchema = projectSchema.extend({ yearPlanned: z.number(), yearInvested: z.number(), lastPeriod: z.string().nullable() });

export function presentProject(p: ProjectRow & { lead_unit_name: string }): z.infer<typeof projectSchema> {
  return {
    id: p.id,
    code: p.code,
    name: p.name,
    kind: p.kind,
    kindLabel: KIND_LABELS[p.kind],
    industry: p.industry,
    level: p.level,
    levelLabel: LEVEL_LABELS[p.level],
    address: p.address,
    longitude: p.longitude === null ? null : Number(p.longitude),
    latitude: p.latitude === null ? null : Number(p.latitude),
    ownerCompany: p.owner_company,
    totalInvestment: Number(p.total_investment),
    leadUnit: { id: p.lead_unit_id, name: p.lead_unit_name },
    leaderName: p.leader_name,
    stage: p.stage,
    stageLabel: STAGE_LABELS[p.stage],
    startYear: p.start_year,
    tags: p.tags,
    light: p.light,
    lightReason: p.light_reason ?? '',
    createdAt: iso(p.created_at),
    updatedAt: iso(p.updated_at),
  };
}

export function presentListRow(p: ProjectListRow): z.infer<typeof projectListRowSchema> {
  return { ...presentProject(p), yearPlanned: p.year_planned, yearInvested: p.year_invested, lastPeriod: p.last_period };
}

export const reportSchema = z.object({
  id: z.string(),
  period: z.string(),
  invested: z.number(),
  cumulative: z.number(),
  progress: z.string(),
  nextPlan: z.string(),
  late: z.boolean(),
  reporterName: z.string().nullable(),
  reportedAt: z.string().nullable(),
  attachments: z.array(attachmentSchema).describe('形象进度照片和附件'),
});

type ReportRow = Awaited<ReturnType<ProjectService['reports']>>['data'][number];

export function presentReport(r: ReportRow): z.infer<typeof reportSchema> {
  return { id: r.id, period: r.period, invested: Number(r.invested), cumulative: Number(r.cumulative), progress: r.progress, nextPlan: r.next_plan, late: r.late, reporterName: r.reporter_name, reportedAt: iso(r.reported_at), attachments: r.attachments.map(presentAttachment) };
}

/** One entry of a lead's log of visits and talks. */
export const visitSchema = z.object({ id: z.string(), visitedOn: z.string(), kind: z.enum(VISIT_KINDS), summary: z.string(), recorderName: z.string().nullable(), recordedAt: z.string().nullable() });

export function presentVisit(v: Awaited<ReturnType<LeadService['visits']>>[number]): z.infer<typeof visitSchema> {
  return { id: v.id, visitedOn: v.visited_on, kind: v.kind, summary: v.summary, recorderName: v.recorder_name, recordedAt: iso(v.recorded_at) };
}

export const projectDetailSchema = z.object({
  project: projectSchema,
  milestones: z.array(z.object({ stage: z.enum(MILESTONE_STAGES), stageLabel: z.string(), plannedDate: z.string().nullable(), actualDate: z.string().nullable() })),
  yearPlans: z.array(z.object({ year: z.number(), planned: z.number() })),
  reports: z.array(reportSchema),
  reportCount: z.number(),
  problems: z.array(
    z.object({ id: z.string(), description: z.string(), period: z.string().nullable(), taskId: z.string().nullable(), taskStatus: z.string().nullable(), taskLight: z.string().nullable(), createdAt: z.string().nullable() }),
  ),
  policies: z.object({ canEdit: z.boolean(), canReport: z.boolean(), canAssign: z.boolean() }),
  lead: z.object({ id: z.string(), company: z.string(), signedOn: z.string().nullable(), signedAmount: z.number().nullable(), visits: z.array(visitSchema) }).nullable().describe('项目由招商线索转来时：该线索及其走访洽谈记录'),
  duePeriod: z.string().nullable().describe('最近一个已到报送日的月份；项目入库后尚无应报月份时为 null'),
});

export function presentDetail(d: Awaited<ReturnType<ProjectService['detail']>>): z.infer<typeof projectDetailSchema> {
  return {
    project: presentProject(d.project),
    milestones: d.milestones.map((m) => ({ stage: m.stage, stageLabel: STAGE_LABELS[m.stage], plannedDate: m.planned_date, actualDate: m.actual_date })),
    yearPlans: d.yearPlans,
    reports: d.reports.data.map(presentReport),
    reportCount: d.reports.page.total,
    problems: d.problems.map((p) => ({ id: p.id, description: p.description, period: p.period, taskId: p.task_id, taskStatus: p.task_status, taskLight: p.task_light, createdAt: iso(p.created_at) })),
    policies: { canEdit: d.access.supervises, canReport: d.access.reports, canAssign: d.access.supervises },
    lead: d.lead ? { id: d.lead.id, company: d.lead.company, signedOn: d.lead.signed_on, signedAmount: d.lead.signed_amount === null ? null : Number(d.lead.signed_amount), visits: d.lead.visits.map(presentVisit) } : null,
    duePeriod: d.duePeriod,
  };
}
