import { z } from 'zod';
import { actorOf } from '../../http/auth-hook.ts';
import { isoDate } from '../../http/input.ts';
import { pageInfoSchema, pageQuerySchema } from '../../http/pagination.ts';
import { idParams, iso, okSchema, type App } from '../../http/types.ts';
import { MEETING_KIND_LABELS, MEETING_KINDS, type MeetingDetail, type MeetingListRow, type MeetingService } from './meetings.service.ts';

const text = (label: string, max: number) => z.string().trim().max(max, `${label}不能超过 ${max} 字`);
const kindSchema = z.enum(MEETING_KINDS, { error: `会议类型应为 ${Object.values(MEETING_KIND_LABELS).join('、')} 之一` });

const meetingInputSchema = z.object({
  kind: kindSchema.default('coordination'),
  title: text('会议名称', 200).min(1, '请填写会议名称'),
  heldOn: isoDate('会议日期格式应为 YYYY-MM-DD'),
  place: text('会议地点', 200).optional(),
  hostName: text('主持领导', 50).min(1, '请填写主持领导'),
  attendees: text('参会人员', 2000).optional(),
  problemIds: z.array(z.uuid('无效的问题编号')).min(1, '请至少选择一项议题').max(100, '议题最多 100 项'),
});

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
  decisions: z.array(decisionSchema),
});
const meetingDetailSchema = z.object({ meeting: meetingSchema, items: z.array(itemSchema), policies: z.object({ canRecord: z.boolean() }) });
const candidateSchema = z.object({ id: z.string(), description: z.string(), period: z.string().nullable(), createdAt: z.string().nullable(), timesDiscussed: z.number(), project: z.object({ id: z.string(), code: z.string(), name: z.string(), leadUnitName: z.string() }) });

type MeetingRow = MeetingDetail['meeting'];

function presentMeeting(m: MeetingRow): z.infer<typeof meetingSchema> {
  return { id: m.id, kind: m.kind, kindLabel: MEETING_KIND_LABELS[m.kind], title: m.title, heldOn: m.held_on, place: m.place, hostName: m.host_name, attendees: m.attendees, organizer: { id: m.organizer_unit_id, name: m.organizer_name }, createdAt: iso(m.created_at) };
}

function presentDetail(d: MeetingDetail): z.infer<typeof meetingDetailSchema> {
  return {
    meeting: presentMeeting(d.meeting),
    policies: { canRecord: d.runs },
    items: d.items.map((i) => ({
      id: i.id,
      position: i.position,
      subject: i.subject,
      minutes: i.minutes,
      problem: i.problem_id && i.project_id ? { id: i.problem_id, description: i.problem ?? '', taskId: i.problem_task_id, project: { id: i.project_id, code: i.project_code ?? '', name: i.project_name ?? '', leadUnitName: i.lead_unit_name ?? '' } } : null,
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
      summary: '会议列表(会办):组织单位在本人范围内的会议,新日期在前',
      querystring: pageQuerySchema.extend({ kind: z.enum(MEETING_KINDS).optional(), q: z.string().max(100).optional().describe('会议名称、主持领导、地点') }),
      response: { 200: z.object({ data: z.array(meetingRowSchema), page: pageInfoSchema }) },
    },
    handler: async (req) => {
      const page = await meetings.list(actorOf(req), req.query);
      return { data: page.data.map((m: MeetingListRow) => ({ ...presentMeeting(m), itemCount: m.item_count, decisionCount: m.decision_count })), page: page.page };
    },
  });

  app.get('/api/meetings/agenda-candidates', {
    schema: { tags, summary: '可列入会办议题的问题(督查人员):本人督查范围内项目尚未交办的需协调问题', response: { 200: z.object({ data: z.array(candidateSchema) }) } },
    handler: async (req) => ({
      data: (await meetings.candidates(actorOf(req))).map((c) => ({ id: c.id, description: c.description, period: c.period, createdAt: iso(c.created_at), timesDiscussed: c.times_discussed, project: { id: c.project_id, code: c.project_code, name: c.project_name, leadUnitName: c.lead_unit_name } })),
    }),
  });

  app.post('/api/meetings', {
    schema: { tags, summary: '组织会办(督查人员):日期、地点、主持领导、参会人员,议题从需协调问题中选定', body: meetingInputSchema, response: { 201: meetingDetailSchema } },
    handler: async (req, reply) => {
      const id = await meetings.create(actorOf(req), req.body);
      return reply.status(201).send(await detail(req, id));
    },
  });

  app.get('/api/meetings/:id', {
    schema: { tags, summary: '会议详情:议题、纪要、议定事项及其任务', params: idParams, response: { 200: meetingDetailSchema } },
    handler: async (req) => detail(req, req.params.id),
  });

  app.put('/api/meetings/:id/items/:itemId/minutes', {
    schema: { tags, summary: '记录议题纪要(组织单位督查人员)', params: itemParams, body: z.object({ minutes: text('会议纪要', 5000) }), response: { 200: okSchema } },
    handler: async (req) => {
      await meetings.recordMinutes(actorOf(req), req.params.id, req.params.itemId, req.body.minutes);
      return { ok: true as const };
    },
  });

  app.post('/api/meetings/:id/items/:itemId/decisions', {
    schema: { tags, summary: '议定事项转为任务(组织单位督查人员):生成协调事项任务(module=coordination),问题随之关联该任务', params: itemParams, body: decisionInputSchema, response: { 201: z.object({ decisionId: z.string(), taskId: z.string() }) } },
    handler: async (req, reply) => reply.status(201).send(await meetings.decide(actorOf(req), req.params.id, req.params.itemId, req.body)),
  });
}
