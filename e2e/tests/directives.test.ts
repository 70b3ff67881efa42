import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserMissing, expectNoHorizontalOverflow, launchBrowser, screenshot, signIn } from '../support/browser.ts';
import { pickDate } from '../support/journey.ts';
import { apiSession, DEMO_PASSWORD, e2eEngines, startServer, type TestServer } from '../support/server.ts';

const missing = browserMissing();

/** The shared corpus beside the repository (override with LUOSHI_CORPUS_DIR), as the parser's tests read it. */
const CORPUS = process.env.LUOSHI_CORPUS_DIR ?? fileURLToPath(new URL('../../../shared/corpus/', import.meta.url));

// Next year, so that every deadline the speech sets is still ahead.
const YEAR = new Date().getUTCFullYear() + 1;
const TITLE = '在全市“项目攻坚年”推进会上的讲话';
const FIRST = '市发展和改革委员会要牵头建立重点项目清单';
const SECOND = '市自然资源和规划局要加快用地审批';
const THIRD = '市商务局要会同南湖区全面推行“一网通办”';
const FOURTH = '市委市政府督查室要建立一月一通报、一季一点评工作机制';

/**
 * A short speech in the form the demo city's office receives them: headings 一、(一), units named in
 * the sentences, and one character lost in copying (土?供应).
 */
const SPEECH = `${TITLE}
（${YEAR}年3月6日）

同志们：
一季度全市完成固定资产投资120亿元，同比增长8.5%。

一、聚焦重点项目，加快推进建设
（一）抓好项目开工。${FIRST}，东城区、西城区要在6月底前完成首批项目开工。全年新开工项目不少于50个。
（二）强化要素保障。${SECOND}，确保年底前完成土?供应。
二、优化营商环境，提升服务效能
（一）推进审批改革。${THIRD}，9月底前实现全程网办。
（二）加强督查考核。${FOURTH}，对重点任务实行清单化管理。
`;

/** The draft item whose title starts with the text. */
const item = (page: Page, title: string) => page.getByTestId('draft-item').filter({ has: page.getByTestId('draft-item-title').getByText(title, { exact: false }) });

/** Waits until no antd enter/leave animation runs: a click on a dialog that is still zooming in can be lost. */
async function settled(page: Page): Promise<void> {
  await page.waitForFunction(() => !document.querySelector('[class*="-appear-active"], [class*="-enter-active"], [class*="-leave-active"]'));
}

/** Opens an item of the draft tree (its editor unfolds below it). */
async function open(page: Page, title: string): Promise<void> {
  await item(page, title).locator('.draft-item-head').click();
  await item(page, title).getByTestId('item-editor').waitFor();
}

/** Signs in as the supervisor and opens the library's 新建 dialog. */
async function openNewDialog(page: Page, baseURL: string): Promise<void> {
  await signIn(page, baseURL, 'supervisor', DEMO_PASSWORD, '/directives');
  await page.getByTestId('directive-list').waitFor();
  await page.getByTestId('directive-create').click();
  await settled(page);
}

