import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { docxText } from '../../apps/server/src/lib/document-text.ts';
import { ManualClock } from '../../apps/server/src/lib/clock.ts';
import { browserMissing, expectNoHorizontalOverflow, launchBrowser, screenshot, type Browser } from '../support/browser.ts';
import { at930, pickOption, pickUnit, settled, signInAt, workingMonday } from '../support/journey.ts';
import { e2eEngines, useServer, type TestServer } from '../support/server.ts';

const missing = browserMissing();
const TITLE = '关于增设东城区社区养老服务站的建议';

/** Signs the browser out (its cookies go) and in again as another user. */
async function switchUser(browser: Browser, server: TestServer, clock: ManualClock, username: string, next: string): Promise<void> {
  await browser.context.clearCookies();
  await signInAt(browser, server, clock, username, next);
}

/** The main unit's liaison answers the open round with a handling category. */
async function answer(page: Page, category: string, text: string): Promise<void> {
  await page.getByTestId('suggestion-answer').click();
  const form = page.getByTestId('suggestion-answer-form');
  await form.waitFor();
  await settled(page);
  const select = form.getByTestId('suggestion-category');
  await pickOption(select, category, async () => (await select.innerText()).includes(category));
  await form.getByTestId('suggestion-answer-text').fill(text);
  await settled(page);
  await page.getByTestId('suggestion-answer-submit').click();
  await page.getByTestId('suggestion-status').getByText('已答复待评价').waitFor();
}

/** The deputy rates the answer from the detail page. */
async function rate(page: Page, rating: string): Promise<void> {
  await page.getByTestId('suggestion-rate').click();
  const form = page.getByTestId('suggestion-rate-form');
  await form.waitFor();
  await settled(page);
  await form.getByText(rating, { exact: true }).click();
  await expect.poll(() => form.locator('.ant-radio-button-wrapper-checked').innerText()).toBe(rating);
}

describe.skipIf(Boolean(missing)).each(e2eEngines())(missing || 'deputies’ suggestions in the browser on %s', (engine) => {
  const clock = new ManualClock(at930(workingMonday()));
  const server = useServer(engine, clock);

  it('a deputy files a suggestion on a phone; the office assigns it to 东城区, whose liaison answers twice after an unsatisfied rating; the satisfied rating closes it and the statistics count it', async () => {
    const office = await launchBrowser();
    const phone = await launchBrowser({ width: 390, height: 844 });
    try {
      // The deputy files a suggestion from the phone.
      const p = phone.page;
      await signInAt(phone, server, clock, 'deputy', '/suggestions');
      await p.getByTestId('suggestion-new').click();
      const form = p.getByTestId('suggestion-form');
      await form.waitFor();
      await settled(p);
      await form.getByTestId('suggestion-session').fill('市十七届人大四次会议');
      await form.getByTestId('suggestion-title-input').fill(TITLE);
      await form.getByTestId('suggestion-content').fill('东城区老年人口占比高，建议在各街道增设社区养老服务站。');
      await expectNoHorizontalOverflow(p);
      await p.getByTestId('suggestion-save').click();
      await p.waitForURL(/\/suggestions\/[0-9a-f-]{36}$/);
      await p.getByTestId('suggestion-title').getByText(TITLE).waitFor();
      await p.getByTestId('suggestion-status').getByText('待交办').waitFor();
      const detail = p.url().slice(p.url().indexOf('/suggestions'));

      // The office assigns it to 东城区 with the legal deadline.
      const page = office.page;
      await signInAt(office, server, clock, 'supervisor', detail);
      await page.getByTestId('suggestion-assign').click();
      const assign = page.getByTestId('suggestion-assign-form');
      await assign.waitFor();
      await pickUnit(assign, '主办单位', '东城区');
      await settled(page);
      await page.getByTestId('suggestion-assign-submit').click();
      await page.getByTestId('suggestion-main-unit-name').getByText('东城区').waitFor();
      await page.getByTestId('suggestion-status').getByText('办理中').waitFor();

      // The district liaison finds it on the home page's to-do card and answers it.
      await switchUser(office, server, clock, 'liaison_dc', '/');
      await page.getByTestId('suggestion-todo-toAnswer').getByText(TITLE).click();
      await page.waitForURL(/\/suggestions\/[0-9a-f-]{36}$/);
      await answer(page, 'C', '受用地条件限制，年内暂无法增设。');

      // The deputy is not satisfied: after confirming, the suggestion goes back for a second round.
      await p.reload();
      await rate(p, '不满意');
      await settled(p);
      await p.getByTestId('suggestion-rate-submit').click();
      await p.getByTestId('suggestion-unsatisfied-confirm').click();
      await p.getByTestId('suggestion-status').getByText('办理中').waitFor();
      await expect.poll(() => p.getByTestId('suggestion-round').count()).toBe(2);

      // The liaison answers again; the deputy is satisfied and agrees to publication.
      await page.reload();
      await answer(page, 'A', '已协调闲置校舍，年内在三个街道增设养老服务站。');
      await p.reload();
      await rate(p, '满意');
      await p.getByTestId('suggestion-public-agreed').check();
      await settled(p);
      await p.getByTestId('suggestion-rate-submit').click();
      await p.getByTestId('suggestion-status').getByText('已办结').waitFor();
      await p.getByTestId('suggestion-rounds').getByText('已协调闲置校舍，年内在三个街道增设养老服务站。').waitFor();
      await settled(p);
      await screenshot(p, 'suggestion-detail-390', true);
      await expectNoHorizontalOverflow(p);

      // The office sees both rounds and counts the suggestion as answered and satisfied.
      await switchUser(office, server, clock, 'supervisor', detail);
      await expect.poll(() => page.getByTestId('suggestion-round').count()).toBe(2);
      await page.getByTestId('suggestion-publish').waitFor();
      await screenshot(page, 'suggestion-detail-1366', true);
      const [letter] = await Promise.all([page.waitForEvent('download'), page.getByTestId('suggestion-letter').click()]);
      expect(letter.suggestedFilename()).toMatch(/\.docx$/);
      expect(await docxText(new Uint8Array(fs.readFileSync((await letter.path())!)))).toContain('已协调闲置校舍');
      await page.goto(`${server.baseURL}/suggestions/stats`);
      const row = page.getByTestId('suggestion-stats-row').filter({ hasText: '东城区' });
      await expect.poll(() => row.getByTestId('suggestion-stats-answered-rate').innerText()).toBe('100%');
      await expect.poll(() => row.getByTestId('suggestion-stats-satisfied-rate').innerText()).toBe('100%');
      await screenshot(page, 'suggestion-stats-1366');
      const [sheet] = await Promise.all([page.waitForEvent('download'), page.getByTestId('suggestion-stats-export').click()]);
      expect(sheet.suggestedFilename()).toMatch(/^建议办理统计-.*\.xlsx$/);
    } finally {
      await office.close();
      await phone.close();
    }
  }, 180_000); // about a minute here; room for a loaded CI machine and PostgreSQL
});
