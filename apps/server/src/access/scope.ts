import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { Executor } from '../db/database.ts';
import type { DB } from '../db/schema.ts';
import type { Actor, Scope } from './actor.ts';

/**
 * A SQL condition that is true when the org unit in `column` lies inside `scope`.
 * Every list of records owned by a unit is filtered with this (ARCHITECTURE.md example 5).
 */
export function inScope(scope: Scope, tenantId: string, column: Expression<string | null>): Expression<SqlBool> {
  if (scope.all) return sql<SqlBool>`true`;
  const parts: Expression<SqlBool>[] = [];
  if (scope.units.length > 0) parts.push(sql<SqlBool>`${column} = ANY(${sql.val(scope.units)}::uuid[])`);
  if (scope.subtreeRoots.length > 0) {
    parts.push(
      sql<SqlBool>`${column} IN (SELECT oc.descendant_id FROM org_closure oc WHERE oc.tenant_id = ${tenantId} AND oc.ancestor_id = ANY(${sql.val(scope.subtreeRoots)}::uuid[]))`,
    );
  }
  if (parts.length === 0) return sql<SqlBool>`false`;
  return sql<SqlBool>`(${sql.join(parts, sql` OR `)})`;
}

/** `inScope` for the actor's whole read scope, as a `where` callback argument. */
export function scopeTo(actor: Actor, column: string) {
  return (eb: ExpressionBuilder<DB, never>) => inScope(actor.scope, actor.tenantId, eb.ref(column as never));
}

/**
 * True when a unit lies inside the scope, given its ancestors as org_closure holds them (the unit
 * itself included): the check without a query, for rows read together with their unit's path.
 */
export function scopeContains(scope: Scope, unitId: string, ancestors: readonly string[]): boolean {
  if (scope.all || scope.units.includes(unitId)) return true;
  return scope.subtreeRoots.some((root) => ancestors.includes(root));
}

/** True when one unit lies inside the scope. */
export async function unitInScope(db: Executor, scope: Scope, tenantId: string, unitId: string): Promise<boolean> {
  if (scope.all) return true;
  if (scope.units.includes(unitId)) return true;
  if (scope.subtreeRoots.length === 0) return false;
  const row = await db
    .selectFrom('org_closure')
    .select('descendant_id')
    .where('tenant_id', '=', tenantId)
    .where('descendant_id', '=', unitId)
    .where('ancestor_id', 'in', scope.subtreeRoots)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * True when the unit and everything below it lie inside the scope: the whole scope, or a subtree
 * rooted at or above the unit (a unit listed alone does not bring its subtree). Figures kept per
 * unit for a subtree (the counters) may then be read instead of the rows the scope would filter.
 */
export function subtreeInScope(db: Executor, scope: Scope, tenantId: string, unitId: string): Promise<boolean> {
  return unitInScope(db, { ...scope, units: [] }, tenantId, unitId);
}

/** Which of the given units lie inside the scope, in one query (for lists of units). */
export async function unitsInScope(db: Executor, scope: Scope, tenantId: string, unitIds: string[]): Promise<Set<string>> {
  const ids = [...new Set(unitIds)];
  if (ids.length === 0) return new Set();
  if (scope.all) return new Set(ids);
  const rows = await db
    .selectFrom('org_units as u')
    .select('u.id')
    .where('u.tenant_id', '=', tenantId)
    .where('u.id', 'in', ids)
    .where((eb) => inScope(scope, tenantId, eb.ref('u.id')))
    .execute();
  return new Set(rows.map((r) => r.id));
}
