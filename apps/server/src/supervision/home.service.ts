import { TASK_FLAGS, type HomeCount, type HomeData, type TaskFlag } from '@luoshi/shared';
import { sql, type Kysely, type RawBuilder, type SqlBool } from 'kysely';
import { hasRole, inScope, type Actor } from '../access/index.ts';
import type { DB } from '../db/schema.ts';
import type { Clock } from '../lib/clock.ts';
import { OPEN_STATUSES } from './light.service.ts';
import { shanghaiDate } from './rules/working-days.ts';

/** The flags' names and the home shapes live in @luoshi/shared, which the web app reads too. */
export { TASK_FLAGS, type TaskFlag };

const REPORTING = ['acknowledged', 'in_progress', 'returned'];

/** A flag's condition over `tasks as t`, for `actor` on `today`. */
export function taskFlagCondition(flag: TaskFlag, actor: Pick<Actor, 'userId'>, today: string): RawBuilder<SqlBool> {
  const open = sql`t.status = ANY(${sql.val(OPEN_STATUSES)}::text[])`;
  const exists = (table: 'supervision_orders' | 'extension_requests' | 'instructions' | 'escalation_proposals', cond: RawBuilder<unknown>) =>
    sql<SqlBool>`EXISTS (SELECT 1 FROM ${sql.table(table)} x WHERE x.tenant_id = t.tenant_id AND x.task_id = t.id AND ${cond})`;
  switch (flag) {
    case 'ackOverdue':
      return sql<SqlBool>`(t.status = 'assigned' AND t.ack_deadline < ${today}::date)`;
    case 'overdue':
      return sql<SqlBool>`(${open} AND t.deadline < ${today}::date)`;
    case 'unreported':
      // The period owed and not reported for, written with the light (per change and nightly).
      return sql<SqlBool>`(t.status = ANY(${sql.val(REPORTING)}::text[]) AND t.report_missed IS NOT NULL)`;
    case 'orderOpen':
      return exists('supervision_orders', sql`x.status = 'open'`);
    case 'orderReplied':
      return exists('supervision_orders', sql`x.status = 'replied'`);
    case 'orderSignoff':
      return exists('supervision_orders', sql`x.status = 'pending_signoff'`);
    case 'extensionPending':
      return exists('extension_requests', sql`x.status = 'pending'`);
    case 'instructionOpen':
      return exists('instructions', sql`x.answer IS NULL`);
    case 'awaitingMyInstruction':
      // Red work of the leader's that he has not yet commented on.
      return sql<SqlBool>`(t.light = 'red' AND ${sql.val(actor.userId)}::uuid = ANY(t.responsible_leader_ids) AND NOT ${exists('instructions', sql`x.leader_id = ${sql.val(actor.userId)}::uuid`)})`;
    case 'proposal':
      return exists('escalation_proposals', sql`x.status = 'pending'`);
  }
}

interface CountSpec {
  key: string;
  /** The list filter behind the count: `flag` and plain list parameters. */
  query: Record<string, string>;
  where: RawBuilder<SqlBool>;
}

/**
 * The counts each person's day starts from, for the roles the caller holds: one SQL statement over
 * the tasks the caller may see, a `count(*) FILTER (…)` per figure.
 */
export class HomeService {
  /** `orderSignoff`: the deployment asks for leaders' 签发 of orders, so orders waiting for it are counted. */
  constructor(private readonly deps: { db: Kysely<DB>; clock: Clock; orderSignoff?: boolean }) {}

