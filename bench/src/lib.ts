import type { AddressInfo } from 'node:net';
import pg from 'pg';
import pino from 'pino';
import { buildApp } from '../../apps/server/src/app.ts';
import { loadConfig } from '../../apps/server/src/config.ts';
import { createContainer, type Container } from '../../apps/server/src/container.ts';
import { randomBytes } from 'node:crypto';
import { createDatabase, type Database, type Engine } from '../../apps/server/src/db/database.ts';
import { migrate } from '../../apps/server/src/db/migrate.ts';
import { startThrowawayPostgres, findPostgresBin, type ThrowawayPostgres } from '../../apps/server/test/support/throwaway-postgres.ts';
import { seedScale, type Scale } from '../../apps/server/src/seed/generate.ts';

/** One measured figure, printed as one JSON line. */
export interface Figure {
  bench: string;
  metric: string;
  value: number;
  unit: string;
  engine: Engine;
  scale: Scale;
}

export function emit(f: Figure): void {
  process.stdout.write(`${JSON.stringify({ ...f, value: Math.round(f.value * 1000) / 1000 })}\n`);
}

/** The p-th percentile (0–100) of a list of numbers. */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[idx]!;
}

/** Runs fn n times sequentially and returns each duration in milliseconds. */
export async function timeEach(n: number, fn: (i: number) => Promise<unknown>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await fn(i);
    out.push(performance.now() - t0);
  }
  return out;
}

let server: ThrowawayPostgres | undefined;

/** The engines to measure: `--engine` or both when PostgreSQL is reachable. */
export function enginesFor(arg: string | undefined): Engine[] {
  if (arg === 'pglite' || arg === 'postgresql') return [arg];
  const pgAvailable = !!(process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL || findPostgresBin());
  return pgAvailable ? ['pglite', 'postgresql'] : ['pglite'];
}

/** A fresh migrated database on the engine: in-memory PGlite, or a new database on a PostgreSQL server. */
export async function benchDatabase(engine: Engine): Promise<Database & { drop(): Promise<void> }> {
  if (engine === 'pglite') {
    const database = await createDatabase({});
    await migrate(database);
    return { ...database, drop: () => database.close() };
  }
  let adminUrl = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL;
  if (!adminUrl) {
    server ??= await startThrowawayPostgres();
    adminUrl = server.url;
  }
  const name = `luoshi_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const database = await createDatabase({ databaseUrl: url.toString(), poolSize: 20 });
  await migrate(database);
  return {
    ...database,
    async drop() {
      await database.close();
      // Kept for a look with psql (EXPLAIN of a slow figure's query) when asked.
      if (process.env.BENCH_KEEP_DATABASE) {
        process.stderr.write(`bench: database ${name} kept\n`);
        return;
      }
      const a = new pg.Client({ connectionString: adminUrl });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  };
}

export function stopServers(): void {
  server?.stop();
}

/** A fresh database on the engine with the scale's organisation seeded, and a quiet container over it (no jobs, no login limit). */
export async function benchContainer(engine: Engine, scale: Scale) {
  const database = await benchDatabase(engine);
  const config = loadConfig({ LOG_LEVEL: 'silent', LUOSHI_LOGIN_RATE_PER_MINUTE: '100000', LUOSHI_JOBS: '0', LUOSHI_FILES_DIR: '/tmp/luoshi-bench-files' } as NodeJS.ProcessEnv);
  const container = createContainer({ config, database, logger: pino({ level: 'silent' }) });
  const org = await seedScale(database, scale, container.audit);
  return { database, container, org };
}

/** The HTTP app over the container, listening on a free loopback port. */
export async function listenBenchApp(container: Container) {
  const app = await buildApp(container, { serveWeb: false, logger: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  return { app, base: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}` };
}
