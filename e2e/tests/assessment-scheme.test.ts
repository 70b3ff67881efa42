import { describe, it } from 'vitest';
import { ManualClock } from '../../apps/server/src/lib/clock.ts';
import { periodContaining } from '../../apps/server/src/modules/rhythm/cadence-rules.ts';
import { browserMissing, expectNoHorizontalOverflow, launchBrowser, screenshot } from '../support/browser.ts';
import { at930, pickOption, settled, signInAt, workingMonday } from '../support/journey.ts';
import { apiSession, DEMO_PASSWORD, e2eEngines, useServer } from '../support/server.ts';

const missing = browserMissing();
const MONDAY = workingMonday();
const PERIOD = periodContaining('quarter', MONDAY).key;

describe.skipIf(Boolean(missing)).each(e2eEngines('pglite'))(missing || 'the assessment scheme editor in the browser on %s', (engine) => {
  const clock = new ManualClock(at930(MONDAY));
  const server = useServer(engine, clock);

  it('writes a scheme with a linear and a manual item, runs it, and the reviewer’s score shows in the derivation', async () => {
    const office = await launchBrowser({ width: 1366, height: 900 });
    const phone = await launchBrowser({ width: 390, height: 844 });
    try {
      const page = office.page;
      // Twenty people whose names sort first, so the reviewer is not on the first page of users the picker loads.
      const c = server.container;
      const home = await c.db.selectFrom('users').select('org_unit_id').where('tenant_id', '=', server.tenantId).where('username', '=', 'supervisor').executeTakeFirstOrThrow();
      await c.db
        .insertInto('users')
        .values(Array.from({ length: 20 }, (_, i) => ({ tenant_id: server.tenantId, username: `aa${String(i).padStart(2, '0')}`, display_name: `备选人员${i}`, phone: null, org_unit_id: home.org_unit_id, password_hash: '-', locked_until: null, last_login_at: null, password_changed_at: null, email: null })))
        .execute();
      await signInAt(office, server, clock, 'supervisor', '/rhythm/assessment-schemes');
      await page.getByTestId('scheme-new').click();
      await page.getByTestId('scheme-form').waitFor();
      await page.getByTestId('scheme-name').fill('作风与落实考核办法');
      await page.getByTestId('scheme-dimension-name').fill('重点工作落实');

      // A linear item whose floor equals its target: the server names the formula's field.
      const first = page.getByTestId('scheme-item').nth(0);
      await first.getByTestId('scheme-item-name').fill('督办事项按时办结率');
      await first.getByTestId('scheme-item-weight').fill('60');
      await first.getByTestId('scheme-formula-floor').fill('100');
      await first.getByTestId('scheme-formula-target').fill('100');

      // A manual item scored by the supervisor himself.
      await page.getByTestId('scheme-add-item').click();
      const second = page.getByTestId('scheme-item').nth(1);
      await second.getByTestId('scheme-item-name').fill('工作作风评议');
      await second.getByTestId('scheme-item-weight').fill('40');
      await pickOption(second.getByTestId('scheme-item-source'), '评审人打分', async () => (await second.getByTestId('scheme-item-reviewers').count()) > 0);
      await second.getByTestId('scheme-item-reviewers').click();
      await page.keyboard.type('王督查');
      await pickOption(second.getByTestId('scheme-item-reviewers'), '（supervisor）', async () => (await second.getByTestId('scheme-item-reviewers').innerText()).includes('王督查'));
      await page.keyboard.press('Escape');
      await page.getByTestId('scheme-weight-sum').getByText('100 / 100').waitFor();

      // A bonus item capped at 2 points, 3 in all.
      await page.getByTestId('scheme-add-adjustment').click();
      await page.getByTestId('scheme-adjustment').getByPlaceholder('加减分项目名称').fill('承办现场会');
      await page.getByTestId('scheme-adjustment').getByTestId('scheme-adjustment-cap').fill('2');
      await page.getByLabel('加分总上限', { exact: true }).fill('3');

      // Districts apart from departments, from the units' kinds.
      await page.getByTestId('scheme-groups-by-kind').click();
      await page.getByTestId('scheme-group').first().getByText('东城区').waitFor();
      await settled(page);
      await screenshot(page, 'assessment-scheme-editor-1366', true);

      await page.getByTestId('scheme-save').click();
      await first.getByText('起评值与目标值不能相同').waitFor();
      await first.getByTestId('scheme-formula-floor').fill('60');
      await page.getByTestId('scheme-save').click();
      await page.waitForURL(/\/rhythm\/assessment-schemes\/[0-9a-f-]{36}$/);
      await page.getByTestId('scheme-heading').getByText('作风与落实考核办法').waitFor();

      // The saved scheme on a phone: the reviewer shows by name though the picker's first page does not hold him.
      const url = page.url();
      await signInAt(phone, server, clock, 'supervisor', url.slice(url.indexOf('/rhythm')));
      await phone.page.getByTestId('scheme-item').nth(1).getByTestId('scheme-item-reviewers').getByText(/王督查/).waitFor();
      await expectNoHorizontalOverflow(phone.page);
      await screenshot(phone.page, 'assessment-scheme-editor-390', true);

      // Run it for the quarter; the reviewer scores 东城区 and its derivation shows the score.
      await page.goto(`${server.baseURL}/rhythm/assessments`);
      await page.getByTestId('assess-run').click();
      await page.getByTestId('assess-run-form').waitFor();
      await settled(page);
      await page.getByTestId('assess-period').fill(PERIOD);
      await page.getByTestId('assess-run-ok').click();
      await page.waitForURL(/\/rhythm\/assessments\/[0-9a-f-]{36}$/);
      const row = page.getByTestId('assess-review').getByRole('row').filter({ hasText: '东城区' });
      await row.getByTestId('assess-score').click();
      await page.getByTestId('assess-score-form').waitFor();
      await settled(page);
      await page.getByTestId('assess-score-form').getByRole('spinbutton').fill('88');
      await page.getByTestId('assess-score-ok').click();
      await row.getByText('88', { exact: true }).waitFor();

      // A bonus point for 东城区 with its reason, the caps shown before it is entered.
      await page.getByTestId('assess-adjust').click();
      const adjust = page.getByTestId('assess-adjust-form');
      await adjust.waitFor();
      await settled(page);
      await pickOption(adjust.getByTestId('assess-adjust-unit'), '东城区', async () => (await adjust.getByTestId('assess-adjust-unit').innerText()).includes('东城区'));
      await pickOption(adjust.getByTestId('assess-adjust-item'), '承办现场会', async () => (await adjust.getByTestId('assess-adjust-item').innerText()).includes('承办现场会'));
      await adjust.getByText('加分单项上限 2 分（该单位本项已录 0 分），加分总上限 3 分；超出部分不计入').waitFor();
      await adjust.getByTestId('assess-adjust-value').fill('1');
      await adjust.getByTestId('assess-adjust-note').fill('承办全市作风建设现场会');
      // Its evidence: the meeting's notice, listed under the bonus in the derivation.
      await adjust.locator('input[type=file]').setInputFiles({ name: '现场会通知.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n现场会通知\n') });
      await adjust.locator('.ant-upload-list-item-done').waitFor();
      await page.getByTestId('assess-adjust-ok').click();
      await adjust.waitFor({ state: 'detached' });

      await page.getByTestId('assess-results').first().getByText('东城区', { exact: true }).click();
      const derivation = page.getByTestId('assess-derivation').first();
      await derivation.getByText(/评审人 督查室 王督查 88 的平均分/).waitFor();
      await derivation.getByText('加分“承办现场会” 1 分，单项上限 2，计 1 分：承办全市作风建设现场会').waitFor();
      await derivation.getByTestId('assess-evidence').getByRole('button', { name: /现场会通知\.pdf/ }).waitFor();
      await screenshot(page, 'assessment-scheme-scored-1366', true);

      // The bonus was entered too early: withdrawn (confirmed first), it leaves the derivation.
      await derivation.getByTestId('assess-withdraw').click();
      await page.getByText('撤销东城区的“承办现场会”加减分？该项的全部记录和佐证材料将删除，随即重新计分。').waitFor();
      await settled(page);
      await screenshot(page, 'assessment-withdraw-confirm-1366');
      await page.getByTestId('assess-withdraw-confirm').click();
      await page.getByText('已撤销，已重新计算').waitFor();
      await page.getByTestId('assess-derivation').first().getByText(/加分“承办现场会”/).waitFor({ state: 'detached' });

      // Published, 东城区 objects to its review; the office upholds the objection with a score on
      // review, which replaces the reviewer's 88 in the derivation.
      await page.getByTestId('assess-publish').click();
      await settled(page);
      await page.getByTestId('assess-publish-confirm').click();
      await page.getByTestId('assess-window').waitFor();
      const runId = page.url().split('/').pop()!;
      const dc = await c.db.selectFrom('users').select('org_unit_id').where('tenant_id', '=', server.tenantId).where('username', '=', 'liaison_dc').executeTakeFirstOrThrow();
      const liaison = await apiSession(server.baseURL, 'liaison_dc', DEMO_PASSWORD);
      await liaison('POST', `/api/assessment-runs/${runId}/objections`, { unitId: dc.org_unit_id, reason: '我区本季度作风评议请复核。' });
      await page.reload();
      await page.getByTestId('assess-answer').click();
      const answer = page.getByTestId('assess-answer-form');
      await answer.waitFor();
      await settled(page);
      await answer.getByText('予以采纳', { exact: true }).click();
      await answer.getByText('现为 88 分；填写后取代评审人的平均分，不填则不变').waitFor();
      await answer.getByLabel('复核分数：工作作风评议').fill('95');
      await page.getByTestId('assess-answer-text').fill('经复核，作风评议调整为 95 分。');
      await screenshot(page, 'assessment-scheme-answer-1366');
      await page.getByTestId('assess-answer-ok').click();
      await page.getByTestId('assess-objection').getByText('予以采纳', { exact: true }).waitFor();
      await page.getByTestId('assess-results').first().getByText('东城区', { exact: true }).click();
      await page.getByTestId('assess-derivation').first().getByText(/复核调整为 95 分/).waitFor();
    } finally {
      await office.close();
      await phone.close();
    }
  }, 240_000);
});
