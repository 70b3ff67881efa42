import fs from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoTasks } from '../../apps/server/src/bootstrap/demo-tasks.ts';
import { browserMissing, launchBrowser, screenshot, signIn, type Browser } from '../support/browser.ts';
import { apiSession, DEMO_PASSWORD, startServer, type TestServer } from '../support/server.ts';

const missing = browserMissing();

/** A CSP violation as the page's `securitypolicyviolation` event or the console reported it. */
interface Violation {
  url: string;
  what: string;
}

/**
 * Records every CSP violation of every document the browser opens: the DOM event (through a
 * binding, so it survives navigations) and Chromium's console line ("Refused to … because it
 * violates the following Content Security Policy directive …"); page errors too.
 */
async function watchViolations(browser: Browser): Promise<Violation[]> {
  const violations: Violation[] = [];
  await browser.context.exposeBinding('__cspViolation', ({ page }, what: string) => void violations.push({ url: page.url(), what }));
  await browser.context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      (window as unknown as { __cspViolation: (what: string) => void }).__cspViolation(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'} ${e.sample} at ${e.sourceFile}:${e.lineNumber}:${e.columnNumber}`);
    });
  });
  browser.page.on('console', (msg) => {
    if (/Content Security Policy|Refused to/i.test(msg.text())) violations.push({ url: browser.page.url(), what: `console: ${msg.text()}` });
  });
  browser.page.on('pageerror', (err) => violations.push({ url: browser.page.url(), what: `page error: ${err.message}` }));
  return violations;
}

/** The directives of a Content-Security-Policy header by name. */
function parseCsp(header: string | undefined): Map<string, string[]> {
  return new Map((header ?? '').split(';').map((d) => d.trim().split(/\s+/)).filter((d) => d[0]).map(([name, ...values]) => [name!, values]));
}

async function downloadBytes(page: Page, click: () => Promise<void>): Promise<{ name: string; bytes: Buffer }> {
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 90_000 }), click()]);
  return { name: download.suggestedFilename(), bytes: fs.readFileSync((await download.path())!) };
}

