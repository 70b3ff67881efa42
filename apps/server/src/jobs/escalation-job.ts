import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { Clock } from '../lib/clock.ts';
import { nextEscalation, type EscalationRules } from '../supervision/rules/escalation.ts';
import type { OrderLevel } from '../supervision/rules/lights.ts';
import { shanghaiDate, type WorkCalendar } from '../supervision/rules/working-days.ts';

/**
 * The nightly escalation pass of one tenant: for overdue work (a lead task answered by a unit other
 * than its issuer, not waiting in review, with no proposal pending), the next order by rule — blue,
 * then yellow, then red — is written as a proposal for the office to accept or dismiss. Nothing is
 * issued here. Set-based: one read per batch of candidates and one INSERT of its proposals; the
 * unique (task, level) key makes a second run the same night harmless.
 */
export async function proposeEscalations(deps: { db: Kysely<DB>; clock: Clock; calendar: WorkCalendar; rules: EscalationRules | null }, tenantId: string): Promise<{ proposed: number; checked: number }> {
  if (!deps.rules) return { proposed: 0, checked: 0 };
  const today = shanghaiDate(deps.clock.now());
  const now = deps.clock.now();
  let after = '00000000-0000-0000-0000-000000000000';
  let proposed = 0;
  let checked = 0;
  for (;;) {
    const rows = await deps.db
      .selectFrom('tasks as t')
      .select([
        't.id',
        't.deadline',
        sql<string[]>`ARRAY(SELECT o.level FROM supervision_orders o WHERE o.tenant_id = t.tenant_id AND o.task_id = t.id) || ARRAY(SELECT p.level FROM escalation_proposals p WHERE p.tenant_id = t.tenant_id AND p.task_id = t.id)`.as('seen'),
      ])
      .where('t.tenant_id', '=', tenantId)
      .where('t.deleted_at', 'is', null)
      .where('t.status', 'in', ['assigned', 'acknowledged', 'in_progress', 'returned'])
      .where('t.unit_role', '=', 'lead')
      .where(sql<boolean>`t.owner_unit_id <> t.issuer_unit_id`)
      .where('t.deadline', '<', today)
      .where(sql<boolean>`NOT EXISTS (SELECT 1 FROM escalation_proposals p WHERE p.tenant_id = t.tenant_id AND p.task_id = t.id AND p.status = 'pending')`)
      .where('t.id', '>', after)
      .orderBy('t.id')
      .limit(2000)
      .execute();
    if (rows.length === 0) break;
    after = rows[rows.length - 1]!.id;
    checked += rows.length;
    const values = rows.flatMap((r) => {
      const next = nextEscalation({ deadline: r.deadline, today, levelsSeen: r.seen as OrderLevel[] }, deps.calendar, deps.rules!);
      return next ? [{ tenant_id: tenantId, task_id: r.id, level: next.level, overdue_workdays: next.overdueWorkdays, reason: next.reason, created_at: now }] : [];
    });
    if (values.length > 0) {
      const inserted = await deps.db.insertInto('escalation_proposals').values(values).onConflict((oc) => oc.columns(['tenant_id', 'task_id', 'level']).doNothing()).executeTakeFirst();
      proposed += Number(inserted.numInsertedOrUpdatedRows ?? 0);
    }
  }
  return { proposed, checked };
}
