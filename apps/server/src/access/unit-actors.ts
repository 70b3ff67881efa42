import { sql, type Expression, type SqlBool } from 'kysely';
import type { Executor } from '../db/database.ts';

/**
 * SQL: the unit has an active user who can act for it, that is acknowledge, report and reply as
 * its owner (`isOwner` in supervision/task.policy.ts): a liaison whose own unit it is, or a
 * liaison granted it by name. Work assigned to a unit without one waits for nobody.
 */
export function unitHasActor(tenantId: string, unit: Expression<string>): Expression<SqlBool> {
  return sql<SqlBool>`EXISTS (SELECT 1 FROM users ua JOIN role_grants ga ON ga.tenant_id = ua.tenant_id AND ga.user_id = ua.id
    WHERE ua.tenant_id = ${tenantId}::uuid AND ua.active AND ga.role = 'liaison'
      AND (ua.org_unit_id = ${unit} OR (ga.scope_kind = 'units' AND ${unit} = ANY(ga.scope_unit_ids))))`;
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
