import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../apps/server/src/lib/clock.ts';
import { addCalendarDays } from '../../apps/server/src/supervision/rules/working-days.ts';
import { browserMissing, expectNoHorizontalOverflow, launchBrowser, screenshot } from '../support/browser.ts';
import { at930, pickDate, pickUnit, settled, signInAt, workingMonday } from '../support/journey.ts';
import { e2eEngines, useServer } from '../support/server.ts';

const missing = browserMissing();
const MONDAY = workingMonday();
const LATER = addCalendarDays(MONDAY, 30);
const LATEST = addCalendarDays(MONDAY, 45);
const IMPORTED = '整治东城区背街小巷环境';
const PLAN = '编制城市更新实施方案';
const PLAN_EDITED = '编制并报审城市更新实施方案';
const STANDING = '常态化开展街巷保洁';

/** A task-division table as offices keep it: 序号, 任务, 牵头单位, 责任单位, 完成时限. */
async function divisionTable(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('任务分工');
  ws.addRow(['序号', '工作任务', '牵头单位', '责任单位', '完成时限']);
  ws.addRow([1, IMPORTED, '东城区', '西城区', LATER]);
  ws.addRow([2, '推进西城区老旧管网改造', '西城区', '', LATER]);
  ws.addRow([3, STANDING, '东城区', '东华街道', '长期坚持']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');

/**
 * The screens of the supervision core the main journey does not pass through: importing a
 * task-division table, a task with its own attachment and the issuer's edit, decomposition,
 * extension and instruction answered from the workbench, a report sent back, saved filters and the
 * dashboard's drill-down.
 */
describe.skipIf(Boolean(missing)).each(e2eEngines('postgresql'))(missing || 'supervision screens in the browser on %s', (engine) => {
  const clock = new ManualClock(at930(MONDAY));
  const server = useServer(engine, clock);

  it('imports, edits, decomposes, extends, answers and reviews, filters and drills down', async () => {
    const supervisor = await launchBrowser();
    const liaison = await launchBrowser();
    const leader = await launchBrowser({ width: 390, height: 844 });
    try {
      const sup = supervisor.page;
      const dc = liaison.page;

      // 1. The supervisor imports a task-division table: checked and previewed first, then all rows at once.
      await signInAt(supervisor, server, clock, 'supervisor', '/tasks');
      await sup.getByTestId('task-import').click();
      await sup.locator('.ant-modal input[type=file]').setInputFiles({ name: '任务分工表.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: await divisionTable() });
      await settled(sup);
      await sup.getByTestId('import-check').click();
      const preview = sup.getByTestId('import-preview');
      await preview.getByText(IMPORTED).waitFor();
      await preview.getByText('西城区').first().waitFor();
      // 长期坚持 is read as a long-term task; 东华街道 has no liaison account: a warning, not an error.
      await preview.locator('tr', { hasText: STANDING }).getByText('长期坚持').waitFor();
      await sup.getByTestId('import-no-actor').getByText(/东华街道/).waitFor();
      await screenshot(sup, 'task-import-preview-1366');
      await sup.getByTestId('import-confirm').click();
      await sup.getByText('已导入并交办 3 项任务。').waitFor();
      await sup.keyboard.press('Escape');
      await sup.getByTestId('task-list').getByRole('link', { name: IMPORTED, exact: true }).waitFor();

      // 2. A new task with its plan attached; then the issuer edits its title and deadline.
      await sup.getByTestId('task-create').click();
      const form = sup.getByTestId('task-form');
      await form.getByLabel('任务名称').fill(PLAN);
      await pickUnit(sup, '牵头单位', '东城区');
      // Without a deadline the form asks for one, or for 长期坚持.
      await settled(sup);
      await sup.getByTestId('task-assign-now').click();
      await form.getByText(/请选择完成时限；没有截止日期的常态化工作请打开“长期坚持”/).waitFor();
      await screenshot(sup, 'task-form-deadline-required-1366');
      await pickDate(sup, '完成时限', LATER);
      await form.locator('input[type=file]').setInputFiles({ name: '工作方案.pdf', mimeType: 'application/pdf', buffer: PDF });
      await sup.locator('.ant-upload-list-item-done').getByText('工作方案.pdf').waitFor();
      await settled(sup);
      await sup.getByTestId('task-assign-now').click();
      await sup.waitForURL(/\/tasks\/[0-9a-f-]{36}$/);
      const planId = sup.url().split('/').pop()!;
      await sup.getByTestId('task-attachments').getByText(/工作方案\.pdf/).waitFor();

      await sup.getByTestId('action-edit').click();
      const edit = sup.getByTestId('task-form');
      await expect.poll(() => edit.getByLabel('任务名称').inputValue()).toBe(PLAN);
      await edit.getByLabel('任务名称').fill(PLAN_EDITED);
      await pickDate(sup, '完成时限', LATEST);
      // The issuer adds a co-unit after assignment: 南湖区 has no liaison, which the form says.
      await expect.poll(() => edit.getByTestId('task-lead-units').getByText('东城区').count()).toBe(1);
      await pickUnit(sup, '配合单位', '南湖区');
      await edit.getByTestId('no-actor-warning').getByText(/南湖区/).waitFor();
      await edit.getByTestId('task-unit-reason').fill('需南湖区配合入户宣传');
      await screenshot(sup, 'task-edit-1366');
      await settled(sup);
      await sup.getByTestId('task-save').click();
      await sup.getByTestId('task-title').getByText(PLAN_EDITED).waitFor();
      await sup.getByTestId('task-deadline-text').getByText(LATEST).waitFor();
      await sup.getByRole('tab', { name: /时间线/ }).click();
      await sup.getByText('修改了标题、完成时限').waitFor();
      await sup.getByText(/调整单位：增加配合单位南湖区（需南湖区配合入户宣传）/).waitFor();

      // 3. 东城区 sees the attachment, breaks the task down to two streets and asks for more time.
      await signInAt(liaison, server, clock, 'liaison_dc', `/tasks/${planId}`);
      await dc.getByTestId('task-attachments').getByText(/工作方案\.pdf/).waitFor();
      await dc.getByTestId('action-acknowledge').click();
      await settled(dc);
      await dc.locator('.ant-modal-confirm').getByRole('button', { name: /签\s*收/ }).click();
      await dc.getByTestId('action-decompose').waitFor();
      await dc.getByTestId('action-decompose').click();
      const parts = dc.getByTestId('decompose-form');
      // The first part starts as the task itself, weight 1.
      await expect.poll(() => parts.locator('.ant-card').nth(0).getByLabel('权重').inputValue()).toBe('1');
      await parts.getByRole('button', { name: /添加一项/ }).click();
      const cards = parts.locator('.ant-card');
      await cards.nth(0).getByLabel('任务名称').fill('东华街道摸底调查');
      await pickUnit(cards.nth(0), '承办单位', '东华街道');
      await cards.nth(1).getByLabel('任务名称').fill('朝阳街道摸底调查');
      await pickUnit(cards.nth(1), '承办单位', '朝阳街道');
      await cards.nth(1).getByLabel('权重').fill('3');
      await screenshot(dc, 'task-decompose-1366');
      await settled(dc);
      await dc.locator('.ant-modal-footer').getByRole('button', { name: '分解任务' }).click();
      await dc.getByRole('tab', { name: /分解任务/ }).click();
      await dc.getByTestId('task-children').getByText('朝阳街道', { exact: true }).waitFor();
      await dc.getByTestId('percent-formula').getByText(/0%×1 \+ 0%×3/).waitFor();

      await dc.getByTestId('action-extension').click();
      const ext = dc.locator('.ant-modal:visible');
      await pickDate(ext, '申请延至', addCalendarDays(LATEST, 14));
      await ext.getByLabel('延期理由').fill('方案需经市政府常务会议审议,会期在下月。');
      await settled(dc);
      await ext.getByRole('button', { name: /申请延期/ }).click();
      await dc.getByText('已提交延期申请').waitFor();

      // 4. The leader, on a phone, writes an instruction (批示) on the task.
      await signInAt(leader, server, clock, 'leader', `/tasks/${planId}`);
      await leader.page.getByTestId('action-instruct').click();
      await leader.page.getByTestId('prompt-form').getByRole('textbox').fill('方案要广泛征求群众意见。');
      await settled(leader.page);
      await leader.page.getByTestId('prompt-ok').click();
      await leader.page.getByText('批示成功').waitFor();
      await leader.page.goto(`${server.baseURL}/tasks/${planId}?tab=instructions`);
      await leader.page.getByTestId('instruction-list').getByText('方案要广泛征求群众意见。').waitFor();
      await screenshot(leader.page, 'task-instruction-390', true);

      // On a phone the task list's filters are behind 筛选; the badge counts the ones set.
      await leader.page.goto(`${server.baseURL}/tasks`);
      await leader.page.getByTestId('task-row').first().waitFor();
      expect(await leader.page.getByPlaceholder(/搜索任务名称/).count()).toBe(0);
      await leader.page.getByTestId('list-filter-button').click();
      const drawer = leader.page.locator('.list-filter-drawer');
      await drawer.getByPlaceholder(/搜索任务名称/).fill('城市更新');
      await drawer.getByPlaceholder(/搜索任务名称/).press('Enter');
      await settled(leader.page);
      await screenshot(leader.page, 'tasks-filter-drawer-390');
      await leader.page.getByTestId('list-filter-done').click();
      await leader.page.getByTestId('task-list').getByRole('link', { name: PLAN_EDITED, exact: true }).waitFor();
      await expect.poll(() => leader.page.getByTestId('task-list').getByRole('link', { name: IMPORTED, exact: true }).count()).toBe(0);
      await leader.page.getByTestId('list-filter-button').locator('xpath=..').locator('.ant-badge-count').getByText('1').waitFor();
      await expectNoHorizontalOverflow(leader.page);
      await screenshot(leader.page, 'tasks-filtered-390', true);

      // 5. The supervisor approves the extension straight from the workbench.
      await sup.goto(`${server.baseURL}/workbench`);
      const extGroup = sup.getByTestId('inbox-group-extension');
      await extGroup.getByText(PLAN_EDITED).waitFor();
      await screenshot(sup, 'workbench-extension-1366');
      await extGroup.getByTestId('inbox-approve-extension').first().click();
      await sup.getByTestId('prompt-form').getByRole('textbox').fill('同意');
      await settled(sup);
      await sup.getByTestId('prompt-ok').click();
      await sup.getByText('已处理延期申请').waitFor();
      await sup.goto(`${server.baseURL}/tasks/${planId}`);
      await sup.getByTestId('task-deadline-text').getByText(addCalendarDays(LATEST, 14)).waitFor();

      // 6. 东城区 answers the instruction from its workbench and reports on the imported task.
      await dc.goto(`${server.baseURL}/workbench`);
      const insGroup = dc.getByTestId('inbox-group-instruction');
      await insGroup.getByText(PLAN_EDITED).waitFor();
      await insGroup.getByTestId('inbox-answer-instruction').first().click();
      await dc.getByTestId('prompt-form').getByRole('textbox').fill('已在区政府网站公开征求意见。');
      await settled(dc);
      await dc.getByTestId('prompt-ok').click();
      await dc.getByText('已回复批示').waitFor();
      await expect.poll(() => dc.getByTestId('inbox-group-instruction').count()).toBe(0);

      await dc.goto(`${server.baseURL}/tasks?q=${encodeURIComponent('背街小巷')}`);
      await dc.getByTestId('task-list').getByRole('link', { name: IMPORTED, exact: true }).click();
      await dc.getByTestId('action-report').click();
      const report = dc.getByTestId('report-form');
      await report.getByLabel('工作进展').fill('完成 12 条小巷的摸底。');
      await report.getByRole('spinbutton').fill('20');
      await settled(dc);
      await dc.getByTestId('report-submit').click();
      await dc.getByText(/已报送进展/).first().waitFor();
      const importedUrl = dc.url();

      // 7. The supervisor sends the report back with a comment; the liaison sees it and who reported.
      await sup.goto(importedUrl.replace(/^https?:\/\/[^/]+/, server.baseURL));
      const filed = sup.getByTestId('report-item').first();
      await filed.getByText('东城区 张联络').waitFor();
      await filed.getByRole('button', { name: /退回重报/ }).click();
      await sup.getByTestId('prompt-form').getByRole('textbox').fill('请附现场照片。');
      await settled(sup);
      await sup.getByTestId('prompt-ok').click();
      await sup.getByText('已退回该次进展').waitFor();
      await screenshot(sup, 'report-sent-back-1366');
      await dc.reload();
      await dc.getByTestId('report-item').first().getByText('请附现场照片。').waitFor();

      // 8. A saved filter: 东城区's work, kept under a name and applied again later.
      await sup.goto(`${server.baseURL}/tasks?q=${encodeURIComponent('城市更新')}`);
      await sup.getByTestId('task-list').getByRole('link', { name: PLAN_EDITED, exact: true }).waitFor();
      await sup.getByTestId('saved-filters').click();
      await sup.getByRole('menuitem', { name: '保存当前筛选' }).click();
      await sup.locator('.ant-modal:visible').getByLabel('名称').fill('城市更新');
      await settled(sup);
      await sup.locator('.ant-modal:visible').getByRole('button', { name: /保\s*存/ }).click();
      await sup.getByText('已保存筛选“城市更新”').waitFor();
      await sup.goto(`${server.baseURL}/tasks`);
      await sup.getByTestId('task-list').getByRole('link', { name: IMPORTED, exact: true }).waitFor();
      await sup.getByTestId('saved-filters').click();
      await sup.getByRole('menuitem', { name: /城市更新/ }).click();
      await sup.getByText('已应用筛选“城市更新”').waitFor();
      await expect.poll(() => sup.getByTestId('task-list').getByRole('link', { name: IMPORTED, exact: true }).count()).toBe(0);
      await sup.getByTestId('task-list').getByRole('link', { name: PLAN_EDITED, exact: true }).waitFor();
      await screenshot(sup, 'tasks-saved-filter-1366');

      // 9. The dashboard drills into 东城区 and back; a figure opens the list it counts.
      const dcUnit = await server.container.db.selectFrom('org_units').select('id').where('code', '=', 'SFS-DC').executeTakeFirstOrThrow();
      await sup.goto(`${server.baseURL}/dashboard?unitId=${dcUnit.id}`);
      await sup.getByRole('heading', { name: /东城区/ }).waitFor();
      await sup.getByTestId('dash-trail').getByText('东城区').waitFor();
      await sup.getByTestId('dash-units-chart').locator('canvas').first().waitFor();
      // Every figure says what it counts: 件 per unit, the trend by 交办日期.
      await sup.getByTestId('dash-counting-note').getByText(/按承办件计.*配合单位/).waitFor();
      await sup.getByText('交办按交办日期，办结按办结时间').waitFor();
      await screenshot(sup, 'dashboard-drill-1366');
      await sup.getByTestId('dash-trail').getByText('全部').click();
      await expect.poll(() => new URL(sup.url()).searchParams.get('unitId')).toBe(null);
      await sup.getByTestId('dash-total').click();
      await sup.waitForURL(/\/tasks\?.*status=/);
      await sup.getByTestId('task-list').getByRole('link', { name: PLAN_EDITED, exact: true }).waitFor();
    } finally {
      await supervisor.close();
      await liaison.close();
      await leader.close();
    }
  }, 240_000);
});
