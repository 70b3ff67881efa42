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
 * Starts a server on a fresh PGlite folder; close() stops it and deletes the folder. Pass a
 * ManualClock as `clock` to move the server's time during a journey.
 */
export async function startServer(options: { clock?: Clock } = {}): Promise<TestServer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-e2e-'));
  const config = loadConfig({ LUOSHI_DATA_DIR: dir, LOG_LEVEL: 'warn' } as NodeJS.ProcessEnv);
  const database = await createDatabase({ dataDir: dir });
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
      await database.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
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
