import { describe, expect, it } from 'vitest';
import { seedDemoTasks } from '../src/bootstrap/demo-tasks.ts';
import { testEngines } from './support/test-database.ts';
import { useTestApp } from './support/harness.ts';

describe.each(testEngines())('demo city on %s', (engine) => {
  const t = useTestApp(engine);

  it('holds tasks in every state, lit red, yellow and green, with an open red order, an extension and an instruction', async () => {
    expect(await seedDemoTasks(t.container, t.tenantId)).toBeGreaterThanOrEqual(15);
    const statuses = new Set((await t.container.db.selectFrom('tasks').select('status').distinct().execute()).map((r) => r.status));
    for (const s of ['draft', 'assigned', 'acknowledged', 'in_progress', 'completion_requested', 'completed', 'returned', 'cancelled']) expect(statuses).toContain(s);
    const lights = new Set((await t.container.db.selectFrom('tasks').select('light').distinct().execute()).map((r) => r.light));
    for (const l of ['green', 'yellow', 'red', 'none']) expect(lights).toContain(l);
    const red = await t.container.db.selectFrom('tasks').select('light_reason').where('light', '=', 'red').execute();
    expect(red.some((r) => /逾期 \d+ 天/.test(r.light_reason))).toBe(true);
    expect(await t.container.db.selectFrom('supervision_orders').select('id').where('level', '=', 'red').where('status', '=', 'open').execute()).toHaveLength(1);
    expect(await t.container.db.selectFrom('extension_requests').select('id').where('status', '=', 'pending').execute()).toHaveLength(1);
    expect(await t.container.db.selectFrom('instructions').select('id').where('answer', 'is', null).execute()).toHaveLength(1);
    const liaison = await t.login('liaison_dc');
    const inbox = await liaison.get('/api/tasks/inbox');
    expect(inbox.status).toBe(200);
    expect(inbox.body.data.length).toBeGreaterThan(0);
    const dash = await (await t.login('leader')).get('/api/dashboard');
    expect(dash.body.data.totals.red).toBeGreaterThan(0);
    expect(dash.body.data.byUnit.length).toBeGreaterThan(5);
    const thisMonth = dash.body.data.monthly.at(-1);
    expect(dash.body.data.monthly).toHaveLength(12);
    const roots = await t.container.db.selectFrom('tasks').select((eb) => eb.fn.countAll<number>().as('n')).where('parent_id', 'is', null).executeTakeFirstOrThrow();
    expect(thisMonth.created).toBe(Number(roots.n));
    expect(thisMonth.completed).toBe(1);
    expect((await t.container.audit.verify(t.tenantId)).ok).toBe(true);
  });
});
