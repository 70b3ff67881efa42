import { afterAll, beforeAll, inject } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { buildApp } from '../../apps/server/src/app.ts';
import { bootstrap } from '../../apps/server/src/bootstrap/bootstrap.ts';
import { loadConfig } from '../../apps/server/src/config.ts';
import { createContainer, type Container } from '../../apps/server/src/container.ts';
import type { Clock } from '../../apps/server/src/lib/clock.ts';
import { createDatabase } from '../../apps/server/src/db/database.ts';
import { migrate } from '../../apps/server/src/db/migrate.ts';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { pgliteTemplate } from '../../apps/server/test/support/pglite-template.ts';

/** The migrated PGlite cluster global setup wrote; none outside a vitest run (benches create a cluster). */
function providedTemplate(): string | undefined {
  try {
    return inject('pgliteTemplate');
  } catch {
    return undefined;
  }
}

export type Engine = 'pglite' | 'postgresql';

/**
 * The engines a journey runs on. Every HTTP route already runs on both engines in the server tier;
 * a journey tests the screens over them, so with a PostgreSQL server at hand (TEST_DATABASE_URL;
 * CI always sets it, and under CI=true its absence is an error, never a skip) each journey runs on
 * the engine its file names, the journeys split so each engine gets about half of the browser
 * time, and the core supervision loop on both. LUOSHI_E2E_ALL_ENGINES=1 runs every journey on
 * both engines; without a server, every journey runs on PGlite.
 */
export function e2eEngines(home: Engine | 'both'): Engine[] {
  if (process.env.TEST_DATABASE_URL) {
    if (home === 'both' || process.env.LUOSHI_E2E_ALL_ENGINES === '1') return ['pglite', 'postgresql'];
    return [home];
  }
  if (process.env.CI === 'true') throw new Error('CI=true: TEST_DATABASE_URL is required so the browser journeys run on PostgreSQL too');
  return ['pglite'];
}

/** A fresh database on the engine, and how to remove it. */
async function freshDatabase(engine: Engine, dir: string) {
  if (engine === 'pglite') {
    const database = await createDatabase({ dataDir: dir, pgliteTemplate: pgliteTemplate(providedTemplate()) });
    return { database, drop: async () => database.close() };
  }
  const adminUrl = process.env.TEST_DATABASE_URL!;
  const name = `luoshi_e2e_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const database = await createDatabase({ databaseUrl: url.toString(), poolSize: 10 });
  return {
    database,
    drop: async () => {
      await database.close();
      const a = new pg.Client({ connectionString: adminUrl });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  };
}

export const ADMIN_PASSWORD = 'Admin@2026x';
export const DEMO_PASSWORD = 'Demo@2026';

/** A Luoshi server running in this process on a free port, with the demo city and the built web app. */
export interface TestServer {
  baseURL: string;
  /** The server's services, so a journey can run what the nightly jobs do (e.g. container.lights.recomputeAll). */
  container: Container;
  /** The demo tenant. */
  tenantId: string;
  close: () => Promise<void>;
}

/**
 * Starts a server on a fresh database (a PGlite folder by default); close() stops it and removes
 * the database. Pass a ManualClock as `clock` to move the server's time during a journey, and
 * `env` for settings the journey needs (e.g. LUOSHI_ORDER_SIGNOFF).
 */
export async function startServer(options: { clock?: Clock; engine?: Engine; env?: Record<string, string> } = {}): Promise<TestServer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-e2e-'));
  const config = loadConfig({ ...options.env, LUOSHI_DATA_DIR: dir, LOG_LEVEL: 'warn' } as NodeJS.ProcessEnv);
  const { database, drop } = await freshDatabase(options.engine ?? 'pglite', dir);
  await migrate(database);
  const container = createContainer({ config, database, ...(options.clock ? { clock: options.clock } : {}) });
  const { tenantId } = await bootstrap(container, { demo: true, adminPassword: ADMIN_PASSWORD });
  const app = await buildApp(container, { logger: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}`,
    container,
    tenantId,
    close: async () => {
      await app.close();
      await drop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Registers beforeAll/afterAll that start a server for the describe block and stop it; the
 * returned object is filled in once the server runs.
 */
export function useServer(engine: Engine, clock?: Clock, env?: Record<string, string>): TestServer {
  const server = {} as TestServer;
  beforeAll(async () => {
    Object.assign(server, await startServer({ engine, ...(clock ? { clock } : {}), ...(env ? { env } : {}) }));
  });
  afterAll(async () => {
    await server.close?.();
  });
  return server;
}

/** Calls the API as a user (its own cookie jar), for setting up and checking journeys. */
export async function apiSession(baseURL: string, username: string, password: string) {
  const login = await fetch(`${baseURL}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  if (!login.ok) throw new Error(`login as ${username} failed: ${login.status} ${await login.text()}`);
  const cookie = (login.headers.getSetCookie?.() ?? [login.headers.get('set-cookie') ?? '']).map((c) => c.split(';')[0]).join('; ');
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  return async <T>(method: string, url: string, body?: unknown): Promise<T> => {
    const response = await fetch(`${baseURL}${url}`, {
      method,
      headers: { cookie, 'x-csrf-token': csrfToken, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`${method} ${url} failed: ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  };
}
