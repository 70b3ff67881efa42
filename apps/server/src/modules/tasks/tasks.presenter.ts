import { z } from 'zod';
import type { ProgressReportRow, SupervisionOrderRow, TaskRow } from '../../db/schema.ts';
import { iso } from '../../http/types.ts';
import { STATUS_LABELS, TASK_STATUSES, type TaskStatus } from '../../supervision/rules/transitions.ts';
import { cycleLabel, type ReportCycle } from '../../supervision/rules/periods.ts';

export const LIGHTS = ['green', 'yellow', 'red', 'none'] as const;
export const REPORT_CYCLES = ['none', 'weekly', 'biweekly', 'monthly', 'quarterly'] as const;

export const taskSchema = z.object({
  id: z.string(),
  module: z.string(),
  parentId: z.string().nullable(),
  rootId: z.string(),
  depth: z.number(),
  unitRole: z.enum(['lead', 'co']),
  weight: z.number(),
  title: z.string(),
  content: z.string(),
  category: z.string().nullable(),
  priority: z.enum(['normal', 'high', 'urgent']),
  tags: z.array(z.string()),
  source: z.object({ directiveId: z.string().nullable(), clause: z.string().nullable(), offset: z.number().nullable() }),
  ownerUnit: z.object({ id: z.string(), name: z.string() }),
  issuerUnitId: z.string(),
  responsibleLeaderIds: z.array(z.string()),
  startDate: z.string().nullable(),
  deadline: z.string().nullable(),
  longTerm: z.boolean(),
  reportCycle: z.enum(REPORT_CYCLES),
  reportDueDay: z.number(),
  reportCycleLabel: z.string(),
  ackDeadline: z.string().nullable(),
  status: z.enum(TASK_STATUSES),
  statusLabel: z.string(),
  percent: z.number(),
  ownPercent: z.number(),
  light: z.enum(LIGHTS),
  lightReason: z.string(),
  lastReportAt: z.string().nullable(),
  acknowledgedAt: z.string().nullable(),
  completedAt: z.string().nullable(),
  createdAt: z.string().nullable(),
  updatedAt: z.string().nullable(),
});

/** Output fields of a task, one by one. */
export function presentTask(t: TaskRow & { owner_unit_name?: string }): z.infer<typeof taskSchema> {
  return {
    id: t.id,
    module: t.module,
    parentId: t.parent_id,
    rootId: t.root_id,
    depth: t.depth,
    unitRole: t.unit_role,
    weight: Number(t.weight),
    title: t.title,
    content: t.content,
    category: t.category,
    priority: t.priority,
    tags: t.tags ?? [],
    source: { directiveId: t.source_directive_id, clause: t.source_clause, offset: t.source_offset },
    ownerUnit: { id: t.owner_unit_id, name: t.owner_unit_name ?? '' },
    issuerUnitId: t.issuer_unit_id,
    responsibleLeaderIds: t.responsible_leader_ids ?? [],
    startDate: t.start_date,
    deadline: t.deadline,
    longTerm: t.long_term,
    reportCycle: t.report_cycle,
    reportDueDay: t.report_due_day,
    reportCycleLabel: cycleLabel(t.report_cycle as ReportCycle, t.report_due_day),
    ackDeadline: t.ack_deadline,
    status: t.status as TaskStatus,
    statusLabel: STATUS_LABELS[t.status as TaskStatus],
    percent: Number(t.percent),
    ownPercent: Number(t.own_percent),
    light: t.light,
    lightReason: t.light_reason,
    lastReportAt: iso(t.last_report_at),
    acknowledgedAt: iso(t.acknowledged_at),
    completedAt: iso(t.completed_at),
    createdAt: iso(t.created_at),
    updatedAt: iso(t.updated_at),
  };
}

export const attachmentSchema = z.object({ id: z.string(), fileName: z.string(), contentType: z.string(), size: z.number() });
interface AttachmentSummary {
  id: string;
  file_name: string;
  content_type: string;
  size_bytes: number;
}

export const reportSchema = z.object({
  id: z.string(),
  taskId: z.string(),
  orgUnitId: z.string(),
  period: z.string(),
  done: z.string(),
  percent: z.number(),
  difficulties: z.string(),
  nextSteps: z.string(),
  late: z.boolean(),
  status: z.enum(['submitted', 'returned']),
  reviewComment: z.string().nullable(),
  reviewedAt: z.string().nullable(),
  reportedBy: z.string(),
  reportedByName: z.string(),
  reportedAt: z.string().nullable(),
  attachments: z.array(attachmentSchema),
});

export function presentAttachment(a: AttachmentSummary): z.infer<typeof attachmentSchema> {
  return { id: a.id, fileName: a.file_name, contentType: a.content_type, size: Number(a.size_bytes) };
}

export function presentReport(r: ProgressReportRow & { attachments?: AttachmentSummary[]; reported_by_name?: string }): z.infer<typeof reportSchema> {
  return {
    id: r.id,
    taskId: r.task_id,
    orgUnitId: r.org_unit_id,
    period: r.period,
    done: r.done,
    percent: Number(r.percent),
    difficulties: r.difficulties,
    nextSteps: r.next_steps,
    late: r.late,
    status: r.status,
    reviewComment: r.review_comment,
    reviewedAt: iso(r.reviewed_at),
    reportedBy: r.reported_by,
    reportedByName: r.reported_by_name ?? '',
    reportedAt: iso(r.reported_at),
    attachments: (r.attachments ?? []).map(presentAttachment),
  };
}

export const orderSchema = z.object({
  id: z.string(),
  taskId: z.string(),
  /** Null while the order waits for 签发. */
  number: z.string().nullable(),
  level: z.enum(['blue', 'yellow', 'red']),
  matter: z.string(),
  requirements: z.string(),
  replyDeadline: z.string(),
  recipientUnitId: z.string(),
  issuingOffice: z.string(),
  issuedAt: z.string().nullable(),
  status: z.enum(['pending_signoff', 'open', 'replied', 'closed', 'refused']),
  reply: z.string().nullable(),
  repliedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  signoffAt: z.string().nullable(),
  signoffComment: z.string().nullable(),
});

export function presentOrder(o: SupervisionOrderRow): z.infer<typeof orderSchema> {
  return {
    id: o.id,
    taskId: o.task_id,
    number: o.number,
    level: o.level,
    matter: o.matter,
    requirements: o.requirements,
    replyDeadline: o.reply_deadline,
    recipientUnitId: o.recipient_unit_id,
    issuingOffice: o.issuing_office,
    issuedAt: iso(o.issued_at),
    status: o.status,
    reply: o.reply,
    repliedAt: iso(o.replied_at),
    closedAt: iso(o.closed_at),
    signoffAt: iso(o.signoff_at),
    signoffComment: o.signoff_comment,
  };
}
