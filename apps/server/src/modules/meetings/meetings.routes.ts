import { z } from 'zod';
import { actorOf } from '../../http/auth-hook.ts';
import { isoDate } from '../../http/input.ts';
import { pageInfoSchema, pageQuerySchema } from '../../http/pagination.ts';
import { idParams, iso, okSchema, type App } from '../../http/types.ts';
import { periodLabel } from '../rhythm/cadence-rules.ts';
import { ATTENDANCE_STATUSES, MEETING_KIND_LABELS, MEETING_KINDS, type MeetingDetail, type MeetingListRow, type MeetingService, type ProjectMaterial, type UnitMaterial } from './meetings.service.ts';

const text = (label: string, max: number) => z.string().trim().max(max, `${label}不能超过 ${max} 字`);
const kindSchema = z.enum(MEETING_KINDS, { error: `会议类型应为 ${Object.values(MEETING_KIND_LABELS).join('、')} 之一` });

const meetingInputSchema = z.object({
  kind: kindSchema.default('coordination'),
  title: text('会议名称', 200).min(1, '请填写会议名称'),
  heldOn: isoDate('会议日期格式应为 YYYY-MM-DD'),
  place: text('会议地点', 200).optional(),
  hostName: text('主持领导', 50).min(1, '请填写主持领导'),
  attendees: text('参会人员', 2000).optional(),
  problemIds: z.array(z.uuid('无效的问题编号')).max(100, '议题最多 100 项').optional().describe('会办：需协调问题'),
  unitIds: z.array(z.uuid('无效的单位编号')).max(200, '单位最多 200 个').optional().describe('点评、述职：范围单位的下级单位'),
  projectIds: z.array(z.uuid('无效的项目编号')).max(100, '观摩项目最多 100 个').optional().describe('观摩：项目'),
  period: z.string().trim().max(10).optional().describe('点评、述职所据期间，如 2026-Q3、2026'),
  scopeUnitId: z.uuid('无效的单位编号').optional().describe('点评、述职的范围单位；默认本人督查范围的顶层单位'),
  occurrenceId: z.uuid('无效的工作节点编号').optional().describe('所召开的工作节点（节奏）；会议日期已到则记为已开展'),
  attendance: z.lazy(() => attendanceSchema).optional(),
});

const attendanceSchema = z
  .array(
    z.object({
      name: text('参会人员姓名', 50),
      unitName: text('参会人员单位', 100).optional(),
      status: z.enum(ATTENDANCE_STATUSES, { error: '出席情况应为 出席、请假、缺席 之一' }),
      substitute: text('代会人员', 50).optional(),
    }),
  )
  .max(300, '参会人员最多 300 人');

const decisionInputSchema = z.object({
  content: text('议定事项', 1000).min(1, '请填写议定事项'),
  leadUnitIds: z.array(z.uuid('无效的单位编号')).min(1, '请选择牵头单位').max(50),
  coUnitIds: z.array(z.uuid('无效的单位编号')).max(50).optional(),
  deadline: isoDate('完成时限格式应为 YYYY-MM-DD'),
});

