import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { Clock } from '../lib/clock.ts';
import type { LightService } from '../supervision/light.service.ts';
import { requiredPeriod } from '../supervision/light.service.ts';
import type { NotificationService } from '../supervision/notification.service.ts';
import { addWorkdays, shanghaiDate, type WorkCalendar } from '../supervision/rules/working-days.ts';
import { compactTenant } from '../supervision/counters.ts';
import type { EscalationRules } from '../supervision/rules/escalation.ts';
import { proposeEscalations } from './escalation-job.ts';
import type { JobHandler, JobRunner } from './job-runner.ts';

export interface ReminderSettings {
  /** Remind this many working days before a deadline (default 3). */
  beforeDeadlineWorkdays: number;
  /** Overdue working days for proposing blue, yellow and red orders; null: no proposals. */
  escalation?: EscalationRules | null | undefined;
}

/**
 * The automatic reminders of one tenant: before a deadline, on a missed report window, on
 * overdue work and on an unacknowledged assignment. Each has a stable dedupe key, so running
 * the scan again (or after a restart) never sends the same reminder twice.
 *
 * Set-based. The read returns only the open tasks that may owe a reminder not yet handed out:
 * the keys already handed out for each are kept in `reminder_marks`, and the read compares them
 * in SQL with the keys the task's state produces — acknowledgement, overdue or due soon (from its
 * dates), and the report owed (the period each (cycle, due day) requires today, worked out here
 * first; biweekly tasks, whose periods hang on their own start, are always read). The rules are
 * then applied exactly in memory; only when something new is due, one transaction (5,000
 * reminders a statement) resolves the units' liaisons, skips what a person already has, inserts
 * the rest and marks the keys handed out. With nothing new due, the scan is one read that
 * returns (almost) nothing.
 *
 * A reminder for a unit with no liaison is not marked: it goes out once someone can act for it.
 */
export async function scanReminders(deps: { db: Kysely<DB>; clock: Clock; calendar: WorkCalendar; notifications: NotificationService; settings: ReminderSettings }, tenantId: string): Promise<{ sent: number; checked: number }> {
  const { db, calendar } = deps;
  const today = shanghaiDate(deps.clock.now());
  const horizon = addWorkdays(calendar, today, deps.settings.beforeDeadlineWorkdays);
  let checked = 0;
  let after = '00000000-0000-0000-0000-000000000000';
  const due: { unitId: string; title: string; body: string; taskId: string; dedupeKey: string }[] = [];
  // For each task with something new due: every key its state produces now (marked once handed out).
  const current = new Map<string, { unitId: string; keys: string[] }>();
  const open = ['assigned', 'acknowledged', 'in_progress', 'returned'] as const;
  // The report period each (cycle, due day) requires today of a task started long ago: a task
  // whose last report is at or past it owes nothing (one started later may owe less).
  const combos = await db
    .selectFrom('tasks')
    .select(['report_cycle', 'report_due_day'])
    .distinct()
    .where('tenant_id', '=', tenantId)
    .where('status', 'in', open)
    .where('deleted_at', 'is', null)
    .where('report_cycle', 'not in', ['none', 'biweekly'])
    .execute();
  const required = combos.flatMap((c) => {
    const key = requiredPeriod({ report_cycle: c.report_cycle, report_due_day: c.report_due_day, start_date: '1900-01-01', created_at: new Date(0) }, today, calendar)?.key;
    return key ? [sql`WHEN t.report_cycle = ${c.report_cycle} AND t.report_due_day = ${c.report_due_day} THEN ${key}`] : [];
  });
  const owed = required.length > 0 ? sql<string | null>`(CASE ${sql.join(required, sql` `)} END)` : sql<string | null>`NULL::text`;
  const marked = (key: RawBuilder<string>) => sql<boolean>`(${key}) = ANY(coalesce(m.keys, '{}'::text[]))`;
  const day = sql<string>`to_char(t.deadline, 'YYYY-MM-DD')`;
  for (;;) {
    const tasks = await db
      .selectFrom('tasks as t')
      .leftJoin('reminder_marks as m', (j) => j.onRef('m.tenant_id', '=', 't.tenant_id').onRef('m.task_id', '=', 't.id'))
      .select(['t.id', 't.title', 't.owner_unit_id', 't.status', 't.ack_deadline', 't.deadline', 't.report_cycle', 't.report_due_day', 't.start_date', 't.created_at', 't.last_report_period', 'm.keys'])
      .where('t.tenant_id', '=', tenantId)
      .where('t.status', 'in', open)
      .where('t.deleted_at', 'is', null)
      .where('t.id', '>', after)
      .where(
        sql<boolean>`(
          (t.status = 'assigned' AND t.ack_deadline < ${today}::date AND NOT ${marked(sql`'ack:' || t.id`)})
          OR (t.deadline < ${today}::date AND NOT ${marked(sql`'overdue:' || t.id || ':' || ${day}`)})
          OR (t.deadline >= ${today}::date AND t.deadline <= ${horizon}::date AND NOT ${marked(sql`'due-soon:' || t.id || ':' || ${day}`)})
          OR (t.status <> 'assigned' AND t.report_cycle = 'biweekly')
          OR (t.status <> 'assigned' AND ${owed} IS NOT NULL AND (t.last_report_period IS NULL OR t.last_report_period COLLATE "C" < ${owed} COLLATE "C")
              AND NOT ${marked(sql`'report:' || t.id || ':' || ${owed}`)})
        )`,
      )
      .orderBy('t.id')
      .limit(20_000)
      .execute();
    if (tasks.length === 0) break;
    after = tasks[tasks.length - 1]!.id;
    checked += tasks.length;
    for (const t of tasks) {
      const keys: string[] = [];
      let fresh = false;
      const remind = (key: string, title: string, body: string) => {
        keys.push(key);
        if (t.keys?.includes(key)) return;
        fresh = true;
        due.push({ unitId: t.owner_unit_id, taskId: t.id, dedupeKey: key, title, body });
      };
      if (t.status === 'assigned' && t.ack_deadline && t.ack_deadline < today) remind(`ack:${t.id}`, `请签收：${t.title}`, `签收时限 ${t.ack_deadline} 已过`);
      if (t.deadline && t.deadline < today) remind(`overdue:${t.id}:${t.deadline}`, `已逾期：${t.title}`, `完成时限 ${t.deadline} 已过，请尽快办理并报送`);
      else if (t.deadline && t.deadline <= horizon) remind(`due-soon:${t.id}:${t.deadline}`, `即将到期：${t.title}`, `完成时限 ${t.deadline}`);
      if (t.status !== 'assigned') {
        const required = requiredPeriod(t, today, calendar);
        const last = t.last_report_period;
        if (required && (!last || last < required.key)) remind(`report:${t.id}:${required.key}`, `请报送进展：${t.title}`, `${required.key} 的进展应于 ${required.due} 前报送`);
      }
      if (fresh) current.set(t.id, { unitId: t.owner_unit_id, keys });
    }
  }
  let sent = 0;
  if (due.length > 0) {
    await db.transaction().execute(async (tx) => {
      for (let i = 0; i < due.length; i += 5000) sent += await deps.notifications.notifyUnits(tx, tenantId, 'reminder', due.slice(i, i + 5000));
      // Mark what reached someone: the tasks of units with at least one liaison.
      const reached = await deps.notifications.liaisonsByUnit(tx, tenantId, [...new Set([...current.values()].map((c) => c.unitId))]);
      const marks = [...current].filter(([, c]) => reached.has(c.unitId)).map(([taskId, c]) => ({ tenant_id: tenantId, task_id: taskId, keys: c.keys }));
      for (let i = 0; i < marks.length; i += 5000) {
        await tx
          .insertInto('reminder_marks')
          .values(marks.slice(i, i + 5000))
          .onConflict((oc) => oc.columns(['tenant_id', 'task_id']).doUpdateSet((eb) => ({ keys: eb.ref('excluded.keys') })))
          .execute();
      }
    });
  }
  return { sent, checked };
}

