import pino from 'pino';
import { createDatabase } from '../../apps/server/src/db/database.ts';
import { loadConfig } from '../../apps/server/src/config.ts';
import { createContainer } from '../../apps/server/src/container.ts';
import { buildApp } from '../../apps/server/src/app.ts';
const database = await createDatabase({ databaseUrl: 'postgres://postgres@127.0.0.1:55432/luoshi_bench_e9ad395a', poolSize: 10 });
const config = loadConfig({ LOG_LEVEL: 'silent', LUOSHI_JOBS: '0', LUOSHI_LOGIN_RATE_PER_MINUTE: '100000' } as NodeJS.ProcessEnv);
const c = createContainer({ config, database, logger: pino({ level: 'silent' }) });
const db = c.db;
const root = await db.selectFrom('org_units').select(['id', 'tenant_id']).where('parent_id', 'is', null).where('name', '=', '压测省').executeTakeFirstOrThrow();
const sup = await db.selectFrom('users').selectAll().where('tenant_id', '=', root.tenant_id).where('org_unit_id', '=', root.id).where('username', 'like', '%-2').executeTakeFirstOrThrow();
const actor = await c.auth.loadActor(root.tenant_id, sup);
const year = new Date().getFullYear();
for (let i = 0; i < 15; i++) {
  const t0 = performance.now();
  const r = await c.indicators.benchmark(actor, { orgUnitId: root.id, fromYear: year - 4, toYear: year });
  const t1 = performance.now();
  const json = JSON.stringify(r);
  if (i % 5 === 4) console.log('service', (t1 - t0).toFixed(1), 'ms', 'json', json.length, 'bytes', (performance.now() - t1).toFixed(1), 'ms', r.indicators.length, r.indicators[0]?.periods.length);
}
const svc = c.indicators as any;
const inds = await svc.baseQuery(db, actor.tenantId).orderBy('i.code').execute();
const peers = await db.selectFrom('peers').select(['id']).where('tenant_id', '=', actor.tenantId).execute();
for (let i = 0; i < 10; i++) {
  const a = performance.now();
  await svc.visibleUnit(actor, root.id);
  const b = performance.now();
  await svc.baseQuery(db, actor.tenantId).orderBy('i.code').execute();
  const c2 = performance.now();
  await svc.series(actor.tenantId, inds, { units: [root.id] }, year - 4, year);
  const d = performance.now();
  await svc.series(actor.tenantId, inds, { peers: peers.map((p: any) => p.id) }, year - 4, year);
  const e = performance.now();
  if (i % 3 === 2) console.log('unit', (b - a).toFixed(1), 'inds', (c2 - b).toFixed(1), 'ours', (d - c2).toFixed(1), 'peers', (e - d).toFixed(1), inds.length, inds.filter((x: any) => x.formula).length);
}
const app = await buildApp(c, { serveWeb: false, logger: false });
const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { tenant: undefined, username: sup.username, password: 'Seed@2026' } });
console.log('login', login.statusCode, login.body.slice(0, 200));
const cookie = login.headers['set-cookie'];
for (let i = 0; i < 15; i++) {
  const t0 = performance.now();
  const r = await app.inject({ method: 'GET', url: `/api/indicators/benchmark?orgUnitId=${root.id}&fromYear=${year - 4}&toYear=${year}`, headers: { cookie: String(cookie) } });
  if (i % 5 === 4) console.log('http', r.statusCode, (performance.now() - t0).toFixed(1), 'ms', r.body.length);
}
await app.close();
await database.close();
