import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../apps/server/src/lib/clock.ts';
import { browserMissing, launchBrowser, screenshot } from '../support/browser.ts';
import { at930, settled, signInAt, workingMonday } from '../support/journey.ts';
import { e2eEngines, useServer } from '../support/server.ts';

const missing = browserMissing();
const MONDAY = workingMonday();

describe.skipIf(Boolean(missing)).each(e2eEngines('pglite'))(missing || 'the rhythm of the work in the browser on %s', (engine) => {
  const clock = new ManualClock(at930(MONDAY));
  const server = useServer(engine, clock);

  it('sets up the default rhythms, generates last month\'s bulletin, edits and publishes it, and a district reads it', async () => {
    const office = await launchBrowser();
    const district = await launchBrowser();
    try {
      const page = office.page;
      await signInAt(office, server, clock, 'supervisor', '/rhythm?tab=rules');
      await page.getByTestId('rule-defaults').click();
      await page.getByTestId('rule-table').getByText('年度一述职').waitFor();
      await page.getByRole('tab', { name: '工作节点' }).click();
      await page.getByTestId('occurrence-table').getByText('一月一通报').first().waitFor();

      // Last month's bulletin, from live data: the figures and the drafted text, then edited and published.
      await page.getByRole('tab', { name: '通报' }).click();
      await page.getByTestId('bulletin-new').click();
      await page.getByTestId('bulletin-form').waitFor();
      await settled(page);
      await page.getByTestId('bulletin-generate').click();
      await page.waitForURL(/\/rhythm\/bulletins\/[0-9a-f-]{36}$/);
      await page.getByTestId('bulletin-ranking').getByText('东城区').waitFor();
      await page.getByTestId('bulletin-number').fill('示督通〔2026〕9号');
      await page.getByTestId('bulletin-requirements').fill('各单位于下月10日前报送整改情况。');
      await page.getByTestId('bulletin-save').click();
      await page.getByText('通报已保存').waitFor();
      await page.getByTestId('bulletin-publish').click();
      await settled(page);
      await page.getByTestId('bulletin-publish-confirm').click();
      await page.getByTestId('bulletin-locked').waitFor();
      await page.getByTestId('bulletin-requirements').and(page.locator('[disabled]')).waitFor();
      await screenshot(page, 'bulletin-published-1366');
      const url = page.url();

      // The district's liaison finds it among the bulletins and reads the locked text.
      await signInAt(district, server, clock, 'liaison_dc', '/rhythm?tab=bulletins');
      await district.page.getByTestId('bulletin-link').first().click();
      await district.page.waitForURL(url);
      await district.page.getByTestId('bulletin-locked').waitFor();
      await expect.poll(() => district.page.getByTestId('bulletin-requirements').inputValue()).toBe('各单位于下月10日前报送整改情况。');
    } finally {
      await office.close();
      await district.close();
    }
  }, 120_000);
});
