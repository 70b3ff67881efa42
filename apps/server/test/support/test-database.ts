import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { createDatabase, type Database, type Engine } from '../../src/db/database.ts';
import { migrate } from '../../src/db/migrate.ts';
import { pgliteTemplate } from './pglite-template.ts';

const TEMPLATE_DB = 'luoshi_test_template';

/**
 * The engines this run tests on: PGlite always, PostgreSQL when a server is available.
 * `LUOSHI_TEST_ENGINES` (a comma-separated list) narrows them on purpose — CI's second Node line
 * runs PGlite only, the WASM engine whose runtime changes with Node; a name that selects nothing fails.
 */
export function testEngines(): Engine[] {
  const available: Engine[] = inject('pgAdminUrl') ? ['pglite', 'postgresql'] : ['pglite'];
  const wanted = (process.env.LUOSHI_TEST_ENGINES ?? '').split(',').map((e) => e.trim()).filter(Boolean);
  if (wanted.length === 0) return available;
  const chosen = available.filter((e) => wanted.includes(e));
  if (chosen.length === 0) throw new Error(`LUOSHI_TEST_ENGINES=${process.env.LUOSHI_TEST_ENGINES} selects none of the available engines (${available.join(', ')})`);
  return chosen;
}

/** A fresh, migrated, empty database on the engine; `drop()` closes and removes it. */
export async function createTestDatabase(engine: Engine): Promise<Database & { drop(): Promise<void>; url?: string }> {
  if (engine === 'pglite') {
    const database = await createDatabase({ pgliteTemplate: pgliteTemplate(inject('pgliteTemplate')) });
    // Already migrated when loaded from the template: this only checks the checksums.
    await migrate(database);
    return { ...database, drop: () => database.close() };
  }
  const adminUrl = inject('pgAdminUrl');
  const name = `luoshi_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name} TEMPLATE ${TEMPLATE_DB}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const database = await createDatabase({ databaseUrl: url.toString(), poolSize: 10 });
  return {
    ...database,
    url: url.toString(),
    async drop() {
      await database.close();
      const a = new pg.Client({ connectionString: adminUrl });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  };
}
