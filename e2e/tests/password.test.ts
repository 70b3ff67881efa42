import { afterAll, beforeAll, describe, it } from 'vitest';
import { browserMissing, launchBrowser, screenshot, signIn } from '../support/browser.ts';
import { ADMIN_PASSWORD, apiSession, DEMO_PASSWORD, startServer, type TestServer } from '../support/server.ts';

const missing = browserMissing();
const TEMPORARY = 'Temp#2026reset';
const CHOSEN = 'Mine#2026chosen';

describe.skipIf(Boolean(missing))(missing || 'forced password change in the browser', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  it('makes a user choose a new password after an administrator reset it', async () => {
    const admin = await launchBrowser();
    try {
      const { page } = admin;
      await signIn(page, server.baseURL, 'admin', ADMIN_PASSWORD, '/users');
      await page.getByTestId('user-search').getByRole('searchbox').fill('liaison_xc');
      await page.getByTestId('user-search').getByRole('searchbox').press('Enter');
      await page.getByRole('cell', { name: 'liaison_xc' }).click();
      await page.getByRole('button', { name: /重置密码/ }).click();
      const form = page.getByTestId('reset-password-form');
      await form.getByLabel('新密码').fill(TEMPORARY);
      await page.locator('.ant-modal-footer').getByRole('button', { name: /重置密码/ }).click();
      await page.getByText('已重置“西城区 赵联络”的密码').waitFor();
    } finally {
      await admin.close();
    }

    const user = await launchBrowser();
    try {
      const { page } = user;
      await signIn(page, server.baseURL, 'liaison_xc', TEMPORARY, '/org');
      await page.waitForURL(/\/change-password/);
      await page.getByText('请先修改密码').waitFor();
      await screenshot(page, 'password-forced-1366');

      // Every other screen sends the user back here until the password is changed.
      await page.goto(`${server.baseURL}/profile`);
      await page.waitForURL(/\/change-password/);

      await page.getByLabel('当前密码').fill(TEMPORARY);
      await page.getByLabel('新密码', { exact: true }).fill(CHOSEN);
      await page.getByLabel('确认新密码').fill(CHOSEN);
      await page.getByRole('button', { name: /修改密码/ }).click();
      await page.waitForURL((url) => !url.pathname.startsWith('/change-password'));
      await page.waitForURL(/\/profile$/);
      await page.getByTestId('profile-scope').getByText('西城区及下级单位').waitFor();
    } finally {
      await user.close();
    }
    // The chosen password now signs in without any pending change.
    await apiSession(server.baseURL, 'liaison_xc', CHOSEN);
  });
  it('shows an administrator which address locked an account, and clears the lock after confirmation', async () => {
    // A stranger's address fails five times: the account is locked for that address only.
    for (let i = 0; i < 5; i++) await server.container.auth.login('liaison_dc', 'wrong-guess', { ip: '203.0.113.9' }).catch(() => {});
    const admin = await launchBrowser();
    try {
      const { page } = admin;
      await signIn(page, server.baseURL, 'admin', ADMIN_PASSWORD, '/users');
      await page.getByTestId('user-status-filter').click();
      await page.locator('.ant-select-item-option').getByText('已锁定', { exact: true }).click();
      await page.getByRole('cell', { name: 'liaison_dc' }).click();
      const locks = page.getByTestId('user-locks');
      await locks.getByText('203.0.113.9').waitFor();
      await locks.getByRole('cell', { name: '5', exact: true }).waitFor();
      await screenshot(page, 'user-locks-1366');
      await page.locator('.ant-drawer').getByRole('button', { name: /解锁/ }).click();
      const confirm = page.locator('.ant-modal-confirm');
      await confirm.getByText('将清除此账户在所有地址的锁定和失败次数。').waitFor();
      await confirm.getByRole('button', { name: /解\s*锁/ }).click();
      await page.getByText('已解锁“东城区 张联络”').waitFor();
      await locks.waitFor({ state: 'detached' });
    } finally {
      await admin.close();
    }
    // The address that was locked out signs in again.
    await server.container.auth.login('liaison_dc', DEMO_PASSWORD, { ip: '203.0.113.9' });
  });
});
