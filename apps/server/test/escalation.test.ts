import { describe, expect, it } from 'vitest';
import type { Actor } from '../src/access/index.ts';
import { proposeEscalations } from '../src/jobs/escalation-job.ts';
import { DEFAULT_ESCALATION_RULES } from '../src/supervision/rules/escalation.ts';
import { testEngines } from './support/test-database.ts';
import { useTestApp, type TestContext } from './support/harness.ts';

async function actor(t: TestContext, username: string): Promise<Actor> {
  const u = await t.container.db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirstOrThrow();
  return t.container.auth.loadActor(t.tenantId, u);
}

describe.each(testEngines())('escalation proposals on %s', (engine) => {
  const t = useTestApp(engine);

  it('proposes blue, then yellow, then red for overdue work, and issues nothing until the office accepts', async () => {
    const sup = await actor(t, 'supervisor');
    const dc = await actor(t, 'liaison_dc');
    // Deadline Tuesday 2026-03-03; the harness starts on Monday 2026-03-02.
    const task = await t.container.tasks.create(sup, { title: '背街小巷整治', leadUnitIds: [t.unit('SFS-DC')], deadline: '2026-03-03' });
    await t.container.tasks.acknowledge(dc, task.id);
    const proposals = () => t.container.db.selectFrom('escalation_proposals').selectAll().where('task_id', '=', task.id).orderBy('created_at').execute();
    const orderNotices = async () => (await t.container.db.selectFrom('notifications').select('id').where('task_id', '=', task.id).where('kind', '=', 'order').execute()).length;

    // Not overdue yet: nothing. One working day overdue (Wednesday): a blue proposal, through the queued job.
    await proposeEscalations({ db: t.container.db, clock: t.clock, calendar: t.container.calendar, rules: DEFAULT_ESCALATION_RULES }, t.tenantId);
    expect(await proposals()).toEqual([]);
    t.clock.set('2026-03-04T01:00:00Z');
    await t.container.jobs.enqueue({ kind: 'escalations.propose', tenantId: t.tenantId, dedupeKey: 'escalations-test-1' });
    await t.container.jobs.drain();
    let list = await proposals();
    expect(list.map((p) => [p.level, p.status, p.overdue_workdays])).toEqual([['blue', 'pending', 1]]);
    expect(list[0]!.reason).toBe('逾期 1 个工作日，达到蓝色督办条件（1 个工作日）');
    // Proposed, not issued: no order, no notice to the unit; the office sees it in its workbench and on its home page.
    expect(await t.container.db.selectFrom('supervision_orders').select('id').where('task_id', '=', task.id).execute()).toEqual([]);
    expect(await orderNotices()).toBe(0);
    expect((await t.container.tasks.inbox(sup)).filter((i) => i.kind === 'proposal').map((i) => i.refId)).toEqual([list[0]!.id]);
    const supClient = await t.login('supervisor');
    const home = await supClient.get('/api/home');
    expect(home.body.data.supervisor.find((c: { key: string }) => c.key === 'proposal').count).toBe(1);
    expect((await supClient.get('/api/tasks?flag=proposal')).body.data.map((x: { id: string }) => x.id)).toEqual([task.id]);

    // Running again the same night proposes nothing more.
    expect((await proposeEscalations({ db: t.container.db, clock: t.clock, calendar: t.container.calendar, rules: DEFAULT_ESCALATION_RULES }, t.tenantId)).proposed).toBe(0);

    // Only the office decides: another unit does not see it (404), the owner's liaison may not (403).
    const xc = await t.login('liaison_xc');
    expect((await xc.post(`/api/escalations/${list[0]!.id}/accept`, {})).status).toBe(404);
    const dcClient = await t.login('liaison_dc');
    expect((await dcClient.post(`/api/escalations/${list[0]!.id}/accept`, {})).status).toBe(403);
    expect((await supClient.post(`/api/escalations/${list[0]!.id}/accept`, { replyDeadline: '2026-03-01' })).status).toBe(400);
    expect((await proposals())[0]!.status).toBe('pending');

    // Accepting issues the blue order with its notice, in one go; a second accept is refused.
    const accepted = await supClient.post(`/api/escalations/${list[0]!.id}/accept`, {});
    expect(accepted.status).toBe(201);
    expect(accepted.body.data).toMatchObject({ level: 'blue', status: 'open' });
    expect(accepted.body.data.matter).toMatch(/背街小巷整治已逾期/);
    expect(await orderNotices()).toBe(1);
    expect((await proposals())[0]).toMatchObject({ status: 'accepted', order_id: accepted.body.data.id });
    expect((await supClient.post(`/api/escalations/${list[0]!.id}/accept`, {})).status).toBe(409);

    // Five working days overdue (Tuesday 03-10): yellow; dismissed, it is not proposed again.
    t.clock.set('2026-03-10T01:00:00Z');
    await proposeEscalations({ db: t.container.db, clock: t.clock, calendar: t.container.calendar, rules: DEFAULT_ESCALATION_RULES }, t.tenantId);
    list = await proposals();
    expect(list.map((p) => p.level)).toEqual(['blue', 'yellow']);
    const dismissed = await (await t.login('supervisor')).post(`/api/escalations/${list[1]!.id}/dismiss`, { reason: '单位已说明客观原因' });
    expect(dismissed.status).toBe(200);
    await proposeEscalations({ db: t.container.db, clock: t.clock, calendar: t.container.calendar, rules: DEFAULT_ESCALATION_RULES }, t.tenantId);
    expect((await proposals()).map((p) => [p.level, p.status])).toEqual([['blue', 'accepted'], ['yellow', 'dismissed']]);
    const timeline = await t.container.db.selectFrom('task_events').select('comment').where('task_id', '=', task.id).where('kind', '=', 'escalation_dismissed').execute();
    expect(timeline.map((e) => e.comment)).toEqual(['不采纳黄色督办建议：单位已说明客观原因']);

    // Ten working days overdue (03-17): red comes next; with the setting off nothing is proposed.
    t.clock.set('2026-03-17T01:00:00Z');
    expect((await proposeEscalations({ db: t.container.db, clock: t.clock, calendar: t.container.calendar, rules: null }, t.tenantId)).proposed).toBe(0);
    await proposeEscalations({ db: t.container.db, clock: t.clock, calendar: t.container.calendar, rules: DEFAULT_ESCALATION_RULES }, t.tenantId);
    expect((await proposals()).map((p) => p.level)).toEqual(['blue', 'yellow', 'red']);
    const audit = await t.container.db.selectFrom('audit_log').select('action').where('action', 'like', 'escalation.%').orderBy('seq').execute();
    expect(audit.map((a) => a.action)).toEqual(['escalation.accept', 'escalation.dismiss']);
  });
});
