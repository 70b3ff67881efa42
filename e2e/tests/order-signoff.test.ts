import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../apps/server/src/lib/clock.ts';
import { addCalendarDays } from '../../apps/server/src/supervision/rules/working-days.ts';
import { browserMissing, launchBrowser, screenshot } from '../support/browser.ts';
import { at930, pickDate, settled, signInAt, workingMonday } from '../support/journey.ts';
import { apiSession, DEMO_PASSWORD, e2eEngines, useServer } from '../support/server.ts';

const missing = browserMissing();
const TITLE = '城市更新项目库编制';
const MONDAY = workingMonday();

// A deployment that asks for the responsible leader's 签发 of red orders (LUOSHI_ORDER_SIGNOFF=red).
describe.skipIf(Boolean(missing)).each(e2eEngines('pglite'))(missing || 'order 签发 in the browser on %s', (engine) => {
  const clock = new ManualClock(at930(MONDAY));
  const server = useServer(engine, clock, { LUOSHI_ORDER_SIGNOFF: 'red' });

  it('holds a red order for the responsible leader, who signs it from his workbench; the unit then sees it numbered', async () => {
    const sup = await apiSession(server.baseURL, 'supervisor', DEMO_PASSWORD);
    const units = await sup<{ data: { id: string; name: string }[] }>('GET', `/api/org-units?q=${encodeURIComponent('东城区')}`);
    const users = await sup<{ data: { id: string; username: string }[] }>('GET', '/api/users?q=leader');
    const leaderId = users.data.find((u) => u.username === 'leader')!.id;
    const created = await sup<{ data: { id: string } }>('POST', '/api/tasks', { title: TITLE, leadUnitIds: [units.data.find((u) => u.name === '东城区')!.id], deadline: addCalendarDays(MONDAY, 30), responsibleLeaderIds: [leaderId], assign: true });
    const taskId = created.data.id;

    const office = await launchBrowser();
    const leader = await launchBrowser({ width: 390, height: 844 });
    try {
      // The office issues a red order: it is sent for 签发, not out, and has no number yet.
      const page = office.page;
      await signInAt(office, server, clock, 'supervisor', `/tasks/${taskId}`);
      await page.getByTestId('action-order').click();
      const form = page.getByTestId('order-form');
      await form.getByText('红色督办', { exact: true }).click();
      await form.getByLabel('督办事项').fill('项目库编制严重滞后，请说明原因并限期整改。');
      await pickDate(page, '回复期限', addCalendarDays(MONDAY, 4));
      await settled(page);
      await page.getByTestId('order-submit').click();
      const confirm = page.locator('.ant-modal-confirm').last();
      await settled(page);
      await confirm.getByTestId('order-confirm-ok').click();
      await page.getByText('督办单已送责任领导签发，签发后编号下发').waitFor();
      await page.getByRole('tab', { name: /督办单/ }).click();
      const item = page.getByTestId('order-item').first();
      await item.getByTestId('order-status').getByText('待签发').waitFor();
      await item.getByText('（待签发，未编号）').waitFor();
      await item.getByText('拟稿').waitFor();
      expect(await item.getByTestId('order-sign').count()).toBe(0);
      await screenshot(page, 'order-pending-signoff-1366');

      // The leader, on a phone, finds it in his workbench and signs it.
      const phone = leader.page;
      await signInAt(leader, server, clock, 'leader', '/workbench');
      await phone.getByTestId('inbox-sign-order').click();
      await phone.waitForURL(new RegExp(`/tasks/${taskId}`));
      const pending = phone.getByTestId('order-item').first();
      await pending.getByTestId('order-sign').click();
      const dialog = phone.locator('.ant-modal').filter({ has: phone.getByTestId('order-sign-form') });
      await dialog.getByText('项目库编制严重滞后', { exact: false }).waitFor();
      await screenshot(phone, 'order-sign-390');
      await settled(phone);
      await dialog.getByTestId('order-sign-ok').click();
      await phone.getByText(/已签发督办单 督办〔\d{4}〕1号/).waitFor();
      await pending.getByTestId('order-status').getByText('待回复').waitFor();
      await settled(phone);
      await screenshot(phone, 'order-signed-390');

      // Signed, it is out: numbered, and the task is red for the office.
      await page.reload();
      await page.getByRole('tab', { name: /督办单/ }).click();
      await page.getByTestId('order-item').first().getByText(/督办〔\d{4}〕1号/).waitFor();
      await page.getByTestId('task-detail').locator('[data-testid=light-tag][data-light=red]').first().waitFor();

      // The 督办单 list shows it waiting for a reply; the row opens the task's orders.
      await page.goto(`${server.baseURL}/orders`);
      const row = page.getByTestId('order-table').getByTestId('order-row').filter({ hasText: TITLE });
      await row.getByText(/督办〔\d{4}〕1号/).waitFor();
      await row.getByText('待回复').waitFor();
      await page.getByTestId('order-status-filter').click();
      await page.locator('.ant-select-dropdown:visible').getByText('已办结', { exact: true }).click();
      await page.getByTestId('order-table').getByText('没有符合条件的督办单').waitFor();
      await page.goto(`${server.baseURL}/orders`);
      await row.getByText('待回复').waitFor();
      await screenshot(page, 'orders-list-1366');
      await row.getByRole('link', { name: TITLE }).click();
      await page.waitForURL(new RegExp(`/tasks/${taskId}\\?tab=orders`));
      await page.getByTestId('order-item').first().waitFor();
    } finally {
      await office.close();
      await leader.close();
    }
  });
});
