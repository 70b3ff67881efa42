import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { seedDemoTasks } from '../../apps/server/src/bootstrap/demo-tasks.ts';
import { ManualClock } from '../../apps/server/src/lib/clock.ts';
import { proposeEscalations } from '../../apps/server/src/jobs/escalation-job.ts';
import { DEFAULT_ESCALATION_RULES } from '../../apps/server/src/supervision/rules/escalation.ts';
import { addCalendarDays } from '../../apps/server/src/supervision/rules/working-days.ts';
import { browserMissing, expectNoHorizontalOverflow, launchBrowser, screenshot, type Browser } from '../support/browser.ts';
import { at930, settled, signInAt, workingMonday } from '../support/journey.ts';
import { apiSession, DEMO_PASSWORD, e2eEngines, useServer } from '../support/server.ts';

const missing = browserMissing();
const MONDAY = workingMonday();
const NEXT_MONDAY = addCalendarDays(MONDAY, 7);
const PHONE = { width: 390, height: 844 };
const DESK = { width: 1440, height: 900 };

type Count = { key: string; count: number; query: Record<string, string> };
type Home = Record<'supervisor' | 'leader' | 'liaison' | 'deputy', Count[] | null>;

describe.skipIf(Boolean(missing)).each(e2eEngines('postgresql'))(missing || 'role days in the browser on %s', (engine) => {
  const clock = new ManualClock(at930(MONDAY));
  const server = useServer(engine, clock);
  const home = async (username: string) => (await (await apiSession(server.baseURL, username, DEMO_PASSWORD))<{ data: Home }>('GET', '/api/home')).data;
  const countOf = (h: Home, group: keyof Home, key: string) => h[group]!.find((c) => c.key === key)!.count;

  /** The number a home tile shows. */
  const tile = async (page: Page, group: string, key: string) => Number(await page.getByTestId(`home-count-${group}-${key}`).locator('.home-count-value').innerText());

  /** Every tile of a group shows the server's count. */
  async function expectTiles(page: Page, group: keyof Home, h: Home) {
    await page.getByTestId(`home-group-${group}`).waitFor();
    for (const c of h[group]!) await expect.poll(() => tile(page, group, c.key), { message: `${group}.${c.key}`, timeout: 20_000 }).toBe(c.count);
  }

  /** The home at 1440 px and on a 390-px phone, screenshots of both, no sideways scrolling on the phone. */
  async function bothSizes(b: Browser, name: string) {
    await b.page.setViewportSize(DESK);
    await screenshot(b.page, `${name}-1440`, true);
    await b.page.setViewportSize(PHONE);
    await expectNoHorizontalOverflow(b.page);
    await screenshot(b.page, `${name}-390`, true);
    await b.page.setViewportSize(DESK);
  }

  it("runs a liaison's, a supervisor's and a leader's day from their home pages", async () => {
    // The demo city's work, a week on: the nightly pass has lit it and proposed escalations.
    await seedDemoTasks(server.container, server.tenantId);
    clock.set(at930(NEXT_MONDAY));
    await server.container.lights.recomputeAll(server.tenantId);
    const proposed = await proposeEscalations({ db: server.container.db, clock, calendar: server.container.calendar, rules: DEFAULT_ESCALATION_RULES }, server.tenantId);
    expect(proposed.proposed).toBeGreaterThan(0);
    // The office has sent 东城区 a red order on its old-housing task.
    const supApi = await apiSession(server.baseURL, 'supervisor', DEMO_PASSWORD);
    // (Its co-unit's part carries the same title: take the lead's own.)
    const dcTask = (await supApi<{ data: { id: string; title: string; ownerUnit: { name: string } }[] }>('GET', `/api/tasks?q=${encodeURIComponent('城东老旧小区')}`)).data.find((x) => x.ownerUnit.name === '东城区')!;
    await supApi('POST', `/api/tasks/${dcTask.id}/orders`, { level: 'red', matter: '改造进度滞后，请说明原因', replyDeadline: addCalendarDays(NEXT_MONDAY, 3) });

    const liaison = await launchBrowser(PHONE);
    const supervisor = await launchBrowser(DESK);
    const leader = await launchBrowser(DESK);
    try {
      // —— The 东城区 liaison, on a phone: what to acknowledge, to report, orders to answer.
      const dc = liaison.page;
      let h = await home('liaison_dc');
      await signInAt(liaison, server, clock, 'liaison_dc', '/');
      await expectTiles(dc, 'liaison', h);
      expect(countOf(h, 'liaison', 'acknowledge')).toBeGreaterThan(0);
      expect(countOf(h, 'liaison', 'orderOpen')).toBe(1);
      // The campaign's 整改待办: the unit's one problem still being rectified, linked to its page.
      const dcTodo = dc.getByTestId('campaign-todo-open');
      await dcTodo.getByText('本单位待整改问题 1 个').waitFor();
      await dcTodo.getByRole('link', { name: /背街小巷占道经营反弹/ }).waitFor();
      await expectNoHorizontalOverflow(dc);
      await screenshot(dc, 'home-liaison-390', true);
      await liaison.page.setViewportSize(DESK);
      await screenshot(dc, 'home-liaison-1440', true);
      await liaison.page.setViewportSize(PHONE);

      // 待签收 opens its list (this unit's unacknowledged work); the liaison acknowledges one there.
      await dc.getByTestId('home-count-liaison-acknowledge').click();
      await dc.waitForURL(/\/tasks\?.*status=assigned/);
      // On a phone the filters (this one among them) sit behind 筛选, which counts them.
      await dc.getByTestId('list-filter-button').click();
      await dc.getByTestId('owner-unit-filter').waitFor();
      await dc.getByTestId('list-filter-done').click();
      const rows = dc.getByTestId('task-list').getByTestId('task-row');
      await expect.poll(() => rows.count(), { timeout: 20_000 }).toBe(countOf(h, 'liaison', 'acknowledge'));
      await screenshot(dc, 'tasks-to-acknowledge-390', true);
      await rows.first().getByRole('link').first().click();
      await dc.getByTestId('action-acknowledge').click();
      await settled(dc);
      await dc.locator('.ant-modal-confirm').getByRole('button', { name: /签\s*收/ }).click();
      await dc.getByTestId('task-status').getByText('已签收').waitFor();

      // 督办单待回复 opens the red order's task; the reply goes in, and the task stays red: the office has not closed it.
      await dc.goto(`${server.baseURL}/`);
      await expect.poll(() => tile(dc, 'liaison', 'acknowledge'), { timeout: 20_000 }).toBe(countOf(h, 'liaison', 'acknowledge') - 1);
      await dc.getByTestId('home-count-liaison-orderOpen').click();
      await dc.waitForURL(/flag=orderOpen/);
      await dc.getByTestId('task-list').getByRole('link', { name: dcTask.title, exact: true }).click();
      await dc.waitForURL(new RegExp(`/tasks/${dcTask.id}`));
      // (On a phone the tab bar scrolls; the tab is opened by its address.)
      await dc.goto(`${server.baseURL}/tasks/${dcTask.id}?tab=orders`);
      await dc.getByTestId('order-reply').click();
      await dc.getByTestId('prompt-form').getByRole('textbox').fill('已增派施工力量，本月底前完成剩余改造。');
      await settled(dc);
      await dc.getByTestId('prompt-ok').click();
      await dc.getByText('已回复督办单').waitFor();
      await dc.getByTestId('order-item').first().getByText('已回复待办结').waitFor();
      await dc.getByTestId('task-detail').locator('[data-testid=light-tag][data-light=red]').first().getByText(/红色督办单未办结/).waitFor();
      await screenshot(dc, 'task-order-replied-390', true);
      await dc.goto(`${server.baseURL}/`);
      await expect.poll(() => tile(dc, 'liaison', 'orderOpen'), { timeout: 20_000 }).toBe(0);

      // —— The supervisor: every count of the office's day, the replied order waiting to be closed.
      const sup = supervisor.page;
      h = await home('supervisor');
      expect(countOf(h, 'supervisor', 'orderReplied')).toBeGreaterThan(0);
      expect(countOf(h, 'supervisor', 'overdue')).toBeGreaterThan(0);
      await signInAt(supervisor, server, clock, 'supervisor', '/');
      await expectTiles(sup, 'supervisor', h);
      // The campaign's 整改待办: one close-out to verify (another unit's), one overdue rectification.
      await sup.getByTestId('campaign-todo-review').getByText('待核验销号 1 个').waitFor();
      await sup.getByTestId('campaign-todo-review').getByRole('link', { name: /重大项目前期工作推进慢/ }).waitFor();
      await sup.getByTestId('campaign-todo-overdue').getByText('逾期未整改 1 个').waitFor();
      await sup.getByTestId('campaign-todo-overdue').getByRole('link', { name: /背街小巷占道经营反弹/ }).waitFor();
      // Key projects' to-do: the red projects and the coordination problems nobody has been handed, as the server counts them.
      const redProjects = (await supApi<{ page: { total: number } }>('GET', '/api/projects?light=red&pageSize=1')).page.total;
      const unassigned = (await supApi<{ data: unknown[] }>('GET', '/api/meetings/agenda-candidates')).data.length;
      expect(redProjects).toBeGreaterThan(0);
      await sup.getByTestId('project-todo-red').getByText(`红灯项目 ${redProjects} 个`).waitFor();
      await sup.getByTestId('project-todo-coordination').getByText(`待交办的协调问题 ${unassigned} 个`).waitFor();
      await bothSizes(supervisor, 'home-supervisor');

      // 逾期 opens the overdue list, one row per count.
      await sup.getByTestId('home-count-supervisor-overdue').click();
      await sup.waitForURL(/flag=overdue/);
      await sup.getByTestId('flag-filter').getByText('待办筛选：逾期').waitFor();
      // The list's total is the count (a part shows under its parent when both are on the page).
      await sup.getByText(`共 ${countOf(h, 'supervisor', 'overdue')} 条`, { exact: true }).first().waitFor();
      await screenshot(sup, 'tasks-overdue-1440');

      // 已回复待办结 lists the task; the office closes the order from its workbench and the task's red goes with it.
      await sup.goto(`${server.baseURL}/`);
      await sup.getByTestId('home-count-supervisor-orderReplied').click();
      await sup.getByTestId('task-list').getByRole('link', { name: dcTask.title, exact: true }).waitFor();
      await sup.goto(`${server.baseURL}/workbench`);
      const toClose = sup.getByTestId('inbox-group-order_close');
      await toClose.getByText(dcTask.title).waitFor();
      // Escalations proposed overnight wait beside it; accepting one asks first, naming level, task and unit.
      const proposals = sup.getByTestId('inbox-group-proposal');
      await proposals.getByTestId('inbox-accept-proposal').first().waitFor();
      await screenshot(sup, 'workbench-supervisor-1440', true);
      await toClose.getByTestId('inbox-close-order').first().click();
      await settled(sup);
      await sup.locator('.ant-modal-confirm').getByRole('button', { name: /办\s*结/ }).click();
      await sup.getByText('督办单已办结').waitFor();
      await proposals.getByTestId('inbox-accept-proposal').first().click();
      const confirm = sup.locator('.ant-modal-confirm').last();
      await confirm.locator('.ant-modal-confirm-title').getByText('采纳建议，下发蓝色督办单？').waitFor();
      await confirm.getByTestId('order-confirm-summary').getByText(/^承办单位：/).waitFor();
      await screenshot(sup, 'proposal-confirm-1440');
      await settled(sup);
      await confirm.getByRole('button', { name: '采纳并下发' }).click();
      await sup.getByText('督办单已下发').waitFor();
      await sup.goto(`${server.baseURL}/`);
      await expect.poll(() => tile(sup, 'supervisor', 'proposal'), { timeout: 20_000 }).toBe(countOf(h, 'supervisor', 'proposal') - 1);
      await expect.poll(() => tile(sup, 'supervisor', 'orderReplied'), { timeout: 20_000 }).toBe(countOf(h, 'supervisor', 'orderReplied') - 1);
      const dcNow = (await supApi<{ data: { light: string; lightReason: string } }>('GET', `/api/tasks/${dcTask.id}`)).data;
      expect(dcNow.lightReason).not.toMatch(/红色督办单/);

      // —— The leader: the red and yellow work he answers for, and what waits for his 批示.
      const ld = leader.page;
      h = await home('leader');
      expect(countOf(h, 'leader', 'red')).toBeGreaterThan(0);
      await signInAt(leader, server, clock, 'leader', '/');
      await expectTiles(ld, 'leader', h);
      await bothSizes(leader, 'home-leader');
      await ld.getByTestId('home-count-leader-red').click();
      await ld.waitForURL(/light=red/);
      await ld.getByText(`共 ${countOf(h, 'leader', 'red')} 条`, { exact: true }).first().waitFor();
      await screenshot(ld, 'tasks-leader-red-1440');
      // His workbench is no longer empty: he comments on the first red task.
      await ld.goto(`${server.baseURL}/workbench`);
      const instruct = ld.getByTestId('inbox-group-instruct');
      await instruct.getByTestId('inbox-instruct').first().waitFor();
      await screenshot(ld, 'workbench-leader-1440', true);
      await instruct.getByTestId('inbox-instruct').first().click();
      await ld.getByTestId('action-instruct').click();
      await ld.getByTestId('prompt-form').getByRole('textbox').fill('请抓紧推进，本周内拿出整改方案。');
      await settled(ld);
      await ld.getByTestId('prompt-ok').click();
      await ld.goto(`${server.baseURL}/`);
      await expect.poll(() => tile(ld, 'leader', 'awaitingMyInstruction'), { timeout: 20_000 }).toBe(countOf(h, 'leader', 'awaitingMyInstruction') - 1);

      // —— A deputy has no work yet: the home says why, and shows what may be followed, read-only.
      h = await home('deputy');
      await leader.context.clearCookies();
      await signInAt(leader, server, clock, 'deputy', '/');
      await ld.getByTestId('home-deputy-note').getByText(/议案建议/).waitFor();
      await expectTiles(ld, 'deputy', h);
      await bothSizes(leader, 'home-deputy');
      await ld.getByTestId('home-count-deputy-follow').click();
      await ld.waitForURL(/\/tasks\?status=/);
      await ld.getByTestId('task-list').waitFor();
    } catch (err) {
      await screenshot(liaison.page, 'failure-role-liaison').catch(() => undefined);
      await screenshot(supervisor.page, 'failure-role-supervisor').catch(() => undefined);
      await screenshot(leader.page, 'failure-role-leader').catch(() => undefined);
      throw err;
    } finally {
      await liaison.close();
      await supervisor.close();
      await leader.close();
    }
  }, 360_000);
});
