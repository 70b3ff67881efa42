import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { expect } from 'vitest';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOTS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../screenshots');

/**
 * Why the browser journeys cannot run here, or '' when they can. Under CI=true a missing
 * Chromium is an error, never a skip.
 */
export function browserMissing(): string {
  if (fs.existsSync(CHROMIUM)) return '';
  if (process.env.CI === 'true') throw new Error(`CI=true: Chromium not found at ${CHROMIUM}; browser journeys may not be skipped`);
  return `Chromium not found at ${CHROMIUM} (set CHROMIUM_PATH): skipping browser journeys`;
}

/** A fresh Chromium profile (its own temp folder) and its first page. */
export interface Browser {
  context: BrowserContext;
  page: Page;
  close: () => Promise<void>;
}

/**
 * Starts headless Chromium with a throwaway profile at the given window size, in Shanghai's zone
 * unless another is given (to check that times are shown in the tenant's zone anyway).
 */
export async function launchBrowser(viewport = { width: 1366, height: 768 }, timezoneId = 'Asia/Shanghai'): Promise<Browser> {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport,
    locale: 'zh-CN',
    // Times are shown as users in China see them, whatever the machine's zone.
    timezoneId,
    // The app turns its animations off for this: a click on a dialog that is still zooming in is lost on a loaded machine.
    reducedMotion: 'reduce',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  // Generous: a loaded 2-core CI machine can take well over 15 s for a first cold page.
  page.setDefaultTimeout(30_000);
  return {
    context,
    page,
    close: async () => {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Signs in through the login form and waits for the signed-in frame (or the forced password screen). */
export async function signIn(page: Page, baseURL: string, username: string, password: string, next = '/'): Promise<void> {
  await page.goto(`${baseURL}/login?next=${encodeURIComponent(next)}`);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码', { exact: true }).fill(password);
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
}

/** Saves a screenshot to e2e/screenshots/<name>.png and returns its path. */
export async function screenshot(page: Page, name: string, fullPage = false): Promise<string> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage });
  return file;
}

/**
 * Asserts the page body does not scroll sideways (tables may scroll inside their own box). Right
 * after a change of viewport the layout may not have settled, so the width is read until it fits
 * or 5 seconds have passed; a page that stays too wide fails with its width.
 */
export async function expectNoHorizontalOverflow(page: Page): Promise<void> {
  const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  await expect.poll(overflow, { message: 'the page scrolls sideways by this many pixels', timeout: 5_000 }).toBeLessThanOrEqual(0);
}
