import { sql } from 'kysely';
import type { Executor } from '../../db/database.ts';
import type { NewOrgUnit, OrgUnitRow } from '../../db/schema.ts';
import { counterDay, recountTenant } from '../../supervision/counters.ts';
import { shanghaiDate } from '../../supervision/rules/working-days.ts';

/** Kysely access to org_units and its closure table; returns rows, never HTTP errors. */
export class OrgRepository {
  constructor(private readonly db: Executor) {}

  findById(tenantId: string, id: string, db: Executor = this.db): Promise<OrgUnitRow | undefined> {
    return db.selectFrom('org_units').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
  }

  findByCodes(tenantId: string, codes: string[], db: Executor = this.db): Promise<OrgUnitRow[]> {
    if (codes.length === 0) return Promise.resolve([]);
    return db.selectFrom('org_units').selectAll().where('tenant_id', '=', tenantId).where('code', 'in', codes).execute();
  }

  /** The ancestors of a unit from the root down, excluding itself. */
  ancestors(tenantId: string, id: string, db: Executor = this.db): Promise<Pick<OrgUnitRow, 'id' | 'name'>[]> {
    return db
      .selectFrom('org_closure as c')
      .innerJoin('org_units as u', (j) => j.onRef('u.tenant_id', '=', 'c.tenant_id').onRef('u.id', '=', 'c.ancestor_id'))
      .select(['u.id', 'u.name'])
      .where('c.tenant_id', '=', tenantId)
      .where('c.descendant_id', '=', id)
      .where('c.depth', '>', 0)
      .orderBy('c.depth', 'desc')
      .execute();
  }

  /** Inserts a unit and its closure rows (itself, and every ancestor of its parent). */
  async insert(tx: Executor, unit: NewOrgUnit & { id: string }): Promise<void> {
    await tx.insertInto('org_units').values(unit).execute();
    await sql`
      INSERT INTO org_closure (tenant_id, ancestor_id, descendant_id, depth)
      SELECT ${unit.tenant_id}::uuid, ${unit.id}::uuid, ${unit.id}::uuid, 0
      UNION ALL
      SELECT tenant_id, ancestor_id, ${unit.id}::uuid, depth + 1 FROM org_closure
      WHERE tenant_id = ${unit.tenant_id} AND descendant_id = ${unit.parent_id}
    `.execute(tx);
  }

  /** True when `candidate` is `id` itself or lies below it. */
  async isInSubtree(tenantId: string, id: string, candidate: string, db: Executor = this.db): Promise<boolean> {
    const row = await db
      .selectFrom('org_closure')
      .select('depth')
      .where('tenant_id', '=', tenantId)
      .where('ancestor_id', '=', id)
      .where('descendant_id', '=', candidate)
      .executeTakeFirst();
    return row !== undefined;
  }

  /** Moves a subtree under a new parent, rewriting the closure rows and depths in place. */
  async move(tx: Executor, tenantId: string, id: string, newParentId: string): Promise<void> {
    await sql`
      DELETE FROM org_closure
      WHERE tenant_id = ${tenantId}
        AND descendant_id IN (SELECT descendant_id FROM org_closure WHERE tenant_id = ${tenantId} AND ancestor_id = ${id})
        AND ancestor_id NOT IN (SELECT descendant_id FROM org_closure WHERE tenant_id = ${tenantId} AND ancestor_id = ${id})
    `.execute(tx);
    await sql`
      INSERT INTO org_closure (tenant_id, ancestor_id, descendant_id, depth)
      SELECT ${tenantId}::uuid, sup.ancestor_id, sub.descendant_id, sup.depth + sub.depth + 1
      FROM org_closure sup, org_closure sub
      WHERE sup.tenant_id = ${tenantId} AND sup.descendant_id = ${newParentId}
        AND sub.tenant_id = ${tenantId} AND sub.ancestor_id = ${id}
    `.execute(tx);
    await tx.updateTable('org_units').set({ parent_id: newParentId }).where('tenant_id', '=', tenantId).where('id', '=', id).execute();
    // The dashboard's counters count each task for every unit above its owner: recount them.
    await recountTenant(tx, tenantId, (await counterDay(tx, tenantId)) ?? shanghaiDate(new Date()));
    await sql`
      UPDATE org_units u SET depth = d.depth
      FROM (SELECT descendant_id, max(depth) AS depth FROM org_closure WHERE tenant_id = ${tenantId}
            AND descendant_id IN (SELECT descendant_id FROM org_closure WHERE tenant_id = ${tenantId} AND ancestor_id = ${id})
            GROUP BY descendant_id) d
      WHERE u.tenant_id = ${tenantId} AND u.id = d.descendant_id
    `.execute(tx);
  }

  /** Counts of what hangs on a unit: child units and users (later modules add their records). */
  async dependents(tenantId: string, id: string, db: Executor = this.db): Promise<{ children: number; activeChildren: number; users: number }> {
    const r = await sql<{ children: number; active_children: number; users: number }>`
      SELECT
        (SELECT count(*) FROM org_units WHERE tenant_id = ${tenantId} AND parent_id = ${id}) AS children,
        (SELECT count(*) FROM org_units WHERE tenant_id = ${tenantId} AND parent_id = ${id} AND active) AS active_children,
        (SELECT count(*) FROM users WHERE tenant_id = ${tenantId} AND org_unit_id = ${id}) AS users
    `.execute(db);
    const row = r.rows[0];
    return { children: Number(row?.children ?? 0), activeChildren: Number(row?.active_children ?? 0), users: Number(row?.users ?? 0) };
  }

  async remove(tx: Executor, tenantId: string, id: string): Promise<void> {
    await tx.deleteFrom('org_closure').where('tenant_id', '=', tenantId).where('descendant_id', '=', id).execute();
    await tx.deleteFrom('org_units').where('tenant_id', '=', tenantId).where('id', '=', id).execute();
  }
}