describe.skipIf(Boolean(missing)).each(e2eEngines('postgresql'))(missing || 'directive intake in the browser on %s', (engine) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({ engine });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('turns a pasted speech into reviewed, assigned tasks that cite their clause', async () => {
    const browser = await launchBrowser();
    const phone = await launchBrowser({ width: 390, height: 844 });
    const page = browser.page;
    try {
      await signIn(page, server.baseURL, 'supervisor', DEMO_PASSWORD, '/directives');
      await page.getByTestId('directive-list').waitFor();
      await page.getByText('还没有指示精神').waitFor();
      await expect.poll(() => page.getByTestId('directive-list').locator('.ant-spin-spinning').count()).toBe(0);
      await screenshot(page, 'directives-empty-1366');

      // 新建: paste the speech and let the server read it.
      await page.getByTestId('directive-create').click();
      await settled(page);
      await page.getByTestId('new-directive-text').fill(SPEECH);
      await screenshot(page, 'directive-new-1366');
      await page.getByTestId('new-directive-submit').click();
      await page.waitForURL(/\/directives\/[0-9a-f-]{36}$/);
      const directiveId = page.url().split('/').pop()!;
      await page.getByTestId('directive-title').getByText(TITLE).waitFor();
      await expect.poll(() => page.getByTestId('draft-item').count()).toBe(4);
      await page.getByTestId('draft-tree').getByText('聚焦重点项目\uFF0C加快推进建设').waitFor();
      await page.getByTestId('findings').getByText('工作机制 2').waitFor();
      await page.getByTestId('lost-warning').getByText(/原文中有 1 个字符/).waitFor();
      await expect.poll(() => page.getByTestId('source-pane').getByTestId('source-lost').allInnerTexts()).toEqual(['?']);

      // The first item is open: its clause is highlighted in the source; the units the clause names are offered.
      const highlight = page.getByTestId('source-pane').getByTestId('source-highlight');
      await expect.poll(async () => (await highlight.allInnerTexts()).join('')).toContain(FIRST);
      const first = item(page, FIRST);
      // The unit the sentence is addressed to is its lead already; a co-unit is picked from the units the clause names.
      await first.getByTestId('item-lead-units').getByText('市发展和改革委员会').waitFor();
      await first.getByTestId('co-suggestions').getByText('东城区').click();
      await first.getByTestId('item-lead-units').getByText('市发展和改革委员会').waitFor();
      await first.getByTestId('item-co-units').getByText('东城区').waitFor();
      await first.getByTestId('item-deadline-text').getByText('6月底前').waitFor();
      const deadline = first.locator('.ant-picker input');
      expect(await deadline.inputValue()).toBe(`${YEAR}-06-30`);
      await deadline.click();
      await deadline.fill(`${YEAR}-06-15`);
      await deadline.press('Tab');
      await expect.poll(() => deadline.inputValue()).toBe(`${YEAR}-06-15`);
      await page.keyboard.press('Escape');
      await expect.poll(() => page.locator('.ant-picker-dropdown:visible').count()).toBe(0);
      await page.getByTestId('unsaved-tag').waitFor();
      await first.getByText('牵头：市发展和改革委员会').waitFor();
      await page.evaluate(() => window.scrollTo(0, 0));
      await screenshot(page, 'directive-review-1366');

      // The second item is dropped: it stays in the draft, struck through, and is not published.
      await open(page, SECOND);
      await expect.poll(async () => (await highlight.allInnerTexts()).join('')).toContain(SECOND);
      await item(page, SECOND).getByTestId('item-drop').click();
      await expect.poll(() => item(page, SECOND).getAttribute('data-included')).toBe('false');

      // The third and fourth are merged into one task led by 市商务局.
      await open(page, THIRD);
      await item(page, THIRD).getByTestId('item-merge').click();
      await expect.poll(() => page.getByTestId('draft-item').count()).toBe(3);
      const merged = item(page, THIRD);
      await expect.poll(async () => (await highlight.allInnerTexts()).join('')).toContain(FOURTH);
      expect(await merged.getByTestId('item-content').inputValue()).toContain(FOURTH);
      // Both clauses are highlighted, the heading between them is not.
      expect((await highlight.allInnerTexts()).join('')).not.toContain('加强督查考核');
      // Split again at its sentence boundary, then merged back: the tree follows both ways.
      await merged.getByTestId('item-split').click();
      await settled(page);
      const split = page.locator('.ant-modal').filter({ has: page.getByTestId('split-points') });
      await split.getByText('第 1 句后').click();
      await split.getByTestId('split-ok').click();
      await expect.poll(() => page.getByTestId('draft-item').count()).toBe(4);
      await open(page, '市委市政府督查室要建立');
      await expect.poll(async () => (await highlight.allInnerTexts()).join('')).toBe(`${FOURTH}\uFF0C对重点任务实行清单化管理。`);
      await open(page, THIRD);
      await merged.getByTestId('item-merge').click();
      await expect.poll(() => page.getByTestId('draft-item').count()).toBe(3);

      // Leaving with unsaved edits asks first.
      await page.locator('.app-sider').getByText('任务督办').click();
      const leave = page.locator('.ant-modal-confirm').filter({ hasText: '有未保存的修改' });
      await leave.waitFor();
      await settled(page);
      await leave.getByRole('button', { name: '留在本页' }).click();
      await expect.poll(() => page.url()).toMatch(new RegExp(`/directives/${directiveId}$`));
      // The closing dialog hands focus back to the menu when its animation ends; wait for that first.
      await settled(page);
      // The merged item took both sentences' addressees as leads; the supervisor clears them to choose again.
      const mergedLeads = merged.getByTestId('item-lead-units');
      await mergedLeads.getByText('市商务局').waitFor();
      await mergedLeads.locator('input').focus();
      for (let n = 0; n < 4; n++) await page.keyboard.press('Backspace');
      await page.keyboard.press('Escape');
      await expect.poll(() => mergedLeads.getByText('市商务局').count()).toBe(0);
      // Publishing now is refused: the merged item has no lead unit, and says so on the item.
      await page.getByTestId('directive-publish').click();
      await page.getByTestId('review-error').getByText('有 1 项需要补充').waitFor();
      await merged.getByTestId('item-error').getByText(/第 3 项「市商务局要会同南湖区.*」：请选择牵头单位/).waitFor();
      await merged.getByTestId('lead-suggestions').getByText('市商务局').click();
      await expect.poll(() => merged.getByTestId('item-error').count()).toBe(0);
      await merged.getByTestId('item-lead-units').getByText('市商务局').waitFor();
      // Without a deadline an item is refused before publishing, named on the item; 长期坚持 is the alternative.
      await merged.getByTestId('item-long-term').click();
      await merged.getByTestId('item-long-term').click();
      await merged.getByTestId('item-deadline-missing').getByText('缺少完成时限').waitFor();
      await page.getByTestId('directive-publish').click();
      await page.getByTestId('review-error').getByText('有 1 项需要补充').waitFor();
      await merged.getByTestId('item-error').getByText(/第 3 项「市商务局要会同南湖区.*」缺少完成时限/).waitFor();
      await merged.scrollIntoViewIfNeeded();
      await screenshot(page, 'directive-deadline-missing-1366');
      await merged.getByTestId('item-long-term').click();
      await expect.poll(() => merged.getByTestId('item-deadline-missing').count()).toBe(0);

      // Saved as a draft, then published after confirming who receives what.
      await page.getByTestId('directive-save').click();
      await page.getByText('草稿已保存').waitFor();
      await page.getByTestId('directive-publish').click();
      const confirm = page.locator('.ant-modal-confirm');
      await confirm.getByText(/将发布 2 项任务并交办给 市发展和改革委员会、市商务局/).waitFor();
      // Units without a liaison account are named: a warning, publishing still goes ahead.
      await confirm.getByTestId('publish-no-actor').getByText(/市商务局/).waitFor();
      await settled(page);
      await screenshot(page, 'directive-publish-confirm-1366');
      await confirm.getByRole('button', { name: /发\s*布/ }).click();
      await page.getByTestId('publish-result').getByText('已发布 2 项任务').waitFor();
      await page.getByTestId('directive-status').getByText('已发布').waitFor();
      await expect.poll(async () => (await highlight.allInnerTexts()).join('')).toContain(FOURTH);
      expect((await highlight.allInnerTexts()).join('')).not.toContain('加强督查考核');
      const tasks = page.getByTestId('directive-tasks');
      await tasks.getByRole('link', { name: FIRST }).waitFor();
      await tasks.getByText('市商务局', { exact: true }).waitFor();
      // The details stay correctable after publishing: the source is filled in.
      await page.getByTestId('directive-edit-meta').click();
      const metaForm = page.getByTestId('directive-meta-form');
      await metaForm.getByLabel('来源').fill('市委办公室');
      await settled(page);
      await page.locator('.ant-modal').filter({ has: metaForm }).getByRole('button', { name: /保\s*存/ }).click();
      await page.getByText('已保存文件信息').waitFor();
      await page.getByTestId('directive-review').locator('.ant-descriptions').getByText('市委办公室').waitFor();

      // What else was found is kept with the directive: the rhythms, and the figures about the present.
      await page.getByTestId('findings').getByRole('tab', { name: /工作机制/ }).click();
      await page.getByTestId('finding-cadences').getByText('一月一通报').waitFor();
      await page.getByTestId('finding-cadences').getByText('每月').waitFor();
      await page.getByTestId('findings').getByRole('tab', { name: /统计数据/ }).click();
      await page.getByTestId('finding-statistics').getByText(/120/).first().waitFor();
      // Each figure says why it was read so; a person moves one across in one click, and it is kept.
      const stat120 = page.getByTestId('finding-statistics').getByRole('row').filter({ hasText: '120亿元' });
      await stat120.locator('.finding-why').waitFor();
      await stat120.getByTestId('finding-to-target').click();
      await page.getByText('已改为目标').waitFor();
      await page.getByTestId('findings').getByRole('tab', { name: /目标指标/ }).click();
      await page.getByTestId('finding-targets').getByRole('row').filter({ hasText: '120亿元' }).getByText('已人工纠正').waitFor();
      await page.evaluate(() => window.scrollTo(0, 0));
      await screenshot(page, 'directive-published-1366', true);

      // The tasks are in the task list; the detail cites the clause and links back.
      await page.goto(`${server.baseURL}/tasks?q=${encodeURIComponent('重点项目清单')}`);
      const link = page.getByTestId('task-list').getByRole('link', { name: FIRST, exact: true });
      await link.waitFor();
      // The co-unit's part is there too, under the same title, as a part of the lead's row (expanded).
      await expect.poll(() => page.getByTestId('task-list').getByRole('link', { name: `${FIRST}（配合）` }).count()).toBe(0);
      await page.getByTestId('task-row').filter({ has: page.getByRole('link', { name: FIRST, exact: true }) }).getByRole('button', { name: '展开行' }).click();
      await page.getByTestId('task-list').getByRole('link', { name: `${FIRST}（配合）` }).waitFor();
      await screenshot(page, 'directive-tasks-list-1366');
      await link.click();
      await page.waitForURL(/\/tasks\/[0-9a-f-]{36}/);
      const source = page.getByTestId('task-source');
      await source.getByText(/东城区、西城区要在6月底前完成首批项目开工/).waitFor();
      await page.getByTestId('task-deadline-text').getByText(`${YEAR}-06-15`).waitFor();
      await screenshot(page, 'directive-task-source-1366');
      await source.getByRole('link').click();
      await page.waitForURL(new RegExp(`/directives/${directiveId}\\?at=\\d+$`));
      // …opening the directive at the task's clause.
      await page.locator('.draft-item-selected').getByTestId('draft-item-title').getByText(FIRST).waitFor();
      await expect.poll(async () => (await page.getByTestId('source-highlight').allInnerTexts()).join('')).toContain(FIRST);

      // Nothing of the dropped item was published.
      const api = await apiSession(server.baseURL, 'supervisor', DEMO_PASSWORD);
      const found = await api<{ data: { title: string }[] }>('GET', `/api/tasks?q=${encodeURIComponent('用地审批')}`);
      expect(found.data).toHaveLength(0);

      // The library finds it by a word of its text; on a phone the library and the review fit the screen.
      await page.goto(`${server.baseURL}/directives`);
      await page.getByTestId('directive-search').getByRole('searchbox').fill('一网通办');
      await page.getByTestId('directive-search').getByRole('searchbox').press('Enter');
      await page.getByTestId('directive-list').getByRole('link', { name: TITLE }).waitFor();
      await screenshot(page, 'directives-list-1366');

      await signIn(phone.page, server.baseURL, 'supervisor', DEMO_PASSWORD, '/directives');
      await phone.page.getByTestId('directive-row').first().waitFor();
      await expectNoHorizontalOverflow(phone.page);
      await screenshot(phone.page, 'directives-list-390');
      await phone.page.goto(`${server.baseURL}/directives/${directiveId}`);
      await phone.page.getByTestId('directive-tasks').waitFor();
      await expectNoHorizontalOverflow(phone.page);
      await screenshot(phone.page, 'directive-published-390', true);
    } catch (err) {
      await screenshot(page, 'failure-directives').catch(() => undefined);
      await screenshot(phone.page, 'failure-directives-phone').catch(() => undefined);
      throw err;
    } finally {
      await browser.close();
      await phone.close();
    }
  }, 240_000);

  it('reads an uploaded corpus document and shows its breakdown, on a phone too', async () => {
    const file = path.join(CORPUS, 'wuxi-2018-jiefang-sixiang-research.txt');
    const browser = await launchBrowser({ width: 390, height: 844 });
    const page = browser.page;
    try {
      await signIn(page, server.baseURL, 'supervisor', DEMO_PASSWORD, '/directives/new');
      await page.getByTestId('new-directive-form').waitFor();
      await settled(page);
      await page.getByText('上传文件').click();
      await page.getByTestId('new-directive-form').locator('input[type=file]').setInputFiles(file);
      await page.getByTestId('new-directive-form').getByText(path.basename(file)).waitFor();
      await settled(page);
      await expectNoHorizontalOverflow(page);
      await screenshot(page, 'directive-upload-390');
      await page.getByTestId('new-directive-submit').click();
      await page.waitForURL(/\/directives\/[0-9a-f-]{36}$/);
      await page.getByTestId('draft-tree').waitFor();
      await expect.poll(() => page.getByTestId('draft-item').count()).toBeGreaterThanOrEqual(2);
      // A Traditional document is shown in its own script.
      await page.getByText('繁体').first().waitFor();
      await page.getByTestId('source-pane').getByText(/圍繞/).first().waitFor();
      await expect.poll(async () => (await page.getByTestId('source-highlight').allInnerTexts()).join('').length).toBeGreaterThan(0);
      await expectNoHorizontalOverflow(page);
      await screenshot(page, 'directive-corpus-390');
      await screenshot(page, 'directive-corpus-390-full', true);
      // The editor of the open item, with the units its clause names offered first.
      await page.getByTestId('item-editor').scrollIntoViewIfNeeded();
      await page.getByTestId('item-editor').getByTestId('item-title').waitFor();
      await expectNoHorizontalOverflow(page);
      await screenshot(page, 'directive-item-editor-390');

      // A draft that is not wanted is deleted after confirming, unsaved edits and all.
      await page.getByTestId('item-editor').getByTestId('item-drop').click();
      await page.getByTestId('unsaved-tag').waitFor();
      await page.getByTestId('directive-delete').click();
      const confirm = page.locator('.ant-modal-confirm').filter({ hasText: '删除后原文和任务草稿都将移除' });
      await confirm.waitFor();
      await settled(page);
      await confirm.getByRole('button', { name: /删\s*除/ }).click();
      await page.waitForURL(/\/directives$/);
      await page.getByText('已删除').waitFor();
      await expect.poll(() => page.locator('.ant-modal-confirm').count()).toBe(0);
      await expect.poll(() => page.getByTestId('directive-row').count()).toBe(1);
    } catch (err) {
      await screenshot(page, 'failure-directives-corpus').catch(() => undefined);
      throw err;
    } finally {
      await browser.close();
    }
    expect(fs.existsSync(file)).toBe(true);
  });
  it('leaves out what assigns nothing, asks for the document date, and edits many items at once', async () => {
    const KEEP_A = '牵头编制城市更新项目库';
    const KEEP_B = '建立城市更新工作专班';
    // No date anywhere in the text: deadlines cannot be counted until the reviewer gives it.
    const speech = [
      '在全市城市更新工作会议上的讲话',
      '同志们：',
      '下面，围绕做好今年城市更新工作，我讲三点意见。',
      '一、抓好项目建设',
      '以创建全国文明城市为契机，市发展和改革委员会要牵头编制城市更新项目库，6月底前报市政府。',
      '这就需要我们进一步增强紧迫感。',
      '市自然资源和规划局要加快老旧小区用地审批。',
      '市商务局要推动沿街商铺改造提升。',
      '二、加强组织保障',
      '东城区要建立城市更新工作专班。',
      '西城区要落实城市更新资金保障。',
      '王书记曾强调，要把城市当作生命体来管理。',
    ].join('\n');
    const browser = await launchBrowser();
    const page = browser.page;
    try {
      await openNewDialog(page, server.baseURL);
      await page.getByTestId('new-directive-text').fill(speech);
      await page.getByTestId('new-directive-submit').click();
      await page.waitForURL(/\/directives\/[0-9a-f-]{36}$/);
      await page.getByTestId('draft-tree').waitFor({ timeout: 60_000 });
      await expect.poll(() => page.getByTestId('draft-item').count()).toBe(8);
      // The framing, the rhetorical bridge and the quote are there, left out as not tasks; titles are the action.
      await expect.poll(() => page.getByTestId('draft-item-nontask').count()).toBe(3);
      await item(page, '下面，围绕做好今年城市更新工作').getByText('未纳入（非任务）').waitFor();
      // Opened, the set-aside sentence says why in words (the tag's tooltip is out of reach on a phone).
      await open(page, '下面，围绕做好今年城市更新工作');
      await item(page, '下面，围绕做好今年城市更新工作').getByTestId('item-nontask-reason').getByText(/讲话的结构性语句/).waitFor();
      await item(page, KEEP_A).waitFor();
      expect(await page.getByTestId('draft-item-title').getByText('以创建全国文明城市为契机').count()).toBe(0);
      await page.getByTestId('doc-date-missing').waitFor();

      // Keep two of the five tasks: tick them, invert, and leave out the rest in one click.
      await item(page, KEEP_A).getByTestId('draft-item-check').click();
      await item(page, KEEP_B).getByTestId('draft-item-check').click();
      await page.getByTestId('batch-count').getByText('已选 2 项').waitFor();
      await page.getByTestId('batch-invert').click();
      await page.getByTestId('batch-count').getByText('已选 6 项').waitFor();
      await page.getByTestId('batch-exclude').click();
      await page.getByText('纳入 2 / 共 8 项').waitFor();
      expect(await item(page, KEEP_A).getAttribute('data-included')).toBe('true');
      expect(await item(page, '推动沿街商铺改造提升').getAttribute('data-included')).toBe('false');

      // Both kept items get 南湖区 as co-unit; 东城区's gets a deadline, all in batch.
      await page.getByTestId('batch-none').click();
      await page.getByTestId('batch-count').getByText('已选 0 项').waitFor();
      await item(page, KEEP_A).getByTestId('draft-item-check').click();
      await item(page, KEEP_B).getByTestId('draft-item-check').click();
      const batchDialog = page.locator('.ant-modal').filter({ has: page.getByTestId('batch-ok') });
      await page.getByTestId('batch-set').click();
      await settled(page);
      await page.getByTestId('batch-co').click();
      await settled(page);
      // (Picked without Escape, which would close the dialog with the dropdown.)
      await batchDialog.getByLabel('配合单位', { exact: true }).click();
      await page.locator('.ant-select-dropdown:visible .ant-select-tree-title').getByText('南湖区', { exact: true }).click();
      await batchDialog.locator('.ant-modal-title').click();
      await batchDialog.locator('.ant-select-selection-item').getByText('南湖区').waitFor();
      await batchDialog.getByTestId('batch-ok').click();
      await expect.poll(() => batchDialog.count()).toBe(0);
      await item(page, KEEP_B).getByTestId('draft-item-check').click();
      await item(page, KEEP_A).getByTestId('draft-item-check').click();
      await item(page, KEEP_B).getByTestId('draft-item-check').click();
      await page.getByTestId('batch-count').getByText('已选 1 项').waitFor();
      await page.getByTestId('batch-set').click();
      await settled(page);
      await page.getByTestId('batch-deadline').click();
      await settled(page);
      await pickDate(batchDialog, '完成时限', `${YEAR}-09-30`);
      await batchDialog.getByTestId('batch-ok').click();
      await item(page, KEEP_B).getByText(`${YEAR}-09-30`).waitFor();
      await open(page, KEEP_B);
      await item(page, KEEP_B).getByTestId('item-co-units').getByText('南湖区').waitFor();

      // Publishing waits for the document date; once given, 6月底前 counts from it.
      await page.getByTestId('directive-publish').click();
      await page.getByTestId('review-error').getByText(/请先填写成文日期/).waitFor();
      await page.evaluate(() => window.scrollTo(0, 0));
      await screenshot(page, 'directive-review-batch-1366', true);
      await pickDate(page.getByTestId('doc-date-missing'), '成文日期', `${YEAR}-03-06`);
      await page.getByTestId('doc-date-save').click();
      await page.getByText('已设置成文日期').waitFor();
      await expect.poll(() => page.getByTestId('doc-date-missing').count()).toBe(0);
      await item(page, KEEP_A).getByText(`${YEAR}-06-30`).waitFor();
      await item(page, KEEP_B).getByText(`${YEAR}-09-30`).waitFor();
      expect(await page.getByTestId('unsaved-tag').count()).toBe(0);

      await page.getByTestId('directive-publish').click();
      const confirm = page.locator('.ant-modal-confirm');
      await confirm.getByText(/将发布 2 项任务/).waitFor();
      await settled(page);
      await confirm.getByRole('button', { name: /发\s*布/ }).click();
      await page.getByTestId('publish-result').getByText('已发布 2 项任务').waitFor();
      const tasks = page.getByTestId('directive-tasks');
      await tasks.getByRole('link', { name: KEEP_A }).waitFor();
      await tasks.getByRole('link', { name: KEEP_B }).waitFor();
      expect(await tasks.getByRole('link').count()).toBe(2);
    } catch (err) {
      await screenshot(page, 'failure-directives-batch').catch(() => undefined);
      throw err;
    } finally {
      await browser.close();
    }
  });

  it('registers a 领导批示件 with its scan and assigns it, the task linking back to it', async () => {
    const browser = await launchBrowser();
    const page = browser.page;
    try {
      await openNewDialog(page, server.baseURL);
      await page.getByTestId('new-instruction').click();
      const form = page.getByTestId('new-instruction-form');
      await form.waitFor();
      // Nothing filled in: the dialog names what is missing.
      await page.getByTestId('new-directive-submit').click();
      await page.getByTestId('new-directive-error').getByText('请填写批示领导').waitFor();
      await form.getByLabel('批示领导').fill('李市长');
      await pickDate(form, '批示日期', `${YEAR}-03-02`);
      await form.getByLabel('事由').fill('关于老旧小区改造进展情况的报告');
      await form.getByLabel('批示内容').fill('请东城区牵头，加快推进老旧小区改造，6月底前拿出整改方案。');
      await form.locator('input[type=file]').setInputFiles({ name: '批示件扫描.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n') });
      await form.getByText('批示件扫描.pdf').waitFor();
      await expect.poll(() => page.getByTestId('new-directive-submit').isEnabled()).toBe(true);
      await screenshot(page, 'directive-instruction-new-1366');
      await page.getByTestId('new-directive-submit').click();
      await page.waitForURL(/\/directives\/[0-9a-f-]{36}$/);
      const directiveId = page.url().split('/').pop()!;
      await page.getByTestId('draft-tree').waitFor({ timeout: 60_000 });
      await page.getByTestId('directive-title').getByText('李市长对《关于老旧小区改造进展情况的报告》的批示').waitFor();
      await page.getByTestId('instruction-by').getByText('李市长').waitFor();
      await page.getByTestId('instruction-scan').getByText('批示件扫描.pdf').waitFor();
      await page.getByTestId('directive-review').locator('.ant-descriptions').getByText('领导批示件').waitFor();
      // The date of the instruction is the document date: no prompt, 6月底前 counts from it.
      expect(await page.getByTestId('doc-date-missing').count()).toBe(0);
      await expect.poll(() => page.getByTestId('draft-item').count()).toBe(1);
      await page.getByTestId('draft-item').getByText(`${YEAR}-06-30`).waitFor();
      await screenshot(page, 'directive-instruction-review-1366', true);

      await page.getByTestId('directive-publish').click();
      const confirm = page.locator('.ant-modal-confirm');
      await confirm.getByText(/将发布 1 项任务/).waitFor();
      await settled(page);
      await confirm.getByRole('button', { name: /发\s*布/ }).click();
      await page.getByTestId('publish-result').getByText('已发布 1 项任务').waitFor();
      await page.getByTestId('directive-tasks').getByRole('link').first().click();
      await page.waitForURL(/\/tasks\/[0-9a-f-]{36}/);
      const source = page.getByTestId('task-source');
      await source.getByText(/请东城区牵头/).waitFor();
      await source.getByRole('link').click();
      await page.waitForURL(new RegExp(`/directives/${directiveId}\\?at=\\d+$`));
      await page.getByTestId('instruction-by').getByText('李市长').waitFor();
    } catch (err) {
      await screenshot(page, 'failure-directives-instruction').catch(() => undefined);
      throw err;
    } finally {
      await browser.close();
    }
  });
});
