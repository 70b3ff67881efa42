import { randomUUID } from 'node:crypto';
import type { Role, ScopeKind, OrgKind } from '@luoshi/shared';
import { searchKey } from '@luoshi/shared';
import type { Kysely } from 'kysely';
import { systemActor } from '../access/index.ts';
import type { DB } from '../db/schema.ts';
import { randomSecret } from '../lib/crypto.ts';
import { hashPassword } from '../lib/password.ts';
import { passwordRefusal } from '../lib/password-policy.ts';
import type { AuditService } from '../modules/audit/audit.service.ts';
import { OrgRepository } from '../modules/org/org.repository.ts';
import { DEMO_CITY, DEMO_PASSWORD, DEMO_USERS, type DemoUnit } from './demo-city.ts';

export interface BootstrapResult {
  created: boolean;
  tenantId: string;
  demo: boolean;
  adminUsername: string;
  /** Set only when the password was generated now; printed once, never stored in clear, and must be changed at first login. */
  generatedAdminPassword?: string;
  demoUsers?: { username: string; role: Role; unit: string }[];
}

/** A random password that the password policy accepts for the user (a random one nearly always does at once). */
export function generatePassword(username: string): string {
  for (;;) {
    const candidate = `Ls-${randomSecret(9)}`;
    if (!passwordRefusal(candidate, username)) return candidate;
  }
}

/**
 * On an empty database, creates the deployment's tenant with its top unit and the first
 * administrator; with `demo`, the tenant is the clearly marked demo city 示范市 with its units
 * and one user per role. Does nothing when a tenant exists.
 */
export async function bootstrap(deps: { db: Kysely<DB>; audit: Pick<AuditService, 'record'> }, options: { demo: boolean; adminPassword?: string | undefined; orgName?: string }): Promise<BootstrapResult> {
  const existing = await deps.db.selectFrom('tenants').select(['id', 'is_demo']).orderBy('created_at').limit(1).executeTakeFirst();
  if (existing) return { created: false, tenantId: existing.id, demo: existing.is_demo, adminUsername: 'admin' };

  const generated = options.adminPassword ? undefined : generatePassword('admin');
  const adminHash = await hashPassword(options.adminPassword ?? generated!);
  // The demo accounts' shared, published password (Demo@2026) is below the password policy's bar on purpose:
  // it is set here, never through a path that applies the policy, so the demo keeps signing in with it.
  const demoHash = options.demo ? await hashPassword(DEMO_PASSWORD) : '';
  const tenantId = randomUUID();
  const repo = new OrgRepository(deps.db);
  const demoUsers: BootstrapResult['demoUsers'] = [];

  await deps.db.transaction().execute(async (tx) => {
    const root: DemoUnit = options.demo ? DEMO_CITY : { code: 'ROOT', name: options.orgName ?? '本级单位', kind: 'city' as OrgKind, children: [] };
    await tx.insertInto('tenants').values({ id: tenantId, code: root.code, name: root.name, is_demo: options.demo }).execute();
    const ids = new Map<string, string>();
    const insert = async (unit: DemoUnit, parentId: string | null, depth: number, order: number) => {
      const id = randomUUID();
      ids.set(unit.code, id);
      await repo.insert(tx, { tenant_id: tenantId, id, parent_id: parentId, kind: unit.kind, code: unit.code, name: unit.name, short_name: unit.shortName ?? null, sort_order: order, depth, search_key: searchKey(`${unit.name} ${unit.shortName ?? ''} ${unit.code}`) });
      for (const [i, child] of (unit.children ?? []).entries()) await insert(child, id, depth + 1, (i + 1) * 10);
    };
    await insert(root, null, 0, 0);
    const rootId = ids.get(root.code)!;
    const addUser = async (username: string, displayName: string, unitCode: string, hash: string, grants: { role: Role; scopeKind: ScopeKind; unitCodes?: string[] }[], mustChangePassword = false) => {
      const orgUnitId = ids.get(unitCode)!;
      const user = await tx
        .insertInto('users')
        .values({ tenant_id: tenantId, username, display_name: displayName, org_unit_id: orgUnitId, password_hash: hash, must_change_password: mustChangePassword, search_key: searchKey(`${username} ${displayName}`) })
        .returning('id')
        .executeTakeFirstOrThrow();
      await tx
        .insertInto('role_grants')
        .values(grants.map((g) => ({ tenant_id: tenantId, user_id: user.id, role: g.role, scope_kind: g.scopeKind, scope_unit_ids: (g.unitCodes ?? []).map((c) => ids.get(c)!) })))
        .execute();
    };
    // A generated password was printed to the terminal (and may sit in its scrollback or a log):
    // like an administrator's reset, it is good for one login that must change it.
    await addUser('admin', '系统管理员', root.code, adminHash, [{ role: 'admin', scopeKind: 'all' }], generated !== undefined);
    if (options.demo) {
      for (const u of DEMO_USERS) {
        await addUser(u.username, u.displayName, u.unitCode, demoHash, u.grants);
        demoUsers.push({ username: u.username, role: u.grants[0]!.role, unit: u.unitCode });
      }
    }
    await deps.audit.record(tx, systemActor(tenantId, rootId), {
      action: options.demo ? 'system.demo_created' : 'system.bootstrap',
      entityType: 'tenant',
      entityId: tenantId,
      summary: options.demo ? `创建演示数据：${root.name}，${ids.size} 个单位，${DEMO_USERS.length + 1} 个用户` : `初始化系统：${root.name}`,
    });
  });
  return { created: true, tenantId, demo: options.demo, adminUsername: 'admin', ...(generated ? { generatedAdminPassword: generated } : {}), ...(options.demo ? { demoUsers } : {}) };
}
