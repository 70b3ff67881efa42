import type { AddressInfo } from 'node:net';
import { Worker } from 'node:worker_threads';
import pino from 'pino';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../apps/server/src/db/schema.ts';
import { buildApp } from '../../apps/server/src/app.ts';
import { loadConfig } from '../../apps/server/src/config.ts';
import { createContainer } from '../../apps/server/src/container.ts';
import type { Engine } from '../../apps/server/src/db/database.ts';
import { SEED_PASSWORD, seedScale, type Scale } from '../../apps/server/src/seed/generate.ts';
import { seedSupervision } from '../../apps/server/src/seed/supervision.ts';
import { scanReminders } from '../../apps/server/src/jobs/supervision-jobs.ts';
import { benchDatabase, emit, percentile, timeEach } from './lib.ts';

interface Session {
  cookie: string;
  csrf: string;
}

export async function login(base: string, username: string): Promise<Session> {
  const res = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: SEED_PASSWORD }) });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
  const body = (await res.json()) as { csrfToken: string };
  return { cookie, csrf: body.csrfToken };
}

/**
 * The first region of a generated tenant (a city of a province, a district otherwise) and a
 * session of the top unit's supervisor (the seed's '-2' account).
 */
export async function benchRegion(db: Kysely<DB>, tenant: string, scale: Scale, base: string): Promise<{ region: string; rootUser: string; supervisor: Session }> {
  const topKind = scale === 'province' ? 'city' : 'district';
  const region = (await sql<{ id: string }>`SELECT id FROM org_units WHERE tenant_id = ${tenant}::uuid AND kind = ${topKind} ORDER BY code LIMIT 1`.execute(db)).rows[0]!.id;
  const rootUser = (await sql<{ username: string }>`SELECT u.username FROM users u JOIN org_units o ON o.id = u.org_unit_id WHERE u.tenant_id = ${tenant}::uuid AND o.parent_id IS NULL AND u.username LIKE '%-2'`.execute(db)).rows[0]!.username;
  return { region, rootUser, supervisor: await login(base, rootUser) };
}

/** GETs each path once (it must answer 200), then 200 times, and prints `<name>_p50` and `<name>_p95` in ms. */
export async function timeGets(base: string, s: Session, paths: readonly (readonly [string, string])[], out: (metric: string, value: number, unit: string) => void): Promise<void> {
  for (const [name, url] of paths) {
    const status = await call(base, s, 'GET', url);
    if (status !== 200) throw new Error(`${url}: ${status}`);
    const times = await timeEach(200, () => call(base, s, 'GET', url));
    out(`${name}_p50`, percentile(times, 50), 'ms');
    out(`${name}_p95`, percentile(times, 95), 'ms');
  }
}

export async function call(base: string, s: Session, method: string, path: string, body?: unknown): Promise<number> {
  const res = await fetch(`${base}${path}`, { method, headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, ...(body ? { 'content-type': 'application/json' } : {}) }, ...(body ? { body: JSON.stringify(body) } : {}) });
  await res.arrayBuffer();
  return res.status;
}

/**
 * The clients' loop, run in a worker thread: each client posts reports on its own tasks (or,
 * with `get`, reads one of the paths) until time is up or `total` requests have been made.
 */
