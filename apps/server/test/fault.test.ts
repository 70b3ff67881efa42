import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { createContainer } from '../src/container.ts';
import { createDatabase } from '../src/db/database.ts';
import { readAuditKey } from '../src/modules/audit/audit-key.ts';
import { AuditService } from '../src/modules/audit/audit.service.ts';
import { systemClock } from '../src/lib/clock.ts';
import { findPostgresBin, startThrowawayPostgres, type ThrowawayPostgres } from './support/throwaway-postgres.ts';

/**
 * Process-level faults against the real server started as `main.ts` would be on a deployment:
 * SIGKILL in the middle of report submissions, a PostgreSQL restart under load, and PostgreSQL
 * stopped or unreachable (503 with Retry-After, not a 500).
 */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
}

async function startServer(env: Record<string, string>): Promise<{ proc: ChildProcess; base: string }> {
  const port = await freePort();
  const proc = spawn(process.execPath, ['--import', 'tsx', 'apps/server/src/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', LUOSHI_ADMIN_PASSWORD: 'Admin@2026x', LUOSHI_JOBS: '0', LUOSHI_LOGIN_RATE_PER_MINUTE: '10000' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  proc.stdout!.on('data', (d) => (log += d));
  proc.stderr!.on('data', (d) => (log += d));
  const base = `http://127.0.0.1:${port}`;
  // A first start seeds the whole demo city: allow two minutes on a loaded CI machine.
  for (let i = 0; i < 480; i++) {
    if (proc.exitCode !== null) throw new Error(`server exited: ${log}`);
    try {
      if ((await fetch(`${base}/api/health`)).ok) return { proc, base };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`server did not start: ${log}`);
}

async function login(base: string, username: string) {
  const res = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: 'Demo@2026' }) });
  const body = (await res.json()) as { csrfToken: string };
  return { cookie: (res.headers.get('set-cookie') ?? '').split(';')[0]!, csrf: body.csrfToken };
}

async function reportableTasks(base: string, s: { cookie: string }): Promise<string[]> {
  const res = await fetch(`${base}/api/tasks/inbox`, { headers: { cookie: s.cookie } });
  const list = await fetch(`${base}/api/tasks?status=assigned,acknowledged,in_progress,returned&pageSize=100`, { headers: { cookie: s.cookie } });
  await res.arrayBuffer();
  const body = (await list.json()) as { data: { id: string; ownerUnit: { name: string } }[] };
  return body.data.filter((t) => t.ownerUnit.name === '东城区').map((t) => t.id);
}

