import fs from 'node:fs';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { docxText } from '../../apps/server/src/lib/document-text.ts';
import { ManualClock } from '../../apps/server/src/lib/clock.ts';
import { browserMissing, expectNoHorizontalOverflow, launchBrowser, screenshot, type Browser } from '../support/browser.ts';
import { at930, pickOption, pickUnit, settled, signInAt, workingMonday } from '../support/journey.ts';
import { e2eEngines, useServer, type TestServer } from '../support/server.ts';

const missing = browserMissing();
const TITLE = '关于增设东城区社区养老服务站的建议';
const PDF = Buffer.from('%PDF-1.4\n% 调研报告\n%%EOF\n');

/** A sheet of suggestions in the import's columns. */
async function suggestionSheet(rows: string[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('建议');
  ws.addRow(['类别', '编号', '届次', '提出人', '标题', '内容', '主办单位', '协办单位']);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

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

describe.skipIf(Boolean(missing)).each(e2eEngines('pglite'))(missing || 'deputies’ suggestions in the browser on %s', (engine) => {
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
      // With the survey report attached (uploaded as it is chosen).
      await form.locator('input[type=file]').setInputFiles({ name: '调研报告.pdf', mimeType: 'application/pdf', buffer: PDF });
      await form.locator('.ant-upload-list-item-done').getByText('调研报告.pdf').waitFor();
      await expectNoHorizontalOverflow(p);
      await p.getByTestId('suggestion-save').click();
      await p.waitForURL(/\/suggestions\/[0-9a-f-]{36}$/);
      await p.getByTestId('suggestion-title').getByText(TITLE).waitFor();
      await p.getByTestId('suggestion-attachments').getByText('调研报告.pdf').waitFor();
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

      // The office sees both rounds and the filed report, publishes the answer (the deputy agreed)
      // and counts the suggestion as answered and satisfied.
      await switchUser(office, server, clock, 'supervisor', detail);
      await expect.poll(() => page.getByTestId('suggestion-round').count()).toBe(2);
      await page.getByTestId('suggestion-attachments').getByText('调研报告.pdf').waitFor();
      await page.getByTestId('suggestion-publish').click();
      const href = await page.getByTestId('suggestion-public-link').getAttribute('href');
      expect(href).toMatch(/^\/public\/suggestions\/[0-9a-f-]{36}$/);
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

      // Anyone opens the published answer without signing in: a fresh browser, on a phone.
      const visitor = await launchBrowser({ width: 390, height: 844 });
      try {
        const v = visitor.page;
        await v.goto(`${server.baseURL}${href}`);
        await v.getByTestId('public-title').getByText(TITLE).waitFor();
        await v.getByTestId('public-answer').getByText('已协调闲置校舍，年内在三个街道增设养老服务站。').waitFor();
        expect(await v.getByTestId('public-category').innerText()).toContain('A');
        expect(await v.getByTestId('public-unit').innerText()).toBe('东城区');
        expect(await v.getByTestId('public-suggestion').innerText()).not.toContain('陈代表');
        expect(v.url()).not.toContain('/login');
        await settled(v);
        await screenshot(v, 'suggestion-public-390', true);
        await expectNoHorizontalOverflow(v);
      } finally {
        await visitor.close();
      }
    } finally {
      await office.close();
      await phone.close();
    }
  }, 180_000); // about a minute here; room for a loaded CI machine and PostgreSQL

  it('the office imports a session from Excel: a refused sheet lists its bad rows and writes nothing; the fixed sheet is imported and assigned', async () => {
    const browser = await launchBrowser();
    try {
      const page = browser.page;
      const session = '市政协十三届五次会议';
      await signInAt(browser, server, clock, 'supervisor', '/suggestions');
      await page.getByTestId('suggestion-import').click();
      const modal = page.locator('.ant-modal').filter({ hasText: '从 Excel 导入建议' });
      await modal.waitFor();
      await settled(page);
      const [template] = await Promise.all([page.waitForEvent('download'), modal.getByTestId('suggestion-import-template').click()]);
      expect(template.suggestedFilename()).toBe('建议提案导入模板.xlsx');
      const upload = async (rows: string[][]) => {
        await modal.locator('input[type=file]').setInputFiles({ name: '建议.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: await suggestionSheet(rows) });
        await page.getByTestId('import-submit').click();
      };
      await upload([
        ['提案', '1', session, '王委员', '关于加强历史街区保护的提案', '', '东城区', ''],
        ['意见', '2', session, '李委员', '关于优化公交线网的提案', '', '', ''],
        ['提案', '3', session, '', '关于增加口袋公园的提案', '', '不存在的局', ''],
      ]);
      const errors = modal.getByTestId('import-errors');
      await errors.getByText('找不到单位“不存在的局”', { exact: false }).waitFor();
      await errors.getByText('请填写提出人').waitFor();
      await settled(page);
      await screenshot(page, 'suggestion-import-errors-1366');
      await upload([
        ['提案', '1', session, '王委员', '关于加强历史街区保护的提案', '', '东城区', ''],
        ['提案', '2', session, '李委员', '关于优化公交线网的提案', '', '', ''],
      ]);
      await modal.getByText('导入完成：共 2 件建议，其中已交办 1 件。').waitFor();
      await page.keyboard.press('Escape');
      await modal.waitFor({ state: 'hidden' });
      await page.getByTestId('suggestion-table').getByText('关于加强历史街区保护的提案').waitFor();
      await page.getByTestId('suggestion-table').getByText('关于优化公交线网的提案').waitFor();
    } finally {
      await browser.close();
    }
  }, 120_000);
});
