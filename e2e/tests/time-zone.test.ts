import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../apps/server/src/lib/clock.ts';
import { browserMissing, launchBrowser, screenshot, signIn } from '../support/browser.ts';
import { at930, signInAt, workingMonday } from '../support/journey.ts';
import { ADMIN_PASSWORD, apiSession, DEMO_PASSWORD, e2eEngines, useServer } from '../support/server.ts';

const missing = browserMissing();
const MONDAY = workingMonday();

/**
 * A supervisor and an administrator whose laptops are set to New York (13 hours behind Shanghai in
 * winter, 12 in summer): the 签收时间 and the audit log's times still read as Shanghai time.
 */
describe.skipIf(Boolean(missing)).each(e2eEngines('postgresql'))(missing || 'times in the tenant zone from a browser in New York on %s', (engine) => {
  const clock = new ManualClock(at930(MONDAY));
  const server = useServer(engine, clock);

  it('shows 签收时间 and audit times as Shanghai time, and the audit log in words, filtered by area', async () => {
    const sup = await apiSession(server.baseURL, 'supervisor', DEMO_PASSWORD);
    const units = await sup<{ data: { id: string; name: string }[] }>('GET', '/api/org-units?q=东城区&pageSize=5');
    const dc = units.data.find((u) => u.name === '东城区')!;
    const created = await sup<{ data: { id: string } }>('POST', '/api/tasks', { title: '时区核对任务', leadUnitIds: [dc.id], deadline: '2030-06-30' });
    // The liaison acknowledges at 09:30 Shanghai, which is the evening before in New York.
    const liaison = await apiSession(server.baseURL, 'liaison_dc', DEMO_PASSWORD);
    await liaison('POST', `/api/tasks/${created.data.id}/acknowledge`, {});
    const shanghai = `${MONDAY} 09:30`;

    const browser = await launchBrowser({ width: 1440, height: 900 }, 'America/New_York');
    try {
      const { page } = browser;
      expect(await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone)).toBe('America/New_York');
      await signInAt(browser, server, clock, 'supervisor', `/tasks/${created.data.id}`);
      const detail = page.locator('.ant-descriptions-item').filter({ hasText: '签收时间' });
      await expect.poll(() => detail.locator('.ant-descriptions-item-content').textContent()).toBe(shanghai);
      await screenshot(page, 'time-zone-task-ny-1440');
    } finally {
      await browser.close();
    }

    const admin = await launchBrowser({ width: 1440, height: 900 }, 'America/New_York');
    try {
      const { page } = admin;
      await admin.context.clock.setFixedTime(clock.now());
      await signIn(page, server.baseURL, 'admin', ADMIN_PASSWORD, '/audit');
      await page.getByTestId('audit-area').click();
      await page.locator('.ant-select-dropdown:visible').getByText('任务', { exact: true }).click();
      const row = page.locator('.ant-table-row').filter({ hasText: '签收任务' }).first();
      await row.waitFor();
      // Every action in words, none as a code; the time is Shanghai's; the IP column is whole.
      await expect.poll(() => page.locator('.ant-table-row').filter({ hasText: /task\.|order\./ }).count()).toBe(0);
      expect(await row.locator('td').nth(1).textContent()).toBe(shanghai);
      const ipCell = row.locator('td').last();
      const ip = await ipCell.evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth, text: el.textContent }));
      expect(ip.text).toMatch(/\d+\.\d+\.\d+\.\d+|:/);
      expect(ip.scroll).toBeLessThanOrEqual(ip.client);
      await screenshot(page, 'audit-area-task-1440');
    } finally {
      await admin.close();
    }
  });
});
