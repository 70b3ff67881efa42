import { escapeLike, searchKey, type SuggestionStatsCounts } from '@luoshi/shared';
import { sql, type Expression, type Kysely, type SqlBool } from 'kysely';
import { inScope, scopeForRoles, type Actor } from '../../access/index.ts';
import type { Executor } from '../../db/database.ts';
import type { DB, SuggestionKind, SuggestionRow, SuggestionStatus } from '../../db/schema.ts';
import { paginate, type Page, type PageQuery } from '../../db/pagination.ts';

/** The roles that see suggestions through their units; a deputy sees the ones they proposed. */
const UNIT_ROLES = ['admin', 'supervisor', 'leader', 'liaison', 'viewer'] as const;

/**
 * The suggestions the actor sees (the table aliased `s`): the ones they proposed, and those whose
 * registering office, main unit or an assisting unit lies in the scope of their non-deputy roles.
 */
export function visibleTo(actor: Actor, rootUnitId?: string): Expression<SqlBool> {
  // A scope over the tenant's root unit holds every suggestion: no subqueries over the closure.
  if (seesWholeTenant(actor, rootUnitId)) return sql<SqlBool>`true`;
  const scope = scopeForRoles(actor, UNIT_ROLES);
  const t = actor.tenantId;
  const parts: Expression<SqlBool>[] = [
    inScope(scope, t, sql.ref('s.office_unit_id')),
    inScope(scope, t, sql.ref('s.main_unit_id')),
    sql<SqlBool>`EXISTS (SELECT 1 FROM unnest(s.co_unit_ids) AS cu(id) WHERE ${inScope(scope, t, sql.ref('cu.id'))})`,
  ];
  if (actor.userId) parts.push(sql<SqlBool>`s.proposer_user_ids @> ARRAY[${actor.userId}]::uuid[]`);
  return sql<SqlBool>`(${sql.join(parts, sql` OR `)})`;
}

/** The actor's unit roles reach every suggestion of the tenant (their scope holds its root unit). */
function seesWholeTenant(actor: Actor, rootUnitId?: string): boolean {
  const granted = scopeForRoles(actor, UNIT_ROLES);
  return granted.all || (!!rootUnitId && granted.subtreeRoots.includes(rootUnitId));
}

export interface SuggestionFilter extends PageQuery {
  session?: string | undefined;
  kind?: SuggestionKind | undefined;
  status?: SuggestionStatus[] | undefined;
  unitId?: string | undefined;
  /** Only those the actor proposed. */
  mine?: boolean | undefined;
  q?: string | undefined;
}

export type SuggestionListRow = SuggestionRow & { main_unit_name: string | null };

function base(db: Executor, actor: Actor) {
  return db
    .selectFrom('suggestions as s')
    .leftJoin('org_units as u', (j) => j.onRef('u.tenant_id', '=', 's.tenant_id').onRef('u.id', '=', 's.main_unit_id'))
    .where('s.tenant_id', '=', actor.tenantId)
    .where('s.deleted_at', 'is', null)
    .where(() => visibleTo(actor));
}

/** One suggestion the actor sees, with its main unit's name; undefined otherwise. */
export function findSuggestion(db: Executor, actor: Actor, id: string): Promise<SuggestionListRow | undefined> {
  return base(db, actor).selectAll('s').select('u.name as main_unit_name').where('s.id', '=', id).executeTakeFirst();
}

/** The suggestions the actor sees, newest first (or by deadline while being handled). */
export function listSuggestions(db: Kysely<DB>, actor: Actor, f: SuggestionFilter): Promise<Page<SuggestionListRow>> {
  let q = base(db, actor);
  if (f.session) q = q.where('s.session', '=', f.session);
  if (f.kind) q = q.where('s.kind', '=', f.kind);
  if (f.status?.length) q = q.where('s.status', 'in', f.status);
  if (f.unitId) q = q.where('s.main_unit_id', '=', f.unitId);
  if (f.mine) q = q.where(sql<SqlBool>`s.proposer_user_ids @> ARRAY[${actor.userId}]::uuid[]`);
  if (f.q?.trim()) q = q.where('s.search_key', 'like', `%${escapeLike(searchKey(f.q))}%`);
  const rows = q.selectAll('s').select('u.name as main_unit_name').orderBy('s.created_at', 'desc').orderBy('s.id');
  return paginate(rows, q, f);
}

