import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/database.ts';
import type { DB } from '../db/schema.ts';
import { hashPassword } from '../lib/password.ts';
import type { AuditService } from '../modules/audit/audit.service.ts';

export const SCALES = ['district', 'city', 'province'] as const;
export type Scale = (typeof SCALES)[number];

/** The generated users' password (printed by the CLI). */
export const SEED_PASSWORD = 'Seed@2026';

interface Shape {
  rootKind: 'province' | 'city' | 'district';
  rootDepartments: number;
  cities: number;
  cityDepartments: number;
  districtsPerCity: number;
  districtDepartments: number;
  districtStreets: number;
  usersPerUnit: number;
}

/** Sizes from DESIGN.md §5: a province has ~10,000 units and ~30,000 users. */
export const SHAPES: Record<Scale, Shape> = {
  province: { rootKind: 'province', rootDepartments: 40, cities: 15, cityDepartments: 40, districtsPerCity: 8, districtDepartments: 30, districtStreets: 46, usersPerUnit: 3 },
  city: { rootKind: 'city', rootDepartments: 40, cities: 0, cityDepartments: 0, districtsPerCity: 8, districtDepartments: 30, districtStreets: 46, usersPerUnit: 3 },
  district: { rootKind: 'district', rootDepartments: 0, cities: 0, cityDepartments: 0, districtsPerCity: 0, districtDepartments: 30, districtStreets: 46, usersPerUnit: 3 },
};

export interface SeedResult {
  tenantId: string;
  units: number;
  users: number;
  rootCode: string;
  seconds: number;
}

/**
 * Generates an organisation tree and its users at a scale, inside the database with
 * INSERT … SELECT over generate_series (no row-by-row inserts), as a new tenant of its own.
 * Usernames are the unit code in lower case plus -1, -2, -3; the first user of each unit is its
 * liaison (own unit and below), the second a supervisor of the same subtree, the third a viewer.
 */
