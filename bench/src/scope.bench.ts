import { sql } from 'kysely';
import pino from 'pino';
import { loadConfig } from '../../apps/server/src/config.ts';
import { createContainer } from '../../apps/server/src/container.ts';
import type { Engine } from '../../apps/server/src/db/database.ts';
import { SEED_PASSWORD, seedScale, type Scale } from '../../apps/server/src/seed/generate.ts';
import { benchDatabase, emit, percentile, timeEach } from './lib.ts';

/**
 * Issue 2's figures: the time of `seed` at the scale; resolving an actor's scope and the first
 * page of users in scope (p50/p95 over 200 calls, for district liaisons and city supervisors);
 * the time of one login (argon2id cost).
 */
export async function runScopeBench(engine: Engine, scale: Scale): Promise<void> {
  const database = await benchDatabase(engine);
  const out = (metric: string, value: number, unit: string) => emit({ bench: 'scope', metric, value, unit, engine, scale });
  try {
    const container = createContainer({ config: loadConfig({ LOG_LEVEL: 'silent' } as NodeJS.ProcessEnv), database, logger: pino({ level: 'silent' }) });
    const seeded = await seedScale(database, scale, container.audit);
    out('seed_seconds', seeded.seconds, 's');
    out('seed_units', seeded.units, 'count');
    out('seed_users', seeded.users, 'count');
    const db = container.db;
    // Liaisons of district-level units (scope: their subtree) and supervisors of city-level units.
    const pick = async (kind: string, suffix: string) =>
      (
        await sql<{ id: string; username: string; display_name: string; org_unit_id: string }>`
          SELECT u.id, u.username, u.display_name, u.org_unit_id FROM users u JOIN org_units o ON o.tenant_id = u.tenant_id AND o.id = u.org_unit_id
          WHERE u.tenant_id = ${seeded.tenantId}::uuid AND o.kind = ${kind} AND u.username LIKE ${`%-${suffix}`} ORDER BY u.username LIMIT 50`.execute(db)
      ).rows;
    const liaisons = await pick('district', '1');
    const supervisors = await pick(scale === 'province' ? 'city' : scale === 'city' ? 'city' : 'district', '2');
    const topSupervisors = await pick(scale, '2');
    const resolve = await timeEach(200, (i) => container.auth.loadActor(seeded.tenantId, liaisons[i % liaisons.length]!));
    out('resolve_scope_p50', percentile(resolve, 50), 'ms');
    out('resolve_scope_p95', percentile(resolve, 95), 'ms');
    for (const [label, users] of [
      ['district_liaison', liaisons],
      ['city_supervisor', supervisors],
      ['top_supervisor', topSupervisors],
    ] as const) {
      const actors = await Promise.all(users.slice(0, 10).map((u) => container.auth.loadActor(seeded.tenantId, u)));
      // Liaisons may not list users; a district supervisor of the same scope does the same query.
      const listers = label === 'district_liaison' ? actors.map((a) => ({ ...a, grants: a.grants.map((g) => ({ ...g, role: 'supervisor' as const })) })) : actors;
      const page = await timeEach(200, (i) => container.users.list(listers[i % listers.length]!, { page: 1, pageSize: 20 }));
      out(`users_page1_${label}_p50`, percentile(page, 50), 'ms');
      out(`users_page1_${label}_p95`, percentile(page, 95), 'ms');
    }
    const login = await timeEach(20, () => container.auth.login(liaisons[0]!.username, SEED_PASSWORD, { ip: '127.0.0.1' }));
    out('login_p50', percentile(login, 50), 'ms');
    out('login_p95', percentile(login, 95), 'ms');
  } finally {
    await database.drop();
  }
}