const meetingSchema = z.object({
  id: z.string(),
  kind: z.enum(MEETING_KINDS),
  kindLabel: z.string(),
  title: z.string(),
  heldOn: z.string(),
  place: z.string(),
  hostName: z.string(),
  attendees: z.string(),
  organizer: z.object({ id: z.string(), name: z.string() }),
  period: z.string().nullable(),
  periodLabel: z.string().nullable(),
  occurrenceId: z.string().nullable(),
  createdAt: z.string().nullable(),
});
const meetingRowSchema = meetingSchema.extend({ itemCount: z.number(), decisionCount: z.number() });
const decisionSchema = z.object({ id: z.string(), content: z.string(), taskId: z.string(), taskStatus: z.string(), taskLight: z.string().nullable(), taskDeadline: z.string().nullable(), taskUnitName: z.string().nullable(), createdAt: z.string().nullable() });
const itemSchema = z.object({
  id: z.string(),
  position: z.number(),
  subject: z.string(),
  minutes: z.string(),
  problem: z.object({ id: z.string(), description: z.string(), taskId: z.string().nullable(), project: z.object({ id: z.string(), code: z.string(), name: z.string(), leadUnitName: z.string() }) }).nullable(),
  unit: z.object({ id: z.string(), name: z.string() }).nullable(),
  project: z.object({ id: z.string(), code: z.string(), name: z.string(), leadUnitName: z.string() }).nullable(),
  material: z.record(z.string(), z.unknown()).nullable().describe('议题所据数据（定议程时的快照）：点评、述职为单位的期间数据及述职要点草稿，观摩为项目进度'),
  decisions: z.array(decisionSchema),
});
const attendanceRowSchema = z.object({ name: z.string(), unitName: z.string(), status: z.enum(ATTENDANCE_STATUSES), substitute: z.string() });
const meetingDetailSchema = z.object({ meeting: meetingSchema, items: z.array(itemSchema), attendance: z.array(attendanceRowSchema), policies: z.object({ canRecord: z.boolean() }) });
const unitCandidateSchema = z.object({
  unitId: z.string(), name: z.string(), rank: z.number(), completed: z.number(), onTime: z.number(), onTimeRate: z.number().nullable(), overdue: z.number(),
  problems: z.number(), rectified: z.number(), rectificationRate: z.number().nullable(), planned: z.number(), invested: z.number(), investmentRate: z.number().nullable(),
  period: z.string(), periodLabel: z.string(), draft: z.string(),
}) satisfies z.ZodType<UnitMaterial>;
const projectCandidateSchema = z.object({
  id: z.string(), code: z.string(), name: z.string(), leadUnitName: z.string(), stage: z.string(), stageLabel: z.string(), light: z.string(),
  planned: z.number(), invested: z.number(), investmentRate: z.number().nullable(), latestPeriod: z.string().nullable(), progress: z.string(),
}) satisfies z.ZodType<ProjectMaterial & { id: string }>;
const candidateSchema = z.object({ id: z.string(), description: z.string(), period: z.string().nullable(), createdAt: z.string().nullable(), timesDiscussed: z.number(), project: z.object({ id: z.string(), code: z.string(), name: z.string(), leadUnitName: z.string() }) });

type MeetingRow = MeetingDetail['meeting'];

function presentMeeting(m: MeetingRow): z.infer<typeof meetingSchema> {
  return { id: m.id, kind: m.kind, kindLabel: MEETING_KIND_LABELS[m.kind], title: m.title, heldOn: m.held_on, place: m.place, hostName: m.host_name, attendees: m.attendees, organizer: { id: m.organizer_unit_id, name: m.organizer_name }, period: m.period, periodLabel: m.period ? periodLabel(m.period) : null, occurrenceId: m.occurrence_id, createdAt: iso(m.created_at) };
}

function presentDetail(d: MeetingDetail): z.infer<typeof meetingDetailSchema> {
  return {
    meeting: presentMeeting(d.meeting),
    policies: { canRecord: d.runs },
    attendance: d.attendance.map((a) => ({ name: a.name, unitName: a.unit_name, status: a.status, substitute: a.substitute })),
    items: d.items.map((i) => ({
      id: i.id,
      position: i.position,
      subject: i.subject,
      minutes: i.minutes,
      problem: i.problem_id && i.project_id ? { id: i.problem_id, description: i.problem ?? '', taskId: i.problem_task_id, project: { id: i.project_id, code: i.project_code ?? '', name: i.project_name ?? '', leadUnitName: i.lead_unit_name ?? '' } } : null,
      unit: i.unit_id ? { id: i.unit_id, name: i.unit_name ?? '' } : null,
      project: !i.problem_id && i.project_id ? { id: i.project_id, code: i.project_code ?? '', name: i.project_name ?? '', leadUnitName: i.lead_unit_name ?? '' } : null,
      material: i.material && typeof i.material === 'object' ? (i.material as Record<string, unknown>) : null,
      decisions: i.decisions.map((x) => ({ id: x.id, content: x.content, taskId: x.task_id, taskStatus: x.task_status, taskLight: x.task_light, taskDeadline: x.task_deadline, taskUnitName: x.task_unit_name, createdAt: iso(x.created_at) })),
    })),
  };
}

const itemParams = idParams.extend({ itemId: z.uuid('无效的议题编号') });

