import type { Actor } from '../access/index.ts';
import type { Executor } from '../db/database.ts';

export interface TaskEvent {
  kind: string;
  from?: string | null;
  to?: string | null;
  comment?: string | null;
  data?: unknown;
}

/** The task_events row of one timeline entry (for an insert of its own or inside a larger statement). */
export function taskEventRow(actor: Actor, at: Date, taskId: string, event: TaskEvent) {
  return { tenant_id: actor.tenantId, task_id: taskId, at, actor_id: actor.userId || null, actor_name: actor.displayName, kind: event.kind, from_status: event.from ?? null, to_status: event.to ?? null, comment: event.comment ?? null, data: event.data === undefined ? null : JSON.stringify(event.data) };
}

/** One entry of a task's timeline, written inside the change's transaction. */
export async function recordTaskEvent(tx: Executor, actor: Actor, at: Date, taskId: string, event: TaskEvent): Promise<void> {
  await tx.insertInto('task_events').values(taskEventRow(actor, at, taskId, event)).execute();
}

/** Several timeline entries (one per task) in one insert. */
export async function recordTaskEvents(tx: Executor, actor: Actor, at: Date, events: (TaskEvent & { taskId: string })[]): Promise<void> {
  if (events.length === 0) return;
  await tx.insertInto('task_events').values(events.map((e) => taskEventRow(actor, at, e.taskId, e))).execute();
}
