import fs from 'node:fs';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../apps/server/src/lib/clock.ts';
import { addCalendarDays } from '../../apps/server/src/supervision/rules/working-days.ts';
import { browserMissing, expectNoHorizontalOverflow, launchBrowser, screenshot } from '../support/browser.ts';
import { at930, pickDate, pickUnit, settled, signInAt, stat, workingMonday } from '../support/journey.ts';
import { makePng } from '../support/png.ts';
import { apiSession, DEMO_PASSWORD, e2eEngines, useServer } from '../support/server.ts';

const missing = browserMissing();
const TITLE = '推进老旧小区改造试点';

const MONDAY = workingMonday();
const DEADLINE = addCalendarDays(MONDAY, 3); // Thursday of the same week
const NEXT_MONDAY = addCalendarDays(MONDAY, 7);
const REPLY_BY = addCalendarDays(NEXT_MONDAY, 2);

describe.skipIf(Boolean(missing)).each(e2eEngines('both'))(missing || 'supervision journey in the browser on %s', (engine) => {
  const clock = new ManualClock(at930(MONDAY));
  const server = useServer(engine, clock);

  it('assigns, acknowledges, reports, turns red when overdue, escalates with a red order and completes', async () => {
    const supervisor = await launchBrowser();
    const liaison = await launchBrowser({ width: 390, height: 844 });
    try {
      const sup = supervisor.page;
      const dc = liaison.page;
      // A fresh API session each time: moving the clock ends idle sessions.
      const dashboardApi = async () => (await (await apiSession(server.baseURL, 'supervisor', DEMO_PASSWORD))<{ data: { totals: { red: number; completed: number; total: number } } }>('GET', '/api/dashboard')).data.totals;

      // The dashboard before: nothing is red yet.
      await signInAt(supervisor, server, clock, 'supervisor', '/dashboard');
      const redBefore = await stat(sup, 'red');
      const completedBefore = await stat(sup, 'completed');
      expect(redBefore).toBe((await dashboardApi()).red);
      await screenshot(sup, 'dashboard-empty-1366');

      // The supervisor assigns a task: lead 东城区, co 西城区, due on Thursday.
      await sup.goto(`${server.baseURL}/tasks`);
      await sup.getByTestId('task-create').click();
      const form = sup.getByTestId('task-form');
      await form.getByLabel('任务名称').fill(TITLE);
      await form.getByLabel('任务内容').fill('年内完成 3 个小区的改造,同步加装电梯。');
      await pickUnit(sup, '牵头单位', '东城区');
      await pickUnit(sup, '配合单位', '西城区');
      await pickDate(sup, '完成时限', DEADLINE);
      await screenshot(sup, 'task-form-1366');
      await settled(sup);
      await sup.getByTestId('task-assign-now').click();
      await sup.waitForURL(/\/tasks\/[0-9a-f-]{36}$/);
      const taskId = sup.url().split('/').pop()!;
      await sup.getByTestId('task-owner').getByText('东城区').waitFor();
      await sup.getByTestId('task-deadline-text').getByText(DEADLINE).waitFor();
      // The co-unit is named in the header with its status, and listed under its own tab (no 权重 there).
      await sup.getByTestId('task-co-units').getByText('西城区').waitFor();
      await sup.getByRole('tab', { name: /配合单位/ }).click();
      await sup.getByTestId('task-co-parts').getByText('西城区').first().waitFor();
      if ((await sup.getByTestId('task-co-parts').getByRole('columnheader', { name: '权重' }).count()) !== 0) throw new Error('co-units show a weight');

      // liaison_dc, on a phone, acknowledges it from the workbench…
      await signInAt(liaison, server, clock, 'liaison_dc', '/workbench');
      const toAck = dc.getByTestId('inbox-group-acknowledge');
      await toAck.getByText(TITLE).waitFor();
      await expectNoHorizontalOverflow(dc);
      await screenshot(dc, 'workbench-liaison-390');
      await toAck.getByTestId('inbox-acknowledge').first().click();
      await settled(dc);
      await dc.locator('.ant-modal-confirm').getByRole('button', { name: /签\s*收/ }).click();
      await dc.getByText('签收成功').waitFor();

      // …and reports 40 % with a photo.
      await dc.goto(`${server.baseURL}/tasks/${taskId}`);
      await dc.getByTestId('task-status').getByText('已签收').waitFor();
      await dc.getByTestId('action-report').click();
      const report = dc.getByTestId('report-form');
      await report.getByLabel('工作进展').fill('已完成 1 个小区的外立面改造,电梯加装方案已公示。');
      await report.getByRole('spinbutton').fill('40');
      await report.locator('input[type=file]').setInputFiles({ name: '现场照片.png', mimeType: 'image/png', buffer: makePng() });
      await report.locator('.ant-upload-list-item-done').waitFor();
      await screenshot(dc, 'report-modal-390');
      await settled(dc);
      await dc.getByTestId('report-submit').click();
      await dc.getByText(/已报送进展/).first().waitFor();
      const filed = dc.getByTestId('report-item').first();
      await filed.getByText('40%').waitFor();
      await filed.getByTestId('report-thumbnail').waitFor();
      await expect.poll(() => filed.locator('img').first().evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBe(48);
      await dc.locator('.ant-modal-mask').waitFor({ state: 'hidden' });
      await screenshot(dc, 'task-detail-liaison-390', true);
      await expectNoHorizontalOverflow(dc);

      // With 25 reports the detail shows the newest 20 and says so; the earlier ones load on demand.
      const earlier = sql`FROM progress_reports WHERE task_id = ${taskId}::uuid AND done LIKE '早前报送%'`;
      await sql`INSERT INTO progress_reports (tenant_id, task_id, org_unit_id, period, done, percent, reported_by, reported_at)
        SELECT r.tenant_id, r.task_id, r.org_unit_id, r.period, '早前报送 ' || n, 10, r.reported_by, r.reported_at - n * interval '1 hour'
        FROM progress_reports r CROSS JOIN generate_series(1, 24) AS n WHERE r.task_id = ${taskId}::uuid`.execute(server.container.db);
      await dc.reload();
      await dc.getByTestId('report-count').getByText('已显示 20 条，共 25 条').waitFor();
      expect(await dc.getByTestId('report-item').count()).toBe(20);
      await dc.getByTestId('report-load-more').click();
      await dc.getByTestId('report-count').getByText('已显示 25 条，共 25 条').waitFor();
      await dc.getByTestId('report-item').last().getByText('早前报送 24').waitFor();
      expect(await dc.getByTestId('report-load-more').count()).toBe(0);
      await screenshot(dc, 'task-reports-paged-390');
      await sql`DELETE ${earlier}`.execute(server.container.db);

      // A week later the deadline has passed; the nightly recomputation lights it red.
      clock.set(at930(NEXT_MONDAY));
      await server.container.lights.recomputeAll(server.tenantId);
      const redAfter = (await dashboardApi()).red;
      expect(redAfter).toBeGreaterThan(redBefore);

      // Sessions idle for a week have ended: both sign in again. The dashboard shows the red count.
      await signInAt(supervisor, server, clock, 'supervisor', '/dashboard');
      await expect.poll(() => stat(sup, 'red')).toBe(redAfter);
      await sup.getByTestId('dash-units-chart').locator('canvas').first().waitFor();
      await sup.getByTestId('dash-ranking').getByText('东城区').waitFor();
      await screenshot(sup, 'dashboard-red-1366');
      await sup.goto(`${server.baseURL}/tasks?light=red`);
      const row = sup.getByTestId('task-list').getByTestId('task-row').filter({ has: sup.getByRole('link', { name: TITLE, exact: true }) });
      await row.waitFor();
      const listLight = row.locator('[data-testid=light-tag][data-light=red]').first();
      await listLight.getByText('红灯').waitFor();
      // The reason is in the light's tooltip, so the list never scrolls sideways.
      await listLight.hover();
      await sup.locator('.ant-tooltip:visible').getByText(/逾期 \d+ 天/).waitFor();
      await expectNoHorizontalOverflow(sup);
      await screenshot(sup, 'tasks-red-1366');

      // Batch 催办: two open tasks chosen in the list are reminded at once, each getting its notice.
      await sup.goto(`${server.baseURL}/tasks?status=assigned,acknowledged,in_progress`);
      const openRow = sup.getByTestId('task-list').getByTestId('task-row').filter({ has: sup.getByRole('link', { name: TITLE, exact: true }) });
      // Each row's check box is named in the interface language (antd's own reads "Select row 1").
      await openRow.getByRole('checkbox', { name: '选择', exact: true }).check();
      await sup.getByTestId('task-list').getByRole('checkbox', { name: '选择本页全部' }).waitFor();
      // Its co-unit's part is under it in the tree: expanded, and chosen too.
      await openRow.getByRole('button', { name: '展开行' }).click();
      const other = sup.getByTestId('task-list').getByTestId('task-row').filter({ has: sup.getByRole('link', { name: `${TITLE}（配合）`, exact: true }) });
      await other.getByRole('checkbox', { name: '选择', exact: true }).check();
      await sup.getByTestId('list-batch-bar').getByText('已选 2 项').waitFor();
      await screenshot(sup, 'tasks-batch-1366');
      // Every row of the page chosen (the part under its task counts): the header box is ticked.
      const pageBox = sup.getByTestId('task-list').getByRole('checkbox', { name: '选择本页全部' });
      const headerState = () => pageBox.evaluate((box: HTMLInputElement) => [box.checked, box.indeterminate]);
      expect(await headerState()).toEqual([true, false]);
      // Closing the parent hides its part but keeps it chosen; opened again, it is still ticked.
      await openRow.getByRole('button', { name: '收起行' }).click();
      await other.waitFor({ state: 'detached' });
      await sup.getByTestId('list-batch-bar').getByText('已选 2 项').waitFor();
      await openRow.getByRole('button', { name: '展开行' }).click();
      const otherBox = other.getByRole('checkbox', { name: '选择', exact: true });
      expect(await otherBox.isChecked()).toBe(true);
      // Some rows of the page chosen: the header box is neither ticked nor clear.
      await otherBox.uncheck();
      await sup.getByTestId('list-batch-bar').getByText('已选 1 项').waitFor();
      expect(await headerState()).toEqual([false, true]);
      await otherBox.check();
      await sup.getByTestId('list-batch-bar').getByText('已选 2 项').waitFor();
      // Batch 下发督办单 opens its dialog (fetched apart from the list) for both tasks, with the
      // levels and fields of a single order; cancelled here, the selection stays.
      await sup.getByTestId('batch-order').click();
      const batchOrder = sup.locator('.ant-modal').filter({ has: sup.getByTestId('order-form') });
      await batchOrder.getByText('向所选的 2 个任务下发督办单').waitFor();
      for (const level of ['蓝色督办', '黄色督办', '红色督办']) await batchOrder.getByText(level, { exact: true }).waitFor();
      await batchOrder.getByLabel('督办事项').waitFor();
      await batchOrder.getByLabel('回复期限', { exact: true }).waitFor();
      await settled(sup);
      await batchOrder.getByRole('button', { name: /取\s*消/ }).click();
      await batchOrder.waitFor({ state: 'hidden' });
      await sup.getByTestId('list-batch-bar').getByText('已选 2 项').waitFor();
      await sup.getByTestId('batch-remind').click();
      await sup.getByTestId('prompt-form').getByRole('textbox').fill('请本周内报送整改进展。');
      await settled(sup);
      await sup.getByTestId('prompt-ok').click();
      await sup.getByText('已催办 2 个任务').waitFor();
      await expect.poll(() => sup.getByTestId('list-batch-bar').count()).toBe(0);
      const reminded = await server.container.db.selectFrom('notifications').select('task_id').where('kind', '=', 'reminder').where('body', '=', '请本周内报送整改进展。').execute();
      expect(new Set(reminded.map((r) => r.task_id)).size).toBe(2);
      expect(reminded.map((r) => r.task_id)).toContain(taskId);

      await openRow.getByRole('link', { name: TITLE, exact: true }).click();
      await sup.waitForURL(new RegExp(`/tasks/${taskId}`));
      const headLight = sup.getByTestId('task-detail').locator('[data-testid=light-tag][data-light=red]').first();
      await headLight.getByText(/逾期 \d+ 天/).waitFor();

      // The supervisor issues a red order and downloads the Word 督办单.
      await sup.getByTestId('action-order').click();
      const order = sup.getByTestId('order-form');
      await order.getByText('红色督办', { exact: true }).click();
      await order.getByLabel('督办事项').fill('该任务已逾期,请立即整改并书面说明原因。');
      await pickDate(sup, '回复期限', REPLY_BY);
      await settled(sup);
      // Enter in the date field used to issue the order at once; now it only asks. The confirmation
      // names the level, the task and the unit.
      await order.getByLabel('回复期限', { exact: true }).press('Enter');
      const confirm = sup.locator('.ant-modal-confirm').last();
      await confirm.locator('.ant-modal-confirm-title').getByText('确认下发红色督办单？').waitFor();
      await confirm.getByTestId('order-confirm-summary').getByText(TITLE, { exact: false }).waitFor();
      await confirm.getByTestId('order-confirm-summary').getByText('承办单位：东城区').waitFor();
      await settled(sup);
      await confirm.getByTestId('order-confirm-ok').click();
      await sup.getByText('已下发督办单').waitFor();
      await sup.getByRole('tab', { name: /督办单/ }).click();
      const orderItem = sup.getByTestId('order-item').first();
      await orderItem.getByText('红色督办', { exact: true }).waitFor();
      await screenshot(sup, 'task-order-1366');
      const [download] = await Promise.all([sup.waitForEvent('download'), orderItem.getByTestId('order-docx').click()]);
      expect(download.suggestedFilename()).toMatch(/\.docx$/);
      const bytes = fs.readFileSync((await download.path())!);
      expect(bytes.subarray(0, 4).toString('latin1')).toBe('PK\x03\x04');
      expect(bytes.includes(Buffer.from('word/document.xml'))).toBe(true);

      // liaison_dc replies to the order and asks to close the task.
      await signInAt(liaison, server, clock, 'liaison_dc', `/tasks/${taskId}?tab=orders`);
      await dc.getByTestId('order-reply').click();
      await dc.getByTestId('prompt-form').getByRole('textbox').fill('已召开专题会,倒排工期,本周内完成剩余改造。');
      await settled(dc);
      await dc.getByTestId('prompt-ok').click();
      await dc.getByText('已回复督办单').waitFor();
      await dc.getByTestId('action-requestCompletion').click();
      await dc.getByTestId('prompt-form').getByRole('textbox').fill('3 个小区改造全部完成,电梯已投入使用,附验收照片。');
      await settled(dc);
      await dc.getByTestId('prompt-ok').click();
      await dc.getByTestId('task-status').getByText('申请办结').waitFor();

      // The supervisor completes it from the workbench.
      await sup.goto(`${server.baseURL}/workbench`);
      const review = sup.getByTestId('inbox-group-review');
      await review.getByText(TITLE).waitFor();
      await screenshot(sup, 'workbench-supervisor-1366');
      // The row of this task, not whichever is first: the demo city may have others waiting for review.
      const reviewRow = review.locator('.inbox-item').filter({ hasText: TITLE });
      await reviewRow.getByTestId('inbox-complete').click();
      await sup.getByTestId('prompt-form').waitFor();
      await settled(sup);
      await sup.getByTestId('prompt-ok').click();
      // The toast lasts three seconds and a loaded machine can miss it; the row leaving the review
      // group is the lasting proof the completion went through.
      await sup.getByTestId('prompt-form').waitFor({ state: 'detached' });
      await reviewRow.waitFor({ state: 'detached' });
      await sup.goto(`${server.baseURL}/tasks/${taskId}?tab=timeline`);
      await sup.getByTestId('task-status').getByText('已办结').first().waitFor();
      const timeline = sup.getByTestId('task-timeline');
      for (const kind of ['创建', '交办', '签收', '报送进展', '下发督办单', '回复督办单', '办结']) await timeline.getByText(kind, { exact: true }).first().waitFor();
      await screenshot(sup, 'task-timeline-1366', true);

      // The dashboard counts follow: the task left the red column and joined the completed ones.
      await sup.goto(`${server.baseURL}/dashboard`);
      const totals = await dashboardApi();
      await expect.poll(() => stat(sup, 'red')).toBe(totals.red);
      expect(totals.red).toBeLessThan(redAfter);
      expect(await stat(sup, 'completed')).toBe(totals.completed);
      expect(totals.completed).toBeGreaterThan(completedBefore);
      await screenshot(sup, 'dashboard-after-1366');

      await dc.goto(`${server.baseURL}/dashboard`);
      await dc.getByTestId('dash-red').waitFor();
      await expectNoHorizontalOverflow(dc);
      await screenshot(dc, 'dashboard-390', true);

      // The responsibility list of 东城区 names the task; liaison_dc's messages include the red order.
      const dongcheng = (await (await apiSession(server.baseURL, 'supervisor', DEMO_PASSWORD))<{ data: { id: string; name: string }[] }>('GET', `/api/org-units?q=${encodeURIComponent('东城区')}`)).data.find((u) => u.name === '东城区')!;
      await sup.goto(`${server.baseURL}/org/${dongcheng.id}`);
      await sup.getByTestId('responsibility-list').getByRole('link', { name: TITLE, exact: true }).waitFor();
      await screenshot(sup, 'responsibility-1366', true);

      await dc.goto(`${server.baseURL}/notifications`);
      await dc.getByTestId('notice-list').getByText(/红色督办/).first().waitFor();
      await expect.poll(() => dc.getByTestId('notice-list').locator('.ant-spin-spinning').count()).toBe(0);
      await screenshot(dc, 'notifications-390');
      await dc.getByTestId('notice-page-read-all').click();
      await dc.getByText('已全部标为已读').waitFor();
      await expect.poll(() => dc.getByTestId('notice-count').locator('.ant-badge-count').count()).toBe(0);
    } catch (err) {
      // Keep what each user saw when a step failed, to diagnose it from the screenshots folder.
      await screenshot(supervisor.page, 'failure-supervisor').catch(() => undefined);
      await screenshot(liaison.page, 'failure-liaison').catch(() => undefined);
      throw err;
    } finally {
      await supervisor.close();
      await liaison.close();
    }
  }, 240_000);
});