/** Submits reports from `clients` loops until stopped; returns the ids the server acknowledged. */
function submitLoop(base: string, s: { cookie: string; csrf: string }, tasks: string[], clients: number) {
  const acknowledged: string[] = [];
  const statuses: string[] = [];
  let failures = 0;
  let running = true;
  const loops = Array.from({ length: clients }, async (_, c) => {
    for (let i = 0; running; i++) {
      try {
        const res = await fetch(`${base}/api/tasks/${tasks[(i + c) % tasks.length]}/reports`, {
          method: 'POST',
          headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, 'content-type': 'application/json' },
          body: JSON.stringify({ done: `压力测试 ${c}-${i}`, percent: (i % 90) + 5 }),
          signal: AbortSignal.timeout(15_000),
        });
        if (res.status === 201) acknowledged.push(((await res.json()) as { reportId: string }).reportId);
        else {
          failures++;
          statuses.push(`${res.status} ${(await res.text()).slice(0, 120)}`);
        }
      } catch (err) {
        failures++;
        statuses.push(`network ${(err as Error).name}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    }
  });
  return {
    acknowledged,
    statuses,
    failures: () => failures,
    stop: async () => {
      running = false;
      await Promise.all(loops);
    },
  };
}

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

describe('fault: SIGKILL during report submissions (PGlite data folder)', () => {
  it('keeps every acknowledged report after a restart, with nothing half-written', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-fault-'));
    dirs.push(dir);
    const env = { LUOSHI_DATA_DIR: dir };
    const first = await startServer(env);
    const { base } = first;
    let proc = first.proc;
    const session = await login(base, 'liaison_dc');
    const tasks = await reportableTasks(base, session);
    expect(tasks.length).toBeGreaterThan(0);
    const load = submitLoop(base, session, tasks, 4);
    while (load.acknowledged.length < 40) await new Promise((r) => setTimeout(r, 20));
    proc.kill('SIGKILL');
    await new Promise((r) => proc.once('exit', r));
    await load.stop();
    const acknowledged = [...load.acknowledged];

    // The stale lock of the killed process is taken over; the server comes back on the same folder.
    const again = await startServer(env);
    expect((await fetch(`${again.base}/api/health`)).status).toBe(200);
    proc = again.proc;
    proc.kill('SIGTERM');
    await new Promise((r) => proc.once('exit', r));
    const database = await createDatabase({ dataDir: dir });
    try {
      const stored = new Set((await database.db.selectFrom('progress_reports').select('id').execute()).map((r) => r.id));
      expect(acknowledged.filter((id) => !stored.has(id))).toEqual([]);
      // Every stored report has its audit row and its task moved on: nothing half-written.
      const audited = new Set((await database.db.selectFrom('audit_log').select('entity_id').where('action', '=', 'task.report').execute()).map((r) => r.entity_id));
      expect([...stored].filter((id) => !audited.has(id))).toEqual([]);
      const tenant = await database.db.selectFrom('tenants').select('id').executeTakeFirstOrThrow();
      expect((await new AuditService({ db: database.db, clock: systemClock, key: readAuditKey(path.join(dir, 'audit.key'))! }).verify(tenant.id)).ok).toBe(true);
    } finally {
      await database.close();
    }
    // Two server starts, the first seeding the demo city, and a write load: more than the default minute on a loaded machine.
  }, 240_000);
});

const pgBin = findPostgresBin();

/** Starts a throwaway PostgreSQL and the server on it, runs `body`, then stops both. */
async function withServerOnPostgres(body: (pg: ThrowawayPostgres, server: { proc: ChildProcess; base: string }) => Promise<void>): Promise<void> {
  const pg = await startThrowawayPostgres();
  try {
    // The audit key lives beside the data folder; a DATABASE_URL server gets a temporary one here.
    const keyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-fault-key-'));
    dirs.push(keyDir);
    const server = await startServer({ DATABASE_URL: pg.url, LUOSHI_AUDIT_KEY_FILE: path.join(keyDir, 'audit.key') });
    try {
      await body(pg, server);
    } finally {
      if (server.proc.exitCode === null) {
        server.proc.kill('SIGTERM');
        await new Promise((r) => server.proc.once('exit', r));
      }
    }
  } finally {
    pg.stop();
  }
}

describe.runIf(pgBin || process.env.CI === 'true')('fault: PostgreSQL restarts under load', () => {
  it('recovers by itself: requests fail while the database is down and succeed again after', { timeout: 180_000 }, () =>
    withServerOnPostgres(async (pg, { proc, base }) => {
      const session = await login(base, 'liaison_dc');
      const tasks = await reportableTasks(base, session);
      const load = submitLoop(base, session, tasks, 4);
      while (load.acknowledged.length < 20) await new Promise((r) => setTimeout(r, 20));
      await pg.restart(1500);
      const before = load.acknowledged.length;
      const deadline = Date.now() + 30_000;
      while (load.acknowledged.length < before + 40 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      await load.stop();
      expect(proc.exitCode).toBeNull();
      expect(load.acknowledged.length, `after the restart: ${load.statuses.slice(-3).join(' | ')}`).toBeGreaterThanOrEqual(before + 40);
      const health = await fetch(`${base}/api/health`);
      expect(health.status).toBe(200);
      const database = await createDatabase({ databaseUrl: pg.url, poolSize: 1 });
      try {
        const stored = new Set((await database.db.selectFrom('progress_reports').select('id').execute()).map((r) => r.id));
        expect(load.acknowledged.filter((id) => !stored.has(id))).toEqual([]);
      } finally {
        await database.close();
      }
    }));
});

/** What every request answers while the database is away: 503, Retry-After and a Chinese message. */
function expectUnavailable(res: { status: number; headers: { get(name: string): string | null } }, body: { error: { code: string; message: string } }) {
  expect(res.status).toBe(503);
  expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
  expect(body.error).toMatchObject({ code: 'UNAVAILABLE', message: expect.stringContaining('系统繁忙，请稍后重试') });
}

describe('fault: the database is away', () => {
  it('answers 503 with Retry-After when PostgreSQL is unreachable, not a 500', async () => {
    const port = await freePort();
    const database = await createDatabase({ databaseUrl: `postgres://postgres@127.0.0.1:${port}/luoshi`, poolSize: 2 });
    const container = createContainer({ config: loadConfig({ LOG_LEVEL: 'silent' } as NodeJS.ProcessEnv), database, logger: pino({ level: 'silent' }) });
    const app = await buildApp(container, { serveWeb: false, logger: false });
    try {
      const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'supervisor', password: 'Demo@2026' } });
      expectUnavailable({ status: login.statusCode, headers: { get: (n) => (login.headers[n] as string | undefined) ?? null } }, login.json());
      const read = await app.inject({ method: 'GET', url: '/api/tasks', headers: { cookie: 'luoshi_sid=00000000-0000-0000-0000-000000000000.secret' } });
      expect(read.statusCode).toBe(503);
    } finally {
      await app.close();
      await database.close();
    }
  });

  it.runIf(pgBin || process.env.CI === 'true')('answers reads and writes 503 with Retry-After while PostgreSQL is down, and 200 once it is back', { timeout: 180_000 }, () =>
    withServerOnPostgres(async (pg, { proc, base }) => {
      const session = await login(base, 'liaison_dc');
      const [task] = await reportableTasks(base, session);
      expect(task).toBeDefined();
      const read = () => fetch(`${base}/api/tasks/${task}`, { headers: { cookie: session.cookie } });
      const write = () =>
        fetch(`${base}/api/tasks/${task}/reports`, {
          method: 'POST',
          headers: { cookie: session.cookie, 'x-csrf-token': session.csrf, 'content-type': 'application/json' },
          body: JSON.stringify({ done: '数据库停机期间的报送', percent: 30 }),
        });
      expect((await read()).status).toBe(200);

      const back = pg.restart(8000); // stops at once, starts again after 8 s
      for (const call of [read, write, read]) {
        const res = await call();
        expectUnavailable(res, (await res.json()) as { error: { code: string; message: string } });
      }
      await back;
      let status = 0;
      for (let i = 0; i < 40 && status !== 200; i++) {
        status = (await read()).status;
        if (status !== 200) await new Promise((r) => setTimeout(r, 250));
      }
      expect(status).toBe(200);
      expect(proc.exitCode).toBeNull();
    }));
});
