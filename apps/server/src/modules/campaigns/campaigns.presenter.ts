import { z } from 'zod';
import type { CampaignRow, CampaignProblemRow, CampaignActivityRow } from '../../db/schema.ts';
import { iso } from '../../http/types.ts';

// The campaign module's answers: rows in, camelCase shapes out, with their zod schemas.

export const campaignSchema = z.object({
  id: z.string(),
  title: z.string(),
  kind: z.string(),
  startDate: z.string(),
  endDate: z.string(),
  planDirectiveId: z.string().nullable(),
  organizerUnitId: z.string(),
  organizerUnitName: z.string(),
  topics: z.array(z.string()),
  publicEnabled: z.boolean(),
  createdAt: z.string().nullable(),
});

export function presentCampaign(c: CampaignRow & { organizer_unit_name: string }): z.infer<typeof campaignSchema> {
  return { id: c.id, title: c.title, kind: c.kind, startDate: c.start_date, endDate: c.end_date, planDirectiveId: c.plan_directive_id, organizerUnitId: c.organizer_unit_id, organizerUnitName: c.organizer_unit_name, topics: c.topics, publicEnabled: c.public_enabled, createdAt: iso(c.created_at) };
}

export const campaignListRowSchema = campaignSchema.extend({ problemCount: z.number(), closedCount: z.number() });

export const problemSchema = z.object({
  id: z.string(),
  campaignId: z.string(),
  campaignTitle: z.string(),
  opinionId: z.string().nullable(),
  source: z.string(),
  topic: z.string().nullable(),
  unitId: z.string(),
  unitName: z.string(),
  description: z.string(),
  severity: z.string(),
  foundOn: z.string(),
  status: z.string(),
  measures: z.string(),
  ownerUserId: z.string().nullable(),
  ownerName: z.string().nullable(),
  leaderUserId: z.string().nullable(),
  deadline: z.string().nullable(),
  milestones: z.array(z.object({ title: z.string(), due: z.string().nullable() })),
  taskId: z.string().nullable(),
  taskStatus: z.string().nullable(),
  taskLight: z.string().nullable(),
  taskLightReason: z.string().nullable(),
  taskPercent: z.number().nullable(),
  closeNote: z.string().nullable(),
  closeRequestedAt: z.string().nullable(),
  verifiedAt: z.string().nullable(),
  returnReason: z.string().nullable(),
  reopenCount: z.number(),
  published: z.boolean(),
  createdAt: z.string().nullable(),
});

type ProblemJoined = CampaignProblemRow & { campaign_title: string; unit_name: string; owner_name: string | null; task_status: string | null; task_light: string | null; task_light_reason: string | null; task_percent: unknown };

export function presentProblem(p: ProblemJoined): z.infer<typeof problemSchema> {
  return {
    id: p.id,
    campaignId: p.campaign_id,
    campaignTitle: p.campaign_title,
    opinionId: p.opinion_id,
    source: p.source,
    topic: p.topic,
    unitId: p.unit_id,
    unitName: p.unit_name,
    description: p.description,
    severity: p.severity,
    foundOn: p.found_on,
    status: p.status,
    measures: p.measures,
    ownerUserId: p.owner_user_id,
    ownerName: p.owner_name,
    leaderUserId: p.leader_user_id,
    deadline: p.deadline,
    milestones: p.milestones ?? [],
    taskId: p.task_id,
    taskStatus: p.task_status,
    taskLight: p.task_light,
    taskLightReason: p.task_light_reason,
    taskPercent: p.task_percent === null || p.task_percent === undefined ? null : Number(p.task_percent),
    closeNote: p.close_note,
    closeRequestedAt: iso(p.close_requested_at),
    verifiedAt: iso(p.verified_at),
    returnReason: p.return_reason,
    reopenCount: p.reopen_count,
    published: p.published,
    createdAt: iso(p.created_at),
  };
}

export const activitySchema = z.object({
  id: z.string(),
  campaignId: z.string(),
  kind: z.string(),
  title: z.string(),
  heldOn: z.string(),
  place: z.string(),
  hostLeaderId: z.string().nullable(),
  hostLeaderName: z.string().nullable(),
  attendees: z.string(),
  attendeeUnitIds: z.array(z.string()),
  agenda: z.string(),
  minutes: z.string(),
  outcomes: z.string(),
  opinionCount: z.number(),
  createdAt: z.string().nullable(),
});

export function presentActivity(a: CampaignActivityRow, hostLeaderName: string | null, opinionCount: number): z.infer<typeof activitySchema> {
  return { id: a.id, campaignId: a.campaign_id, kind: a.kind, title: a.title, heldOn: a.held_on, place: a.place, hostLeaderId: a.host_leader_id, hostLeaderName, attendees: a.attendees, attendeeUnitIds: a.attendee_unit_ids, agenda: a.agenda, minutes: a.minutes, outcomes: a.outcomes, opinionCount, createdAt: iso(a.created_at) };
}

export const opinionSchema = z.object({
  id: z.string(),
  activityId: z.string(),
  content: z.string(),
  topic: z.string().nullable(),
  raisedByUserId: z.string().nullable(),
  raisedByName: z.string(),
  status: z.string(),
  answer: z.string().nullable(),
  taskId: z.string().nullable(),
  taskTitle: z.string().nullable(),
  taskStatus: z.string().nullable(),
  problemId: z.string().nullable(),
  problemStatus: z.string().nullable(),
  handledAt: z.string().nullable(),
});

interface OpinionJoined {
  id: string;
  activity_id: string;
  content: string;
  topic: string | null;
  raised_by_user_id: string | null;
  raised_by_name: string;
  status: string;
  answer: string | null;
  task_id: string | null;
  task_title: string | null;
  task_status: string | null;
  problem_id: string | null;
  problem_status: string | null;
  handled_at: Date | null;
}

export function presentOpinion(o: OpinionJoined): z.infer<typeof opinionSchema> {
  return { id: o.id, activityId: o.activity_id, content: o.content, topic: o.topic, raisedByUserId: o.raised_by_user_id, raisedByName: o.raised_by_name, status: o.status, answer: o.answer, taskId: o.task_id, taskTitle: o.task_title, taskStatus: o.task_status, problemId: o.problem_id, problemStatus: o.problem_status, handledAt: iso(o.handled_at) };
}
