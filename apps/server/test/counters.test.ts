import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { Actor } from '../src/access/index.ts';
import { compactTenant, counterDrift } from '../src/supervision/counters.ts';
import { testEngines } from './support/test-database.ts';
import { useTestApp, type TestContext } from './support/harness.ts';

async function actor(t: TestContext, username: string): Promise<Actor> {
  const u = await t.container.db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirstOrThrow();
  return t.container.auth.loadActor(t.tenantId, u);
}

/** A small seeded PRNG, so a failing journey can be replayed. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

function addDays(date: string, n: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

const counterRows = async (t: TestContext) => Number((await sql<{ n: number }>`SELECT count(*) AS n FROM unit_task_counts`.execute(t.container.db)).rows[0]!.n);

describe.each(testEngines())('dashboard counters on %s', (engine) => {
  const t = useTestApp(engine);

  it('agree with a full recount after random journeys, the nightly pass, a new day and compaction', async () => {
    t.clock.set('2026-03-02T02:00:00Z');
    const sup = await actor(t, 'supervisor');
    const leader = await actor(t, 'leader');
    const liaisons = { 'SFS-DC': await actor(t, 'liaison_dc'), 'SFS-XC': await actor(t, 'liaison_xc') } as Record<string, Actor>;
    const rnd = random(20260302);
    const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
    const units = ['SFS-DC', 'SFS-XC'] as const;
    const ids: { id: string; unit: string }[] = [];
    const drift = () => counterDrift(t.container.db, t.tenantId);

    for (let step = 0; step < 60; step++) {
      const today = t.clock.now().toISOString().slice(0, 10);
      const op = ids.length < 4 ? 'create' : pick(['create', 'ack', 'report', 'report', 'complete', 'return', 'cancel', 'order', 'deadline', 'category', 'day', 'nightly']);
      const target = ids.length ? pick(ids) : undefined;
      const lead = target ? liaisons[target.unit]! : undefined;
      try {
        if (op === 'create') {
          const unit = pick(units);
          const co = rnd() < 0.4 ? [unit === 'SFS-DC' ? t.unit('SFS-XC') : t.unit('SFS-DC')] : [];
          const created = await t.container.tasks.create(sup, {
            title: `随机事项 ${step}`,
            leadUnitIds: [t.unit(unit)],
            coUnitIds: co,
            category: pick(['民生保障', '产业强市', null]),
            startDate: addDays(today, -Math.floor(rnd() * 70)),
            deadline: addDays(today, Math.floor(rnd() * 20) - 5),
            reportCycle: pick(['none', 'monthly', 'weekly']),
            reportDueDay: 25,
            assign: rnd() < 0.9,
          });
          ids.push({ id: created.id, unit });
        } else if (op === 'ack') await t.container.tasks.acknowledge(lead!, target!.id);
        else if (op === 'report') await t.container.tasks.report(lead!, target!.id, { done: '推进中', percent: Math.floor(rnd() * 100) });
        else if (op === 'complete') {
          await t.container.tasks.requestCompletion(lead!, target!.id, '已完成');
          if (rnd() < 0.7) await t.container.tasks.complete(sup, target!.id, '同意');
          else await t.container.tasks.returnTask(sup, target!.id, '材料不全');
        } else if (op === 'return') await t.container.tasks.returnTask(sup, target!.id, '请补充');
        else if (op === 'cancel') await t.container.tasks.cancel(sup, target!.id, '不再执行');
        else if (op === 'order') await t.container.followUps.issueOrder(sup, target!.id, { level: pick(['blue', 'yellow', 'red'] as const), matter: '进度滞后', replyDeadline: addDays(today, 3) });
        else if (op === 'deadline') await t.container.tasks.update(sup, target!.id, { deadline: addDays(today, Math.floor(rnd() * 10) - 4) });
        else if (op === 'category') await t.container.tasks.update(sup, target!.id, { category: pick(['民生保障', '生态环境', null]) });
        else if (op === 'day') {
          // A new day: the dashboard's first read moves newly overdue work into the overdue bucket.
          t.clock.set(new Date(t.clock.now().getTime() + Math.ceil(rnd() * 3) * 86_400_000).toISOString());
          await t.container.dashboard.view(leader);
        } else if (op === 'nightly') await t.container.lights.recomputeAll(t.tenantId);
      } catch (err) {
        // A step the task's state does not allow is refused whole; the counters must not move either.
        expect((err as { code?: string }).code, `${op}: ${(err as Error).message}`).toMatch(/FORBIDDEN|CONFLICT|INVALID|VALIDATION|NOT_FOUND/);
      }
      expect(await drift(), `after step ${step} (${op})`).toEqual([]);
    }
    expect(ids.length).toBeGreaterThan(5);
    const statuses = new Set((await t.container.db.selectFrom('tasks').select('status').execute()).map((r) => r.status));
    expect(statuses.size).toBeGreaterThanOrEqual(4);

    // The hourly compaction folds the deltas into one row per bucket and changes no figure.
    const before = await t.container.dashboard.view(leader);
    const rowsBefore = await counterRows(t);
    await t.container.db.transaction().execute((tx) => compactTenant(tx, t.tenantId));
    expect(await counterRows(t)).toBeLessThan(rowsBefore);
    expect(await drift()).toEqual([]);
    expect(await t.container.dashboard.view(leader)).toEqual(before);

    // A unit moved under another: its tasks now count for the new ancestors, not the old.
    const admin = await t.login('admin');
    expect((await admin.post(`/api/org-units/${t.unit('SFS-XC')}/move`, { parentId: t.unit('SFS-DC') })).status).toBe(200);
    expect(await drift()).toEqual([]);
    const dcView = await t.container.dashboard.view(leader, t.unit('SFS-DC'));
    const inDc = await t.container.db.selectFrom('tasks').select('id').where('deleted_at', 'is', null).where('status', 'in', ['assigned', 'acknowledged', 'in_progress', 'returned', 'completion_requested']).where('owner_unit_id', 'in', [t.unit('SFS-DC'), t.unit('SFS-XC')]).execute();
    expect(dcView.totals.total).toBe(inDc.length);
    expect(dcView.byUnit.find((u) => u.id === t.unit('SFS-XC'))).toBeTruthy();
    await admin.post(`/api/org-units/${t.unit('SFS-XC')}/move`, { parentId: (await t.container.db.selectFrom('org_units').select('id').where('parent_id', 'is', null).executeTakeFirstOrThrow()).id });
    expect(await drift()).toEqual([]);

    // The dashboard's totals against SQL over the tasks.
    const today = t.clock.now().toISOString().slice(0, 10);
    const open = await t.container.db.selectFrom('tasks').select(['light', 'deadline', 'status']).where('deleted_at', 'is', null).where('status', 'in', ['assigned', 'acknowledged', 'in_progress', 'returned', 'completion_requested']).execute();
    expect(before.totals).toMatchObject({
      total: open.length,
      red: open.filter((x) => x.light === 'red').length,
      overdue: open.filter((x) => x.status !== 'completion_requested' && x.deadline && x.deadline < today).length,
    });
  });

  it('leaves the counters alone on a report that changes neither light nor status', async () => {
    t.clock.set('2026-03-02T02:00:00Z');
    const sup = await actor(t, 'supervisor');
    const dc = await actor(t, 'liaison_dc');
    const x = await t.container.tasks.create(sup, { title: '报送不动计数', leadUnitIds: [t.unit('SFS-DC')], deadline: '2026-09-30' });
    await t.container.tasks.acknowledge(dc, x.id);
    await t.container.tasks.report(dc, x.id, { done: '第一次', percent: 10 });
    const rows = await counterRows(t);
    await t.container.tasks.report(dc, x.id, { done: '第二次', percent: 30 });
    const after = await t.container.db.selectFrom('tasks').select(['percent', 'status', 'light']).where('id', '=', x.id).executeTakeFirstOrThrow();
    expect(after).toMatchObject({ status: 'in_progress', light: 'green' });
    expect(Number(after.percent)).toBe(30);
    expect(await counterRows(t)).toBe(rows);
    expect(await counterDrift(t.container.db, t.tenantId)).toEqual([]);
    // Rows deleted outright (no writer does today; a purge might) are subtracted too.
    await sql`DELETE FROM task_events WHERE task_id = ${x.id}::uuid`.execute(t.container.db);
    await sql`DELETE FROM progress_reports WHERE task_id = ${x.id}::uuid`.execute(t.container.db);
    await sql`DELETE FROM tasks WHERE id = ${x.id}::uuid`.execute(t.container.db);
    expect(await counterDrift(t.container.db, t.tenantId)).toEqual([]);
  });

  it("writes a report's task row once, and its parent's once", async () => {
    t.clock.set('2026-03-02T02:00:00Z');
    const sup = await actor(t, 'supervisor');
    const dc = await actor(t, 'liaison_dc');
    const root = await t.container.tasks.create(sup, { title: '一次写入', leadUnitIds: [t.unit('SFS-DC'), t.unit('SFS-XC')], deadline: '2026-09-30' });
    const part = await t.container.db.selectFrom('tasks').selectAll().where('parent_id', '=', root.id).where('owner_unit_id', '=', t.unit('SFS-DC')).executeTakeFirstOrThrow();
    await t.container.tasks.acknowledge(dc, part.id);
    await sql`CREATE TABLE test_task_writes (id uuid NOT NULL)`.execute(t.container.db);
    await sql`CREATE FUNCTION test_log_task_write() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO test_task_writes VALUES (NEW.id); RETURN NULL; END $$`.execute(t.container.db);
    await sql`CREATE TRIGGER test_log_task_write AFTER UPDATE ON tasks FOR EACH ROW EXECUTE FUNCTION test_log_task_write()`.execute(t.container.db);
    try {
      const reported = await t.container.tasks.report(dc, part.id, { done: '完成一半', percent: 50 });
      expect(reported.task).toMatchObject({ status: 'in_progress', light: 'green' });
      expect(Number(reported.task.percent)).toBe(50);
      const writes = (await sql<{ id: string }>`SELECT id FROM test_task_writes`.execute(t.container.db)).rows.map((r) => r.id);
      expect(writes.filter((w) => w === part.id)).toHaveLength(1);
      expect(writes.filter((w) => w === root.id)).toHaveLength(1);
      expect(Number((await t.container.db.selectFrom('tasks').select('percent').where('id', '=', root.id).executeTakeFirstOrThrow()).percent)).toBe(25);
    } finally {
      await sql`DROP TRIGGER test_log_task_write ON tasks`.execute(t.container.db);
      await sql`DROP FUNCTION test_log_task_write()`.execute(t.container.db);
      await sql`DROP TABLE test_task_writes`.execute(t.container.db);
    }
  });

  it('folds the deltas when a dashboard finds them bloated after a burst of writes', async () => {
    t.clock.set('2026-03-02T02:00:00Z');
    const sup = await actor(t, 'supervisor');
    const leader = await actor(t, 'leader');
    await t.container.tasks.create(sup, { title: '突发写入', leadUnitIds: [t.unit('SFS-DC')], deadline: '2026-09-30' });
    const before = await t.container.dashboard.view(leader);
    // 1,000 deltas that cancel out, as a burst of light changes back and forth would leave.
    await sql`INSERT INTO unit_task_counts (tenant_id, unit_id, category, status, light, overdue, n)
      SELECT ${t.tenantId}::uuid, ${t.unit('SFS-DC')}::uuid, '', 'in_progress', 'yellow', false, CASE WHEN g % 2 = 0 THEN 1 ELSE -1 END FROM generate_series(1, 1000) g`.execute(t.container.db);
    expect(await counterRows(t)).toBeGreaterThan(1000);
    expect(await t.container.dashboard.view(leader)).toEqual(before);
    await expect.poll(() => counterRows(t), { timeout: 10_000 }).toBeLessThan(100);
    expect(await counterDrift(t.container.db, t.tenantId)).toEqual([]);
    expect(await t.container.dashboard.view(leader)).toEqual(before);
  });
});
