import { chromium, type Browser, type Page } from 'playwright-core';
import type { Scale } from '../../apps/server/src/seed/generate.ts';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { seedDemoTasks } from '../../apps/server/src/bootstrap/demo-tasks.ts';
import { DEMO_PASSWORD, startServer } from '../../e2e/support/server.ts';
import { emit } from './lib.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ROUNDS = 5;

/** Script bytes the page fetched over the network since `since` (ms on the page's clock): on the wire and decoded. */
async function scriptBytes(page: Page, since = 0): Promise<{ wire: number; decoded: number }> {
  return page.evaluate((from) => {
    const entries = performance.getEntriesByType('resource') as unknown as { name: string; startTime: number; initiatorType: string; transferSize: number; encodedBodySize: number; decodedBodySize: number }[];
    const scripts = entries.filter((e) => e.startTime >= from && e.transferSize > 0 && (e.initiatorType === 'script' || e.initiatorType === 'link' || e.initiatorType === 'other') && /\.js(\?|$)/.test(e.name));
    return { wire: scripts.reduce((a, e) => a + e.encodedBodySize, 0), decoded: scripts.reduce((a, e) => a + e.decodedBodySize, 0) };
  }, since);
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

interface Sample {
  ms: number;
  wire: number;
  decoded: number;
}

/**
 * First load and route change of the web app in Chromium, as a user on this machine sees them:
 * the login page until its form is there, the task list until its rows are (interactive), the
 * dashboard until its figures and first chart are; a route change from the task list to the
 * dashboard and back; and the task list opened again in a new tab of the same browser (its scripts
 * cached). Each with the bytes of script it fetched over the network (on the wire — served
 * precompressed — and decoded; nothing for what came from the cache). Every first load starts with
 * an empty cache; the median of five rounds.
 */
export async function runWebLoadBench(engine: 'pglite' | 'postgresql', scale: Scale): Promise<void> {
  // The app as shipped: a fresh production build (its log on stderr, so stdout holds only figures).
  execFileSync('npm', ['run', 'build', '-w', '@luoshi/web'], { cwd: fileURLToPath(new URL('../..', import.meta.url)), stdio: ['ignore', process.stderr, process.stderr] });
  const server = await startServer({ engine });
  // The demo city's work, as `npm start` seeds it, so the list and the dashboard have something to show.
  await seedDemoTasks(server.container, server.tenantId);
  const browser: Browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking'] });
  const samples = new Map<string, Sample[]>();
  const record = (name: string, s: Sample) => samples.set(name, [...(samples.get(name) ?? []), s]);
  try {
    // A signed-in session's cookie, reused by every fresh context.
    const login = await fetch(`${server.baseURL}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'supervisor', password: DEMO_PASSWORD }) });
    const cookie = (login.headers.getSetCookie?.() ?? []).map((c) => c.split(';')[0]!).find((c) => c.startsWith('luoshi_sid='));
    if (!login.ok || !cookie) throw new Error(`login failed: ${login.status}`);
    const [name, value] = [cookie.slice(0, cookie.indexOf('=')), cookie.slice(cookie.indexOf('=') + 1)];

    const fresh = async (signedIn: boolean) => {
      const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
      if (signedIn) await context.addCookies([{ name, value, url: server.baseURL }]);
      const page = await context.newPage();
      page.setDefaultTimeout(60_000);
      return { context, page };
    };
    const firstLoad = async (label: string, path: string, signedIn: boolean, ready: (page: Page) => Promise<unknown>) => {
      const { context, page } = await fresh(signedIn);
      const t0 = Date.now();
      await page.goto(`${server.baseURL}${path}`, { waitUntil: 'commit' });
      await ready(page);
      const ms = Date.now() - t0;
      record(label, { ms, ...(await scriptBytes(page)) });
      return { context, page };
    };
    const tasksReady = (page: Page) => page.getByTestId('task-row').first().waitFor();
    const dashboardReady = async (page: Page) => {
      await page.getByTestId('dash-total').locator('.ant-statistic-content-value').waitFor();
      // The units chart, once ECharts has arrived.
      await page.getByTestId('dash-units-chart').locator('canvas').first().waitFor();
    };

    for (let round = 0; round < ROUNDS; round++) {
      await (await firstLoad('login', '/login', false, (page) => page.getByRole('button', { name: /登\s*录/ }).waitFor())).context.close();
      await (await firstLoad('dashboard', '/dashboard', true, dashboardReady)).context.close();
      const { context, page } = await firstLoad('tasks', '/tasks', true, tasksReady);
      // A returning visitor: the same browser opens the task list again in a new tab, its scripts
      // in the cache (they are named by their content's hash and kept a year).
      {
        const again = await context.newPage();
        const t0 = Date.now();
        await again.goto(`${server.baseURL}/tasks`, { waitUntil: 'commit' });
        await tasksReady(again);
        record('tasks-revisit', { ms: Date.now() - t0, ...(await scriptBytes(again)) });
        await again.close();
      }
      // Route changes inside the running app: the menu to the dashboard, then back to the tasks.
      for (const [label, menu, ready] of [
        ['tasks→dashboard', '领导看板', dashboardReady],
        ['dashboard→tasks', '任务督办', tasksReady],
      ] as const) {
        const since = await page.evaluate(() => performance.now());
        const t0 = Date.now();
        await page.locator('.app-sider .ant-menu').getByText(menu, { exact: true }).click();
        await ready(page);
        record(`${label}`, { ms: Date.now() - t0, ...(await scriptBytes(page, since)) });
      }
      await context.close();
    }

    for (const [label, list] of samples) {
      const route = label.includes('→') ? `route.${label}` : label.endsWith('-revisit') ? `revisit.${label.slice(0, -'-revisit'.length)}` : `first.${label}`;
      emit({ bench: 'web-load', metric: `${route}.ms`, value: median(list.map((s) => s.ms)), unit: 'ms', engine, scale });
      emit({ bench: 'web-load', metric: `${route}.script-wire`, value: median(list.map((s) => s.wire)) / 1024, unit: 'kB', engine, scale });
      emit({ bench: 'web-load', metric: `${route}.script-decoded`, value: median(list.map((s) => s.decoded)) / 1024, unit: 'kB', engine, scale });
    }
  } finally {
    await browser.close();
    await server.close();
  }
}