/** The supervision core's job kinds. */
export function supervisionJobs(deps: { db: Kysely<DB>; clock: Clock; calendar: WorkCalendar; notifications: NotificationService; lights: LightService; settings: ReminderSettings }): JobHandler[] {
  return [
    { kind: 'lights.recompute', run: async (job, ctx) => ({ recomputed: await deps.lights.recomputeAll(job.tenant_id!, (done, total) => void ctx.progress({ done, total })) }) },
    {
      kind: 'reminders.scan',
      run: async (job) => {
        const result = await scanReminders(deps, job.tenant_id!);
        // Hourly too: fold the dashboard counters' deltas, so the dashboard sums few rows.
        await deps.db.transaction().execute((tx) => compactTenant(tx, job.tenant_id!));
        return result;
      },
    },
    { kind: 'escalations.propose', run: async (job) => proposeEscalations({ ...deps, rules: deps.settings.escalation ?? null }, job.tenant_id!) },
  ];
}

/**
 * Puts the periodic jobs of every tenant in the queue: the nightly light recomputation (once a
 * day, after 01:00 Shanghai time, with the key projects' relight and monthly report reminders), the reminder scan and the cleanup of pending uploads older
 * than a day (once an hour). Dedupe keys make calling this on every tick harmless.
 */
export async function scheduleSupervisionJobs(deps: { db: Kysely<DB>; clock: Clock; runner: JobRunner }): Promise<void> {
  const now = deps.clock.now();
  const today = shanghaiDate(now);
  const hour = new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 13);
  const tenants = await deps.db.selectFrom('tenants').select('id').execute();
  for (const t of tenants) {
    await deps.runner.enqueue({ kind: 'lights.recompute', tenantId: t.id, dedupeKey: `lights:${t.id}:${today}`, runAt: new Date(`${today}T01:00:00+08:00`) });
    // After the lights, so the proposals see the night's overdue work.
    await deps.runner.enqueue({ kind: 'escalations.propose', tenantId: t.id, dedupeKey: `escalations:${t.id}:${today}`, runAt: new Date(`${today}T01:30:00+08:00`) });
    // Key projects: reports fall due and milestones pass as days go by.
    await deps.runner.enqueue({ kind: 'projects.relight', tenantId: t.id, dedupeKey: `projects:${t.id}:${today}`, runAt: new Date(`${today}T01:15:00+08:00`) });
    // Their monthly reports: due soon, and missing after the due day, to the lead unit's liaisons (once each, after the relight).
    await deps.runner.enqueue({ kind: 'projects.remind', tenantId: t.id, dedupeKey: `projects-remind:${t.id}:${today}`, runAt: new Date(`${today}T01:20:00+08:00`) });
    await deps.runner.enqueue({ kind: 'reminders.scan', tenantId: t.id, dedupeKey: `reminders:${t.id}:${hour}` });
    await deps.runner.enqueue({ kind: 'uploads.cleanup', tenantId: t.id, dedupeKey: `uploads:${t.id}:${hour}` });
    // The work's rhythm: occurrences owed and their owners' reminders (issue 12).
    await deps.runner.enqueue({ kind: 'rhythm.scan', tenantId: t.id, dedupeKey: `rhythm:${t.id}:${hour}` });
  }
}