/** `audit` writes the seed's own audit row: the caller's service, so the row joins the chain its key verifies. */
export async function seedScale(database: Database, scale: Scale, audit: AuditService, onStep?: (step: string, done: number, total: number) => void): Promise<SeedResult> {
  const started = Date.now();
  const shape = SHAPES[scale];
  const db = database.db as Kysely<DB>;
  const tenantId = randomUUID();
  const prefix = `S${scale[0]!.toUpperCase()}${Date.now().toString(36).toUpperCase()}`;
  const passwordHash = await hashPassword(SEED_PASSWORD);
  const steps = ['units', 'closure', 'users', 'grants', 'analyze'];
  const step = (i: number) => onStep?.(steps[i]!, i, steps.length);
  const t = tenantId;
  const names = { province: '压测省', city: '压测市', district: '压测区' };

  await db.transaction().execute(async (tx) => {
    step(0);
    await tx.insertInto('tenants').values({ id: t, code: prefix, name: `${names[shape.rootKind]}（${scale} 规模生成数据）`, is_demo: true }).execute();
    const insertChildren = async (parentWhere: ReturnType<typeof sql>, count: number, kind: string, codeSuffix: string, nameExpr: string, depth: number, sortBase: number) => {
      if (count <= 0) return;
      await sql`
        INSERT INTO org_units (tenant_id, id, parent_id, kind, code, name, sort_order, depth, search_key)
        SELECT ${t}::uuid, gen_random_uuid(), p.id, ${kind}, p.code || ${codeSuffix} || lpad(i::text, 3, '0'),
               p.name || ${sql.raw(nameExpr)}, ${sortBase} + i, ${depth}, lower(p.code || ${codeSuffix} || lpad(i::text, 3, '0'))
        FROM org_units p CROSS JOIN generate_series(1, ${count}) AS i
        WHERE p.tenant_id = ${t}::uuid AND ${parentWhere}`.execute(tx);
    };
    await sql`INSERT INTO org_units (tenant_id, id, parent_id, kind, code, name, sort_order, depth, search_key)
              VALUES (${t}::uuid, gen_random_uuid(), NULL, ${shape.rootKind}, ${prefix}, ${names[shape.rootKind]}, 0, 0, lower(${prefix}))`.execute(tx);
    const root = sql`p.depth = 0`;
    await insertChildren(root, shape.rootDepartments, 'department', '-B', `'第' || i || '部门'`, 1, 0);
    let districtParent = root;
    let districtDepth = 1;
    if (shape.cities > 0) {
      await insertChildren(root, shape.cities, 'city', '-C', `'第' || i || '市'`, 1, 100);
      await insertChildren(sql`p.kind = 'city'`, shape.cityDepartments, 'department', '-B', `'第' || i || '部门'`, 2, 0);
      districtParent = sql`p.kind = 'city'`;
      districtDepth = 2;
    }
    if (shape.districtsPerCity > 0) {
      await insertChildren(districtParent, shape.districtsPerCity, 'district', '-D', `'第' || i || '区'`, districtDepth, 100);
    }
    const districtWhere = shape.rootKind === 'district' ? root : sql`p.kind = 'district'`;
    const dDepth = shape.rootKind === 'district' ? 1 : districtDepth + 1;
    await insertChildren(districtWhere, shape.districtDepartments, 'department', '-B', `'第' || i || '部门'`, dDepth, 0);
    await insertChildren(districtWhere, shape.districtStreets, 'street', '-J', `'第' || i || '街道'`, dDepth, 100);

    step(1);
    await sql`
      INSERT INTO org_closure (tenant_id, ancestor_id, descendant_id, depth)
      WITH RECURSIVE c(ancestor_id, descendant_id, depth) AS (
        SELECT id, id, 0 FROM org_units WHERE tenant_id = ${t}::uuid
        UNION ALL
        SELECT c.ancestor_id, u.id, c.depth + 1 FROM c JOIN org_units u ON u.tenant_id = ${t}::uuid AND u.parent_id = c.descendant_id
      )
      SELECT ${t}::uuid, ancestor_id, descendant_id, depth FROM c`.execute(tx);

    step(2);
    await sql`
      INSERT INTO users (tenant_id, id, username, display_name, org_unit_id, password_hash, search_key)
      SELECT ${t}::uuid, gen_random_uuid(), lower(u.code) || '-' || k, u.name || (ARRAY['联络员','督查员','观察员'])[k], u.id, ${passwordHash},
             lower(u.code) || '-' || k || ' ' || u.name
      FROM org_units u CROSS JOIN generate_series(1, ${shape.usersPerUnit}) AS k
      WHERE u.tenant_id = ${t}::uuid`.execute(tx);

    step(3);
    await sql`
      INSERT INTO role_grants (tenant_id, id, user_id, role, scope_kind)
      SELECT ${t}::uuid, gen_random_uuid(), id,
             CASE WHEN username LIKE '%-1' THEN 'liaison' WHEN username LIKE '%-2' THEN 'supervisor' ELSE 'viewer' END,
             CASE WHEN username LIKE '%-3' THEN 'own' ELSE 'subtree' END
      FROM users WHERE tenant_id = ${t}::uuid`.execute(tx);
  });
  step(4);
  await audit.append(db, { tenantId, actorName: 'luoshi seed' }, { action: 'system.seed', entityType: 'tenant', entityId: tenantId, summary: `生成 ${scale} 规模数据` });
  // Bulk loads leave no statistics and no visibility map; both planners need them.
  await sql`VACUUM ANALYZE`.execute(db);
  const counts = await sql<{ units: number; users: number }>`SELECT (SELECT count(*) FROM org_units WHERE tenant_id = ${t}::uuid) AS units, (SELECT count(*) FROM users WHERE tenant_id = ${t}::uuid) AS users`.execute(db);
  return { tenantId, units: Number(counts.rows[0]?.units), users: Number(counts.rows[0]?.users), rootCode: prefix, seconds: (Date.now() - started) / 1000 };
}
