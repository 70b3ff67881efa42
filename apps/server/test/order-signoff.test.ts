import { describe, expect, it } from 'vitest';
import type { Actor } from '../src/access/index.ts';
import { testEngines } from './support/test-database.ts';
import { useTestApp, type TestContext } from './support/harness.ts';

async function actor(t: TestContext, username: string): Promise<Actor> {
  const u = await t.container.db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirstOrThrow();
  return t.container.auth.loadActor(t.tenantId, u);
}

// Leader 签发 of yellow and red orders (issue 8, item 11), switched on for yellow and red.
describe.each(testEngines())('order 签发 by the responsible leader on %s', (engine) => {
  const t = useTestApp(engine, { LUOSHI_ORDER_SIGNOFF: 'yellow' });

  it('holds yellow and red orders for the leader, who signs them out with a number or sends them back', async () => {
    const sup = await actor(t, 'supervisor');
    const dc = await actor(t, 'liaison_dc');
    const leaderId = t.userId('leader');
    const task = await t.container.tasks.create(sup, { title: '城市更新项目库编制', leadUnitIds: [t.unit('SFS-DC')], deadline: '2026-04-30', responsibleLeaderIds: [leaderId] });
    await t.container.tasks.acknowledge(dc, task.id);
    const light = async () => (await t.container.db.selectFrom('tasks').select('light').where('id', '=', task.id).executeTakeFirstOrThrow()).light;
    const notices = async (userId: string, title: string) => (await t.container.db.selectFrom('notifications').select('title').where('user_id', '=', userId).where('task_id', '=', task.id).execute()).filter((n) => n.title.startsWith(title)).length;
    const liaisonId = t.userId('liaison_dc');

    // A blue order needs no 签发: it goes out numbered at once.
    const blue = await t.container.followUps.issueOrder(sup, task.id, { level: 'blue', matter: '请加快进度', replyDeadline: '2026-03-10' });
    expect([blue.status, blue.number]).toEqual(['open', '督办〔2026〕1号']);

    // A red one waits for the leader: no number, no red light, nothing to the unit; the leader is told.
    let supClient = await t.login('supervisor');
    const issued = await supClient.post(`/api/tasks/${task.id}/orders`, { level: 'red', matter: '项目库编制严重滞后', replyDeadline: '2026-03-06' });
    expect(issued.status).toBe(200);
    // The answer is the task's detail, where the order shows as waiting for 签发.
    const drafted = (issued.body as { data: { orders: { id: string; level: string; status: string; number: string | null }[] } }).data.orders.find((o) => o.level === 'red')!;
    expect([drafted.status, drafted.number]).toEqual(['pending_signoff', null]);
    const redId = drafted.id;
    let red = await t.container.db.selectFrom('supervision_orders').selectAll().where('id', '=', redId).executeTakeFirstOrThrow();
    expect([red.status, red.number]).toEqual(['pending_signoff', null]);
    expect(await light()).not.toBe('red');
    expect(await notices(liaisonId, '红色督办')).toBe(0);
    expect(await notices(leaderId, '督办单待签发')).toBe(1);

    // It waits in the leader's workbench and home, and in the office's home and list.
    const leader = await actor(t, 'leader');
    expect((await t.container.tasks.inbox(leader)).filter((i) => i.kind === 'order_signoff').map((i) => i.refId)).toEqual([redId]);
    let leaderClient = await t.login('leader');
    const leaderHome = (await leaderClient.get('/api/home')).body as { data: { leader: { key: string; count: number; query: Record<string, string> }[] } };
    const toSign = leaderHome.data.leader.find((c) => c.key === 'orderToSign')!;
    expect(toSign.count).toBe(1);
    const listed = await leaderClient.get(`/api/tasks?${new URLSearchParams(toSign.query).toString()}`);
    expect((listed.body as { data: { id: string }[] }).data.map((r) => r.id)).toEqual([task.id]);
    const supHome = (await supClient.get('/api/home')).body as { data: { supervisor: { key: string; count: number }[] } };
    expect(supHome.data.supervisor.find((c) => c.key === 'orderSignoff')!.count).toBe(1);
    const detail = await leaderClient.get(`/api/tasks/${task.id}`);
    expect((detail.body as { policies: { signOrder: boolean } }).policies.signOrder).toBe(true);
    expect((await supClient.get(`/api/tasks/${task.id}`)).body.policies.signOrder).toBe(false);

    // Only the responsible leader signs; the unit cannot answer a draft.
    const dcClient = await t.login('liaison_dc');
    expect((await dcClient.post(`/api/orders/${redId}/sign`, {})).status).toBe(403);
    expect((await supClient.post(`/api/orders/${redId}/sign`, {})).status).toBe(403);
    const early = await dcClient.post(`/api/orders/${redId}/reply`, { reply: '正在推进' });
    expect(early.status).toBe(409);
    expect((early.body as { error: { message: string } }).error.message).toBe('该督办单尚未签发');

    // The leader signs a day late: the reply deadline has passed and must be given again.
    t.clock.set('2026-03-09T02:00:00Z');
    [leaderClient, supClient] = [await t.login('leader'), await t.login('supervisor')];
    const stale = await leaderClient.post(`/api/orders/${redId}/sign`, {});
    expect(stale.status).toBe(400);
    expect((stale.body as { error: { message: string } }).error.message).toMatch(/原定回复时限 2026-03-06 已过/);
    const signed = await leaderClient.post(`/api/orders/${redId}/sign`, { replyDeadline: '2026-03-12' });
    expect(signed.status).toBe(200);
    expect((signed.body as { data: { number: string; status: string; replyDeadline: string } }).data).toMatchObject({ number: '督办〔2026〕2号', status: 'open', replyDeadline: '2026-03-12' });
    red = await t.container.db.selectFrom('supervision_orders').selectAll().where('id', '=', redId).executeTakeFirstOrThrow();
    expect(red.signoff_by).toBe(leaderId);
    expect(await light()).toBe('red');
    expect(await notices(liaisonId, '红色督办')).toBe(1);
    expect(await notices(t.userId('supervisor'), '督办单已签发')).toBe(1);
    expect((await leaderClient.post(`/api/orders/${redId}/sign`, {})).status).toBe(409);
    const audit = await t.container.db.selectFrom('audit_log').select('action').where('entity_id', '=', redId).orderBy('seq').execute();
    expect(audit.map((a) => a.action)).toEqual(['order.draft', 'order.signoff']);

    // A yellow draft sent back: a reason is required; the office is told; it lights nothing and takes no number.
    const yellow = await t.container.followUps.issueOrder(sup, task.id, { level: 'yellow', matter: '请说明滞后原因', replyDeadline: '2026-03-13' });
    expect(yellow.status).toBe('pending_signoff');
    const bare = await leaderClient.post(`/api/orders/${yellow.id}/refuse`, { comment: ' ' });
    expect(bare.status).toBe(400);
    expect((bare.body as { error: { details: { field: string }[] } }).error.details[0]!.field).toBe('comment');
    expect((await leaderClient.post(`/api/orders/${yellow.id}/refuse`, { comment: '已电话督促，暂不发文' })).status).toBe(200);
    expect((await t.container.db.selectFrom('supervision_orders').select(['status', 'number', 'signoff_comment']).where('id', '=', yellow.id).executeTakeFirstOrThrow())).toEqual({ status: 'refused', number: null, signoff_comment: '已电话督促，暂不发文' });
    expect(await notices(t.userId('supervisor'), '督办单被退回')).toBe(1);
    expect((await supClient.post(`/api/orders/${yellow.id}/close`, {})).status).toBe(409);
    expect((await leaderClient.post(`/api/orders/${yellow.id}/sign`, { replyDeadline: '2026-03-13' })).status).toBe(409);

    // The refused draft left no gap: the next order out is number 3.
    const next = await t.container.followUps.issueOrder(sup, task.id, { level: 'blue', matter: '请按期报送', replyDeadline: '2026-03-13' });
    expect(next.number).toBe('督办〔2026〕3号');
  });

  it('refuses a yellow or red order for a task without a responsible leader, naming what to do', async () => {
    const sup = await actor(t, 'supervisor');
    const task = await t.container.tasks.create(sup, { title: '背街小巷整治', leadUnitIds: [t.unit('SFS-XC')], deadline: '2026-04-30' });
    await expect(t.container.followUps.issueOrder(sup, task.id, { level: 'red', matter: '进度滞后', replyDeadline: '2026-03-20' })).rejects.toMatchObject({
      code: 'VALIDATION',
      message: 'level: 红色督办单须经任务的责任领导签发后下发，该任务没有责任领导：请先在任务中设置责任领导',
    });
    // In a batch the task is named and nothing is issued.
    const other = await t.container.tasks.create(sup, { title: '老旧小区改造', leadUnitIds: [t.unit('SFS-XC')], deadline: '2026-04-30', responsibleLeaderIds: [t.userId('leader')] });
    await expect(t.container.followUps.issueOrders(sup, [other.id, task.id], { level: 'yellow', matter: '进度滞后', replyDeadline: '2026-03-20' })).rejects.toMatchObject({ message: expect.stringMatching(/^第 2 个任务「背街小巷整治」：level: 黄色督办单须经任务的责任领导签发/) });
    expect(await t.container.db.selectFrom('supervision_orders').select('id').where('task_id', 'in', [task.id, other.id]).execute()).toEqual([]);
  });
});
