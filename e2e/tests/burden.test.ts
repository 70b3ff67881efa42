import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../apps/server/src/lib/clock.ts';
import { browserMissing, expectNoHorizontalOverflow, launchBrowser, screenshot } from '../support/browser.ts';
import { at930, settled, signInAt, workingMonday } from '../support/journey.ts';
import { e2eEngines, useServer } from '../support/server.ts';

const missing = browserMissing();
const MONDAY = workingMonday();
const MONTH = MONDAY.slice(0, 7);

describe.skipIf(Boolean(missing)).each(e2eEngines('postgresql'))(missing || 'the reporting burden in the browser on %s', (engine) => {
  const clock = new ManualClock(at930(MONDAY));
  const server = useServer(engine, clock);

  it('shows a district the same progress asked twice this month, opens both requests, and reads as cards on a phone', async () => {
    const office = await launchBrowser({ width: 1366, height: 768 });
    const phone = await launchBrowser({ width: 390, height: 844 });
    try {
      // Two assignments ask 东城区 for the same monthly progress (due at the month's end).
      const c = server.container;
      const supervisor = await c.auth.loadActor(server.tenantId, await c.db.selectFrom('users').selectAll().where('username', '=', 'supervisor').executeTakeFirstOrThrow());
      const dc = await c.db.selectFrom('org_units').select('id').where('code', '=', 'SFS-DC').executeTakeFirstOrThrow();
      for (const title of ['推进老旧小区改造', '推進老舊小區改造']) {
        await c.tasks.create(supervisor, { title, leadUnitIds: [dc.id], deadline: `${Number(MONTH.slice(0, 4)) + 1}-06-30`, startDate: `${MONTH}-01`, reportCycle: 'monthly', reportDueDay: 0, assign: true });
      }
      // And a unit below the district is asked once: its row leads a level down.
      const below = await c.db.selectFrom('org_units').select(['id', 'name']).where('parent_id', '=', dc.id).orderBy('sort_order').orderBy('code').executeTakeFirstOrThrow();
      await c.tasks.create(supervisor, { title: '排查燃气管线隐患', leadUnitIds: [below.id], deadline: `${Number(MONTH.slice(0, 4)) + 1}-06-30`, startDate: `${MONTH}-01`, reportCycle: 'monthly', reportDueDay: 0, assign: true });

      const page = office.page;
      await signInAt(office, server, clock, 'liaison_dc', '/burden');
      const row = page.getByTestId('burden-table').locator('tr', { hasText: '东城区' });
      await row.getByText('0/2').first().waitFor();
      expect(await row.locator('.ant-tag-red').innerText()).toBe('1');
      await page.getByTestId('burden-rule').getByText('记为一对重复填报').waitFor();
      await screenshot(page, 'burden-table-1366');
      await page.getByTestId('burden-open-东城区').click();
      const drawer = page.getByTestId('burden-drawer');
      await drawer.getByTestId('burden-pair').waitFor();
      await settled(page);
      await expect.poll(() => drawer.getByTestId('burden-pair').locator('a').count()).toBe(2);
      await screenshot(page, 'burden-1366');
      // A pair's link opens the task it names.
      await drawer.getByTestId('burden-pair').locator('a').first().click();
      await page.waitForURL(/\/tasks\/[0-9a-f-]{36}$/);

      // A unit below opens its own level: its row is the table's own unit, no longer a link.
      await page.goto(`${server.baseURL}/burden`);
      await page.getByTestId(`burden-down-${below.name}`).click();
      await page.waitForURL(new RegExp(`unitId=${below.id}`));
      await page.getByTestId(`burden-down-${below.name}`).waitFor({ state: 'detached' });
      await page.getByTestId('burden-table').locator('tr', { hasText: below.name }).getByText('0/1').first().waitFor();
      // Polled: the level above's rows can still be on screen for a moment while the new level's arrive.
      await expect.poll(() => page.getByTestId('burden-table').locator('tr.ant-table-row').count()).toBe(1);
      // And back up to the district (the liaison's scope ends there, so no way further up).
      await page.getByTestId('burden-up').click();
      await page.getByTestId(`burden-down-${below.name}`).waitFor();
      expect(await page.getByTestId('burden-up').count()).toBe(0);

      // A month with nothing asked shows the empty state.
      await page.goto(`${server.baseURL}/burden?month=2020-01`);
      await page.getByText('本月没有要求填报的事项').waitFor();

      // On a phone: one card per unit, the duplicate count on it, and no sideways scrolling.
      await signInAt(phone, server, clock, 'liaison_dc', '/burden');
      const card = phone.page.getByTestId('burden-card-东城区');
      await card.getByText('重复填报 1 对').waitFor();
      await expectNoHorizontalOverflow(phone.page);
      await screenshot(phone.page, 'burden-390', true);
      await card.click();
      await phone.page.getByTestId('burden-drawer').getByTestId('burden-pair').waitFor();
    } finally {
      await office.close();
      await phone.close();
    }
  }, 150_000);
});
