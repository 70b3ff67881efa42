import type { Kysely } from 'kysely';
import { inScope, type Actor } from '../../access/index.ts';
import type { DB } from '../../db/schema.ts';

/**
 * What the task list shows beside each row that the row itself does not hold: the names of its
 * responsible leaders (责任领导) and how many of its direct parts the caller may see (so the list
 * can offer to expand it). Two queries for the whole page.
 */
export async function listExtras(db: Kysely<DB>, actor: Actor, rows: { id: string; responsible_leader_ids: string[] | null }[]): Promise<{ leaders: Map<string, string>; parts: Map<string, number> }> {
  const ids = rows.map((r) => r.id);
  const leaderIds = [...new Set(rows.flatMap((r) => r.responsible_leader_ids ?? []))];
  const [people, counts] = await Promise.all([
    leaderIds.length ? db.selectFrom('users').select(['id', 'display_name']).where('tenant_id', '=', actor.tenantId).where('id', 'in', leaderIds).execute() : [],
    ids.length
      ? db
          .selectFrom('tasks as t')
          .select(['t.parent_id', (eb) => eb.fn.countAll<number>().as('n')])
          .where('t.tenant_id', '=', actor.tenantId)
          .where('t.parent_id', 'in', ids)
          .where('t.deleted_at', 'is', null)
          .where((eb) => eb.or([inScope(actor.scope, actor.tenantId, eb.ref('t.owner_unit_id')), inScope(actor.scope, actor.tenantId, eb.ref('t.issuer_unit_id'))]))
          .groupBy('t.parent_id')
          .execute()
      : [],
  ]);
  return { leaders: new Map(people.map((p) => [p.id, p.display_name])), parts: new Map(counts.map((c) => [c.parent_id as string, Number(c.n)])) };
}
