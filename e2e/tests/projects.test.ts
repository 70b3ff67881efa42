import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { docxText } from '../../apps/server/src/lib/document-text.ts';
import { ManualClock } from '../../apps/server/src/lib/clock.ts';
import { addCalendarDays } from '../../apps/server/src/supervision/rules/working-days.ts';
import { browserMissing, expectNoHorizontalOverflow, launchBrowser, screenshot } from '../support/browser.ts';
import { at930, pickDate, pickOption, pickUnit, settled, signInAt, workingMonday } from '../support/journey.ts';
import { makePng } from '../support/png.ts';
import { e2eEngines, useServer } from '../support/server.ts';

const missing = browserMissing();
const NAME = '东城氢能装备产业园';
const MONDAY = workingMonday();
const month = (date: string) => date.slice(0, 7);

describe.skipIf(Boolean(missing)).each(e2eEngines('pglite'))(missing || 'key projects in the browser on %s', (engine) => {
  const clock = new ManualClock(at930(MONDAY));
  const server = useServer(engine, clock);

  it('signs a lead that becomes a project; the district files its start and two monthly reports on a phone, one raising a problem the office takes to a 会办 meeting whose decision becomes a coordination task', async () => {
    const office = await launchBrowser();
    const phone = await launchBrowser({ width: 390, height: 844 });
    try {
      // The district registers a lead in talks and logs a visit; once signed, the office converts it into a project.
      const page = office.page;
      await signInAt(office, server, clock, 'supervisor', '/leads');
      await page.getByTestId('lead-new').click();
      const leadForm = page.getByTestId('lead-form');
      await leadForm.getByLabel('企业名称').fill('示范氢能装备有限公司');
      await leadForm.getByLabel('所属行业').fill('氢能');
      await pickUnit(leadForm, '责任单位', '东城区');
      await leadForm.getByLabel('意向投资（万元）').fill('80000');
      await settled(page);
      await page.getByTestId('lead-save').click();
      await page.waitForURL(/\/leads\/[0-9a-f-]{36}$/);
      await page.getByTestId('lead-visit-summary').fill('企业来访考察东城产业园地块');
      await page.getByTestId('lead-visit-submit').click();
      await page.getByTestId('lead-visit').getByText('企业来访考察东城产业园地块').waitFor();
      await page.getByTestId('lead-edit').click();
      const stage = page.getByTestId('lead-form').getByTestId('lead-stage');
      await pickOption(stage, '签约', async () => (await stage.innerText()).includes('签约'));
      await pickDate(page.getByTestId('lead-form'), '签约日期', MONDAY);
      await page.getByTestId('lead-signed-amount').fill('80000');
      await settled(page);
      await page.getByTestId('lead-save').click();
      await page.getByTestId('lead-stage-tag').getByText('签约').waitFor();
      await screenshot(page, 'lead-detail-1366');
      await page.getByTestId('lead-convert').click();
      const convert = page.getByTestId('lead-convert-form');
      await convert.getByLabel('项目编号').fill('DC-2026-H2');
      await convert.getByLabel('项目名称').fill(NAME);
      await settled(page);
      await page.getByTestId('lead-convert-submit').click();
      await page.waitForURL(/\/projects\/[0-9a-f-]{36}$/);
      await page.getByTestId('project-title').getByText(NAME).waitFor();
      await page.getByTestId('project-stage').getByText('签约').waitFor();
      await page.getByTestId('project-lead').getByText('企业来访考察东城产业园地块').waitFor();

      // The office sets this year's planned investment and the site's coordinates on the project.
      await settled(page);
      await page.getByTestId('project-edit').click();
      await page.getByTestId('project-form').waitFor();
      await settled(page);
      await page.getByTestId('project-form').getByTestId('project-year-planned').fill('24000');
      await page.getByTestId('project-form').getByLabel('经度').fill('116.45');
      await page.getByTestId('project-form').getByLabel('纬度').fill('39.92');
      await screenshot(page, 'project-form-1366');
      await page.getByTestId('project-save').click();
      await page.getByTestId('project-detail').getByText('2026：24,000'.replace('2026', MONDAY.slice(0, 4))).waitFor();
      const projectUrl = page.url();

      // The district liaison, on a phone, records the start and files this month's report with a problem.
      const p = phone.page;
      await signInAt(phone, server, clock, 'liaison_dc', '/projects');
      await p.getByTestId('project-table').getByText(NAME).click();
      await p.getByTestId('project-reach').getByText('填报开工').waitFor();
      await p.getByTestId('project-reach').click();
      await p.getByTestId('milestone-submit').waitFor();
      await settled(p);
      await p.getByTestId('milestone-submit').click();
      await p.getByText('节点已填报').waitFor();
      await p.getByTestId('project-stage').getByText('开工').waitFor();

      await p.getByTestId('project-report').click();
      const report = p.getByTestId('project-report-form');
      await expect.poll(() => report.getByTestId('project-report-period').inputValue()).toBe(month(MONDAY));
      await report.getByTestId('project-report-invested').fill('3000');
      await report.getByTestId('project-report-progress').fill('完成场地平整和临建，桩基施工进场');
      await report.getByTestId('project-report-add-problem').click();
      await report.getByTestId('project-report-problem').fill('施工用电接入需协调供电公司');
      // A photo of the site, taken on the phone.
      await report.locator('input[type=file]').setInputFiles({ name: '桩基施工现场.png', mimeType: 'image/png', buffer: makePng() });
      await report.locator('.ant-upload-list-item-done').waitFor();
      await settled(p);
      await screenshot(p, 'project-report-390');
      await expectNoHorizontalOverflow(p);
      await p.getByTestId('project-report-submit').click();
      await p.getByText('月报已报送', { exact: true }).waitFor();
      await p.getByTestId('project-reports').getByText('完成场地平整和临建，桩基施工进场').waitFor();
      await p.getByTestId('project-reports').getByTestId('project-report-attachments').getByTestId('report-thumbnail').waitFor();

      // A month later the second report comes in, without problems.
      clock.set(at930(addCalendarDays(MONDAY, 31)));
      const next = month(addCalendarDays(MONDAY, 31));
      await signInAt(phone, server, clock, 'liaison_dc', projectUrl.slice(projectUrl.indexOf('/projects')));
      await p.getByTestId('project-report').click();
      await expect.poll(() => report.getByTestId('project-report-period').inputValue()).toBe(next);
      await report.getByTestId('project-report-invested').fill('4500');
      await report.getByTestId('project-report-progress').fill('主体结构施工至三层');
      await settled(p);
      await p.getByTestId('project-report-submit').click();
      await p.getByText('月报已报送', { exact: true }).waitFor();
      await p.getByTestId('project-reports').getByText('7,500').waitFor();
      await p.getByTestId('project-investment-chart').waitFor();
      await screenshot(p, 'project-detail-390', true);

      // The office takes the problem to a 会办 meeting, keeps the minutes, and the decision becomes a coordination task.
      await signInAt(office, server, clock, 'supervisor', '/meetings');
      await page.getByTestId('meeting-new').click();
      const meetingForm = page.getByTestId('meeting-form');
      await meetingForm.getByLabel('会议名称').fill('重点项目第一次会办');
      await meetingForm.getByLabel('主持领导').fill('王副市长');
      await meetingForm.getByLabel('会议地点').fill('市政府三楼会议室');
      await meetingForm.getByTestId('meeting-candidate').filter({ hasText: '施工用电接入需协调供电公司' }).locator('.ant-checkbox-input').check();
      await settled(page);
      await screenshot(page, 'meeting-form-1366');
      await page.getByTestId('meeting-save').click();
      await page.waitForURL(/\/meetings\/[0-9a-f-]{36}$/);
      const item = page.getByTestId('meeting-item').filter({ hasText: '施工用电接入需协调供电公司' });
      await item.getByTestId('meeting-minutes').fill('供电公司同意优先安排接入');
      await item.getByTestId('meeting-minutes-save').click();
      await page.getByText('纪要已保存').waitFor();
      await item.getByTestId('meeting-decide').click();
      await page.getByTestId('decision-content').fill('市发改委牵头协调供电公司月底前完成接入');
      await pickUnit(page.locator('.ant-modal').filter({ has: page.getByTestId('decision-submit') }), '承办单位', '市发展和改革委员会');
      await settled(page);
      await page.getByTestId('decision-submit').click();
      await page.getByText('议定事项已转为协调事项任务').waitFor();
      await item.getByTestId('meeting-decision').getByText('市发改委牵头协调供电公司月底前完成接入').waitFor();
      await settled(page);
      await screenshot(page, 'meeting-detail-1366', true);

      // The project shows the problem handed over, linked to the decision's task.
      await page.goto(projectUrl);
      const problem = page.getByTestId('project-problem').filter({ hasText: '施工用电接入需协调供电公司' });
      await problem.getByText(/已交办/).waitFor();
      await page.getByTestId('project-investment-chart').waitFor();
      await screenshot(page, 'project-detail-1366', true);
      await problem.getByTestId('problem-task-link').click();
      await page.waitForURL(/\/tasks\/[0-9a-f-]{36}$/);
      await page.getByText(`【会办】${NAME}：市发改委牵头协调供电公司月底前完成接入`).first().waitFor();

      // The list shows the project with this year's investment.
      await page.goto(`${server.baseURL}/projects`);
      const row = page.getByTestId('project-table').getByTestId('project-row').filter({ hasText: NAME });
      await row.getByText('开工').waitFor();
      // This year's investment against its plan (a journey that crossed into a new year has no plan for it).
      if (next.slice(0, 4) === MONDAY.slice(0, 4)) await row.getByText('7,500 / 24,000 万元').waitFor();
      else await row.getByText('未定年度计划').waitFor();
      await screenshot(page, 'project-list-1366');

      // The dashboard: investment by month, the stage funnel, the district ranking and the schematic map.
      await page.getByTestId('project-dashboard-link').click();
      await page.waitForURL(/\/projects\/dashboard/);
      for (const figure of ['investment', 'funnel', 'ranking', 'map']) await page.getByTestId(`project-dashboard-${figure}`).waitFor();
      await settled(page);
      await screenshot(page, 'project-dashboard-1366', true);
      // The month's bulletin in Word counts the investment to date (this year's reports only).
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('project-bulletin').click()]);
      expect(download.suggestedFilename()).toMatch(/\.docx$/);
      const bulletin = await docxText(new Uint8Array(fs.readFileSync((await download.path())!)));
      expect(bulletin).toContain(`累计完成投资 ${next.slice(0, 4) === MONDAY.slice(0, 4) ? '7,500' : '4,500'} 万元`);
    } finally {
      await office.close();
      await phone.close();
    }
  }, 300_000); // a long journey: two browsers, a month passing, six screens
});
