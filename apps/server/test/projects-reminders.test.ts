import { describe, expect, it } from 'vitest';
import { testEngines } from './support/test-database.ts';
import { useTestApp } from './support/harness.ts';

/**
 * Monthly report reminders of key projects (issue 11, item 2), through the notification path:
 * due soon and missing after the due day, to the lead unit's liaisons, once per project and month,
 * with outbox deliveries. The clock starts on Monday 2 March 2026; reports are due on the 5th.
 */
describe.each(testEngines())('project report reminders on %s', (engine) => {
  const t = useTestApp(engine);

  const notices = async (username: string) =>
    t.container.db.selectFrom('notifications').select(['id', 'title', 'body', 'link', 'kind', 'dedupe_key']).where('user_id', '=', t.userId(username)).where('dedupe_key', 'like', 'project-report-%').execute()
      .then((rows) => rows.sort((a, b) => (a.title < b.title ? -1 : a.title > b.title ? 1 : 0)));

  it('tells the lead unit\'s liaisons of a report due soon and of one missing, once, with a link to the project', async () => {
    const sup = await t.login('supervisor');
    const create = async (code: string, name: string, unit: string) => {
      const res = await sup.post('/api/projects', { code, name, kind: 'industry', level: 'district', totalInvestment: 1000, leadUnitId: t.unit(unit), startYear: 2026 });
      expect(res.status).toBe(201);
      // Listed in January: January's report was due on 5 February, February's is due on 5 March.
      await t.container.db.updateTable('projects').set({ created_at: new Date('2026-01-10T09:00:00+08:00') } as never).where('id', '=', res.body.project.id).execute();
      return res.body.project.id as string;
    };
    const dc = await create('TX-DC', '东城提醒项目', 'SFS-DC');
    const xc = await create('TX-XC', '西城提醒项目', 'SFS-XC');
    // The west district filed January; the east district did not.
    expect((await sup.post(`/api/projects/${xc}/reports`, { period: '2026-01', invested: 10, progress: '一月进度' })).status).toBe(201);

    const first = await t.container.projects.remindReports(t.tenantId);
    expect(first).toMatchObject({ soon: 2, late: 1 });
    expect((await notices('liaison_dc')).map((n) => [n.title, n.body, n.link, n.kind])).toEqual([
      ['项目月报即将到期：东城提醒项目', '2026-02 的月报应于 2026-03-05 前报送', `/projects/${dc}`, 'reminder'],
      ['项目月报逾期未报：东城提醒项目', '2026-01 的月报应于 2026-02-05 前报送，至今未报', `/projects/${dc}`, 'reminder'],
    ]);
    // Another district's project reaches its own liaisons only.
    expect((await notices('liaison_xc')).map((n) => n.title)).toEqual(['项目月报即将到期：西城提醒项目']);
    expect((await notices('supervisor')).length).toBe(0);
    // Queued for delivery through the outbox (every person gets the log channel).
    const ids = [...(await notices('liaison_dc')), ...(await notices('liaison_xc'))].map((n) => n.id);
    const deliveries = await t.container.db.selectFrom('notification_deliveries').select(['notification_id', 'status']).where('notification_id', 'in', ids).execute();
    expect(new Set(deliveries.map((d) => d.notification_id))).toEqual(new Set(ids));

    // Run again: nothing new, no new deliveries.
    const again = await t.container.projects.remindReports(t.tenantId);
    expect(again.sent).toBe(0);
    expect((await notices('liaison_dc')).length).toBe(2);
    expect(await t.container.db.selectFrom('notification_deliveries').select('id').where('notification_id', 'in', ids).execute()).toHaveLength(deliveries.length);

    // The notice opens the project on the web.
    const listed = (await (await t.login('liaison_dc')).get('/api/notifications')).body.data.find((n: { title: string }) => n.title === '项目月报逾期未报：东城提醒项目');
    expect(listed).toMatchObject({ taskId: null, link: `/projects/${dc}` });

    // The east district files February; after the 5th only the west district's February is missing.
    expect((await (await t.login('liaison_dc')).post(`/api/projects/${dc}/reports`, { period: '2026-02', invested: 20, progress: '二月进度' })).status).toBe(201);
    t.clock.set('2026-03-06T02:00:00Z');
    const after = await t.container.projects.remindReports(t.tenantId);
    expect(after).toMatchObject({ late: 1, soon: 0 });
    expect((await notices('liaison_dc')).map((n) => n.dedupe_key).filter((k) => k.includes('2026-02') && k.startsWith('project-report-late'))).toEqual([]);
    expect((await notices('liaison_xc')).map((n) => n.title)).toEqual(['项目月报即将到期：西城提醒项目', '项目月报逾期未报：西城提醒项目']);
  });
});
