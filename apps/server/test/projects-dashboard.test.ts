import { describe, expect, it } from 'vitest';
import { systemActor } from '../src/access/index.ts';
import { docxText } from '../src/lib/document-text.ts';
import { seedScale } from '../src/seed/generate.ts';
import { PROJECT_COUNTS, seedProjects } from '../src/seed/projects.ts';
import { projectDashboard } from '../src/modules/projects/projects.dashboard.ts';
import { compactTenant, counterDrift, recountTenant } from '../src/supervision/counters.ts';
import { testEngines } from './support/test-database.ts';
import { useTestApp } from './support/harness.ts';

/** The project dashboard over HTTP (issue 11): each figure against sums worked out by hand, and scope. */
describe.each(testEngines())('project dashboard on %s', (engine) => {
  const t = useTestApp(engine);
  const units: Record<string, string> = {};
  const ids: Record<string, string> = {};

  it('sums plan and investment by month, counts the stage funnel, ranks districts and places projects with coordinates', async () => {
    const org = t.container.org;
    const sys = systemActor(t.tenantId);
    units.d1 = (await org.create(sys, { parentId: t.unit('SFS'), kind: 'district', code: 'KB-D1', name: '看板一区' })).id;
    units.d1street = (await org.create(sys, { parentId: units.d1, kind: 'street', code: 'KB-D1-S', name: '看板一区街道' })).id;
    units.d2 = (await org.create(sys, { parentId: t.unit('SFS'), kind: 'district', code: 'KB-D2', name: '看板二区' })).id;
    const supervisor = await t.login('supervisor');
    const project = async (code: string, unitId: string, total: number, planned: number, extra: Record<string, unknown> = {}) => {
      const res = await supervisor.post('/api/projects', { code, name: `${code} 项目`, kind: 'industry', level: 'district', totalInvestment: total, leadUnitId: unitId, startYear: 2026, yearPlans: [{ year: 2026, planned }], ...extra });
      expect(res.status).toBe(201);
      return res.body.project.id as string;
    };
    const report = async (id: string, period: string, invested: number) => expect((await supervisor.post(`/api/projects/${id}/reports`, { period, invested, progress: '施工' })).status).toBe(201);
    const p1 = await project('KB-1', units.d1, 1000, 1200, { longitude: 116.1, latitude: 39.1, milestones: [{ stage: 'signed', actualDate: '2026-01-10' }] });
    const p2 = await project('KB-2', units.d1street, 500, 600);
    const p3 = await project('KB-3', units.d2, 2000, 1000);
    Object.assign(ids, { p1, p2, p3 });
    await report(p1, '2026-01', 100);
    await report(p1, '2026-02', 200);
    await report(p1, '2025-12', 999); // last year: not in 2026's figures
    await report(p2, '2026-02', 50);
    await report(p3, '2026-02', 100);

    const d1 = await supervisor.get(`/api/projects/dashboard?year=2026&unitId=${units.d1}`);
    expect(d1.status).toBe(200);
    // Plans 1,200 + 600 = 1,800, spread 150 a month; January 100, February 200 + 50.
    expect(d1.body).toMatchObject({ year: 2026, yearPlanned: 1800, yearInvested: 350 });
    expect(d1.body.months).toHaveLength(12);
    expect(d1.body.months.slice(0, 3)).toEqual([
      { period: '2026-01', planned: 150, invested: 100, plannedCumulative: 150, investedCumulative: 100 },
      { period: '2026-02', planned: 150, invested: 250, plannedCumulative: 300, investedCumulative: 350 },
      { period: '2026-03', planned: 150, invested: 0, plannedCumulative: 450, investedCumulative: 350 },
    ]);
    expect(d1.body.months[11]).toMatchObject({ period: '2026-12', plannedCumulative: 1800, investedCumulative: 350 });
    expect(d1.body.funnel).toEqual([
      { stage: 'planning', count: 1, totalInvestment: 500 },
      { stage: 'signed', count: 1, totalInvestment: 1000 },
      { stage: 'started', count: 0, totalInvestment: 0 },
      { stage: 'building', count: 0, totalInvestment: 0 },
      { stage: 'completed', count: 0, totalInvestment: 0 },
      { stage: 'producing', count: 0, totalInvestment: 0 },
    ]);
    expect(d1.body.points).toEqual([{ id: p1, code: 'KB-1', name: 'KB-1 项目', longitude: 116.1, latitude: 39.1, stage: 'signed', light: 'green', totalInvestment: 1000 }]);
    expect(d1.body.districts).toEqual([{ unitId: units.d1, name: '看板一区', projects: 2, planned: 1800, invested: 350, rate: 19.4 }]);

    // Over the whole city: district one (350 of 1,800, 19.4 %) ranks above district two (100 of 1,000, 10 %).
    const all = (await supervisor.get('/api/projects/dashboard?year=2026')).body;
    const ranked = all.districts.filter((d: { unitId: string }) => d.unitId === units.d1 || d.unitId === units.d2);
    expect(ranked).toEqual([
      { unitId: units.d1, name: '看板一区', projects: 2, planned: 1800, invested: 350, rate: 19.4 },
      { unitId: units.d2, name: '看板二区', projects: 1, planned: 1000, invested: 100, rate: 10 },
    ]);
    expect(all.yearPlanned).toBeGreaterThanOrEqual(2800);
  });

  it('counts only projects in the caller\'s scope, and names a bad year', async () => {
    const dc = await t.login('liaison_dc');
    const none = (await dc.get(`/api/projects/dashboard?year=2026&unitId=${units.d1}`)).body;
    expect(none).toMatchObject({ yearPlanned: 0, yearInvested: 0, points: [], districts: [] });
    expect(none.funnel.every((f: { count: number }) => f.count === 0)).toBe(true);
    const own = (await dc.get('/api/projects/dashboard?year=2026')).body;
    expect(own.districts.map((d: { unitId: string }) => d.unitId)).not.toContain(units.d1);
    expect(own.points.map((p: { code: string }) => p.code)).not.toContain('KB-1');
    const bad = await dc.get('/api/projects/dashboard?year=abc');
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].field).toBe('year');
  });

  it('writes the monthly bulletin in Word: totals to the month, districts, stages, the month\'s problems and lit projects', async () => {
    const supervisor = await t.login('supervisor');
    const raised = await supervisor.post(`/api/projects/${ids.p3}/reports`, { period: '2026-01', invested: 0, progress: '前期', problems: ['看板二区用地报批需协调'] });
    expect(raised.status).toBe(201);
    const feb = await supervisor.get('/api/projects/bulletin.docx?period=2026-02');
    expect(feb.status).toBe(200);
    expect(feb.headers['content-type']).toContain('wordprocessingml');
    const text = await docxText(new Uint8Array(feb.raw));
    for (const s of ['重点项目建设月度简报', '（2026年2月', '一、总体情况', '（一）投资完成情况', '（二）项目推进情况', '二、需协调解决的问题', '三、亮灯项目', '看板一区', '19.4%', '看板二区', '10%']) expect(text, s).toContain(s);
    const jan = await docxText(new Uint8Array((await supervisor.get('/api/projects/bulletin.docx?period=2026-01')).raw));
    expect(jan).toContain('看板二区用地报批需协调');
    expect(jan).toContain('待协调');
    // District one counted only up to January: 100 of 1,800.
    expect(jan).toContain('5.6%');
    const dc = await t.login('liaison_dc');
    expect(await docxText(new Uint8Array((await dc.get('/api/projects/bulletin.docx?period=2026-01')).raw))).not.toContain('看板二区用地报批需协调');
    const bad = await dc.get('/api/projects/bulletin.docx?period=2026-13');
    expect(bad.body.error.details[0].field).toBe('period');
    expect((await dc.get('/api/projects/bulletin.docx?period=2026-09')).body.error.details).toEqual([{ field: 'period', message: '不能生成未来月份的简报' }]);
  });

  it('generates projects with twelve monthly reports each and leads, which the dashboard and the report form serve', async () => {
    const org = await seedScale(t.container.database, 'district', t.container.audit);
    const seeded = await seedProjects(t.container.database, org.tenantId, 'district');
    expect(seeded).toEqual({ projects: PROJECT_COUNTS.district.projects, reports: PROJECT_COUNTS.district.projects * 12, leads: PROJECT_COUNTS.district.leads });
    const db = t.container.db;
    // The running total of each project's newest report is twelve times its month.
    const totals = await db.selectFrom('project_reports').select(['invested', 'cumulative', 'period']).where('tenant_id', '=', org.tenantId).orderBy('period', 'desc').limit(5).execute();
    for (const r of totals) expect(Number(r.cumulative)).toBe(Number(r.invested) * 12);
    const root = await db.selectFrom('users as u').innerJoin('org_units as o', 'o.id', 'u.org_unit_id').selectAll('u').where('u.tenant_id', '=', org.tenantId).where('o.parent_id', 'is', null).where('u.username', 'like', '%-2').executeTakeFirstOrThrow();
    const actor = await t.container.auth.loadActor(org.tenantId, root);
    const year = Number(totals[0]!.period.slice(0, 4));
    const dash = await t.container.projects.dashboard(actor, { year });
    const planned = await db.selectFrom('project_year_plans').select((eb) => eb.fn.sum<string>('planned').as('s')).where('tenant_id', '=', org.tenantId).where('year', '=', year).executeTakeFirstOrThrow();
    expect(dash.yearPlanned).toBe(Number(planned.s));
    expect(dash.funnel.reduce((s, f) => s + f.count, 0)).toBe(PROJECT_COUNTS.district.projects);
    expect(dash.points).toHaveLength(PROJECT_COUNTS.district.projects);
    expect(dash).toMatchObject({ mapped: PROJECT_COUNTS.district.projects, clusters: [] });
    // More projects with coordinates than the map shows apart: groups by place that hold every one, each with the worst light in it.
    const grouped = await projectDashboard(db, actor, { year }, 50);
    expect(grouped.points).toEqual([]);
    expect(grouped.clusters.length).toBeGreaterThan(1);
    expect(grouped.clusters.length).toBeLessThan(PROJECT_COUNTS.district.projects);
    expect(grouped.clusters.reduce((n, c) => n + c.count, 0)).toBe(PROJECT_COUNTS.district.projects);
    expect(grouped.clusters.reduce((n, c) => n + c.totalInvestment, 0)).toBeCloseTo(dash.points.reduce((n, p) => n + p.totalInvestment, 0), 2);
    for (const light of ['red', 'yellow'] as const) expect(grouped.clusters.some((c) => c.light === light), light).toBe(dash.points.some((p) => p.light === light));
  });

  it('keeps the sums per unit in step with the projects as they move, change and go, and a reader of part of the tree gets the same figures counted', async () => {
    const supervisor = await t.login('supervisor');
    const db = t.container.db;
    // A reader whose scope lists units (not a subtree) is answered by counting the projects.
    const narrow = await t.container.users.create(systemActor(t.tenantId), { username: 'kb_units', displayName: '看板 列举单位', orgUnitId: t.unit('SFS'), password: 'Matrix#2026kq', grants: [{ role: 'supervisor', scopeKind: 'units', unitIds: [units.d1!, units.d1street!, units.d2!] }] });
    await db.updateTable('users').set({ must_change_password: false }).where('id', '=', narrow.id).execute();
    const listed = await t.login('kb_units', 'Matrix#2026kq');
    const figures = (b: { yearPlanned: number; yearInvested: number; months: unknown[]; funnel: unknown[]; districts: unknown[] }) => ({ yearPlanned: b.yearPlanned, yearInvested: b.yearInvested, months: b.months, funnel: b.funnel, districts: b.districts });
    const same = async (unit: string) => {
      const q = `/api/projects/dashboard?year=2026&unitId=${unit}`;
      const summed = await supervisor.get(q);
      const counted = await listed.get(q);
      expect(summed.status).toBe(200);
      expect(counted.status).toBe(200);
      expect(figures(summed.body)).toEqual(figures(counted.body));
      return summed.body;
    };
    const drift = async () => (await counterDrift(db, t.tenantId)).filter((r) => r.kind === 'project');
    expect(await drift()).toEqual([]);
    await same(units.d1!);
    // The street's project moves to district two, and its total grows; a new project is planned in district two, then deleted.
    expect((await supervisor.patch(`/api/projects/${ids.p2}`, { leadUnitId: units.d2, totalInvestment: 800 })).status).toBe(200);
    const p4 = await supervisor.post('/api/projects', { code: 'KB-4', name: 'KB-4 项目', kind: 'ecology', level: 'district', totalInvestment: 300, leadUnitId: units.d2, startYear: 2026, yearPlans: [{ year: 2026, planned: 250 }] });
    expect(p4.status).toBe(201);
    const mid = await same(units.d2!);
    expect(mid).toMatchObject({ yearPlanned: 1000 + 600 + 250, yearInvested: 100 + 50 });
    expect((await supervisor.patch(`/api/projects/${p4.body.project.id}`, { yearPlans: [{ year: 2026, planned: 400 }] })).status).toBe(200);
    expect((await same(units.d2!)).yearPlanned).toBe(1000 + 600 + 400);
    expect((await supervisor.delete(`/api/projects/${p4.body.project.id}`)).status).toBe(200);
    const d2 = await same(units.d2!);
    expect(d2).toMatchObject({ yearPlanned: 1600, yearInvested: 150 });
    expect(d2.districts).toEqual([{ unitId: units.d2, name: '看板二区', projects: 2, planned: 1600, invested: 150, rate: 9.4 }]);
    expect((await same(units.d1!)).districts).toEqual([{ unitId: units.d1, name: '看板一区', projects: 1, planned: 1200, invested: 300, rate: 25 }]);
    // A unit inside a district is ranked as its district, with the unit's own figures.
    expect((await same(units.d1street!)).districts).toEqual([]);
    expect(await drift()).toEqual([]);
    await db.transaction().execute((tx) => compactTenant(tx, t.tenantId));
    expect(await drift()).toEqual([]);
    await same(units.d2!);
    await db.transaction().execute((tx) => recountTenant(tx, t.tenantId, '2026-03-02'));
    expect(await drift()).toEqual([]);
    expect((await same(units.d1!)).yearInvested).toBe(300);
    // The map in groups: from the place sums for the supervisor, from the projects for the listed reader — the same one group here.
    const actorOf = async (username: string) => t.container.auth.loadActor(t.tenantId, await db.selectFrom('users').selectAll().where('tenant_id', '=', t.tenantId).where('username', '=', username).executeTakeFirstOrThrow());
    const one = [{ name: null, longitude: 116.1, latitude: 39.1, count: 1, totalInvestment: 1000, light: 'green' }];
    for (const username of ['supervisor', 'kb_units']) {
      const map = await projectDashboard(db, await actorOf(username), { year: 2026, unitId: units.d1 }, 0);
      expect(map, username).toMatchObject({ mapped: 1, points: [], clusters: one });
    }
  });
});
