import type { Actor } from '../access/index.ts';
import type { Executor } from '../db/database.ts';

/** One entry of a task's timeline, written inside the change's transaction. */
export async function recordTaskEvent(
  tx: Executor,
  actor: Actor,
  at: Date,
  taskId: string,
  event: { kind: string; from?: string | null; to?: string | null; comment?: string | null; data?: unknown },
): Promise<void> {
  await tx
    .insertInto('task_events')
    .values({ tenant_id: actor.tenantId, task_id: taskId, at, actor_id: actor.userId || null, actor_name: actor.displayName, kind: event.kind, from_status: event.from ?? null, to_status: event.to ?? null, comment: event.comment ?? null, data: event.data === undefined ? null : JSON.stringify(event.data) })
    .execute();
}
