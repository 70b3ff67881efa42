import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { seedDemoIndicators } from '../../apps/server/src/bootstrap/demo-indicators.ts';
import { ManualClock } from '../../apps/server/src/lib/clock.ts';
import { browserMissing, launchBrowser, screenshot } from '../support/browser.ts';
import { at930, settled, signInAt, workingMonday } from '../support/journey.ts';
import { e2eEngines, useServer } from '../support/server.ts';

const missing = browserMissing();
const MONDAY = workingMonday();
const YEAR = Number(MONDAY.slice(0, 4));

/** A year of 东城区's yearly indicator values, as a liaison fills the import sheet. */
async function yearSheet(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('指标数据');
  ws.addRow(['指标编码', '指标名称', '填报单位', '期间', '数值']);
  ws.addRow(['JJ02', '战略性新兴产业增加值占规上工业比重', '东城区', YEAR, 21.5]);
  ws.addRow(['JJ03', '高新技术产业产值占规上工业比重', '东城区', YEAR, 52.3]);
  ws.addRow(['JJ04', '工业用地亩均税收', '东城区', YEAR, 40.2]);
  ws.addRow(['JJ05', '研发经费投入强度', '东城区', YEAR, 2.9]);
  ws.addRow(['HJ01', 'PM2.5 年均浓度', '东城区', YEAR, 31]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe.skipIf(Boolean(missing)).each(e2eEngines('pglite'))(missing || 'indicators in the browser on %s', (engine) => {
  const clock = new ManualClock(at930(MONDAY));
  const server = useServer(engine, clock);
  /** The demo city's indicators and peers, seeded once for the journeys that need them. */
  let seeded: Promise<void> | undefined;
  const demoIndicators = () =>
    (seeded ??= (async () => {
      const c = server.container;
      const supervisor = await c.auth.loadActor(server.tenantId, await c.db.selectFrom('users').selectAll().where('username', '=', 'supervisor').executeTakeFirstOrThrow());
      await seedDemoIndicators(c, server.tenantId, supervisor);
    })());

  it('a district liaison imports a year of values and sees their lights, then the gap to the peer cities on the benchmarking chart', async () => {
    await demoIndicators();
    const c = server.container;
    const dc = (await c.db.selectFrom('org_units').select('id').where('code', '=', 'SFS-DC').executeTakeFirstOrThrow()).id;
    const browser = await launchBrowser();
    try {
      const page = browser.page;
      await signInAt(browser, server, clock, 'liaison_dc', `/indicators?unitId=${dc}&year=${YEAR}`);
      const table = page.getByTestId('ind-table');
      await table.getByText('工业用地亩均税收').waitFor();
      // Before the import the year's yearly indicators have no value, hence no light.
      expect(await page.getByTestId('ind-light-JJ04').count()).toBe(0);

      await page.getByTestId('ind-import').click();
      await settled(page);
      await page.locator('.ant-modal input[type=file]').setInputFiles({ name: '东城区指标数据.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: await yearSheet() });
      await page.getByTestId('import-submit').click();
      await page.getByText('已导入 5 条数据').waitFor();
      await page.keyboard.press('Escape');
      await page.getByText('已导入 5 条数据').waitFor({ state: 'hidden' });
      await settled(page);
      // 40.2 against a target of about 34 万元/亩: green; 21.5% against about 31%: red.
      await page.getByTestId('ind-light-JJ04').getByText('绿灯').waitFor();
      await page.getByTestId('ind-light-JJ02').getByText('红灯').waitFor();
      await screenshot(page, 'indicators-achievement-1366');

      // The benchmarking view: the district against the five peer cities.
      await page.getByRole('button', { name: '对标分析' }).click();
      await page.waitForURL(/\/indicators\/benchmark/);
      await page.getByTestId('bench-gap').locator('canvas').first().waitFor();
      const gaps = page.getByTestId('bench-gaps');
      await gaps.getByRole('cell', { name: '江州市', exact: true }).waitFor();
      await gaps.getByText(/江州市统计局《\d{4}年国民经济和社会发展统计公报》/).waitFor();
      await screenshot(page, 'indicators-benchmark-1366', true);
      // A liaison deletes nothing here.
      expect(await page.getByTestId('bench-peer-江州市').locator('.ant-tag-close-icon').count()).toBe(0);
    } finally {
      await browser.close();
    }
  });

  it('a supervisor deletes a peer city and an indicator, each asked first, and both leave the views', async () => {
    await demoIndicators();
    const dc = (await server.container.db.selectFrom('org_units').select('id').where('code', '=', 'SFS-DC').executeTakeFirstOrThrow()).id;
    const browser = await launchBrowser();
    try {
      const page = browser.page;
      await signInAt(browser, server, clock, 'supervisor', `/indicators/benchmark?unitId=${dc}`);
      const gaps = page.getByTestId('bench-gaps');
      await gaps.getByRole('cell', { name: '江州市', exact: true }).waitFor();
      await page.getByTestId('bench-peer-江州市').locator('.ant-tag-close-icon').click();
      await settled(page);
      await page.locator('.ant-modal-confirm-title').getByText('删除对标对象“江州市”？').waitFor();
      await page.getByTestId('bench-peer-delete-ok').click();
      await page.getByText('已删除对标对象“江州市”').waitFor();
      await page.getByTestId('bench-peer-江州市').waitFor({ state: 'detached' });
      await gaps.getByRole('cell', { name: '江州市', exact: true }).waitFor({ state: 'detached' });

      await page.goto(`${server.baseURL}/indicators?unitId=${dc}&year=${YEAR}`);
      const table = page.getByTestId('ind-table');
      await table.getByText('研发经费投入强度').waitFor();
      await page.getByTestId('ind-delete-JJ05').click();
      await settled(page);
      await page.locator('.ant-modal-confirm-title').getByText('删除指标“研发经费投入强度”？').waitFor();
      await screenshot(page, 'indicators-delete-confirm-1366');
      await page.getByTestId('ind-delete-JJ05-ok').click();
      await page.getByText('已删除指标“研发经费投入强度”').waitFor();
      await table.getByText('研发经费投入强度').waitFor({ state: 'detached' });
    } finally {
      await browser.close();
    }
  });
});