export interface StatsFilter extends PageQuery {
  by: 'unit' | 'session';
  session?: string | undefined;
  kind?: SuggestionKind | undefined;
}

/** One line of the statistics: a main unit (null: not yet assigned) or a session. */
export type StatsLine = SuggestionStatsCounts;

/**
 * Received, assigned, answered (the current round's answer given), answered on time (the first
 * answer by its deadline), closed, rated and satisfied (满意 or 基本满意), grouped by main unit or by
 * session over what the actor sees: one grouped query, paged, its total the number of groups.
 */
export async function suggestionStats(db: Kysely<DB>, actor: Actor, f: StatsFilter): Promise<{ lines: StatsLine[]; total: number }> {
  const root = await db.selectFrom('org_units').select('id').where('tenant_id', '=', actor.tenantId).where('parent_id', 'is', null).execute();
  const page = f.page ?? 1;
  const pageSize = f.pageSize ?? 50;
  // Counted per group first, then the groups joined to their unit for the name and order. A reader
  // who sees the whole tenant sums the counters (migration 0029), kept per main unit, session and
  // kind, instead of reading every suggestion; any other reader counts the suggestions they see.
  const rootId = root.length === 1 ? root[0]!.id : undefined;
  const filters = sql`${f.session ? sql`AND s.session = ${f.session}` : sql``} ${f.kind ? sql`AND s.kind = ${f.kind}` : sql``}`;
  const key = f.by === 'unit' ? sql`s.main_unit_id` : sql`s.session`;
  const groups = seesWholeTenant(actor, rootId)
    ? sql`SELECT ${key} AS key, sum(s.received) AS received, sum(s.assigned) AS assigned, sum(s.answered) AS answered, sum(s.on_time) AS on_time,
             sum(s.closed) AS closed, sum(s.rated) AS rated, sum(s.satisfied) AS satisfied
        FROM suggestion_counts s WHERE s.tenant_id = ${actor.tenantId} ${filters}
        GROUP BY 1 HAVING sum(s.received) <> 0`
    : sql`SELECT ${key} AS key,
        count(*) AS received,
        count(*) FILTER (WHERE s.status <> 'new') AS assigned,
        count(*) FILTER (WHERE s.status IN ('answered', 'closed')) AS answered,
        count(*) FILTER (WHERE s.first_on_time) AS on_time,
        count(*) FILTER (WHERE s.status = 'closed') AS closed,
        count(*) FILTER (WHERE s.rating IS NOT NULL) AS rated,
        count(*) FILTER (WHERE s.rating IN ('satisfied', 'basic')) AS satisfied
      FROM suggestions s
      WHERE s.tenant_id = ${actor.tenantId} AND s.deleted_at IS NULL AND ${visibleTo(actor, rootId)} ${filters}
      GROUP BY 1`;
  const rows = await sql<{ key: string | null; name: string; received: string; assigned: string; answered: string; on_time: string; closed: string; rated: string; satisfied: string; groups: string }>`
    SELECT ${f.by === 'unit' ? sql`g.key::text AS key, coalesce(u.name, '未交办') AS name` : sql`g.key, g.key AS name`},
      g.received, g.assigned, g.answered, g.on_time, g.closed, g.rated, g.satisfied, count(*) OVER () AS groups
    FROM (${groups}) g
    ${f.by === 'unit' ? sql`LEFT JOIN org_units u ON u.tenant_id = ${actor.tenantId} AND u.id = g.key ORDER BY u.depth NULLS LAST, u.sort_order, u.code, 1` : sql`ORDER BY g.key DESC`}
    LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`.execute(db);
  const lines = rows.rows.map((r) => ({ key: r.key, name: r.name, received: Number(r.received), assigned: Number(r.assigned), answered: Number(r.answered), onTime: Number(r.on_time), closed: Number(r.closed), rated: Number(r.rated), satisfied: Number(r.satisfied) }));
  return { lines, total: Number(rows.rows[0]?.groups ?? 0) };
}
