import { describe, expect, it } from 'vitest';
import { seedDemoTasks } from '../src/bootstrap/demo-tasks.ts';
import { OPEN_STATUSES } from '../src/supervision/light.service.ts';
import { testEngines } from './support/test-database.ts';
import { useTestApp, type Client, type TestContext } from './support/harness.ts';

type Count = { key: string; count: number; query: Record<string, string> };

/** Each home count, checked against the task list its link opens (same filter, same scope). */
async function expectListsAgree(client: Client, counts: Count[]): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const c of counts) {
    const list = await client.get(`/api/tasks?${new URLSearchParams({ ...c.query, pageSize: '100' }).toString()}`);
    expect(list.status, c.key).toBe(200);
    expect(list.body.page.total, `${c.key} ${JSON.stringify(c.query)}`).toBe(c.count);
    out[c.key] = c.count;
  }
  return out;
}

async function byKey(t: TestContext, username: string) {
  const client = await t.login(username);
  const res = await client.get('/api/home');
  expect(res.status).toBe(200);
  return { client, data: res.body.data as Record<'supervisor' | 'leader' | 'liaison' | 'deputy', Count[] | null> };
}

describe.each(testEngines())('home counts on %s', (engine) => {
  const t = useTestApp(engine);

  it('gives each role its counts, each equal to the list behind its link and to a direct count of the table', async () => {
    await seedDemoTasks(t.container, t.tenantId);
    const db = t.container.db;
    const today = '2026-03-02';
    const tasks = await db.selectFrom('tasks').selectAll().where('deleted_at', 'is', null).execute();
    const open = (s: string) => (OPEN_STATUSES as string[]).includes(s);

    // The supervisor (scope: all).
    const sup = await byKey(t, 'supervisor');
    expect(sup.data.leader).toBeNull();
    expect(sup.data.liaison).toBeNull();
    const s = await expectListsAgree(sup.client, sup.data.supervisor!);
    expect(Object.keys(s)).toEqual(['ackOverdue', 'overdue', 'unreported', 'orderOpen', 'orderReplied', 'review', 'extensionPending', 'proposal']);
    expect(s.overdue).toBe(tasks.filter((x) => open(x.status) && x.deadline !== null && x.deadline < today).length);
    expect(s.overdue).toBeGreaterThan(0);
    expect(s.review).toBe(tasks.filter((x) => x.status === 'completion_requested').length);
    expect(s.ackOverdue).toBe(tasks.filter((x) => x.status === 'assigned' && x.ack_deadline !== null && x.ack_deadline < today).length);
    const orders = await db.selectFrom('supervision_orders').select(['task_id', 'status']).execute();
    expect(s.orderOpen).toBe(new Set(orders.filter((o) => o.status === 'open').map((o) => o.task_id)).size);
    expect(s.orderOpen).toBeGreaterThan(0);
    expect(s.extensionPending).toBe(1);
    expect(s.unreported).toBe(tasks.filter((x) => ['acknowledged', 'in_progress', 'returned'].includes(x.status) && /(^|；)[^；“]*进展未报送/.test(x.light_reason)).length);

    // The leader: the red and yellow work he answers for; the demo's red work has no 批示 of his yet.
    const leaderId = t.userId('leader');
    const lead = await byKey(t, 'leader');
    expect(lead.data.supervisor).toBeNull();
    const l = await expectListsAgree(lead.client, lead.data.leader!);
    const his = tasks.filter((x) => x.responsible_leader_ids.includes(leaderId));
    expect(l.red).toBe(his.filter((x) => x.light === 'red').length);
    expect(l.red).toBeGreaterThan(0);
    expect(l.yellow).toBe(his.filter((x) => x.light === 'yellow').length);
    const instructed = new Set((await db.selectFrom('instructions').select('task_id').where('leader_id', '=', leaderId).execute()).map((i) => i.task_id));
    expect(l.awaitingMyInstruction).toBe(his.filter((x) => x.light === 'red' && !instructed.has(x.id)).length);
    // The same red work waits in his workbench, no longer "暂无待办事项".
    const leaderInbox = await lead.client.get('/api/tasks/inbox');
    expect(leaderInbox.body.data.filter((i: { kind: string }) => i.kind === 'instruct')).toHaveLength(l.awaitingMyInstruction!);
    expect(l.awaitingMyInstruction).toBeGreaterThan(0);

    // The 东城区 liaison: only its own unit's work.
    const dc = t.unit('SFS-DC');
    const liaison = await byKey(t, 'liaison_dc');
    expect(liaison.data.supervisor).toBeNull();
    const u = await expectListsAgree(liaison.client, liaison.data.liaison!);
    const ours = tasks.filter((x) => x.owner_unit_id === dc);
    expect(u.acknowledge).toBe(ours.filter((x) => x.status === 'assigned').length);
    expect(u.returned).toBe(ours.filter((x) => x.status === 'returned').length);
    expect(u.orderOpen).toBe(ours.filter((x) => orders.some((o) => o.task_id === x.id && o.status === 'open')).length);
    expect(Object.values(u).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);

    // The deputy has nothing to do yet; the count is what it may follow, read-only.
    const deputy = await byKey(t, 'deputy');
    expect(deputy.data.supervisor).toBeNull();
    expect(deputy.data.deputy!.map((c) => c.key)).toEqual(['follow']);
    await expectListsAgree(deputy.client, deputy.data.deputy!);
  });

  it('moves an order from 待回复 to 已回复待办结 and off the home page when the office closes it', async () => {
    const sup = await t.container.auth.loadActor(t.tenantId, await t.container.db.selectFrom('users').selectAll().where('username', '=', 'supervisor').executeTakeFirstOrThrow());
    const dcActor = await t.container.auth.loadActor(t.tenantId, await t.container.db.selectFrom('users').selectAll().where('username', '=', 'liaison_dc').executeTakeFirstOrThrow());
    const task = await t.container.tasks.create(sup, { title: '首页计数用任务', leadUnitIds: [t.unit('SFS-DC')], deadline: '2026-06-30' });
    await t.container.tasks.acknowledge(dcActor, task.id);
    const count = async (who: string, group: 'supervisor' | 'liaison', key: string) => ((await byKey(t, who)).data[group] ?? []).find((c) => c.key === key)!.count;
    const [open0, replied0, dcOpen0] = [await count('supervisor', 'supervisor', 'orderOpen'), await count('supervisor', 'supervisor', 'orderReplied'), await count('liaison_dc', 'liaison', 'orderOpen')];
    const order = await t.container.followUps.issueOrder(sup, task.id, { level: 'yellow', matter: '进度滞后', replyDeadline: '2026-03-09' });
    expect(await count('supervisor', 'supervisor', 'orderOpen')).toBe(open0 + 1);
    expect(await count('liaison_dc', 'liaison', 'orderOpen')).toBe(dcOpen0 + 1);
    await t.container.followUps.replyOrder(dcActor, order.id, '已整改');
    expect(await count('supervisor', 'supervisor', 'orderOpen')).toBe(open0);
    expect(await count('supervisor', 'supervisor', 'orderReplied')).toBe(replied0 + 1);
    expect(await count('liaison_dc', 'liaison', 'orderOpen')).toBe(dcOpen0);
    await t.container.followUps.closeOrder(sup, order.id);
    expect(await count('supervisor', 'supervisor', 'orderReplied')).toBe(replied0);
  });

  it('counts 本期未报送 from the period the light pass found unreported, until the unit reports', async () => {
    const sup = await t.container.auth.loadActor(t.tenantId, await t.container.db.selectFrom('users').selectAll().where('username', '=', 'supervisor').executeTakeFirstOrThrow());
    const dcActor = await t.container.auth.loadActor(t.tenantId, await t.container.db.selectFrom('users').selectAll().where('username', '=', 'liaison_dc').executeTakeFirstOrThrow());
    const count = async (who: string, group: 'supervisor' | 'liaison') => ((await byKey(t, who)).data[group] ?? []).find((c) => c.key === 'unreported')!.count;
    const [sup0, dc0] = [await count('supervisor', 'supervisor'), await count('liaison_dc', 'liaison')];
    // Monthly reports due on the 25th since January: on 2 March, February's is owed.
    const task = await t.container.tasks.create(sup, { title: '月报任务', leadUnitIds: [t.unit('SFS-DC')], startDate: '2026-01-05', deadline: '2026-12-31', reportCycle: 'monthly', reportDueDay: 25 });
    await t.container.tasks.acknowledge(dcActor, task.id);
    const row = async () => t.container.db.selectFrom('tasks').select(['report_missed', 'light_reason']).where('id', '=', task.id).executeTakeFirstOrThrow();
    expect(await row()).toMatchObject({ report_missed: '2026-02', light_reason: expect.stringContaining('2026-02 进展未报送') });
    expect(await count('supervisor', 'supervisor')).toBe(sup0 + 1);
    expect(await count('liaison_dc', 'liaison')).toBe(dc0 + 1);
    await t.container.tasks.report(dcActor, task.id, { done: '已完成摸底', percent: 20 });
    expect((await row()).report_missed).toBeNull();
    expect(await count('supervisor', 'supervisor')).toBe(sup0);
    expect(await count('liaison_dc', 'liaison')).toBe(dc0);
  });

  it('refuses an unknown list flag with a Chinese message', async () => {
    const client = await t.login('supervisor');
    const res = await client.get('/api/tasks?flag=nonsense');
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toMatch(/flag/);
  });
});
