import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../apps/server/src/lib/clock.ts';
import { browserMissing, expectNoHorizontalOverflow, launchBrowser, screenshot } from '../support/browser.ts';
import { at930, pickUnit, settled, signInAt, workingMonday } from '../support/journey.ts';
import { e2eEngines, useServer } from '../support/server.ts';

const missing = browserMissing();
const MONDAY = workingMonday();

describe.skipIf(Boolean(missing)).each(e2eEngines('pglite'))(missing || 'the rhythm\'s meetings in the browser on %s', (engine) => {
  const clock = new ManualClock(at930(MONDAY));
  const server = useServer(engine, clock);

  it('holds the quarter\'s 点评 from its occurrence: the units ranked on the quarter\'s data, attendance, a decision that becomes a task, and the occurrence recorded', async () => {
    const office = await launchBrowser();
    const phone = await launchBrowser({ width: 390, height: 844 });
    try {
      const page = office.page;
      await signInAt(office, server, clock, 'supervisor', '/rhythm?tab=rules');
      await page.getByTestId('rule-defaults').click();
      await page.getByTestId('rule-table').getByText('一季一点评').waitFor();
      await page.getByRole('tab', { name: '工作节点' }).click();
      const row = page.getByTestId('occurrence-table').locator('tr').filter({ hasText: '一季一点评' }).filter({ has: page.getByTestId('occurrence-meeting-new') }).first();
      await row.getByTestId('occurrence-meeting-new').click();

      // The form opens as a 点评 of the occurrence's quarter, every child unit chosen, ranked as the bulletin ranks them.
      const form = page.getByTestId('meeting-form');
      await form.waitFor();
      await settled(page);
      await expect.poll(() => form.getByTestId('meeting-title-input').inputValue()).toMatch(/季度点评会$/);
      const east = form.getByTestId('meeting-unit-candidate').filter({ hasText: '东城区' });
      await east.waitFor();
      await expect.poll(() => east.locator('.ant-checkbox-input').isChecked()).toBe(true);
      await form.getByTestId('meeting-host').fill('李市长');
      await screenshot(page, 'meeting-review-form-1366');
      await page.getByTestId('meeting-save').click();
      await page.waitForURL(/\/meetings\/[0-9a-f-]{36}$/);
      await expect.poll(() => page.getByTestId('meeting-kind-tag').textContent()).toBe('点评');
      const item = page.getByTestId('meeting-item').filter({ hasText: '东城区' }).first();
      await item.getByTestId('meeting-item-material').waitFor();

      // Attendance: one present, one on leave with who came instead.
      await page.getByTestId('attendance-edit').click();
      await settled(page);
      const rows = page.getByTestId('attendance-row');
      await rows.nth(0).getByTestId('attendance-name').fill('张局长');
      await page.getByTestId('attendance-add').click();
      await rows.nth(1).getByTestId('attendance-name').fill('王主任');
      await rows.nth(1).getByTestId('attendance-status').click();
      await page.locator('.ant-select-dropdown:visible').getByText('请假', { exact: true }).click();
      await rows.nth(1).getByPlaceholder('代会人员').fill('赵科长');
      await page.getByTestId('attendance-save').click();
      await page.getByText('考勤已保存').waitFor();
      await page.getByTestId('meeting-attendance').getByText('赵科长').waitFor();
      await page.getByTestId('meeting-attendance').getByText('出席 1，请假 1，缺席 0').waitFor();

      // A decision on 东城区's item becomes a task of its own.
      await item.getByTestId('meeting-decide').click();
      await settled(page);
      await page.getByTestId('decision-content').fill('东城区本月底前清理逾期事项');
      await pickUnit(page.locator('.ant-modal').filter({ has: page.getByTestId('decision-submit') }), '承办单位', '东城区');
      await settled(page);
      await page.getByTestId('decision-submit').click();
      await page.getByText('议定事项已转为任务').waitFor();
      await item.getByTestId('meeting-decision').getByText('东城区本月底前清理逾期事项').waitFor();
      await screenshot(page, 'meeting-review-1366', true);
      const meetingUrl = page.url();

      // The rhythm shows the occurrence held by the meeting.
      await page.goto(`${server.baseURL}/rhythm?all=1`);
      await page.getByTestId('occurrence-meeting').first().click();
      await page.waitForURL(meetingUrl);

      // On a phone the meeting reads without sideways scrolling.
      await signInAt(phone, server, clock, 'supervisor', new URL(meetingUrl).pathname);
      await phone.page.getByTestId('meeting-item').first().waitFor();
      await expectNoHorizontalOverflow(phone.page);
      await screenshot(phone.page, 'meeting-review-390', true);
    } finally {
      await office.close();
      await phone.close();
    }
  }, 150_000);
});
