import { describe, expect, it } from 'vitest';
import type { Actor } from '../src/access/index.ts';
import { testEngines } from './support/test-database.ts';
import { useTestApp, type TestContext } from './support/harness.ts';

async function actor(t: TestContext, username: string): Promise<Actor> {
  const u = await t.container.db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirstOrThrow();
  return t.container.auth.loadActor(t.tenantId, u);
}

describe.each(testEngines())('batch 催办 and 下发督办单, and the list of a task\'s parts, on %s', (engine) => {
  const t = useTestApp(engine);

  async function threeTasks() {
    const sup = await actor(t, 'supervisor');
    const make = (title: string, unit: string) => t.container.tasks.create(sup, { title, leadUnitIds: [t.unit(unit)], deadline: '2026-06-30' });
    return { dc: await make('批量甲:东城区任务', 'SFS-DC'), dc2: await make('批量乙:东城区任务', 'SFS-DC'), xc: await make('批量丙:西城区任务', 'SFS-XC') };
  }
  const count = async (table: 'notifications' | 'supervision_orders' | 'audit_log', where: (q: any) => any) =>
    Number((await where(t.container.db.selectFrom(table as 'notifications').select((eb) => eb.fn.countAll<number>().as('n'))).executeTakeFirst())?.n ?? 0);

  it('reminds every chosen task in one go, each audited and noted on its timeline', async () => {
    const { dc, xc } = await threeTasks();
    const sup = await t.login('supervisor');
    const res = await sup.post('/api/tasks/batch/remind', { ids: [dc.id, xc.id], message: '请本周内报送进展' });
    expect(res.status).toBe(200);
    expect(res.body.data.tasks).toBe(2);
    expect(res.body.data.notified).toBeGreaterThan(0);
    for (const id of [dc.id, xc.id]) {
      expect(await count('notifications', (q) => q.where('task_id', '=', id).where('kind', '=', 'reminder'))).toBe(1);
      expect(await count('audit_log', (q) => q.where('entity_id', '=', id).where('action', '=', 'task.remind'))).toBe(1);
      const events = await t.container.db.selectFrom('task_events').select('kind').where('task_id', '=', id).where('kind', '=', 'remind').execute();
      expect(events).toHaveLength(1);
    }
  });

  it('issues one order per task with consecutive numbers, and writes nothing when one task may not get it', async () => {
    const { dc, dc2, xc } = await threeTasks();
    const sup = await t.login('supervisor');
    const before = await count('supervision_orders', (q) => q);
    const res = await sup.post('/api/tasks/batch/orders', { ids: [dc.id, dc2.id], level: 'red', matter: '进度滞后', replyDeadline: '2026-03-10' });
    expect(res.status).toBe(200);
    expect(res.body.data.map((o: { taskId: string }) => o.taskId)).toEqual([dc.id, dc2.id]);
    const [a, b] = res.body.data.map((o: { number: string }) => Number(/〕(\d+)号/.exec(o.number)?.[1]));
    expect(b).toBe(a + 1);
    expect(await count('supervision_orders', (q) => q)).toBe(before + 2);
    const lit = await t.container.db.selectFrom('tasks').select(['light', 'light_reason']).where('id', 'in', [dc.id, dc2.id]).execute();
    expect(lit.every((r) => r.light === 'red')).toBe(true);
    expect(await count('audit_log', (q) => q.where('action', '=', 'order.issue'))).toBeGreaterThanOrEqual(2);

    // A cancelled task cannot get an order: the whole batch is refused and the error names that task.
    const supActor = await actor(t, 'supervisor');
    await t.container.tasks.cancel(supActor, xc.id, '不再督办');
    const refused = await sup.post('/api/tasks/batch/orders', { ids: [dc.id, xc.id], level: 'yellow', matter: '再次督办', replyDeadline: '2026-03-10' });
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toContain('第 2 个任务「批量丙:西城区任务」');
    expect(await count('supervision_orders', (q) => q)).toBe(before + 2);
    expect(await count('supervision_orders', (q) => q.where('task_id', '=', dc.id))).toBe(1);
  });

  it('refuses a batch holding a task outside the caller\'s scope (404, named by its id) and writes nothing', async () => {
    const { dc, xc } = await threeTasks();
    const admin = await actor(t, 'admin');
    await t.container.users.create(admin, { username: 'sup_dc_batch', displayName: '东城区督查', orgUnitId: t.unit('SFS-DC'), password: 'Batch#2026x', grants: [{ role: 'supervisor', scopeKind: 'subtree' }] });
    // A new account must change its password before using HTTP, so this one acts through the service.
    const dcSup = await actor(t, 'sup_dc_batch');
    const batch = { remind: t.container.followUps.remindMany.bind(t.container.followUps) };
    // A task the district supervisor issued itself, so it may remind it.
    const own = await t.container.tasks.create(dcSup, { title: '东城区自办任务', leadUnitIds: [t.unit('SFS-DC-J01')], deadline: '2026-06-30' });
    expect(await batch.remind(dcSup, [own.id], '')).toMatchObject({ tasks: 1 });
    const before = await count('notifications', (q) => q.where('kind', '=', 'reminder').where('task_id', 'in', [own.id, xc.id]));
    await expect(batch.remind(dcSup, [own.id, xc.id], '')).rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining(`第 2 个任务（${xc.id}）`) });
    await expect(batch.remind(dcSup, [own.id, xc.id], '')).rejects.toMatchObject({ message: expect.not.stringContaining('西城区') });
    expect(await count('notifications', (q) => q.where('kind', '=', 'reminder').where('task_id', 'in', [own.id, xc.id]))).toBe(before);
    expect(await count('audit_log', (q) => q.where('entity_id', '=', own.id).where('action', '=', 'task.remind'))).toBe(1);

    // Inside scope but not allowed (a liaison may not remind): 403, named by its title.
    const liaison = await actor(t, 'liaison_dc');
    await expect(batch.remind(liaison, [dc.id], '')).rejects.toMatchObject({ code: 'FORBIDDEN', message: expect.stringContaining('第 1 个任务「批量甲:东城区任务」') });

    const empty = await (await t.login('supervisor')).post('/api/tasks/batch/remind', { ids: [] });
    expect(empty.status).toBe(400);
    expect(empty.body.error.message).toContain('请至少选择一个任务');
  });

  it('lists the direct parts of a task with parentId, within the caller\'s scope', async () => {
    const sup = await actor(t, 'supervisor');
    const parent = await t.container.tasks.create(sup, { title: '分解测试:牵头与配合', leadUnitIds: [t.unit('SFS-DC')], coUnitIds: [t.unit('SFS-XC')], deadline: '2026-06-30' });
    await t.container.tasks.update(sup, parent.id, { responsibleLeaderIds: [t.userId('leader')] });
    const client = await t.login('supervisor');
    // The parent's row names its leader and counts the part the caller may see.
    const row = (await client.get(`/api/tasks?q=${encodeURIComponent('分解测试')}&rootsOnly=true`)).body.data[0];
    expect(row).toMatchObject({ id: parent.id, partCount: 1, responsibleLeaders: [{ id: t.userId('leader'), name: '李市长' }] });
    const res = await client.get(`/api/tasks?parentId=${parent.id}`);
    expect(res.status).toBe(200);
    expect(res.body.data.map((x: { parentId: string }) => x.parentId)).toEqual([parent.id]);
    expect(res.body.data[0].ownerUnit.id).toBe(t.unit('SFS-XC'));
    // The lead's liaison does not see the co-unit's part.
    const dc = await t.login('liaison_dc');
    expect((await dc.get(`/api/tasks?parentId=${parent.id}`)).body.data).toEqual([]);
    expect((await dc.get(`/api/tasks?q=${encodeURIComponent('分解测试')}`)).body.data.find((x: { id: string }) => x.id === parent.id)?.partCount).toBe(0);
    expect((await client.get('/api/tasks?parentId=nope')).status).toBe(400);
  });
});
