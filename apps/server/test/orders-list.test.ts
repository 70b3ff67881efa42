import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { Actor } from '../src/access/index.ts';
import { testEngines } from './support/test-database.ts';
import { useTestApp, type TestContext } from './support/harness.ts';

async function actor(t: TestContext, username: string): Promise<Actor> {
  const u = await t.container.db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirstOrThrow();
  return t.container.auth.loadActor(t.tenantId, u);
}

type Row = { id: string; number: string; level: string; status: string; taskTitle: string; recipientUnitName: string };

describe.each(testEngines())('督办单台账 (the order list) on %s', (engine) => {
  const t = useTestApp(engine);

  it('lists the orders in scope, waiting ones first, with filters, and exports them as a printable sheet', async () => {
    const sup = await actor(t, 'supervisor');
    const dcTask = await t.container.tasks.create(sup, { title: '老旧小区加装电梯', leadUnitIds: [t.unit('SFS-DC')], deadline: '2026-06-30' });
    const xcTask = await t.container.tasks.create(sup, { title: '背街小巷环境整治', leadUnitIds: [t.unit('SFS-XC')], deadline: '2026-06-30' });
    const red = await t.container.followUps.issueOrder(sup, dcTask.id, { level: 'red', matter: '电梯加装进度滞后', replyDeadline: '2026-03-05' });
    const blue = await t.container.followUps.issueOrder(sup, xcTask.id, { level: 'blue', matter: '请按月报送整治进展', replyDeadline: '2026-03-04' });
    await t.container.followUps.replyOrder(await actor(t, 'liaison_dc'), red.id, '已制定整改方案');

    const client = await t.login('supervisor');
    const list = async (c: typeof client, query = '') => {
      const res = await c.get(`/api/orders${query}`);
      expect(res.status).toBe(200);
      return (res.body as { data: Row[]; page: { total: number } }).data.filter((r) => r.id === red.id || r.id === blue.id);
    };
    // Waiting for a reply comes before replied.
    expect((await list(client)).map((r) => [r.number, r.status, r.taskTitle, r.recipientUnitName])).toEqual([
      [blue.number, 'open', '背街小巷环境整治', '西城区'],
      [red.number, 'replied', '老旧小区加装电梯', '东城区'],
    ]);
    // A unit sees its own orders only.
    expect((await list(await t.login('liaison_dc'))).map((r) => r.id)).toEqual([red.id]);
    expect((await list(await t.login('liaison_xc'))).map((r) => r.id)).toEqual([blue.id]);
    // Filters: status, level, a number, a task title written in traditional characters.
    expect((await list(client, '?status=replied')).map((r) => r.id)).toEqual([red.id]);
    expect((await list(client, '?level=blue')).map((r) => r.id)).toEqual([blue.id]);
    expect((await list(client, `?q=${encodeURIComponent(red.number!)}`)).map((r) => r.id)).toEqual([red.id]);
    expect((await list(client, `?q=${encodeURIComponent('背街小巷環境')}`)).map((r) => r.id)).toEqual([blue.id]);
    expect((await client.get('/api/orders?level=green')).status).toBe(400);

    // Past its reply deadline without an answer, the blue one is 回复逾期; the replied one is not.
    t.clock.set('2026-03-06T02:00:00Z');
    const later = await t.login('supervisor');
    expect((await list(later, '?replyOverdue=true')).map((r) => r.id)).toEqual([blue.id]);

    const res = await later.get('/api/orders/export');
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.raw as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(ws.name).toBe('督办单台账');
    expect(ws.getCell('A1').value).toBe('督办单台账');
    expect((ws.getRow(3).values as unknown[]).slice(1)).toEqual(['序号', '编号', '级别', '任务', '承办单位', '督办事项', '回复期限', '状态', '下发日期', '回复内容', '办结日期']);
    const rows = [];
    for (let r = 4; r <= ws.rowCount; r++) rows.push((ws.getRow(r).values as unknown[]).slice(2, 11));
    expect(rows).toContainEqual([red.number, '红色', '老旧小区加装电梯', '东城区', '电梯加装进度滞后', new Date('2026-03-05T00:00:00Z'), '已回复待办结', new Date('2026-03-02T00:00:00Z'), '已制定整改方案']);
  });
});
