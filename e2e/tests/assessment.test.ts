import { describe, expect, it } from 'vitest';
import { createDemoScheme } from '../../apps/server/src/bootstrap/demo-rhythm.ts';
import { ManualClock } from '../../apps/server/src/lib/clock.ts';
import { periodContaining } from '../../apps/server/src/modules/rhythm/cadence-rules.ts';
import { browserMissing, expectNoHorizontalOverflow, launchBrowser, screenshot } from '../support/browser.ts';
import { at930, settled, signInAt, workingMonday } from '../support/journey.ts';
import { e2eEngines, useServer } from '../support/server.ts';

const missing = browserMissing();
const MONDAY = workingMonday();
// The quarter of today, from live data, under the demo city's scheme of this year.
const PERIOD = periodContaining('quarter', MONDAY).key;

describe.skipIf(Boolean(missing)).each(e2eEngines('pglite'))(missing || 'the comprehensive assessment in the browser on %s', (engine) => {
  const clock = new ManualClock(at930(MONDAY));
  const server = useServer(engine, clock);

  it('runs and publishes an assessment; a district objects on a phone, the office answers and the district reads the answer', async () => {
    const office = await launchBrowser({ width: 1440, height: 900 });
    const district = await launchBrowser({ width: 390, height: 844 });
    try {
      const c = server.container;
      const supervisor = await c.auth.loadActor(server.tenantId, await c.db.selectFrom('users').selectAll().where('username', '=', 'supervisor').executeTakeFirstOrThrow());
      await createDemoScheme(c, server.tenantId, supervisor, Number(MONDAY.slice(0, 4)));
      const page = office.page;
      await signInAt(office, server, clock, 'supervisor', '/rhythm/assessments');
      await page.getByTestId('assess-run').click();
      await page.getByTestId('assess-run-form').waitFor();
      await settled(page);
      await page.getByTestId('assess-period').fill(PERIOD);
      await page.getByTestId('assess-run-ok').click();
      await page.waitForURL(/\/rhythm\/assessments\/[0-9a-f-]{36}$/);
      await page.getByTestId('assess-results').first().getByText('东城区').waitFor();
      // Each unit's derivation opens under its row.
      await page.getByTestId('assess-results').first().getByText('东城区').click();
      await page.getByTestId('assess-derivation').first().getByText('督办事项按时办结率').waitFor();
      await page.getByTestId('assess-publish').click();
      await settled(page);
      await page.getByTestId('assess-publish-confirm').click();
      await page.getByTestId('assess-window').waitFor();
      await screenshot(page, 'assessment-published-1440', true);
      const url = page.url();

      // The district's liaison, on a phone: its own result only, and 提出异议.
      await signInAt(district, server, clock, 'liaison_dc', url.slice(url.indexOf('/rhythm')));
      const phone = district.page;
      await phone.getByTestId('assess-own').waitFor();
      expect(await phone.getByTestId('assess-own').count()).toBe(1);
      await phone.getByTestId('assess-object').click();
      await settled(phone);
      await phone.getByTestId('assess-object-reason').fill('本季度我区重点项目投资数据漏报一笔，请复核。');
      await phone.getByTestId('assess-object-ok').click();
      await phone.getByTestId('assess-objection').getByText('待答复').waitFor();
      await expectNoHorizontalOverflow(phone);
      await screenshot(phone, 'assessment-liaison-390', true);

      // The office answers.
      await page.reload();
      await page.getByTestId('assess-answer').click();
      await page.getByTestId('assess-answer-form').waitFor();
      await settled(page);
      await page.getByTestId('assess-answer-text').fill('经核实，该笔投资已计入，不予采纳。');
      await page.getByTestId('assess-answer-ok').click();
      await page.getByTestId('assess-objection').getByText('不予采纳', { exact: true }).waitFor();

      // The district reads the answer.
      await phone.reload();
      await phone.getByTestId('assess-objection-answer').getByText('经核实，该笔投资已计入，不予采纳。').waitFor();
    } finally {
      await office.close();
      await district.close();
    }
  }, 120_000);
});