describe.skipIf(Boolean(missing))(missing || 'the pages under the content security policy', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
    await seedDemoTasks(server.container, server.tenantId);
  });
  afterAll(async () => {
    await server?.close();
  });

  it('sends a nonce-based CSP with the page, and the other security headers, without HSTS over plain HTTP', async () => {
    const first = await fetch(`${server.baseURL}/login`);
    const html = await first.text();
    const csp = parseCsp(first.headers.get('content-security-policy') ?? undefined);
    expect(csp.get('script-src')?.filter((v) => !v.startsWith("'nonce-"))).toEqual(["'self'"]);
    expect(csp.get('script-src-attr')).toEqual(["'none'"]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('style-src')).not.toContain("'unsafe-inline'");
    const nonce = csp.get('style-src')?.find((v) => v.startsWith("'nonce-"))?.slice(7, -1);
    expect(nonce).toMatch(/^[0-9a-f]{32}$/);
    // The page learns its nonce from the meta tag the server filled in; the next answer has another.
    expect(html).toContain(`<meta name="csp-nonce" content="${nonce}" />`);
    expect(html).not.toContain('__CSP_NONCE__');
    expect(first.headers.get('cache-control')).toBe('no-cache');
    // The page's start-up spinner is styled under the same nonce.
    expect(html).toContain(`<style nonce="${nonce}">`);
    // Scripts named by their content's hash are kept a year without asking again; the icon is checked each time.
    const script = /<script type="module" crossorigin src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    const asset = await fetch(`${server.baseURL}${script}`, { headers: { 'accept-encoding': 'br' } });
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-encoding')).toBe('br');
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect((await fetch(`${server.baseURL}/favicon.svg`)).headers.get('cache-control')).not.toContain('immutable');
    const again = parseCsp((await fetch(`${server.baseURL}/`)).headers.get('content-security-policy') ?? undefined);
    expect(again.get('style-src')).not.toContain(`'nonce-${nonce}'`);
    // /index.html is the same page with its own nonce, never the raw file.
    expect(await (await fetch(`${server.baseURL}/index.html`)).text()).not.toContain('__CSP_NONCE__');

    expect(first.headers.get('x-content-type-options')).toBe('nosniff');
    expect(first.headers.get('x-frame-options')).toBe('DENY');
    expect(first.headers.get('referrer-policy')).toBe('same-origin');
    expect(first.headers.get('strict-transport-security')).toBeNull();
    const api = await fetch(`${server.baseURL}/api/health`);
    expect(parseCsp(api.headers.get('content-security-policy') ?? undefined).get('frame-ancestors')).toEqual(["'none'"]);
    expect(api.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('runs login, home, task list, task detail, the dashboard charts, directive review and the downloads with no CSP violation', async () => {
    const sup = await apiSession(server.baseURL, 'supervisor', DEMO_PASSWORD);
    // The demo's task under a red order (its co-units' parts share the title but not the order).
    const found = (await sup<{ data: { id: string; title: string }[] }>('GET', `/api/tasks?q=${encodeURIComponent('新能源汽车零部件产业园')}`)).data;
    const details = await Promise.all(found.map((t) => sup<{ data: { id: string; title: string; orders: unknown[] } }>('GET', `/api/tasks/${t.id}`)));
    const task = details.map((d) => d.data).find((d) => d.orders.length > 0)!;
    const directive = (await sup<{ items: { id: string }[] }>('GET', '/api/directives')).items[0]!;

    const browser = await launchBrowser({ width: 1440, height: 900 });
    const violations = await watchViolations(browser);
    try {
      const { page } = browser;
      await page.goto(`${server.baseURL}/login`);
      await page.getByLabel('用户名').waitFor();
      // antd's theme variables are in, each <style> tag carrying the nonce; its component styles come
      // from the prebuilt style sheet (zeroRuntime), and the primary button shows the theme's colour.
      const styles = await page.evaluate(() => Array.from(document.querySelectorAll('style'), (s) => s.nonce ?? ''));
      expect(styles.length).toBeGreaterThan(0);
      expect(styles.every((n) => /^[0-9a-f]{32}$/.test(n))).toBe(true);
      expect(await page.getByRole('button', { name: /登\s*录/ }).evaluate((b: HTMLElement) => getComputedStyle(b).backgroundColor)).toBe('rgb(31, 95, 191)');

      await signIn(page, server.baseURL, 'supervisor', DEMO_PASSWORD);
      await page.getByTestId('home-greeting').waitFor();

      await page.goto(`${server.baseURL}/tasks`);
      await page.getByTestId('task-row').first().waitFor();
      const xlsx = await downloadBytes(page, () => page.getByTestId('list-export').click());
      expect(xlsx.name).toMatch(/\.xlsx$/);
      expect(xlsx.bytes.subarray(0, 4).toString('latin1')).toBe('PK\x03\x04');

      await page.goto(`${server.baseURL}/tasks/${task.id}?tab=orders`);
      await page.getByText(task.title).first().waitFor();
      const docx = await downloadBytes(page, () => page.getByTestId('order-docx').first().click());
      expect(docx.name).toMatch(/\.docx$/);
      expect(docx.bytes.subarray(0, 4).toString('latin1')).toBe('PK\x03\x04');

      await page.goto(`${server.baseURL}/dashboard`);
      const chart = page.getByTestId('dash-units-chart');
      await chart.locator('canvas').first().waitFor();
      // The chart drew (ink on its canvas) and its tooltip shows on hover.
      const box = (await chart.boundingBox())!;
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await page.mouse.move(box.x + box.width / 2 + 5, box.y + box.height / 2 + 5);
      await expect.poll(() => chart.evaluate((el) => (el.textContent ?? '').trim().length)).toBeGreaterThan(0);
      await screenshot(page, 'csp-dashboard-1440');

      await page.goto(`${server.baseURL}/directives/${directive.id}`);
      await page.getByTestId('draft-item').first().waitFor();
      await screenshot(page, 'csp-directive-1440');
    } finally {
      await browser.close();
    }
    expect(violations).toEqual([]);
  });

  it('keeps swagger-ui at /api/docs working under its own policy: inline styles allowed, still no inline script', async () => {
    const res = await fetch(`${server.baseURL}/api/docs/`);
    const csp = parseCsp(res.headers.get('content-security-policy') ?? undefined);
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    expect(csp.get('style-src')).toContain("'unsafe-inline'");

    const browser = await launchBrowser({ width: 1440, height: 900 });
    const violations = await watchViolations(browser);
    try {
      await browser.page.goto(`${server.baseURL}/api/docs/`);
      await browser.page.locator('.swagger-ui .opblock').first().waitFor();
      await browser.page.locator('.swagger-ui .opblock-summary').first().click();
      await browser.page.locator('.swagger-ui .opblock-body').first().waitFor();
    } finally {
      await browser.close();
    }
    expect(violations).toEqual([]);
  });
});
