import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { seedDemoTasks } from '../src/bootstrap/demo-tasks.ts';
import { DEMO_SESSION } from '../src/bootstrap/demo-suggestions.ts';
import { testEngines } from './support/test-database.ts';
import { useTestApp } from './support/harness.ts';

describe.each(testEngines())('demo city on %s', (engine) => {
  const t = useTestApp(engine);

  it('holds tasks in every state, lit red, yellow and green, with an open red order, an extension and an instruction', async () => {
    expect(await seedDemoTasks(t.container, t.tenantId)).toBeGreaterThanOrEqual(15);
    // The liaisons the demo adds sign in with the published demo password, which the password policy would refuse.
    const added = await t.container.db.selectFrom('users').select(['username', 'must_change_password']).where('username', 'like', 'll\\_%').execute();
    expect(added.length).toBeGreaterThan(0);
    expect(added.every((u) => !u.must_change_password)).toBe(true);
    await t.login(added[0]!.username);
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
    // One definition everywhere: 件 = every task node a unit owns (parts and co-units' parts
    // included), drafts and cancelled work left out; checked against SQL over the tasks table.
    const nodes = await t.container.db.selectFrom('tasks').select(['category', 'status']).where('deleted_at', 'is', null).where('status', 'not in', ['cancelled', 'draft']).execute();
    const categories = new Set(nodes.map((x) => x.category ?? '未分类'));
    expect(new Set(d.byCategory.map((c: { category: string }) => c.category))).toEqual(categories);
    for (const c of d.byCategory as { category: string; total: number; completed: number; completionRate: number }[]) {
      const rows = nodes.filter((x) => (x.category ?? '未分类') === c.category);
      const completed = rows.filter((x) => x.status === 'completed').length;
      expect(c, c.category).toEqual({ category: c.category, total: rows.length, completed, completionRate: Math.round((completed / rows.length) * 1000) / 10 });
    }
    expect(d.byCategory.reduce((n: number, c: { total: number }) => n + c.total, 0)).toBe(nodes.length);
    expect(d.totals.total + d.totals.completed).toBe(nodes.length);
    // The trend: assigned by 交办日期 (start_date), completed by 办结时间, both in Shanghai months.
    expect(d.monthly).toHaveLength(12);
    const byMonth = await sql<{ month: string; assigned: number; completed: number }>`
      SELECT m AS month,
             count(*) FILTER (WHERE to_char(coalesce(start_date, (created_at AT TIME ZONE 'Asia/Shanghai')::date), 'YYYY-MM') = m) AS assigned,
             count(*) FILTER (WHERE status = 'completed' AND to_char(completed_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM') = m) AS completed
      FROM tasks CROSS JOIN unnest(${d.monthly.map((x: { month: string }) => x.month)}::text[]) m
      WHERE deleted_at IS NULL AND status NOT IN ('cancelled', 'draft') GROUP BY m ORDER BY m`.execute(t.container.db);
    expect(d.monthly).toEqual(byMonth.rows.map((r) => ({ month: r.month, created: Number(r.assigned), completed: Number(r.completed) })));
    expect(d.monthly.reduce((n: number, m: { created: number }) => n + m.created, 0)).toBeGreaterThan(0);
    // The one completed demo task and its co-unit's part, completed with it, and the demo campaign's
    // struck-off problem's rectification task (a task of module 'rectification', counted like any other),
    // and the handling tasks of the two demo suggestions rated 满意 and 基本满意 (module 'suggestion').
    expect(d.monthly.at(-1).completed).toBe(5);
    // Tasks assigned with a 交办日期 in an earlier month count in that month, not in the month the row was written.
    const backdated = nodes.length - Number(byMonth.rows.at(-1)!.assigned);
    expect(backdated).toBeGreaterThan(0);
    expect((await t.container.audit.verify(t.tenantId)).ok).toBe(true);
  });

  it('runs the default five rhythms with their past occurrences held, last month\'s bulletin published and this month\'s in draft', async () => {
    // Seeded by the first test (seedDemoTasks ends with the rhythm).
    const sup = await t.login('supervisor');
    const rules = (await sup.get('/api/rhythm/rules')).body.data as { id: string; name: string; doneCount: number }[];
    expect(rules.map((r) => r.name)).toEqual(['一月一通报', '两月一会办', '一季一点评', '半年一观摩', '年度一述职']);
    const bulletins = (await sup.get('/api/bulletins')).body.data as { status: string; docNumber: string; period: string }[];
    expect(bulletins.map((b) => b.status)).toEqual(['draft', 'published']);
    expect(bulletins[1]!.docNumber).toMatch(/^示督通〔\d{4}〕\d+号$/);
    expect(bulletins[0]!.period > bulletins[1]!.period).toBe(true);
    const done = (await sup.get(`/api/rhythm/occurrences?ruleId=${rules[0]!.id}&status=done&pageSize=50`)).body.data as { periodKey: string; record: string }[];
    expect(done.find((o) => o.periodKey === bulletins[1]!.period)?.record).toMatch(/^印发通报 示督通/);
    // The district reads the published bulletin, not the draft.
    expect(((await (await t.login('liaison_dc')).get('/api/bulletins')).body.data as { status: string }[]).map((b) => b.status)).toEqual(['published']);
  });
  it('holds a published quarterly assessment of the districts with 东城区\'s objection answered', async () => {
    // Seeded by the first test (the rhythm ends with the assessment).
    const sup = await t.login('supervisor');
    const runs = (await sup.get('/api/assessment-runs')).body.data as { id: string; period: string; status: string; openObjections: number }[];
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ status: 'published', openObjections: 0 });
    expect(runs[0]!.period).toMatch(/^\d{4}-Q[1-4]$/);
    const run = (await sup.get(`/api/assessment-runs/${runs[0]!.id}`)).body;
    expect(run.groups.map((g: { name: string }) => g.name)).toEqual(['区县（开发区）', '市直部门']);
    const districts = run.results.filter((r: { groupKey: string }) => r.groupKey === 'district');
    expect(districts).toHaveLength(6);
    expect(run.objections).toMatchObject([{ unitName: '东城区', status: 'upheld' }]);
    const dc = districts.find((r: { unitName: string }) => r.unitName === '东城区');
    expect(dc.derivation.adjustments).toMatchObject([{ key: 'praise', entered: 1, applied: 1 }]);
    expect(dc.total).toBe(Math.round((dc.derivation.itemsTotal + 1) * 100) / 100);
    // The district's liaison sees its own result and the answer only.
    const own = (await (await t.login('liaison_dc')).get(`/api/assessment-runs/${runs[0]!.id}`)).body;
    expect(own.results.map((r: { unitName: string }) => r.unitName)).toEqual(['东城区']);
    expect(own.objections[0].answer).toContain('加 1 分');
  });

  it('holds a 解放思想大讨论 in its 整改落实 stage with contact points, three activities and problems in every state', async () => {
    // Seeded by the test above (seedDemoTasks ends with the campaign).
    const sup = await t.login('supervisor');
    const list = (await sup.get('/api/campaigns')).body.data as { id: string; title: string }[];
    const campaign = list.find((c) => c.title === '解放思想推动高质量发展大讨论')!;
    const home = (await sup.get(`/api/campaigns/${campaign.id}`)).body.data;
    expect(home.stages[home.currentStage].name).toBe('整改落实');
    expect(home.contactPoints.length).toBe(2);
    expect(home.activityCount).toBe(3);
    const activities = (await sup.get(`/api/campaigns/${campaign.id}/activities`)).body.data as { minutes: string; opinionCount: number }[];
    expect(activities.every((a) => a.minutes.length > 0 && a.opinionCount > 0)).toBe(true);
    const problems = (await sup.get(`/api/campaign-problems?campaignId=${campaign.id}&pageSize=50`)).body.data as { status: string; returnReason: string | null; taskStatus: string | null }[];
    expect(new Set(problems.map((p) => p.status))).toEqual(new Set(['found', 'rectifying', 'review', 'returned', 'closed']));
    expect(problems.find((p) => p.status === 'closed')?.taskStatus).toBe('completed');
    expect(problems.find((p) => p.status === 'returned')?.returnReason).toBeTruthy();
    const overdue = (await sup.get(`/api/campaign-problems?campaignId=${campaign.id}&overdue=true`)).body.data as { taskLight: string }[];
    expect(overdue.map((p) => p.taskLight)).toEqual(['red']);
    expect(home.late).toHaveLength(1);
    const opinions = await t.container.db.selectFrom('campaign_opinions').select('status').where('campaign_id', '=', campaign.id).execute();
    expect(new Set(opinions.map((o) => o.status))).toEqual(new Set(['open', 'task', 'problem', 'answered']));
    // Its public page is on, with the struck-off problem, read without login.
    const pub = await t.anon().get(`/api/public/campaigns/${campaign.id}`);
    expect(pub.status).toBe(200);
    expect((pub.body.data.problems as { status: string }[]).map((p) => p.status)).toEqual(['closed']);
  });

  it('holds key projects in every stage with their monthly reports, lit red, yellow and green, and a coordination task', async () => {
    const projects = await t.container.db.selectFrom('projects').select(['id', 'stage', 'light', 'light_reason', 'lead_unit_id']).execute();
    expect(new Set(projects.map((p) => p.stage))).toEqual(new Set(['planning', 'signed', 'started', 'building', 'completed', 'producing']));
    expect(new Set(projects.map((p) => p.light))).toEqual(new Set(['green', 'yellow', 'red']));
    expect(projects.some((p) => /月报逾期未报/.test(p.light_reason ?? ''))).toBe(true);
    expect(projects.some((p) => /节点逾期/.test(p.light_reason ?? ''))).toBe(true);
    // Tagged from the city's "6+2+X" dictionary (issue 11): every tag a project carries is in it.
    const dictionary = (await t.container.db.selectFrom('project_tags').select('name').execute()).map((x) => x.name);
    expect(dictionary).toEqual(expect.arrayContaining(['新能源', '智能制造', '人工智能']));
    const carried = (await t.container.db.selectFrom('projects').select('tags').execute()).flatMap((p) => p.tags);
    expect(carried.length).toBeGreaterThan(8);
    expect(carried.filter((x) => !dictionary.includes(x))).toEqual([]);
    const reports = await t.container.db.selectFrom('project_reports').select(['project_id', 'late']).execute();
    expect(reports.length).toBeGreaterThan(50);
    expect(reports.every((r) => !r.late)).toBe(true);
    // One problem handed over directly, one decided at last week's 会办 meeting; one still open, carried to the next.
    const coordination = await t.container.db.selectFrom('tasks').select(['id', 'status']).where('module', '=', 'coordination').execute();
    expect(coordination).toHaveLength(2);
    const open = await t.container.db.selectFrom('project_problems').select('id').where('task_id', 'is', null).execute();
    expect(open.length).toBeGreaterThan(0);
    const sup = await t.login('supervisor');
    const meetings = (await sup.get('/api/meetings')).body.data as { id: string; title: string }[];
    expect(meetings.map((m) => m.title)).toEqual(['重点项目建设推进会办会']);
    const items = (await sup.get(`/api/meetings/${meetings[0]!.id}`)).body.items as { minutes: string; decisions: unknown[] }[];
    expect(items.every((i) => i.minutes.length > 0)).toBe(true);
    expect(items.map((i) => i.decisions.length).sort()).toEqual([0, 1]);
    // The district liaison sees its district's projects only.
    const list = await (await t.login('liaison_dc')).get('/api/projects');
    const dc = await t.container.db.selectFrom('org_closure').select('descendant_id').where('ancestor_id', '=', t.unit('SFS-DC')).execute();
    const inDc = projects.filter((p) => dc.some((u) => u.descendant_id === p.lead_unit_id));
    expect(list.body.data.map((p: { id: string }) => p.id).sort()).toEqual(inDc.map((p) => p.id).sort());
    expect(inDc.length).toBeGreaterThan(0);
    // Leads in every stage with their visits; one already became a project; this year's quotas set.
    const leads = await t.container.db.selectFrom('investment_leads').select(['stage', 'project_id']).execute();
    expect(new Set(leads.map((l) => l.stage))).toEqual(new Set(['talking', 'signed', 'landed', 'started', 'producing']));
    expect(leads.filter((l) => l.project_id)).toHaveLength(1);
    expect((await t.container.db.selectFrom('lead_visits').select('id').execute()).length).toBeGreaterThan(5);
    const quotas = (await (await t.login('leader')).get('/api/leads/quotas?year=2026')).body.data;
    expect(quotas.length).toBe(6);
    expect(quotas.some((q: { done: { signedProjects: number } }) => q.done.signedProjects > 0)).toBe(true);
  });

  it('holds indicators with three years of values, this and last year\'s targets, and five peer cities with sources', async () => {
    const leader = await t.login('leader');
    const city = t.unit('SFS');
    // 2026-03-02 in the tests: last year's values are all in; this year has no finished quarter yet.
    const last = (await leader.get(`/api/indicators/achievement?orgUnitId=${city}&year=2025`)).body.rows as { indicator: { code: string }; light: string | null }[];
    expect(last.length).toBe(6);
    expect(new Set(last.map((r) => r.light))).toEqual(new Set(['green', 'yellow', 'red']));
    const view = (await leader.get(`/api/indicators/benchmark?orgUnitId=${city}&fromYear=2024&toYear=2026`)).body;
    expect(view.peers).toHaveLength(5);
    const gdp = view.indicators.find((s: { indicator: { code: string } }) => s.indicator.code === 'JJ01');
    expect(gdp.periods).toHaveLength(8);
    expect(gdp.latest.ranking).toHaveLength(6);
    expect(gdp.latest.gaps.every((g: { source: string }) => g.source.includes('统计公报'))).toBe(true);
  });

  it('holds a session\'s suggestions in every state: new, handled, answered, 满意 and published, 不满意 reopened, 基本满意 by telephone', async () => {
    const rows = await t.container.db.selectFrom('suggestions').select(['id', 'status', 'rating', 'round', 'published_at', 'session']).where('session', '=', DEMO_SESSION).execute();
    const states = rows.map((r) => `${r.status}:${r.rating ?? ''}:${r.round}:${r.published_at ? 'public' : ''}`).sort();
    expect(states).toEqual(['answered::1:', 'closed:basic:1:', 'closed:satisfied:1:public', 'handling::1:', 'handling:unsatisfied:2:', 'new::0:']);
    const deputy = await t.login('deputy');
    expect((await deputy.get('/api/suggestions?pageSize=50')).body.data).toHaveLength(6);
    expect((await deputy.get('/api/suggestions/todo')).body.data.toRate.total).toBe(1);
    const dc = await t.login('liaison_dc');
    expect((await dc.get('/api/suggestions/todo')).body.data.toAnswer.total).toBe(2);
    const published = rows.find((r) => r.published_at)!;
    expect((await t.anon().get(`/api/public/suggestions/${published.id}`)).body.data.category).toBe('A');
    const sup = await t.login('supervisor');
    const stats = (await sup.get(`/api/suggestions/stats?by=session&session=${encodeURIComponent(DEMO_SESSION)}`)).body.data[0];
    expect(stats).toMatchObject({ received: 6, assigned: 5, answered: 3, closed: 2, rated: 3, satisfied: 2, satisfiedRate: 66.7 });
    // The telephone rating is recorded as such.
    const basic = rows.find((r) => r.rating === 'basic')!;
    expect((await sup.get(`/api/suggestions/${basic.id}`)).body.data.rounds[0]).toMatchObject({ rating: 'basic', ratingMeans: '电话' });
  });
});