  async home(actor: Actor): Promise<HomeData> {
    const today = shanghaiDate(this.deps.clock.now());
    const flag = (f: TaskFlag) => taskFlagCondition(f, actor, today);
    const status = (s: string) => sql<SqlBool>`t.status = ${s}`;
    const light = (l: string) => sql<SqlBool>`t.light = ${l}`;
    const and = (...c: RawBuilder<SqlBool>[]) => sql<SqlBool>`(${sql.join(c, sql` AND `)})`;
    const mine = sql<SqlBool>`${sql.val(actor.userId)}::uuid = ANY(t.responsible_leader_ids)`;
    const ownUnit = sql<SqlBool>`t.owner_unit_id = ${sql.val(actor.orgUnitId)}::uuid`;
    const groups: Record<keyof HomeData, CountSpec[] | null> = {
      supervisor: hasRole(actor, 'supervisor')
        ? [
            { key: 'ackOverdue', query: { flag: 'ackOverdue' }, where: flag('ackOverdue') },
            { key: 'overdue', query: { flag: 'overdue' }, where: flag('overdue') },
            { key: 'unreported', query: { flag: 'unreported' }, where: flag('unreported') },
            { key: 'orderOpen', query: { flag: 'orderOpen' }, where: flag('orderOpen') },
            { key: 'orderReplied', query: { flag: 'orderReplied' }, where: flag('orderReplied') },
            ...(this.deps.orderSignoff ? [{ key: 'orderSignoff', query: { flag: 'orderSignoff' }, where: flag('orderSignoff') }] : []),
            { key: 'review', query: { status: 'completion_requested' }, where: status('completion_requested') },
            { key: 'extensionPending', query: { flag: 'extensionPending' }, where: flag('extensionPending') },
            { key: 'proposal', query: { flag: 'proposal' }, where: flag('proposal') },
          ]
        : null,
      leader: hasRole(actor, 'leader')
        ? [
            { key: 'red', query: { light: 'red', leaderId: actor.userId }, where: and(light('red'), mine) },
            { key: 'yellow', query: { light: 'yellow', leaderId: actor.userId }, where: and(light('yellow'), mine) },
            { key: 'awaitingMyInstruction', query: { flag: 'awaitingMyInstruction' }, where: flag('awaitingMyInstruction') },
            ...(this.deps.orderSignoff ? [{ key: 'orderToSign', query: { flag: 'orderSignoff', leaderId: actor.userId }, where: and(mine, flag('orderSignoff')) }] : []),
          ]
        : null,
      liaison: hasRole(actor, 'liaison')
        ? [
            { key: 'acknowledge', query: { ownerUnitId: actor.orgUnitId, status: 'assigned' }, where: and(ownUnit, status('assigned')) },
            { key: 'unreported', query: { ownerUnitId: actor.orgUnitId, flag: 'unreported' }, where: and(ownUnit, flag('unreported')) },
            { key: 'orderOpen', query: { ownerUnitId: actor.orgUnitId, flag: 'orderOpen' }, where: and(ownUnit, flag('orderOpen')) },
            { key: 'instructionOpen', query: { ownerUnitId: actor.orgUnitId, flag: 'instructionOpen' }, where: and(ownUnit, flag('instructionOpen')) },
            { key: 'returned', query: { ownerUnitId: actor.orgUnitId, status: 'returned' }, where: and(ownUnit, status('returned')) },
          ]
        : null,
      deputy: hasRole(actor, 'deputy') ? [{ key: 'follow', query: { status: OPEN_STATUSES.join(',') }, where: sql<SqlBool>`t.status = ANY(${sql.val(OPEN_STATUSES)}::text[])` }] : null,
    };
    const specs = Object.values(groups).flatMap((g) => g ?? []);
    const counts =
      specs.length === 0
        ? {}
        : await this.deps.db
            .selectFrom('tasks as t')
            .select(specs.map((s, i) => sql<number>`count(*) FILTER (WHERE ${s.where})`.as(`c${i}`)))
            .where('t.tenant_id', '=', actor.tenantId)
            .where('t.deleted_at', 'is', null)
            // What the task list shows the caller: owned or issued within the caller's scope.
            .where((eb) => eb.or([inScope(actor.scope, actor.tenantId, eb.ref('t.owner_unit_id')), inScope(actor.scope, actor.tenantId, eb.ref('t.issuer_unit_id'))]))
            .executeTakeFirstOrThrow();
    const row = counts as Record<string, number | string>;
    const present = (g: CountSpec[] | null): HomeCount[] | null => g && g.map((s) => ({ key: s.key, count: Number(row[`c${specs.indexOf(s)}`] ?? 0), query: s.query }));
    return { supervisor: present(groups.supervisor), leader: present(groups.leader), liaison: present(groups.liaison), deputy: present(groups.deputy) };
  }
}
