import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { Clock } from '../lib/clock.ts';
import type { LightService } from '../supervision/light.service.ts';
import { requiredPeriod } from '../supervision/light.service.ts';
import type { NotificationService } from '../supervision/notification.service.ts';
import { addWorkdays, shanghaiDate, type WorkCalendar } from '../supervision/rules/working-days.ts';
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
 */
export async function scanReminders(deps: { db: Kysely<DB>; clock: Clock; calendar: WorkCalendar; notifications: NotificationService; settings: ReminderSettings }, tenantId: string): Promise<{ sent: number; checked: number }> {
  const { db, calendar } = deps;
  const today = shanghaiDate(deps.clock.now());
  const horizon = addWorkdays(calendar, today, deps.settings.beforeDeadlineWorkdays);
  let sent = 0;
  let checked = 0;
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const tasks = await db
      .selectFrom('tasks')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('status', 'in', ['assigned', 'acknowledged', 'in_progress', 'returned'])
      .where('deleted_at', 'is', null)
      .where('id', '>', after)
      .orderBy('id')
      .limit(2000)
      .execute();
    if (tasks.length === 0) break;
    after = tasks[tasks.length - 1]!.id;
    checked += tasks.length;
    const liaisons = new Map<string, string[]>();
    for (const t of tasks) {
      const reminders: { key: string; title: string; body: string }[] = [];
      if (t.status === 'assigned' && t.ack_deadline && t.ack_deadline < today) reminders.push({ key: `ack:${t.id}`, title: `请签收:${t.title}`, body: `签收时限 ${t.ack_deadline} 已过` });
      if (t.deadline && t.deadline < today) reminders.push({ key: `overdue:${t.id}:${t.deadline}`, title: `已逾期:${t.title}`, body: `完成时限 ${t.deadline} 已过,请尽快办理并报送` });
      else if (t.deadline && t.deadline <= horizon) reminders.push({ key: `due-soon:${t.id}:${t.deadline}`, title: `即将到期:${t.title}`, body: `完成时限 ${t.deadline}` });
      if (t.status !== 'assigned') {
        const required = requiredPeriod(t, today, calendar);
        const last = t.last_report_period;
        if (required && (!last || last < required.key)) reminders.push({ key: `report:${t.id}:${required.key}`, title: `请报送进展:${t.title}`, body: `${required.key} 的进展应于 ${required.due} 前报送` });
      }
      if (reminders.length === 0) continue;
      if (!liaisons.has(t.owner_unit_id)) liaisons.set(t.owner_unit_id, await deps.notifications.liaisonsOf(db, tenantId, [t.owner_unit_id]));
      for (const r of reminders) {
        sent += await db.transaction().execute((tx) => deps.notifications.notify(tx, { tenantId, userIds: liaisons.get(t.owner_unit_id)!, kind: 'reminder', title: r.title, body: r.body, taskId: t.id, dedupeKey: r.key }));
      }
    }
  }
  return { sent, checked };
}

/** The supervision core's job kinds. */
export function supervisionJobs(deps: { db: Kysely<DB>; clock: Clock; calendar: WorkCalendar; notifications: NotificationService; lights: LightService; settings: ReminderSettings }): JobHandler[] {
  return [
    { kind: 'lights.recompute', run: async (job, ctx) => ({ recomputed: await deps.lights.recomputeAll(job.tenant_id!, (done, total) => void ctx.progress({ done, total })) }) },
    { kind: 'reminders.scan', run: async (job) => scanReminders(deps, job.tenant_id!) },
    { kind: 'escalations.propose', run: async (job) => proposeEscalations({ ...deps, rules: deps.settings.escalation ?? null }, job.tenant_id!) },
  ];
}

/**
 * Puts the periodic jobs of every tenant in the queue: the nightly light recomputation (once a
 * day, after 01:00 Shanghai time) and the reminder scan (once an hour). Dedupe keys make calling
 * this on every tick harmless.
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
    await deps.runner.enqueue({ kind: 'reminders.scan', tenantId: t.id, dedupeKey: `reminders:${t.id}:${hour}` });
  }
}
