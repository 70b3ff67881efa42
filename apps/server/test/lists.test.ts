import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { Actor } from '../src/access/index.ts';
import { TOTAL_CAP } from '../src/db/pagination.ts';
import { testEngines } from './support/test-database.ts';
import { useTestApp, type TestContext } from './support/harness.ts';

async function actor(t: TestContext, username: string): Promise<Actor> {
  const u = await t.container.db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirstOrThrow();
  return t.container.auth.loadActor(t.tenantId, u);
}

describe.each(testEngines())('list totals and the urgency order on %s', (engine) => {
  const t = useTestApp(engine);

  it('orders the task list by urgency by default: red, unacknowledged, yellow, the rest, 已办结 last; each by deadline', async () => {
    t.clock.set('2026-03-02T02:00:00Z');
    const sup = await actor(t, 'supervisor');
    const dc = await actor(t, 'liaison_dc');
    const make = (title: string, deadline: string) => t.container.tasks.create(sup, { title, leadUnitIds: [t.unit('SFS-DC')], deadline, ackWorkdays: 5 });
    const done = await make('已办结事项', '2026-02-01');
    await t.container.tasks.acknowledge(dc, done.id);
    await t.container.tasks.requestCompletion(dc, done.id, '完成');
    await t.container.tasks.complete(sup, done.id, '同意');
    const green = await make('正常推进', '2026-06-30');
    await t.container.tasks.acknowledge(dc, green.id);
    const yellow = await make('临近截止', '2026-03-04');
    await t.container.tasks.acknowledge(dc, yellow.id);
    await make('尚未签收', '2026-05-30');
    const overdue = await make('逾期', '2026-02-20');
    await t.container.tasks.acknowledge(dc, overdue.id);
    const red = await make('红色督办', '2026-04-30');
    await t.container.tasks.acknowledge(dc, red.id);
    await t.container.followUps.issueOrder(sup, red.id, { level: 'red', matter: '滞后', replyDeadline: '2026-03-05' });

    const client = await t.login('supervisor');
    const res = await client.get(`/api/tasks?unitId=${t.unit('SFS-DC')}&rootsOnly=true`);
    expect(res.status).toBe(200);
    expect(res.body.data.map((x: { title: string }) => x.title)).toEqual(['逾期', '红色督办', '尚未签收', '临近截止', '正常推进', '已办结事项']);
    expect(res.body.page).toEqual({ page: 1, pageSize: 20, total: 6, totalExact: true });
    // The other orders stay on request.
    const byDeadline = await client.get(`/api/tasks?unitId=${t.unit('SFS-DC')}&rootsOnly=true&sort=deadline`);
    expect(byDeadline.body.data[0].title).toBe('已办结事项');
    // A later page counts its total too.
    const second = await client.get(`/api/tasks?unitId=${t.unit('SFS-DC')}&rootsOnly=true&pageSize=4&page=2`);
    expect(second.body.data).toHaveLength(2);
    expect(second.body.page).toEqual({ page: 2, pageSize: 4, total: 6, totalExact: true });
    const first = await client.get(`/api/tasks?unitId=${t.unit('SFS-DC')}&rootsOnly=true&pageSize=4`);
    expect(first.body.page).toEqual({ page: 1, pageSize: 4, total: 6, totalExact: true });
  });

  it(`counts a list's total only up to ${TOTAL_CAP.toLocaleString('en')}, and says so`, async () => {
    const unit = t.unit('SFS-XC');
    const issuer = t.unit('SFS-DCS');
    await sql`
      INSERT INTO tasks (tenant_id, id, root_id, title, search_key, owner_unit_id, issuer_unit_id, status, light, deadline)
      SELECT ${t.tenantId}::uuid, x.id, x.id, '批量事项' || x.g, '批量事项' || x.g, ${unit}::uuid, ${issuer}::uuid, 'in_progress', 'green', DATE '2026-06-30'
      FROM (SELECT gen_random_uuid() AS id, g FROM generate_series(1, ${TOTAL_CAP + 5}) g) x`.execute(t.container.db);
    const client = await t.login('supervisor');
    const res = await client.get(`/api/tasks?unitId=${unit}&pageSize=10`);
    expect(res.status).toBe(200);
    expect(res.body.data).toHaveLength(10);
    expect(res.body.page).toEqual({ page: 1, pageSize: 10, total: TOTAL_CAP, totalExact: false });
    // Narrowed below the cap, the count is exact again.
    const narrow = await client.get(`/api/tasks?unitId=${unit}&pageSize=10&q=${encodeURIComponent('批量事项1000')}`);
    expect(narrow.body.page.totalExact).toBe(true);
  });
});
