import { sql, type Expression, type RawBuilder, type SqlBool } from 'kysely';
import type { Executor } from '../db/database.ts';

// Who acts for a unit — acknowledges, reports and replies as its owner (`isOwner` in
// supervision/task.policy.ts): an active liaison whose own unit it is, or an active liaison granted
// the unit by name. This file is the one place that says so in SQL: notices to a unit, the warnings
// about units nobody can act for and the administrator's list all read it.

/** SQL: the unit has an active user who can act for it. Work assigned to a unit without one waits for nobody. */
export function unitHasActor(tenantId: string, unit: Expression<string>): Expression<SqlBool> {
  return sql<SqlBool>`EXISTS (SELECT 1 FROM users ua JOIN role_grants ga ON ga.tenant_id = ua.tenant_id AND ga.user_id = ua.id
    WHERE ua.tenant_id = ${tenantId}::uuid AND ua.active AND ga.role = 'liaison'
      AND (ua.org_unit_id = ${unit} OR (ga.scope_kind = 'units' AND ${unit} = ANY(ga.scope_unit_ids))))`;
}

/**
 * SQL rows (user_id, unit_id): the users who can act for each of `unitIds`. Two index-friendly
 * halves (own unit; units granted by name) rather than one OR, so many units cost one pass.
 */
export function unitActorRows(tenantId: string, unitIds: string[]): RawBuilder<{ user_id: string; unit_id: string }> {
  const ids = [...new Set(unitIds)];
  return sql<{ user_id: string; unit_id: string }>`
    SELECT ua.id AS user_id, ua.org_unit_id AS unit_id FROM users ua JOIN role_grants ga ON ga.tenant_id = ua.tenant_id AND ga.user_id = ua.id
    WHERE ua.tenant_id = ${tenantId}::uuid AND ua.active AND ga.role = 'liaison' AND ua.org_unit_id = ANY(${ids}::uuid[])
    UNION
    SELECT ua.id, x.unit FROM users ua JOIN role_grants ga ON ga.tenant_id = ua.tenant_id AND ga.user_id = ua.id CROSS JOIN LATERAL unnest(ga.scope_unit_ids) AS x(unit)
    WHERE ua.tenant_id = ${tenantId}::uuid AND ua.active AND ga.role = 'liaison' AND ga.scope_kind = 'units' AND x.unit = ANY(${ids}::uuid[])`;
}

/** Which of these units have no active user who can act for them, by name, in tree order. */
export async function unitsWithoutActor(db: Executor, tenantId: string, unitIds: string[]): Promise<{ id: string; name: string }[]> {
  const ids = [...new Set(unitIds)];
  if (ids.length === 0) return [];
  return db
    .selectFrom('org_units as u')
    .select(['u.id', 'u.name'])
    .where('u.tenant_id', '=', tenantId)
    .where('u.id', 'in', ids)
    .where((eb) => eb.not(unitHasActor(tenantId, eb.ref('u.id'))))
    .orderBy('u.depth')
    .orderBy('u.sort_order')
    .orderBy('u.code')
    .execute();
}