/** Routes of meetings (issue 11: 会办): agenda from open project problems, minutes, decisions → tasks. */
export function registerMeetingRoutes(app: App, meetings: MeetingService): void {
  const tags = ['重点项目'];
  const detail = async (req: Parameters<typeof actorOf>[0], id: string) => presentDetail(await meetings.detail(actorOf(req), id));

  app.get('/api/meetings', {
    schema: {
      tags,
      summary: '会议列表（会办）：组织单位在本人范围内的会议，新日期在前',
      querystring: pageQuerySchema.extend({ kind: z.enum(MEETING_KINDS).optional(), q: z.string().max(100).optional().describe('会议名称、主持领导、地点') }),
      response: { 200: z.object({ data: z.array(meetingRowSchema), page: pageInfoSchema }) },
    },
    handler: async (req) => {
      const page = await meetings.list(actorOf(req), req.query);
      return { data: page.data.map((m: MeetingListRow) => ({ ...presentMeeting(m), itemCount: m.item_count, decisionCount: m.decision_count })), page: page.page };
    },
  });

  app.get('/api/meetings/agenda-candidates', {
    schema: {
      tags,
      summary: '可列入会办议题的问题（督查人员）：本人督查范围内项目尚未交办的需协调问题，先提出的在前；total 为总数',
      querystring: z.object({ limit: z.coerce.number().int().min(1).max(500).optional().describe('最多返回条数，默认 500') }),
      response: { 200: z.object({ data: z.array(candidateSchema), total: z.number() }) },
    },
    handler: async (req) => {
      const found = await meetings.candidates(actorOf(req), req.query.limit);
      return {
        total: found.total,
        data: found.data.map((c) => ({ id: c.id, description: c.description, period: c.period, createdAt: iso(c.created_at), timesDiscussed: c.times_discussed, project: { id: c.project_id, code: c.project_code, name: c.project_name, leadUnitName: c.lead_unit_name } })),
      };
    },
  });

  app.get('/api/meetings/unit-candidates', {
    schema: {
      tags,
      summary: '点评、述职的议题单位（督查人员）：范围单位的下级单位及其期间数据（按时办结率、逾期、整改率、投资完成率，排名同通报），附述职要点草稿',
      querystring: z.object({ kind: z.enum(['review', 'duty_report'], { error: '类型应为 点评 或 述职' }), period: z.string().max(10).optional().describe('期间，如 2026-Q3、2026'), scopeUnitId: z.uuid('无效的单位编号').optional() }),
      response: { 200: z.object({ data: z.array(unitCandidateSchema) }) },
    },
    handler: async (req) => ({ data: await meetings.unitCandidates(actorOf(req), req.query) }),
  });

  app.get('/api/meetings/project-candidates', {
    schema: {
      tags,
      summary: '观摩的候选项目（督查人员）：本人督查范围内的项目，附年度投资完成和最新进展',
      querystring: z.object({ q: z.string().max(100).optional().describe('项目名称、编号、牵头单位'), limit: z.coerce.number().int().min(1).max(500).optional() }),
      response: { 200: z.object({ data: z.array(projectCandidateSchema), total: z.number() }) },
    },
    handler: async (req) => meetings.projectCandidates(actorOf(req), req.query),
  });

  app.post('/api/meetings', {
    schema: { tags, summary: '组织会议（督查人员）：会办的议题选自需协调问题，点评、述职选自下级单位的期间数据，观摩选自项目；可关联节奏工作节点', body: meetingInputSchema, response: { 201: meetingDetailSchema } },
    handler: async (req, reply) => {
      const id = await meetings.create(actorOf(req), req.body);
      return reply.status(201).send(await detail(req, id));
    },
  });

  app.get('/api/meetings/:id', {
    schema: { tags, summary: '会议详情：议题、纪要、议定事项及其任务', params: idParams, response: { 200: meetingDetailSchema } },
    handler: async (req) => detail(req, req.params.id),
  });

  app.put('/api/meetings/:id/items/:itemId/minutes', {
    schema: { tags, summary: '记录议题纪要（组织单位督查人员）', params: itemParams, body: z.object({ minutes: text('会议纪要', 5000) }), response: { 200: okSchema } },
    handler: async (req) => {
      await meetings.recordMinutes(actorOf(req), req.params.id, req.params.itemId, req.body.minutes);
      return { ok: true as const };
    },
  });

  app.put('/api/meetings/:id/attendance', {
    schema: { tags, summary: '记录考勤（组织单位督查人员）：整份名单替换，出席、请假、缺席及代会人员', params: idParams, body: z.object({ attendance: attendanceSchema }), response: { 200: okSchema } },
    handler: async (req) => {
      await meetings.recordAttendance(actorOf(req), req.params.id, req.body.attendance);
      return { ok: true as const };
    },
  });

  app.post('/api/meetings/:id/items/:itemId/decisions', {
    schema: { tags, summary: '议定事项转为任务（组织单位督查人员）：会办生成协调事项任务（module=coordination），问题随之关联该任务；点评、观摩、述职生成会议议定任务（module=decision）', params: itemParams, body: decisionInputSchema, response: { 201: z.object({ decisionId: z.string(), taskId: z.string() }) } },
    handler: async (req, reply) => reply.status(201).send(await meetings.decide(actorOf(req), req.params.id, req.params.itemId, req.body)),
  });
}
