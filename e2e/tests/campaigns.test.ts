import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { docxText } from '../../apps/server/src/lib/document-text.ts';
import { ManualClock } from '../../apps/server/src/lib/clock.ts';
import { addCalendarDays } from '../../apps/server/src/supervision/rules/working-days.ts';
import { browserMissing, expectNoHorizontalOverflow, launchBrowser, screenshot, SCREENSHOTS } from '../support/browser.ts';
import { makePng } from '../support/png.ts';
import { at930, closeDropdown, pickDate, pickUnit, settled, signInAt, workingMonday } from '../support/journey.ts';
import { apiSession, DEMO_PASSWORD, e2eEngines, useServer } from '../support/server.ts';

const missing = browserMissing();
const MONDAY = workingMonday();
const TITLE = '解放思想推动高质量发展大讨论';

describe.skipIf(Boolean(missing)).each(e2eEngines('postgresql'))(missing || 'a campaign in the browser on %s', (engine) => {
  const clock = new ManualClock(at930(MONDAY));
  const server = useServer(engine, clock);

  it('records a symposium whose two opinions become a task and a problem; the problem is rectified, sent back, struck off and published; the campaign moves on to 整改落实 and its summary counts it', async () => {
    const sup = await apiSession(server.baseURL, 'supervisor', DEMO_PASSWORD);
    const units = await sup<{ data: { id: string; name: string }[] }>('GET', `/api/org-units?q=${encodeURIComponent('东城区')}`);
    const dc = units.data.find((u) => u.name === '东城区')!.id;
    const created = await sup<{ data: { id: string } }>('POST', '/api/campaigns', { title: TITLE, kind: 'discussion', startDate: addCalendarDays(MONDAY, -45), endDate: addCalendarDays(MONDAY, 105), unitIds: [dc], subtree: true });
    const campaignId = created.data.id;

    const office = await launchBrowser();
    const unit = await launchBrowser({ width: 390, height: 844 });
    try {
      const page = office.page;
      await signInAt(office, server, clock, 'supervisor', '/campaigns');
      await page.getByTestId('campaign-table').getByRole('link', { name: TITLE }).click();
      await page.getByTestId('campaign-current-stage').getByText('学习讨论').waitFor();
      await screenshot(page, 'campaign-home-1366');

      // The office edits the campaign: a discussion topic of its own, shown on the campaign's home.
      await page.getByTestId('campaign-edit').click();
      const edit = page.getByTestId('campaign-form');
      await edit.waitFor();
      await settled(page);
      // The form holds the campaign as it is: its five stages with their names and dates.
      const stageRows = edit.getByTestId('campaign-stage-row');
      await expect.poll(() => stageRows.count()).toBe(5);
      await expect.poll(() => stageRows.first().locator('input').first().inputValue()).toBe('动员部署');
      expect(await stageRows.nth(4).locator('input').nth(1).inputValue()).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      const topics = edit.getByTestId('campaign-topics');
      await topics.click();
      await page.keyboard.type('营商环境');
      await page.keyboard.press('Enter');
      await topics.locator('.ant-select-selection-item').filter({ hasText: '营商环境' }).waitFor();
      await closeDropdown(page);
      await screenshot(page, 'campaign-edit-1366');
      await page.getByTestId('campaign-save').click();
      await edit.waitFor({ state: 'hidden' });
      await page.getByTestId('campaign-topic-tags').getByText('营商环境', { exact: true }).waitFor();

      // A symposium with two opinions.
      await page.getByRole('tab', { name: '活动记录' }).click();
      await page.getByTestId('activity-new').click();
      const form = page.getByTestId('activity-form');
      await form.getByTestId('activity-title').fill('民营企业家座谈会');
      await pickDate(page, '日期', addCalendarDays(MONDAY, -1));
      await form.getByLabel('会议纪要').fill('与会企业围绕审批提速和政务服务发言。');
      for (const [content, raiser] of [
        ['建议推行工程建设项目联合验收', '王总'],
        ['政务服务中心午间不办理业务', '陈总'],
      ]) {
        await form.getByTestId('opinion-add').click();
        await form.getByTestId('opinion-content').last().fill(content!);
        await form.getByTestId('opinion-raiser').last().fill(raiser!);
      }
      await form.locator('input[type=file]').setInputFiles({ name: '座谈会现场.png', mimeType: 'image/png', buffer: makePng() });
      await form.locator('.ant-upload-list-item-done').waitFor();
      await settled(page);
      await screenshot(page, 'campaign-activity-form-1366');
      await page.getByTestId('activity-save').click();
      await page.getByTestId('activity-row').getByRole('link', { name: '民营企业家座谈会' }).click();
      await page.getByTestId('activity-attachments').getByTestId('report-thumbnail').waitFor();

      // One opinion becomes a task, the other a problem.
      const first = page.getByTestId('opinion-row').filter({ hasText: '联合验收' });
      await first.getByTestId('opinion-to-task').click();
      const convert = page.getByTestId('convert-form');
      await pickUnit(convert, '牵头单位', '东城区');
      await pickDate(convert, '完成时限', addCalendarDays(MONDAY, 30));
      await settled(page);
      // A click on the dialog's button while it still animates can be lost: click again while the dialog is open.
      await expect
        .poll(
          async () => {
            if (await convert.isVisible()) await page.getByTestId('convert-ok').click({ timeout: 3_000 }).catch(() => undefined);
            return first.getByTestId('opinion-status').getByText('已转任务').isVisible();
          },
          { timeout: 60_000 },
        )
        .toBe(true);
      const second = page.getByTestId('opinion-row').filter({ hasText: '午间不办理' });
      await second.getByTestId('opinion-to-problem').click();
      await pickUnit(page.getByTestId('convert-form'), '责任单位', '东城区');
      await settled(page);
      await page.getByTestId('convert-ok').click();
      await second.getByTestId('opinion-status').getByText('已转问题').waitFor();
      await settled(page);
      await screenshot(page, 'campaign-activity-1366');

      // The office sets the rectification plan: a task of the unit's through the supervision core.
      await second.getByRole('link', { name: '待制定整改措施' }).click();
      await page.getByTestId('problem-plan').click();
      await page.getByTestId('plan-measures').fill('推行午间不间断服务，设置错时延时窗口');
      await pickDate(page.getByTestId('plan-form'), '整改时限', addCalendarDays(MONDAY, 14));
      await settled(page);
      await page.getByTestId('plan-ok').click();
      await page.getByTestId('problem-status').getByText('整改中').waitFor();
      const problemUrl = page.url();

      // The unit, on a phone, asks for close-out.
      const phone = unit.page;
      await signInAt(unit, server, clock, 'liaison_dc', new URL(problemUrl).pathname);
      await phone.getByTestId('problem-request-close').click();
      await phone.getByTestId('prompt-form').getByRole('textbox').fill('已实行午间不间断服务，公示错时延时服务时间。');
      await settled(phone);
      await phone.getByTestId('prompt-ok').click();
      await phone.getByTestId('problem-status').getByText('待核验销号').waitFor();
      expect(await phone.getByTestId('problem-verify').count()).toBe(0);
      await settled(phone);
      await screenshot(phone, 'campaign-problem-review-390');

      // The office sends it back once, then, asked again, verifies and strikes it off.
      await page.reload();
      await page.getByTestId('problem-send-back').click();
      await page.getByTestId('prompt-form').getByRole('textbox').fill('请补充公示照片');
      await settled(page);
      await page.getByTestId('prompt-ok').click();
      await page.getByTestId('problem-return-reason').getByText('请补充公示照片').waitFor();
      await phone.reload();
      await phone.getByTestId('problem-request-close').click();
      await phone.getByTestId('prompt-form').getByRole('textbox').fill('已补充公示照片。');
      await phone.getByTestId('prompt-form').locator('input[type=file]').setInputFiles({ name: '公示照片.png', mimeType: 'image/png', buffer: makePng() });
      await phone.getByTestId('prompt-form').locator('.ant-upload-list-item-done').waitFor();
      await settled(phone);
      await phone.getByTestId('prompt-ok').click();
      await phone.getByTestId('problem-status').getByText('待核验销号').waitFor();
      await page.reload();
      await page.getByTestId('problem-evidence').getByTestId('report-thumbnail').waitFor();
      await page.getByTestId('problem-verify').click();
      await settled(page);
      await page.getByTestId('problem-verify-ok').click();
      await page.getByTestId('problem-status').getByText('已销号').waitFor();
      await page.getByText('核验销号', { exact: true }).waitFor();
      await screenshot(page, 'campaign-problem-closed-1366', true);

      // The campaign home counts it struck off for the district.
      await page.goto(`${server.baseURL}/campaigns/${campaignId}`);
      const row = page.getByTestId('campaign-per-unit').locator('tr').filter({ hasText: '东城区' });
      await row.waitFor();
      expect((await row.locator('td').allInnerTexts()).slice(1, 4)).toEqual(['1', '0', '1']);
      // The statistics count it: one problem found, struck off — a close-out rate of 100%.
      await page.getByTestId('campaign-close-out-rate').getByText('100%').waitFor();
      await page.getByTestId('campaign-stats').scrollIntoViewIfNeeded();
      await settled(page);
      await screenshot(page, 'campaign-home-after-1366');

      // The office publishes the struck-off problem, confirming; the public page shows it and nobody's name.
      await page.getByTestId('campaign-publication').click();
      const pub = page.getByTestId('publication-modal');
      await pub.getByTestId('publication-enabled').click();
      await pub.getByTestId('publication-problems').locator('tr').filter({ hasText: '午间不办理' }).getByRole('checkbox').check();
      await settled(page);
      await screenshot(page, 'campaign-publication-1366');
      await page.getByTestId('publication-save').click();
      const confirm = page.locator('.ant-modal-confirm').last();
      await confirm.locator('.ant-modal-confirm-title').getByText('确认公开所选问题的整改结果？').waitFor();
      await confirm.getByRole('button', { name: /确\s*定/ }).click();
      await page.getByTestId('campaign-public-link').waitFor();
      await phone.goto(`${server.baseURL}/public/campaigns/${campaignId}`);
      // On a phone each published result is a card of its own, and the page does not scroll sideways.
      const shown = phone.getByTestId('public-problem').filter({ hasText: '午间不办理' });
      await shown.getByText('已销号').waitFor();
      await shown.getByText('推行午间不间断服务').waitFor();
      expect(await phone.getByTestId('public-problem').count()).toBe(1);
      expect(await phone.locator('body').innerText()).not.toMatch(/张联络|王督查|陈总/);
      await expectNoHorizontalOverflow(phone);
      expect(await phone.getByTestId('public-problems').locator('table').count()).toBe(0);
      await settled(phone);
      await screenshot(phone, 'campaign-public-390', true);

      // Seven weeks on, the campaign is in its 整改落实 stage; the Word summary counts the struck-off problem.
      clock.set(at930(addCalendarDays(MONDAY, 50)));
      await signInAt(office, server, clock, 'supervisor', `/campaigns/${campaignId}`);
      await page.getByTestId('campaign-current-stage').getByText('整改落实').waitFor();
      await settled(page);
      await screenshot(page, 'campaign-home-rectifying-1366');
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('campaign-summary').click()]);
      const summary = fs.readFileSync((await download.path())!);
      fs.writeFileSync(path.join(SCREENSHOTS, 'campaign-summary.docx'), summary);
      const words = await docxText(new Uint8Array(summary));
      for (const said of ['一、阶段安排', '民营企业家座谈会', '收集意见建议 2 条', '查摆问题 1 个，已销号 1 个，整改率 100%，销号率 100%', '东城区']) expect(words, said).toContain(said);
    } finally {
      await office.close();
      await unit.close();
    }
  }, 240_000); // two browsers, a campaign's whole run
});
