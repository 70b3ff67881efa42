import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../apps/server/src/lib/clock.ts';
import { browserMissing, launchBrowser, screenshot } from '../support/browser.ts';
import { at930, pickOption, settled, signInAt, workingMonday } from '../support/journey.ts';
import { e2eEngines, useServer } from '../support/server.ts';

const missing = browserMissing();
const MONDAY = workingMonday();

describe.skipIf(Boolean(missing)).each(e2eEngines('pglite'))(missing || 'project tag dictionary in the browser on %s', (engine) => {
  const clock = new ManualClock(at930(MONDAY));
  const server = useServer(engine, clock);

  it('the office starts a tag dictionary from its empty state, renames a tag a project carries, and the list filters by it', async () => {
    const office = await launchBrowser();
    try {
      const page = office.page;
      await signInAt(office, server, clock, 'supervisor', '/projects/tags');
      await page.getByTestId('project-tags-empty').waitFor();
      await screenshot(page, 'project-tags-empty-1366');

      const save = async (name: string) => {
        await settled(page);
        await page.getByTestId('project-tag-name').fill(name);
        await page.getByTestId('project-tag-save').click();
      };
      await page.getByTestId('project-tag-group-new').click();
      await save('「X」未来产业');
      const group = page.getByTestId('project-tag-group').filter({ hasText: '「X」未来产业' });
      await group.waitFor();
      await group.getByTestId('project-tag-new').click();
      await save('氢能');
      await group.getByTestId('project-tag-row').filter({ hasText: '氢能' }).waitFor();

      // A project carries the tag; renaming the tag renames it on the project.
      const c = server.container;
      const supervisor = await c.auth.loadActor(server.tenantId, await c.db.selectFrom('users').selectAll().where('username', '=', 'supervisor').executeTakeFirstOrThrow());
      await c.projects.create(supervisor, { code: 'BQ-H2', name: '氢能装备示范项目', kind: 'industry', level: 'city', totalInvestment: 5000, leadUnitId: supervisor.orgUnitId, startYear: Number(MONDAY.slice(0, 4)), tags: ['氢能'] });
      await page.reload();
      const row = page.getByTestId('project-tag-row').filter({ hasText: '氢能' });
      await row.getByRole('link', { name: '1' }).waitFor();
      await row.getByTestId('project-tag-rename').click();
      await save('氢能装备');
      await page.getByText('已改名，1 个项目随之更新').waitFor();
      await page.getByTestId('project-tag-row').filter({ hasText: '氢能装备' }).waitFor();
      await settled(page);
      await screenshot(page, 'project-tags-1366');

      // The project form picks its tags from the dictionary, grouped.
      await page.goto(`${server.baseURL}/projects`);
      await page.getByTestId('project-new').click();
      await settled(page);
      const picker = page.getByTestId('project-form').getByTestId('project-tags-input');
      await pickOption(picker, '氢能装备', async () => (await picker.innerText()).includes('氢能装备'));
      await page.locator('.ant-select-dropdown:visible .ant-select-item-group').filter({ hasText: '「X」未来产业' }).waitFor();
      await screenshot(page, 'project-form-tags-1366');
      await page.keyboard.press('Escape');
      await settled(page);
      await page.getByRole('dialog').getByRole('button', { name: /取\s*消/ }).click();
      await page.getByTestId('project-form').waitFor({ state: 'detached' });
      const filter = page.getByTestId('project-tag-filter');
      await pickOption(filter, '氢能装备', async () => (await filter.innerText()).includes('氢能装备'));
      await page.waitForURL(/tag=/);
      const listed = page.getByTestId('project-table').getByTestId('project-row');
      await listed.filter({ hasText: '氢能装备示范项目' }).waitFor();
      expect(await listed.count()).toBe(1);
      await screenshot(page, 'project-list-tag-1366');
    } finally {
      await office.close();
    }
  }, 120_000);
});
