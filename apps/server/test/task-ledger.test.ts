import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { Actor } from '../src/access/index.ts';
import { multipartBody, useTestApp, type TestContext } from './support/harness.ts';
import { testEngines } from './support/test-database.ts';

async function actor(t: TestContext, username: string): Promise<Actor> {
  const u = await t.container.db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirstOrThrow();
  return t.container.auth.loadActor(t.tenantId, u);
}

async function workbook(raw: unknown): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(raw as ArrayBuffer);
  return wb;
}

const HEADERS = ['序号', '任务', '工作内容', '牵头单位', '配合单位', '责任领导', '完成时限', '进度', '最新进展', '灯', '状态', '任务编号'];

/** The data rows of an exported 台账 by 任务编号 (column L), with their sheet row numbers. */
function rowsByNumber(ws: ExcelJS.Worksheet): Map<string, ExcelJS.Row> {
  const out = new Map<string, ExcelJS.Row>();
  for (let r = 4; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    const id = String(row.getCell(12).value ?? '');
    if (id) out.set(id, row);
  }
  return out;
}

describe.each(testEngines())('task 台账 export and import on %s', (engine) => {
  const t = useTestApp(engine);

  it('exports a printable 台账 in the template columns, without cancelled tasks unless asked', async () => {
    const sup = await actor(t, 'supervisor');
    const cancelled = await t.container.tasks.create(sup, { title: '已取消的台账任务', leadUnitIds: [t.unit('SFS-DC')], deadline: '2026-06-30' });
    await t.container.tasks.cancel(sup, cancelled.id, '不再需要');
    const kept = await t.container.tasks.create(sup, { title: '台账保留任务', content: '具体措施', leadUnitIds: [t.unit('SFS-DC')], coUnitIds: [t.unit('SFS-XC')], responsibleLeaderIds: [t.userId('leader')], deadline: '2026-06-30' });
    await t.container.tasks.report(await actor(t, 'liaison_dc'), kept.id, { done: '完成摸底调查', percent: 40 });
    const client = await t.login('supervisor');

    const res = await client.get('/api/tasks/export');
    expect(res.status).toBe(200);
    const wb = await workbook(res.raw);
    const ws = wb.worksheets[0]!;
    expect(ws.name).toBe('任务台账');
    expect(ws.getCell('A1').value).toBe('督查任务台账');
    expect(ws.getCell('A1').isMerged).toBe(true);
    expect(String(ws.getCell('A2').value)).toMatch(/^截至2026年3月2日，共 \d+ 项$/);
    expect((ws.getRow(3).values as unknown[]).slice(1)).toEqual(HEADERS);
    // Print setup: A4 landscape, one page wide, title rows on every page, the number column not printed.
    expect(ws.pageSetup).toMatchObject({ orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '1:3' });
    expect(ws.pageSetup.printArea).toMatch(new RegExp(`^\\$?A\\$?1:\\$?K\\$?${ws.rowCount}$`));
    expect(ws.headerFooter.oddFooter).toContain('&P');
    const rows = rowsByNumber(ws);
    expect(rows.size).toBe(ws.rowCount - 3);
    expect(rows.has(cancelled.id)).toBe(false);
    const row = rows.get(kept.id)!;
    expect(row.getCell(2).border?.left?.style).toBe('thin');
    expect(row.getCell(2).alignment?.wrapText).toBe(true);
    // Deadlines are real dates, progress a number; units, leader, latest progress, light and status in words.
    expect((row.values as unknown[]).slice(2, 12)).toEqual(['台账保留任务', '具体措施', '东城区', '西城区', '李市长', new Date('2026-06-30T00:00:00Z'), 40, '2026-03-02 完成摸底调查', '绿灯', '推进中']);
    expect(row.getCell(7).numFmt).toContain('yyyy');
    // The template has exactly these columns.
    const template = (await workbook((await client.get('/api/tasks/import/template')).raw)).worksheets[0]!;
    expect((template.getRow(3).values as unknown[]).slice(1)).toEqual(HEADERS);

    // Every task the filter finds is on the sheet, well past one list page (the export was cut at 200 rows).
    await sql`INSERT INTO tasks SELECT (jsonb_populate_record(t, jsonb_build_object('id', gen_random_uuid(), 'title', '台账批量任务' || g))).* FROM tasks t, generate_series(1, 250) g WHERE t.id = ${kept.id}::uuid`.execute(t.container.db);
    const open = await t.container.db.selectFrom('tasks').select((eb) => eb.fn.countAll<number>().as('n')).where('tenant_id', '=', t.tenantId).where('deleted_at', 'is', null).where('status', '<>', 'cancelled').executeTakeFirstOrThrow();
    expect(Number(open.n)).toBeGreaterThan(250);
    const big = rowsByNumber((await workbook((await client.get('/api/tasks/export')).raw)).worksheets[0]!);
    expect(big.size).toBe(Number(open.n));

    const all = await workbook((await client.get('/api/tasks/export?includeCancelled=true')).raw);
    expect(rowsByNumber(all.worksheets[0]!).has(cancelled.id)).toBe(true);
    const byStatus = await workbook((await client.get('/api/tasks/export?status=cancelled')).raw);
    expect([...rowsByNumber(byStatus.worksheets[0]!).keys()]).toEqual([cancelled.id]);

    const list = await workbook((await client.get(`/api/org-units/${t.unit('SFS-DC')}/responsibilities/export`)).raw);
    expect(list.worksheets[0]!.name).toBe('责任清单');
    expect(String(list.worksheets[0]!.getCell('A1').value)).toMatch(/责任清单$/);
  });

  it('imports an edited export back: known rows update their tasks, a new row creates one, nothing else changes', async () => {
    t.clock.set('2026-03-03T02:00:00Z');
    const sup = await actor(t, 'supervisor');
    const a = await t.container.tasks.create(sup, { title: '台账甲', content: '原内容', leadUnitIds: [t.unit('SFS-DC')], coUnitIds: [t.unit('SFS-XC')], deadline: '2026-06-30' });
    const b = await t.container.tasks.create(sup, { title: '台账乙', leadUnitIds: [t.unit('SFS-XC')], deadline: '2026-09-30' });
    const c = await t.container.tasks.create(sup, { title: '台账丙', leadUnitIds: [t.unit('SFS-DC'), t.unit('SFS-XC')], deadline: '2026-12-31' });
    const client = await t.login('supervisor');
    const file = await workbook((await client.get('/api/tasks/export')).raw);
    const ws = file.worksheets[0]!;
    const rows = rowsByNumber(ws);
    const before = await t.container.db.selectFrom('tasks').select(['id', 'updated_at']).where('tenant_id', '=', t.tenantId).execute();

    // As a person would in Excel: retitle 甲 and rewrite its content, move 乙's deadline, give 丙 a leader, add a row.
    rows.get(a.id)!.getCell(2).value = '台账甲(修改)';
    rows.get(a.id)!.getCell(3).value = '新的工作内容';
    rows.get(b.id)!.getCell(7).value = new Date('2026-10-31T00:00:00Z');
    rows.get(c.id)!.getCell(6).value = '李市长';
    const added = ws.getRow(ws.rowCount + 1);
    added.values = [99, '台账新增任务', '新增的内容', '西城区', '', '', '2026年11月30日'];
    const edited = Buffer.from(await file.xlsx.writeBuffer());

    const upload = (bytes: Buffer, dryRun: boolean) => {
      const { body, headers } = multipartBody('台账.xlsx', bytes);
      return client.request('POST', `/api/tasks/import${dryRun ? '?dryRun=true' : ''}`, body, headers);
    };
    const preview = await upload(edited, true);
    expect(preview.status).toBe(200);
    expect(preview.body.data).toMatchObject({ created: 0, updated: 0 });
    const actionOf = (row: number) => preview.body.data.rows.find((r: { row: number }) => r.row === row)?.action;
    expect([actionOf(rows.get(a.id)!.number), actionOf(rows.get(b.id)!.number), actionOf(rows.get(c.id)!.number), actionOf(added.number)]).toEqual(['update', 'update', 'update', 'create']);
    expect(preview.body.data.rows.filter((r: { action: string }) => r.action !== 'unchanged')).toHaveLength(4);
    // The dry run wrote nothing.
    expect((await t.container.db.selectFrom('tasks').select('title').where('id', '=', a.id).executeTakeFirstOrThrow()).title).toBe('台账甲');

    const res = await upload(edited, false);
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ created: 1, updated: 3 });
    const get = (id: string) => t.container.db.selectFrom('tasks').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(await get(a.id)).toMatchObject({ title: '台账甲(修改)', content: '新的工作内容', deadline: '2026-06-30' });
    // The co part follows the retitled task through the normal edit path.
    const coPart = await t.container.db.selectFrom('tasks').selectAll().where('parent_id', '=', a.id).executeTakeFirstOrThrow();
    expect(coPart.title).toBe('台账甲(修改)（配合）');
    expect(await get(b.id)).toMatchObject({ title: '台账乙', deadline: '2026-10-31' });
    expect((await get(c.id)).responsible_leader_ids).toEqual([t.userId('leader')]);
    const events = await t.container.db.selectFrom('task_events').select('comment').where('task_id', '=', b.id).where('kind', '=', 'edit').execute();
    expect(events.map((e) => e.comment)).toEqual(['修改了完成时限']);

    // Nothing else: every other task is untouched, and only the new row's task was created.
    const after = await t.container.db.selectFrom('tasks').select(['id', 'updated_at', 'title']).where('tenant_id', '=', t.tenantId).execute();
    const touched = new Set([a.id, coPart.id, b.id, c.id]);
    const was = new Map(before.map((r) => [r.id, r.updated_at.getTime()]));
    for (const row of after) {
      if (touched.has(row.id)) continue;
      if (!was.has(row.id)) expect(row.title).toBe('台账新增任务');
      else expect(row.updated_at.getTime(), row.title).toBe(was.get(row.id));
    }
    expect(after.filter((r) => !was.has(r.id))).toHaveLength(1);
  });

  it('refuses the whole sheet when one row is wrong, naming its row and column', async () => {
    const sup = await actor(t, 'supervisor');
    const a = await t.container.tasks.create(sup, { title: '台账丁', leadUnitIds: [t.unit('SFS-DC')], deadline: '2026-06-30' });
    const client = await t.login('supervisor');
    const upload = async (edit: (ws: ExcelJS.Worksheet, rows: Map<string, ExcelJS.Row>) => void) => {
      const file = await workbook((await client.get('/api/tasks/export?includeCancelled=true')).raw);
      const ws = file.worksheets[0]!;
      edit(ws, rowsByNumber(ws));
      const { body, headers } = multipartBody('台账.xlsx', Buffer.from(await file.xlsx.writeBuffer()));
      return client.request('POST', '/api/tasks/import', body, headers);
    };
    const count = async () => Number((await t.container.db.selectFrom('tasks').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const tasksBefore = await count();

    // A good edit and a changed lead unit in the same sheet: nothing is written.
    let rowNumber = 0;
    const moved = await upload((ws, rows) => {
      rows.get(a.id)!.getCell(2).value = '台账丁(不应写入)';
      const other = [...rows.entries()].find(([id]) => id !== a.id)!;
      rowNumber = other[1].number;
      other[1].getCell(4).value = '市财政局';
    });
    expect(moved.status).toBe(400);
    expect(moved.body.error.code).toBe('IMPORT_INVALID');
    expect(moved.body.error.details[0]).toMatchObject({ row: rowNumber, column: '牵头单位' });
    expect((await t.container.db.selectFrom('tasks').select('title').where('id', '=', a.id).executeTakeFirstOrThrow()).title).toBe('台账丁');

    const unknown = await upload((_ws, rows) => {
      rows.get(a.id)!.getCell(12).value = '00000000-0000-4000-8000-000000000000';
      rowNumber = rows.get(a.id)!.number;
    });
    expect(unknown.body.error.details[0]).toMatchObject({ row: rowNumber, column: '任务编号' });
    expect(unknown.body.error.message).toContain(`第 ${rowNumber} 行“任务编号”列`);

    const leader = await upload((_ws, rows) => {
      rows.get(a.id)!.getCell(6).value = '王不存在';
      rowNumber = rows.get(a.id)!.number;
    });
    expect(leader.body.error.details[0]).toMatchObject({ row: rowNumber, column: '责任领导' });

    expect(await count()).toBe(tasksBefore);

    // A cancelled task is not edited by an import, as it is not by hand; left unchanged, its row is fine.
    const gone = await t.container.tasks.create(sup, { title: '台账戊', leadUnitIds: [t.unit('SFS-DC')], deadline: '2026-06-30' });
    await t.container.tasks.cancel(sup, gone.id, '不再需要');
    const closed = await upload((_ws, rows) => {
      rows.get(gone.id)!.getCell(2).value = '台账戊(改)';
      rowNumber = rows.get(gone.id)!.number;
    });
    expect(closed.body.error.details[0]).toMatchObject({ row: rowNumber, column: '任务编号', message: expect.stringMatching(/交办方|未办结/) });
    const untouched = await upload(() => {});
    expect(untouched.status).toBe(200);
    expect(untouched.body.data).toMatchObject({ created: 0, updated: 0 });
  });
});
