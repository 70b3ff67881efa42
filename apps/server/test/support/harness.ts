import { afterAll, beforeAll } from 'vitest';
import { buildApp } from '../../src/app.ts';
import { bootstrap, type BootstrapResult } from '../../src/bootstrap/bootstrap.ts';
import { DEMO_PASSWORD } from '../../src/bootstrap/demo-city.ts';
import { loadConfig } from '../../src/config.ts';
import { createContainer, type Container } from '../../src/container.ts';
import type { Engine } from '../../src/db/database.ts';
import type { App } from '../../src/http/types.ts';
import { ManualClock } from '../../src/lib/clock.ts';
import pino from 'pino';
import { createTestDatabase } from './test-database.ts';

export const ADMIN_PASSWORD = 'Admin@2026x';
export { DEMO_PASSWORD };

export interface Response {
  status: number;
  body: any;
  headers: Record<string, unknown>;
  raw: Buffer;
}

/** A logged-in (or anonymous) HTTP client over app.inject that keeps the cookie and CSRF token. */
export class Client {
  cookie = '';
  csrf = '';
  bearer = '';
  constructor(private readonly app: App) {}

  async request(method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, payload?: unknown, extraHeaders: Record<string, string> = {}): Promise<Response> {
    const headers: Record<string, string> = { ...extraHeaders };
    if (this.cookie) headers.cookie = this.cookie;
    if (this.csrf && method !== 'GET') headers['x-csrf-token'] = this.csrf;
    if (this.bearer) headers.authorization = `Bearer ${this.bearer}`;
    const res = await this.app.inject({ method, url, headers, ...(payload !== undefined ? { payload: payload as object } : {}) });
    const setCookie = res.cookies.find((c) => c.name === 'luoshi_sid');
    if (setCookie) this.cookie = setCookie.value ? `luoshi_sid=${setCookie.value}` : '';
    let body: unknown;
    try {
      body = res.json();
    } catch {
      body = res.body;
    }
    return { status: res.statusCode, body, headers: res.headers as Record<string, unknown>, raw: res.rawPayload };
  }
  get(url: string) {
    return this.request('GET', url);
  }
  post(url: string, body: unknown = {}) {
    return this.request('POST', url, body);
  }
  patch(url: string, body: unknown) {
    return this.request('PATCH', url, body);
  }
  put(url: string, body: unknown) {
    return this.request('PUT', url, body);
  }
  delete(url: string) {
    return this.request('DELETE', url);
  }
}

export interface TestContext {
  engine: Engine;
  container: Container;
  clock: ManualClock;
  app: App;
  tenantId: string;
  /** Demo unit ids by code (SFS, SFS-DC, SFS-XC-CZJ …). */
  unit(code: string): string;
  /** Demo user ids by username. */
  userId(username: string): string;
  anon(): Client;
  /** What the first start answered (the generated admin password, when one was generated). */
  bootstrap: BootstrapResult;
  login(username: string, password?: string): Promise<Client>;
}

/**
 * Registers beforeAll/afterAll that give the file a fresh migrated database on `engine` holding
 * the demo city, a container on a ManualClock, and the HTTP app.
 */
export function useTestApp(engine: Engine, env: Record<string, string> = {}, options: { generateAdminPassword?: boolean } = {}): TestContext {
  const ctx = { engine } as TestContext;
  let drop: () => Promise<void> = async () => {};
  beforeAll(async () => {
    const database = await createTestDatabase(engine);
    drop = database.drop;
    const clock = new ManualClock('2026-03-02T02:00:00Z');
    const config = loadConfig({ LOG_LEVEL: 'silent', LUOSHI_LOGIN_RATE_PER_MINUTE: '10000', ...env } as NodeJS.ProcessEnv);
    const container = createContainer({ config, database, clock, logger: pino({ level: 'silent' }) });
    const result = await bootstrap(container, { demo: true, adminPassword: options.generateAdminPassword ? undefined : ADMIN_PASSWORD });
    const app = await buildApp(container, { serveWeb: false, logger: false });
    await app.ready();
    const units = new Map((await container.db.selectFrom('org_units').select(['code', 'id']).execute()).map((u) => [u.code, u.id]));
    const users = new Map((await container.db.selectFrom('users').select(['username', 'id']).execute()).map((u) => [u.username, u.id]));
    Object.assign(ctx, {
      container,
      clock,
      app,
      tenantId: result.tenantId,
      bootstrap: result,
      unit: (code: string) => units.get(code) ?? (() => { throw new Error(`no demo unit ${code}`); })(),
      userId: (name: string) => users.get(name) ?? (() => { throw new Error(`no demo user ${name}`); })(),
      anon: () => new Client(app),
      async login(username: string, password?: string) {
        const client = new Client(app);
        const res = await client.post('/api/auth/login', { username, password: password ?? (username === 'admin' ? ADMIN_PASSWORD : DEMO_PASSWORD) });
        if (res.status !== 200) throw new Error(`login ${username} failed: ${res.status} ${JSON.stringify(res.body)}`);
        client.csrf = res.body.csrfToken;
        return client;
      },
    });
  });
  afterAll(async () => {
    await ctx.app?.close();
    await drop();
  });
  return ctx;
}

/** A multipart/form-data body with one file (field `file`) and optional text fields before it. */
/** Uploads a file as the client (pending until attached); answers its id, failing the test unless it was taken. */
export async function uploadPending(client: Client, fileName: string, bytes: Buffer): Promise<string> {
  const { body, headers } = multipartBody(fileName, bytes);
  const res = await client.request('POST', '/api/attachments', body, headers);
  if (res.status !== 201) throw new Error(`upload of ${fileName}: ${res.status} ${JSON.stringify(res.body)}`);
  return (res.body as { data: { id: string } }).data.id;
}

export function multipartBody(fileName: string, bytes: Buffer, fields: Record<string, string> = {}): { body: Buffer; headers: Record<string, string> } {
  const boundary = '----luoshitest';
  const parts = Object.entries(fields).map(([name, value]) => Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: application/octet-stream\r\n\r\n`);
  return { body: Buffer.concat([...parts, head, bytes, Buffer.from(`\r\n--${boundary}--\r\n`)]), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}
