import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../apps/server/src/lib/clock.ts';
import { addCalendarDays } from '../../apps/server/src/supervision/rules/working-days.ts';
import { browserMissing, expectNoHorizontalOverflow, launchBrowser, screenshot } from '../support/browser.ts';
import { at930, pickUnit, settled, signInAt, workingMonday } from '../support/journey.ts';
import { e2eEngines, useServer } from '../support/server.ts';

const missing = browserMissing();
const NAME = '东城氢能装备产业园';
const MONDAY = workingMonday();
const month = (date: string) => date.slice(0, 7);

describe.skipIf(Boolean(missing)).each(e2eEngines())(missing || 'key projects in the browser on %s', (engine) => {
  const clock = new ManualClock(at930(MONDAY));
  const server = useServer(engine, clock);

  it('registers a project; the district files its start and two monthly reports on a phone, one raising a problem the office hands to a unit as a coordination task', async () => {
    const office = await launchBrowser();
    const phone = await launchBrowser({ width: 390, height: 844 });
    try {
      // The supervision office registers the project.
      const page = office.page;
      await signInAt(office, server, clock, 'supervisor', '/projects');
      await page.getByTestId('project-table').getByText('还没有重点项目').waitFor();
      await page.getByTestId('project-new').click();
      const form = page.getByTestId('project-form');
      await form.getByLabel('项目编号').fill('DC-2026-H2');
      await form.getByLabel('项目名称').fill(NAME);
      await pickUnit(form, '牵头单位', '东城区');
      await form.getByLabel('包抓领导').fill('王副市长');
      await form.getByLabel('总投资（万元）').fill('80000');
      await form.getByTestId('project-year-planned').fill('24000');
      await settled(page);
      await screenshot(page, 'project-form-1366');
      await page.getByTestId('project-save').click();
      await page.waitForURL(/\/projects\/[0-9a-f-]{36}$/);
      await page.getByTestId('project-title').getByText(NAME).waitFor();
      await page.getByTestId('project-stage').getByText('谋划').waitFor();
      const projectUrl = page.url();

      // The district liaison, on a phone, records the start and files this month's report with a problem.
      const p = phone.page;
      await signInAt(phone, server, clock, 'liaison_dc', '/projects');
      await p.getByTestId('project-table').getByText(NAME).click();
      await p.getByTestId('project-reach').click();
      await p.getByTestId('milestone-submit').waitFor();
      await settled(p);
      await p.getByTestId('milestone-submit').click();
      await p.getByText('节点已填报').waitFor();
      await p.getByTestId('project-reach').getByText('填报开工').waitFor();
      await p.getByTestId('project-reach').click();
      await settled(p);
      await p.getByTestId('milestone-submit').click();
      await p.getByTestId('project-stage').getByText('开工').waitFor();

      await p.getByTestId('project-report').click();
      const report = p.getByTestId('project-report-form');
      await expect.poll(() => report.getByTestId('project-report-period').inputValue()).toBe(month(MONDAY));
      await report.getByTestId('project-report-invested').fill('3000');
      await report.getByTestId('project-report-progress').fill('完成场地平整和临建，桩基施工进场');
      await report.getByTestId('project-report-add-problem').click();
      await report.getByTestId('project-report-problem').fill('施工用电接入需协调供电公司');
      await settled(p);
      await screenshot(p, 'project-report-390');
      await expectNoHorizontalOverflow(p);
      await p.getByTestId('project-report-submit').click();
      await p.getByText('月报已报送', { exact: true }).waitFor();
      await p.getByTestId('project-reports').getByText('完成场地平整和临建，桩基施工进场').waitFor();

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

      // The office hands the problem to a unit: a coordination task the supervision core runs.
      await signInAt(office, server, clock, 'supervisor', projectUrl.slice(projectUrl.indexOf('/projects')));
      const problem = page.getByTestId('project-problem').filter({ hasText: '施工用电接入需协调供电公司' });
      await problem.getByText(/待交办/).waitFor();
      await problem.getByTestId('problem-assign').click();
      const dialog = page.locator('.ant-modal').filter({ has: page.getByTestId('problem-assign-submit') });
      await pickUnit(dialog, '承办单位', '市发展和改革委员会');
      await settled(page);
      await page.getByTestId('problem-assign-submit').click();
      await page.getByText('已交办，生成协调事项任务').waitFor();
      await problem.getByText(/已交办/).waitFor();
      await page.getByTestId('project-investment-chart').waitFor();
      await screenshot(page, 'project-detail-1366', true);
      await problem.getByTestId('problem-task-link').click();
      await page.waitForURL(/\/tasks\/[0-9a-f-]{36}$/);
      await page.getByText(`【项目协调】${NAME}：施工用电接入需协调供电公司`).first().waitFor();

      // The list shows the project with this year's investment.
      await page.goto(`${server.baseURL}/projects`);
      const row = page.getByTestId('project-table').getByTestId('project-row').filter({ hasText: NAME });
      await row.getByText('开工').waitFor();
      // This year's investment against its plan (a journey that crossed into a new year has no plan for it).
      if (next.slice(0, 4) === MONDAY.slice(0, 4)) await row.getByText('7,500 / 24,000 万元').waitFor();
      else await row.getByText('未定年度计划').waitFor();
      await screenshot(page, 'project-list-1366');
    } finally {
      await office.close();
      await phone.close();
    }
  });
});
