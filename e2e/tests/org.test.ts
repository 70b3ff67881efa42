import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserMissing, launchBrowser, screenshot, signIn } from '../support/browser.ts';
import { ADMIN_PASSWORD, apiSession, DEMO_PASSWORD, startServer, type TestServer } from '../support/server.ts';

type Unit = { id: string; name: string; parentName?: string | null };
const missing = browserMissing();

describe.skipIf(Boolean(missing))(missing || '组织机构 in the browser', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  it('shows a liaison the units of their district and 不存在或无权访问 for a unit of another district', async () => {
    const admin = await apiSession(server.baseURL, 'admin', ADMIN_PASSWORD);
    const found = await admin<{ data: Unit[] }>('GET', `/api/org-units?q=${encodeURIComponent('西城区')}&pageSize=50`);
    const westUnit = found.data.find((u) => u.parentName === '西城区') ?? found.data.find((u) => u.name === '西城区');
    expect(westUnit, 'the demo city has units in 西城区').toBeDefined();

    const browser = await launchBrowser();
    try {
      const { page } = browser;
      await signIn(page, server.baseURL, 'liaison_dc', DEMO_PASSWORD, '/org');
      const tree = page.getByTestId('org-tree');
      // The tree loads after sign-in: wait for it as long as any locator (a poll gives up after 1 s).
      await tree.getByText('东城区', { exact: true }).first().waitFor();
      await tree.getByText('东华街道').waitFor();
      await page.getByTestId('org-children').getByRole('link', { name: '东华街道' }).waitFor();
      expect(await tree.getByText('西城区').count()).toBe(0);
      await expect.poll(() => page.getByText('东城区及下级单位').count()).toBeGreaterThan(0);
      await screenshot(page, 'org-liaison-1366');

      await page.goto(`${server.baseURL}/org/${westUnit!.id}`);
      await page.getByText('不存在或无权访问', { exact: true }).waitFor();
      await screenshot(page, 'org-not-found-1366');
    } finally {
      await browser.close();
    }
  });

  it('lets the administrator create a unit that then appears in the tree', async () => {
    const browser = await launchBrowser();
    try {
      const { page } = browser;
      await signIn(page, server.baseURL, 'admin', ADMIN_PASSWORD, '/org');
      await page.getByTestId('org-unit-details').waitFor();
      await page.getByTestId('org-create-child').click();
      const form = page.getByTestId('org-unit-form');
      await form.getByLabel('名称').fill('数据资源局');
      await form.getByLabel('编码').fill('SFS-SJJ');
      // The unit form's own 保存 (the unit page has another, for its group robot).
      await page.locator('.ant-modal').filter({ has: form }).getByRole('button', { name: /保\s*存/ }).click();
      await page.getByText('已新建单位“数据资源局”').waitFor();
      await page.getByTestId('org-tree').getByText('数据资源局').waitFor();
      await page.getByTestId('org-children').getByRole('link', { name: '数据资源局' }).waitFor();
      await screenshot(page, 'org-admin-created-1366');

      // The new unit opens from the tree with its own details.
      await page.getByTestId('org-tree').getByText('数据资源局').click();
      await page.waitForURL(/\/org\/[0-9a-f-]{36}$/);
      await page.getByTestId('org-unit-details').getByText('SFS-SJJ').waitFor();

      // The new unit has no liaison yet: the administrator's card lists it, searchable, as a link to it.
      const card = page.getByTestId('units-without-liaison');
      await card.getByPlaceholder('搜索单位名称').fill('数据资源');
      await card.getByPlaceholder('搜索单位名称').press('Enter');
      await card.getByRole('link', { name: '数据资源局' }).waitFor();
      await card.getByRole('link', { name: '数据资源局' }).scrollIntoViewIfNeeded();
      await screenshot(page, 'org-without-liaison-1366');
      await card.getByPlaceholder('搜索单位名称').fill('东城区');
      await card.getByPlaceholder('搜索单位名称').press('Enter');
      await expect.poll(() => card.getByRole('link', { name: '东城区', exact: true }).count()).toBe(0);
      await card.getByRole('link', { name: /^东城区.+/ }).first().waitFor();
    } finally {
      await browser.close();
    }
  });
});
