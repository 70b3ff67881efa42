import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import type { ManualClock } from '../../apps/server/src/lib/clock.ts';
import { addCalendarDays, chineseCalendar, isoWeekday } from '../../apps/server/src/supervision/rules/working-days.ts';
import { signIn, type Browser } from './browser.ts';
import { DEMO_PASSWORD, type TestServer } from './server.ts';

/** Steps of the supervision journeys shared by their tests. */

/**
 * The journey starts on a Monday morning (09:30 Shanghai) whose whole week and the next Monday are
 * working days. It is later than the real date so that the session cookies the server dates by its
 * own clock are not already expired in the browser, whose network stack keeps real time.
 */
export function workingMonday(): string {
  const calendar = chineseCalendar();
  let day = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
  while (isoWeekday(day) !== 1) day = addCalendarDays(day, 1);
  const clean = (monday: string) => [0, 1, 2, 3, 4, 7, 8, 9].every((n) => calendar.isWorkday(addCalendarDays(monday, n)));
  while (!clean(day)) day = addCalendarDays(day, 7);
  return day;
}

/** 09:30 in Shanghai on a date. */
export const at930 = (date: string) => `${date}T01:30:00Z`;

/** Signs in a browser whose JavaScript clock shows the server's time (date pickers, "today"). */
export async function signInAt(browser: Browser, server: TestServer, clock: ManualClock, username: string, next: string): Promise<void> {
  await browser.context.clock.setFixedTime(clock.now());
  await signIn(browser.page, server.baseURL, username, DEMO_PASSWORD, next);
}

/**
 * Picks a unit in an OrgTreeSelect by its exact name, and waits until the select shows it: on a loaded
 * machine a click on the tree while the dropdown is still opening can be lost, so the pick is tried
 * again until the select holds the unit (a unit already chosen is never clicked again, which would
 * take it off a multiple select).
 */
export async function pickUnit(scope: Page | Locator, label: string, name: string): Promise<void> {
  const page = 'keyboard' in scope ? scope : scope.page();
  const input = scope.getByLabel(label, { exact: true });
  const select = input.locator('xpath=ancestor::div[contains(concat(" ", normalize-space(@class), " "), " ant-select ")][1]');
  const chosen = async () => (await select.locator(`[title="${name}"]`).count()) > 0 || (await select.innerText()).includes(name);
  await expect
    .poll(
      async () => {
        if (await chosen()) return true;
        await settled(page);
        if ((await page.locator('.ant-select-dropdown:visible').count()) === 0) await input.click({ timeout: 5_000 }).catch(() => undefined);
        await page
          .locator('.ant-select-dropdown:visible .ant-select-tree-title')
          .getByText(name, { exact: true })
          .click({ timeout: 5_000 })
          .catch(() => undefined);
        return chosen();
      },
      { message: `${label} shows ${name}`, timeout: 60_000, interval: 200 },
    )
    .toBe(true);
  // A single-choice tree closes itself; a multiple one stays open.
  await closeDropdown(page);
}

/**
 * Closes an open Select dropdown with Escape, only while one is open: pressed on a closed select it
 * reaches the dialog and closes that. An Escape lost to an animation is pressed again. A dropdown still
 * leaving counts as visible, so each look waits for the animations to end first.
 */
export async function closeDropdown(page: Page): Promise<void> {
  await expect
    .poll(
      async () => {
        await settled(page);
        const open = await page.locator('.ant-select-dropdown:visible').count();
        if (open > 0) await page.keyboard.press('Escape');
        return open;
      },
      { message: 'the dropdown closes', timeout: 30_000, interval: 200 },
    )
    .toBe(0);
}

/**
 * Picks an option of an antd Select: on a loaded machine a click on an option while the dropdown
 * still animates is lost, or the dropdown closes under it; open it again and retry, with short
 * waits, until `done` says the choice took.
 */
export async function pickOption(trigger: Locator, option: string, done: () => Promise<boolean>): Promise<void> {
  const page = trigger.page();
  await expect
    .poll(
      async () => {
        if ((await page.locator('.ant-select-dropdown:visible').count()) === 0) await trigger.click({ timeout: 5_000 }).catch(() => undefined);
        await page
          .locator('.ant-select-dropdown:visible .ant-select-item-option')
          .filter({ hasText: option })
          .first()
          .click({ timeout: 3_000 })
          .catch(() => undefined);
        return done();
      },
      { timeout: 60_000 },
    )
    .toBe(true);
}

/** Fills an antd DatePicker by typing the date into its input and leaving it (Enter would submit the form). */
export async function pickDate(scope: Page | Locator, label: string, date: string): Promise<void> {
  const input = scope.getByLabel(label, { exact: true });
  await input.click();
  await input.fill(date);
  await input.press('Tab');
  await expect.poll(() => input.inputValue()).toBe(date);
}

/** Waits until no antd enter/leave animation runs: a click on a dialog that is still zooming in can be lost. */
export async function settled(page: Page): Promise<void> {
  await page.waitForFunction(() => !document.querySelector('[class*="-appear-active"], [class*="-enter-active"], [class*="-leave-active"]'));
}

/** The number a dashboard statistic card shows. */
export async function stat(page: Page, key: string): Promise<number> {
  const card = page.getByTestId(`dash-${key}`);
  await card.locator('.ant-statistic-content-value').waitFor();
  return Number((await card.locator('.ant-statistic-content-value').innerText()).replace(/\D/g, ''));
}
