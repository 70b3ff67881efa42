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
    // Directive intake: a published speech whose tasks point at their clauses, and a notice left to review.
    const directives = await t.container.db.selectFrom('directives').select(['id', 'status', 'title']).orderBy('status').execute();
    expect(directives.map((d) => d.status)).toEqual(['draft', 'published']);
    const fromSpeech = await t.container.db.selectFrom('tasks').select(['title', 'source_clause', 'owner_unit_id', 'deadline']).where('source_directive_id', '=', directives[1]!.id).where('parent_id', 'is', null).execute();
    expect(fromSpeech.length).toBeGreaterThanOrEqual(5);
    expect(fromSpeech.every((x) => x.source_clause && x.source_clause.length > 0)).toBe(true);
    expect(fromSpeech.find((x) => x.source_clause!.includes('市教育局'))?.owner_unit_id).toBe(t.unit('SFS-JYJ'));
    expect(await t.container.db.selectFrom('directive_cadences').select('id').where('directive_id', '=', directives[1]!.id).execute()).not.toHaveLength(0);
    const liaison = await t.login('liaison_dc');
    const inbox = await liaison.get('/api/tasks/inbox');
    expect(inbox.status).toBe(200);
    expect(inbox.body.data.length).toBeGreaterThan(0);
    const dash = await (await t.login('leader')).get('/api/dashboard');
    expect(dash.body.data.totals.red).toBeGreaterThan(0);
    expect(dash.body.data.byUnit.length).toBeGreaterThan(5);
    const d = dash.body.data;
    const open = ['assigned', 'acknowledged', 'in_progress', 'returned', 'completion_requested'] as const;
    for (const unit of d.byUnit.filter((u: { own: boolean }) => !u.own)) {
      const rows = await t.container.db
        .selectFrom('tasks')
        .select(['light'])
        .where('status', 'in', open)
        .where('owner_unit_id', 'in', (eb) => eb.selectFrom('org_closure').select('descendant_id').where('ancestor_id', '=', unit.id))
        .execute();
      expect(unit.counts, unit.name).toEqual({ green: rows.filter((r) => r.light === 'green').length, yellow: rows.filter((r) => r.light === 'yellow').length, red: rows.filter((r) => r.light === 'red').length, total: rows.length });
    }
    const sum = d.byUnit.reduce((n: number, u: { counts: { total: number } }) => n + u.counts.total, 0);
    expect(sum).toBe(d.totals.total);
    expect(d.overdueRanking[0].overdue).toBeGreaterThan(0);
    // Categories and the monthly trend count top-level tasks, from the same scan.
    const tops = await t.container.db.selectFrom('tasks').select(['category', 'status']).where('parent_id', 'is', null).where('deleted_at', 'is', null).execute();
    const live = tops.filter((x) => x.status !== 'cancelled' && x.status !== 'draft');
    for (const c of d.byCategory as { category: string; total: number; completed: number }[]) {
      const rows = live.filter((x) => (x.category ?? '未分类') === c.category);
      expect(c, c.category).toMatchObject({ total: rows.length, completed: rows.filter((x) => x.status === 'completed').length });
    }
    expect(d.byCategory.reduce((n: number, c: { total: number }) => n + c.total, 0)).toBe(live.length);
    const thisMonth = dash.body.data.monthly.at(-1);
    expect(dash.body.data.monthly).toHaveLength(12);
    const roots = await t.container.db.selectFrom('tasks').select((eb) => eb.fn.countAll<number>().as('n')).where('parent_id', 'is', null).executeTakeFirstOrThrow();
    expect(thisMonth.created).toBe(Number(roots.n));
    expect(thisMonth.completed).toBe(1);
    expect((await t.container.audit.verify(t.tenantId)).ok).toBe(true);
  });
});