const LOAD_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const { base, clients, seconds, total, get } = workerData;
const until = Date.now() + seconds * 1000;
let ok = 0, errors = 0, made = 0;
const latencies = [];
const body = (i) => JSON.stringify({ done: '第 ' + i + ' 次报送:完成阶段性工作', percent: 10 + (i % 80), difficulties: '无', nextSteps: '继续推进' });
Promise.all(clients.map(async (c, ci) => {
  for (let i = 0; Date.now() < until && made < total && (get ? get.length > 0 : c.tasks.length > 0); i++) {
    made++;
    const started = performance.now();
    try {
      const res = get
        ? await fetch(base + get[(i + ci) % get.length], { headers: { cookie: c.session.cookie } })
        : await fetch(base + '/api/tasks/' + c.tasks[(i + ci) % c.tasks.length] + '/reports', { method: 'POST', headers: { cookie: c.session.cookie, 'x-csrf-token': c.session.csrf, 'content-type': 'application/json' }, body: body(i) });
      await res.arrayBuffer();
      if (res.status === (get ? 200 : 201)) ok++; else errors++;
    } catch { errors++; }
    latencies.push(performance.now() - started);
  }
})).then(() => parentPort.postMessage({ ok, errors, latencies }));
`;

/** With BENCH_CPU_PROFILE=FILE, the server thread's CPU profile of the sustained phase (open it in Chrome DevTools). */
async function startProfile(): Promise<(file: string) => Promise<void>> {
  const { Session } = await import('node:inspector/promises');
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return async (file) => {
    const { profile } = await session.post('Profiler.stop');
    (await import('node:fs')).writeFileSync(file, JSON.stringify(profile));
    session.disconnect();
  };
}

function sustainedLoad(base: string, clients: { session: Session; tasks: string[] }[], seconds: number, opts: { total?: number; get?: string[] } = {}): Promise<{ ok: number; errors: number; latencies: number[] }> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(LOAD_WORKER, { eval: true, workerData: { base, clients, seconds, total: opts.total ?? Infinity, get: opts.get } });
    worker.once('message', (m: { ok: number; errors: number; latencies: number[] }) => {
      resolve(m);
      void worker.terminate();
    });
    worker.once('error', reject);
  });
}

/**
 * Issue 3 and 8 figures, through the HTTP app on loopback (the application's overhead included) and,
 * for the dashboard, the same SQL run directly: dashboard lights for one city's subtree; the task
 * list with three filters; submitting a progress report (latency, then 16 concurrent clients);
 * the nightly recomputation of every open task's light; the server process's memory.
 */
export async function runSupervisionBench(engine: Engine, scale: Scale): Promise<void> {
  const out = (metric: string, value: number, unit: string) => emit({ bench: 'supervision', metric, value, unit, engine, scale });
  const database = await benchDatabase(engine);
  try {
    const config = loadConfig({ LOG_LEVEL: 'silent', LUOSHI_LOGIN_RATE_PER_MINUTE: '100000', LUOSHI_JOBS: '0', LUOSHI_FILES_DIR: '/tmp/luoshi-bench-files' } as NodeJS.ProcessEnv);
    const container = createContainer({ config, database, logger: pino({ level: 'silent' }) });
    const org = await seedScale(database, scale, container.audit);
    const t0 = Date.now();
    const seeded = await seedSupervision(database, org.tenantId);
    out('seed_tasks_seconds', (Date.now() - t0) / 1000, 's');
    out('tasks', seeded.tasks, 'count');
    out('progress_reports', seeded.reports, 'count');
    // The first pass writes every light (they start unset); a nightly pass afterwards rewrites only changes.
    const t1 = Date.now();
    const recomputed = await container.lights.recomputeAll(org.tenantId);
    out('lights_first_pass_seconds', (Date.now() - t1) / 1000, 's');
    const t2 = Date.now();
    await container.lights.recomputeAll(org.tenantId);
    out('nightly_lights_seconds', (Date.now() - t2) / 1000, 's');
    out('nightly_lights_tasks', recomputed, 'count');

    const app = await buildApp(container, { serveWeb: false, logger: false });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    try {
      const db = container.db;
      const tenant = org.tenantId;
      const { region, supervisor } = await benchRegion(db, tenant, scale, base);

      // Liaisons of 16 different units, each reporting on its own open tasks.
      const owners = (
        await sql<{ username: string; org_unit_id: string }>`SELECT u.username, u.org_unit_id FROM users u JOIN org_units o ON o.id = u.org_unit_id
          WHERE u.tenant_id = ${tenant}::uuid AND u.username LIKE '%-1' AND o.parent_id IS NOT NULL ORDER BY u.username LIMIT 16`.execute(db)
      ).rows;
      const clients = await Promise.all(
        owners.map(async (o) => ({
          session: await login(base, o.username),
          tasks: (await sql<{ id: string }>`SELECT id FROM tasks WHERE tenant_id = ${tenant}::uuid AND owner_unit_id = ${o.org_unit_id}::uuid AND status IN ('acknowledged','in_progress','returned') ORDER BY id`.execute(db)).rows.map((r) => r.id),
        })),
      );

      // 10,000 further writes before anything is timed: the figures below are those of a table
      // that has been written to all day, not of a freshly vacuumed one.
      const w0 = Date.now();
      const writes = await sustainedLoad(base, clients, 600, { total: 10_000 });
      out('write_phase_reports', writes.ok, 'count');
      out('write_phase_seconds', (Date.now() - w0) / 1000, 's');
      out('write_phase_errors', writes.errors, 'count');

      const rootId = (await sql<{ id: string }>`SELECT id FROM org_units WHERE tenant_id = ${tenant}::uuid AND parent_id IS NULL`.execute(db)).rows[0]!.id;
      for (const [name, unit] of [['region', region], ['root', rootId]] as const) {
        await call(base, supervisor, 'GET', `/api/dashboard?unitId=${unit}`);
        const dash = await timeEach(200, () => call(base, supervisor, 'GET', `/api/dashboard?unitId=${unit}`));
        out(`dashboard_${name}_p50`, percentile(dash, 50), 'ms');
        out(`dashboard_${name}_p95`, percentile(dash, 95), 'ms');
      }
      const dashSql = await timeEach(200, () => container.dashboard.unitCountsQuery(tenant, region).execute(db));
      out('dashboard_region_unit_counts_sql_p50', percentile(dashSql, 50), 'ms');
      out('dashboard_region_unit_counts_sql_p95', percentile(dashSql, 95), 'ms');
      // Leaders opening dashboards at once: 8 clients for 15 s, the root's and the districts'.
      const regions = (await sql<{ id: string }>`SELECT id FROM org_units WHERE tenant_id = ${tenant}::uuid AND parent_id = ${rootId}::uuid`.execute(db)).rows.map((r) => `/api/dashboard?unitId=${r.id}`);
      const dashLoad = await sustainedLoad(base, Array.from({ length: 8 }, () => ({ session: supervisor, tasks: [] })), 15, { get: ['/api/dashboard', ...regions] });
      out('dashboards_per_second_8_clients', dashLoad.ok / 15, 'req/s');
      out('dashboard_8_clients_p95', percentile(dashLoad.latencies, 95), 'ms');
      out('dashboard_8_clients_errors', dashLoad.errors, 'count');

      await timeGets(
        base,
        supervisor,
        [
          ['task_list_3_filters', `/api/tasks?unitId=${region}&status=in_progress,acknowledged&light=red,yellow&pageSize=20`],
          ['task_list_city', `/api/tasks?unitId=${rootId}&pageSize=20`],
        ],
        out,
      );

      const detailIds = clients.flatMap((c) => c.tasks.slice(0, 20));
      const detail = await timeEach(200, (i) => call(base, supervisor, 'GET', `/api/tasks/${detailIds[i % detailIds.length]}`));
      out('task_detail_p50', percentile(detail, 50), 'ms');
      out('task_detail_p95', percentile(detail, 95), 'ms');

      // The hourly reminder scan: the first sends what is due; the next finds nothing new to send.
      const reminderDeps = { db, clock: container.clock, calendar: container.calendar, notifications: container.notifications, settings: { beforeDeadlineWorkdays: 3 } };
      const r0 = performance.now();
      const firstScan = await scanReminders(reminderDeps, tenant);
      out('reminder_scan_first_ms', performance.now() - r0, 'ms');
      out('reminder_scan_first_sent', firstScan.sent, 'count');
      const r1 = performance.now();
      const again = await scanReminders(reminderDeps, tenant);
      out('reminder_scan_nothing_due_ms', performance.now() - r1, 'ms');
      out('reminder_scan_nothing_due_sent', again.sent, 'count');
      out('reminder_scan_checked', again.checked, 'count');

      const body = (i: number) => ({ done: `第 ${i} 次报送:完成阶段性工作`, percent: 10 + (i % 80), difficulties: '无', nextSteps: '继续推进' });
      const first = clients[0]!;
      let statusErrors = 0;
      const single = await timeEach(200, async (i) => {
        const s = await call(base, first.session, 'POST', `/api/tasks/${first.tasks[i % first.tasks.length]}/reports`, body(i));
        if (s !== 201) statusErrors++;
      });
      out('report_submit_p50', percentile(single, 50), 'ms');
      out('report_submit_p95', percentile(single, 95), 'ms');

      // Sustained load: 16 concurrent clients for a bounded time, driven from a worker thread so
      // the load generator does not share the server's event loop.
      const seconds = 20;
      const profile = process.env.BENCH_CPU_PROFILE ? await startProfile() : undefined;
      const load = await sustainedLoad(base, clients, seconds);
      if (profile) await profile(process.env.BENCH_CPU_PROFILE!);
      const ok = load.ok;
      const errors = statusErrors + load.errors;
      const latencies = load.latencies;
      out('reports_per_second_16_clients', ok / seconds, 'req/s');
      out('report_submit_16_clients_p95', percentile(latencies, 95), 'ms');
      out('report_errors', errors, 'count');
      out('audit_chain_ok', (await container.audit.verify(tenant)).ok ? 1 : 0, 'bool');
      out('server_rss', process.memoryUsage().rss / 1024 / 1024, 'MiB');
      out('server_heap_used', process.memoryUsage().heapUsed / 1024 / 1024, 'MiB');
    } finally {
      await app.close();
    }
  } finally {
    await database.drop();
  }
}
