import { escapeLike, searchKey } from '@luoshi/shared';
import { sql, type Expression, type SqlBool } from 'kysely';
import { inScope, type Actor } from '../../access/index.ts';
import type { Executor } from '../../db/database.ts';
import type { CampaignKind, ProblemStatus } from '../../db/schema.ts';
import { paginate, type PageQuery } from '../../db/pagination.ts';

// Reads of the campaign module. A campaign is visible to whoever's scope holds its organising
// unit or any of its participating units; a problem to whoever's scope holds the problem's unit
// or the campaign's organising unit. Everything else answers "not found".

/** SQL: the campaign in `campaignId` is visible to the actor. */
export function campaignVisible(actor: Actor, campaignId: Expression<string>, organizer: Expression<string>): Expression<SqlBool> {
  if (actor.scope.all) return sql<SqlBool>`true`;
  return sql<SqlBool>`(${inScope(actor.scope, actor.tenantId, organizer)} OR EXISTS (SELECT 1 FROM campaign_units cu WHERE cu.tenant_id = ${actor.tenantId}::uuid AND cu.campaign_id = ${campaignId} AND ${inScope(actor.scope, actor.tenantId, sql.ref('cu.unit_id'))}))`;
}

/**
 * Whether the actor's scope holds the whole tenant: `all`, or a subtree rooted at the tenant's top
 * unit. Then no row needs a scope check (the check over org_closure costs a semi-join per list).
 */
export async function seesWholeTenant(db: Executor, actor: Actor): Promise<boolean> {
  if (actor.scope.all) return true;
  if (actor.scope.subtreeRoots.length === 0) return false;
  const top = await db.selectFrom('org_units').select('id').where('tenant_id', '=', actor.tenantId).where('id', 'in', actor.scope.subtreeRoots).where('parent_id', 'is', null).executeTakeFirst();
  return top !== undefined;
}

/** SQL: the problem (alias p, its campaign c) is visible to the actor (`whole`: the actor sees the whole tenant). */
export function problemVisible(actor: Actor, whole = false): Expression<SqlBool> {
  if (actor.scope.all || whole) return sql<SqlBool>`true`;
  return sql<SqlBool>`(${inScope(actor.scope, actor.tenantId, sql.ref('p.unit_id'))} OR ${inScope(actor.scope, actor.tenantId, sql.ref('c.organizer_unit_id'))})`;
}

export interface CampaignFilter extends PageQuery {
  q?: string | undefined;
  kind?: CampaignKind | undefined;
}

export interface ProblemFilter extends PageQuery {
  campaignId?: string | undefined;
  unitId?: string | undefined;
  status?: ProblemStatus[] | undefined;
  overdue?: boolean | undefined;
  q?: string | undefined;
  /** The problem a rectification task serves. */
  taskId?: string | undefined;
}

export function listCampaigns(db: Executor, actor: Actor, filter: CampaignFilter) {
  let q = db
    .selectFrom('campaigns as c')
    .where('c.tenant_id', '=', actor.tenantId)
    .where('c.deleted_at', 'is', null)
    .where((eb) => campaignVisible(actor, eb.ref('c.id'), eb.ref('c.organizer_unit_id')));
  if (filter.kind) q = q.where('c.kind', '=', filter.kind);
  if (filter.q?.trim()) q = q.where('c.search_key', 'like', `%${escapeLike(searchKey(filter.q.trim()))}%`);
  const rows = q
    .selectAll('c')
    .select([
      sql<string>`(SELECT o.name FROM org_units o WHERE o.tenant_id = c.tenant_id AND o.id = c.organizer_unit_id)`.as('organizer_unit_name'),
      sql<number>`(SELECT count(*) FROM campaign_problems p WHERE p.tenant_id = c.tenant_id AND p.campaign_id = c.id AND p.deleted_at IS NULL)`.as('problem_count'),
      sql<number>`(SELECT count(*) FROM campaign_problems p WHERE p.tenant_id = c.tenant_id AND p.campaign_id = c.id AND p.deleted_at IS NULL AND p.status = 'closed')`.as('closed_count'),
    ])
    .orderBy('c.start_date', 'desc')
    .orderBy('c.id');
  return paginate(rows, q, filter);
}

/** One campaign row the actor may see, or undefined. */
export function findCampaign(db: Executor, actor: Actor, id: string) {
  return db
    .selectFrom('campaigns as c')
    .innerJoin('org_units as o', (j) => j.onRef('o.tenant_id', '=', 'c.tenant_id').onRef('o.id', '=', 'c.organizer_unit_id'))
    .selectAll('c')
    .select('o.name as organizer_unit_name')
    .where('c.tenant_id', '=', actor.tenantId)
    .where('c.id', '=', id)
    .where('c.deleted_at', 'is', null)
    .where((eb) => campaignVisible(actor, eb.ref('c.id'), eb.ref('c.organizer_unit_id')))
    .executeTakeFirst();
}

/** The problem base query: problem p, its campaign c, its unit u, its rectification task t. */
export function problemsFrom(db: Executor, actor: Actor, whole = false) {
  return db
    .selectFrom('campaign_problems as p')
    .innerJoin('campaigns as c', (j) => j.onRef('c.tenant_id', '=', 'p.tenant_id').onRef('c.id', '=', 'p.campaign_id'))
    .innerJoin('org_units as u', (j) => j.onRef('u.tenant_id', '=', 'p.tenant_id').onRef('u.id', '=', 'p.unit_id'))
    .leftJoin('users as ow', (j) => j.onRef('ow.tenant_id', '=', 'p.tenant_id').onRef('ow.id', '=', 'p.owner_user_id'))
    .leftJoin('tasks as t', (j) => j.onRef('t.tenant_id', '=', 'p.tenant_id').onRef('t.id', '=', 'p.task_id'))
    .where('p.tenant_id', '=', actor.tenantId)
    .where('p.deleted_at', 'is', null)
    .where('c.deleted_at', 'is', null)
    .where(() => problemVisible(actor, whole));
}

export const PROBLEM_COLUMNS = ['c.title as campaign_title', 'u.name as unit_name', 'ow.display_name as owner_name', 't.status as task_status', 't.light as task_light', 't.light_reason as task_light_reason', 't.own_percent as task_percent'] as const;

export async function listProblems(db: Executor, actor: Actor, filter: ProblemFilter, today: string) {
  let q = problemsFrom(db, actor, await seesWholeTenant(db, actor));
  if (filter.campaignId) q = q.where('p.campaign_id', '=', filter.campaignId);
  if (filter.taskId) q = q.where('p.task_id', '=', filter.taskId);
  if (filter.unitId) q = q.where('p.unit_id', 'in', (eb) => eb.selectFrom('org_closure').select('descendant_id').where('tenant_id', '=', actor.tenantId).where('ancestor_id', '=', filter.unitId!));
  if (filter.status?.length) q = q.where('p.status', 'in', filter.status);
  if (filter.overdue) q = q.where('p.status', 'in', ['rectifying', 'returned']).where('p.deadline', '<', today);
  if (filter.q?.trim()) q = q.where('p.search_key', 'like', `%${escapeLike(searchKey(filter.q.trim()))}%`);
  const rows = q
    .selectAll('p')
    .select(PROBLEM_COLUMNS)
    .orderBy(sql`CASE p.status WHEN 'returned' THEN 0 WHEN 'review' THEN 1 WHEN 'rectifying' THEN 2 WHEN 'found' THEN 3 ELSE 4 END`)
    .orderBy('p.deadline', (o) => o.asc().nullsLast())
    .orderBy('p.created_at')
    .orderBy('p.id');
  return paginate(rows, q, filter);
}
