import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { createDatabase } from '../src/db/database.ts';
import { migrate } from '../src/db/migrate.ts';
import { writePgliteTemplate } from './support/pglite-template.ts';
import { findPostgresBin, startThrowawayPostgres, type ThrowawayPostgres } from './support/throwaway-postgres.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Admin URL of the PostgreSQL server for tests, or '' when only PGlite runs. */
    pgAdminUrl: string;
  }
}

export const TEMPLATE_DB = 'luoshi_test_template';

/**
 * Finds or starts the PostgreSQL server the tests use, and migrates a template database that each
 * test file clones; likewise a migrated PGlite cluster, written to a file each PGlite database loads. Under CI=true a missing server is an error, never a skip.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  let server: ThrowawayPostgres | undefined;
  let adminUrl = process.env.TEST_DATABASE_URL ?? '';
  if (!adminUrl && findPostgresBin()) {
    server = await startThrowawayPostgres();
    adminUrl = server.url;
  }
  if (!adminUrl) {
    if (process.env.CI === 'true') throw new Error('CI=true needs TEST_DATABASE_URL or PostgreSQL server binaries: database tests may not be skipped');
    console.warn('[tests] No PostgreSQL found: only the PGlite half of the database tests will run.');
  } else {
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DB}`);
    await admin.query(`CREATE DATABASE ${TEMPLATE_DB}`);
    await admin.end();
    const url = new URL(adminUrl);
    url.pathname = `/${TEMPLATE_DB}`;
    const database = await createDatabase({ databaseUrl: url.toString(), poolSize: 1 });
    await migrate(database);
    await database.close();
  }
  project.provide('pgAdminUrl', adminUrl);
  const template = await writePgliteTemplate();
  project.provide('pgliteTemplate', template.file);
  return async () => {
    server?.stop();
    template.remove();
  };
}
