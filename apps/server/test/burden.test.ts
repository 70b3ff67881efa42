import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { systemActor } from '../src/access/index.ts';
import { testEngines } from './support/test-database.ts';
import { useTestApp } from './support/harness.ts';

const FEB = new Date('2026-02-01T00:00:00Z');
const both = (a: string, b: string) => [a, b].sort().join(' ');

/** The reporting burden (填报负担, issue 12 item 5) over a small fixture in a fresh unit, counted by hand. */
describe.each(testEngines())('reporting burden on %s', (engine) => {
  const t = useTestApp(engine);
  let unit = '';
  const taskOf: Record<string, string> = {};
  const ids: Record<string, string> = {};

  it('builds the fixture: three tasks, a key project and two indicators of one new unit under the district', async () => {
    const db = t.container.db;
    unit = (await t.container.org.create(systemActor(t.tenantId), { parentId: t.unit('SFS-DC'), kind: 'department', code: 'BURDEN-U', name: '负担测试局' })).id;
    const sup = await t.container.auth.loadActor(t.tenantId, await db.selectFrom('users').selectAll().where('username', '=', 'supervisor').executeTakeFirstOrThrow());
    const make = async (key: string, title: string, reportCycle: 'monthly' | 'weekly', reportDueDay: number) => {
      const created = await t.container.tasks.create(sup, { title, leadUnitIds: [unit], deadline: '2026-12-31', startDate: '2026-02-01', reportCycle, reportDueDay, assign: true });
      const part = await db.selectFrom('tasks').select(['id', 'root_id']).where('owner_unit_id', '=', unit).where('title', '=', title).where('root_id', '=', created.id).executeTakeFirstOrThrow();
      taskOf[key] = part.id;
      await db.updateTable('tasks').set({ created_at: FEB } as never).where('root_id', '=', part.root_id).execute();
    };
    // A names the key project below; B and C ask for the same content from two assignments.
    await make('A', '加快新能源产业园建设', 'monthly', 25);
    await make('B', '优化营商环境', 'weekly', 5);
    await make('C', '優化營商環境！', 'monthly', 25);
    const report = (taskId: string, period: string) =>
      db.insertInto('progress_reports').values({ tenant_id: t.tenantId, task_id: taskId, org_unit_id: unit, period, done: '已推进', percent: 10, reported_by: t.userId('liaison_dc'), reported_at: '2026-03-06T02:00:00Z' }).execute();
    await report(taskOf.B!, '2026-W10');
    await report(taskOf.C!, '2026-03');
    ids.project = (await db.insertInto('projects').values({ tenant_id: t.tenantId, code: 'BD-P1', name: '新能源产业园', kind: 'industry', level: 'district', total_investment: 100000, lead_unit_id: unit, start_year: 2026, created_at: FEB }).returning('id').executeTakeFirstOrThrow()).id;
    const indicator = async (code: string, name: string, frequency: 'month' | 'quarter') =>
      (await db.insertInto('indicators').values({ tenant_id: t.tenantId, code, name, direction: 'higher', frequency, unit_id: unit, created_at: FEB }).returning('id').executeTakeFirstOrThrow()).id;
    ids.i1 = await indicator('BD-I1', '规上工业增加值', 'month');
    ids.i2 = await indicator('BD-I2', '規上工業增加值', 'month');
    // A quarterly indicator asks nothing in March (its Q1 value is asked in April).
    ids.i3 = await indicator('BD-I3', '固定资产投资', 'quarter');
    await db.insertInto('indicator_values').values({ tenant_id: t.tenantId, indicator_id: ids.i1, org_unit_id: unit, period: '2026-02', value: 5, entered_at: new Date() }).execute();
  });

  it("counts March's requests by module, filed and duplicate pairs as worked out by hand", async () => {
    const liaison = await t.login('liaison_dc');
    // A: 1 monthly report (due 25 March); B: Fridays 6, 13, 20, 27 March, the first filed; C: 1, filed;
    // the project's February report, due in March, not filed; two monthly indicators' February values, one entered.
    const res = await liaison.get(`/api/burden?month=2026-03&unitId=${unit}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.data.rows).toEqual([
      {
        unit: { id: unit, name: '负担测试局' },
        requested: 9,
        filed: 3,
        duplicates: 3,
        byModule: { task: { requested: 6, filed: 2 }, project: { requested: 1, filed: 0 }, indicator: { requested: 2, filed: 1 } },
        byKind: { progress: { requested: 6, filed: 2 }, project_report: { requested: 1, filed: 0 }, indicator_value: { requested: 2, filed: 1 } },
      },
    ]);
    expect(res.body.data.rule).toContain('重复填报');
    // The district's view holds the unit's row alike.
    const district = await liaison.get(`/api/burden?month=2026-03&unitId=${t.unit('SFS-DC')}`);
    expect(district.body.data.rows.find((r: { unit: { id: string } }) => r.unit.id === unit)).toMatchObject({ requested: 9, filed: 3, duplicates: 3 });
    expect(district.body.data.totals.requested).toBeGreaterThanOrEqual(9);
    // In April the monthly tasks and indicators ask again, B on 4 Fridays (3, 10, 17, 24), the quarterly indicator its Q1 value.
    const april = await liaison.get(`/api/burden?month=2026-04&unitId=${unit}`);
    expect(april.body.data.rows[0]).toMatchObject({ requested: 10, filed: 0, byModule: { task: { requested: 6, filed: 0 }, project: { requested: 1, filed: 0 }, indicator: { requested: 3, filed: 0 } } });
  });

  it('lists the unit\'s requests and flags each duplicate pair with links to both', async () => {
    const liaison = await t.login('liaison_dc');
    const res = await liaison.get(`/api/burden/unit?month=2026-03&unitId=${unit}`);
    expect(res.status).toBe(200);
    const d = res.body.data;
    expect(d.requests).toHaveLength(9);
    expect(d.requests.filter((r: { filed: boolean }) => r.filed).map((r: { period: string }) => r.period).sort()).toEqual(['2026-02', '2026-03', '2026-W10']);
    const pairs = d.pairs.map((p: { a: { link: string }; b: { link: string }; fact: string }) => `${both(p.a.link, p.b.link)} ${p.fact.split(':')[0]}`).sort();
    expect(pairs).toEqual(
      [
        `${both(`/projects/${ids.project}`, `/tasks/${taskOf.A}`)} project`,
        `${both(`/tasks/${taskOf.B}`, `/tasks/${taskOf.C}`)} task`,
        '/indicators /indicators indicator-name',
      ].sort(),
    );
  });

  it('refuses a unit outside the caller\'s scope, a deputy, and a bad month', async () => {
    const liaison = await t.login('liaison_dc');
    expect((await liaison.get(`/api/burden?month=2026-03&unitId=${t.unit('SFS-XC')}`)).status).toBe(404);
    expect((await liaison.get(`/api/burden/unit?month=2026-03&unitId=${t.unit('SFS-XC')}`)).status).toBe(404);
    expect((await liaison.get(`/api/burden/export?month=2026-03&unitId=${t.unit('SFS-XC')}`)).status).toBe(404);
    expect((await (await t.login('deputy')).get('/api/burden?month=2026-03')).status).toBe(403);
    const bad = await liaison.get(`/api/burden?month=2026-13&unitId=${unit}`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('月份应写作 YYYY-MM');
    // The office sees every unit a level at a time: the city's view holds the city and the units
    // directly below it, each with its own requests, so the unit under 东城区 is in 东城区's view only.
    const supervisor = await t.login('supervisor');
    const city = await supervisor.get(`/api/burden?month=2026-03&unitId=${t.unit('SFS')}`);
    expect(city.body.data.rows.find((r: { unit: { id: string } }) => r.unit.id === unit)).toBeUndefined();
    const district = await supervisor.get(`/api/burden?month=2026-03&unitId=${t.unit('SFS-DC')}`);
    expect(district.body.data.rows.find((r: { unit: { id: string } }) => r.unit.id === unit)).toMatchObject({ requested: 9, duplicates: 3 });
    // The way back up: the city for the office; none for the district's liaison, whose scope ends at the district.
    expect(district.body.data.unit.parentId).toBe(t.unit('SFS'));
    expect((await supervisor.get(`/api/burden?month=2026-03&unitId=${t.unit('SFS')}`)).body.data.unit.parentId).toBeNull();
    const liaisonView = await (await t.login('liaison_dc')).get(`/api/burden?month=2026-03&unitId=${t.unit('SFS-DC')}`);
    expect(liaisonView.body.data.unit.parentId).toBeNull();
    expect((await (await t.login('liaison_dc')).get(`/api/burden?month=2026-03&unitId=${unit}`)).body.data.unit.parentId).toBe(t.unit('SFS-DC'));
  });

  it('exports the table and the duplicate pairs as a ledger', async () => {
    const liaison = await t.login('liaison_dc');
    const res = await liaison.get(`/api/burden/export?month=2026-03&unitId=${unit}`);
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.raw as never);
    const main = wb.getWorksheet('填报负担')!;
    expect(main.getCell('A1').text).toBe('负担测试局2026年3月填报负担统计');
    const row = main.getRow(4).values as unknown[];
    expect(row.slice(1, 4)).toEqual([1, '负担测试局', '2/6']);
    expect(row.slice(-3)).toEqual([9, 3, 3]);
    const pairs = wb.getWorksheet('重复填报')!;
    expect(pairs.rowCount).toBe(3 + 3);
  });
});
