import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { testEngines } from './support/test-database.ts';
import { useTestApp, type Client } from './support/harness.ts';

async function xlsx(rows: (string | number | null)[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('组织机构');
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function multipart(file: Buffer, name = 'units.xlsx'): { payload: Buffer; headers: Record<string, string> } {
  const boundary = '----luoshitest';
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return { payload: Buffer.concat([head, file, tail]), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

async function upload(client: Client, file: Buffer) {
  const { payload, headers } = multipart(file);
  return client.request('POST', '/api/org-units/import', payload, headers);
}

describe.each(testEngines())('organisation tree on %s', (engine) => {
  const t = useTestApp(engine);

  async function closure(id: string) {
    return t.container.db.selectFrom('org_closure').select(['ancestor_id', 'depth']).where('descendant_id', '=', id).orderBy('depth').execute();
  }

  it('creates a unit with closure rows to every ancestor, and records it in the audit log', async () => {
    const admin = await t.login('admin');
    const res = await admin.post('/api/org-units', { parentId: t.unit('SFS-DC'), kind: 'department', code: 'SFS-DC-NEW1', name: '东城区数据局' });
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({ name: '东城区数据局', depth: 2, parentId: t.unit('SFS-DC') });
    expect(res.body.data.path.map((p: { name: string }) => p.name)).toEqual(['示范市（演示数据）', '东城区']);
    const rows = await closure(res.body.data.id);
    expect(rows.map((r) => [r.ancestor_id, r.depth])).toEqual([
      [res.body.data.id, 0],
      [t.unit('SFS-DC'), 1],
      [t.unit('SFS'), 2],
    ]);
    const audit = await t.container.db.selectFrom('audit_log').selectAll().where('entity_id', '=', res.body.data.id).execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'org.create', actor_name: '系统管理员' });
  });

  it('refuses a duplicate code with a conflict naming the problem', async () => {
    const admin = await t.login('admin');
    const res = await admin.post('/api/org-units', { parentId: t.unit('SFS-DC'), kind: 'department', code: 'SFS-DC-BGS', name: '重复' });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('CONFLICT');
  });

  it('names the invalid field in Chinese on bad input', async () => {
    const admin = await t.login('admin');
    const res = await admin.post('/api/org-units', { parentId: t.unit('SFS-DC'), kind: 'planet', code: 'X1', name: '' });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION');
    expect(res.body.error.details.map((d: { field: string }) => d.field)).toEqual(expect.arrayContaining(['kind', 'name']));
    expect(res.body.error.message).toMatch(/字段/);
  });

  it('moves a subtree, rewriting closure rows and depths, and refuses to move a unit under its own descendant', async () => {
    const admin = await t.login('admin');
    const street = t.unit('SFS-XC-J01');
    const moved = await admin.post(`/api/org-units/${t.unit('SFS-XC')}/move`, { parentId: t.unit('SFS-FGW') });
    expect(moved.status).toBe(200);
    expect(moved.body.data.depth).toBe(2);
    expect((await closure(street)).map((r) => r.ancestor_id)).toEqual([street, t.unit('SFS-XC'), t.unit('SFS-FGW'), t.unit('SFS')]);
    const streetRow = await t.container.db.selectFrom('org_units').select('depth').where('id', '=', street).executeTakeFirstOrThrow();
    expect(streetRow.depth).toBe(3);
    const cycle = await admin.post(`/api/org-units/${t.unit('SFS-XC')}/move`, { parentId: street });
    expect(cycle.status).toBe(400);
    expect(cycle.body.error.message).toMatch(/下级/);
    const back = await admin.post(`/api/org-units/${t.unit('SFS-XC')}/move`, { parentId: t.unit('SFS') });
    expect(back.status).toBe(200);
    expect((await closure(street)).map((r) => r.ancestor_id)).toEqual([street, t.unit('SFS-XC'), t.unit('SFS')]);
  });

  it('deactivates rather than deletes a unit with users, and deletes an empty one', async () => {
    const admin = await t.login('admin');
    const withUsers = await admin.delete(`/api/org-units/${t.unit('SFS-DCS')}`);
    expect(withUsers.status).toBe(409);
    expect(withUsers.body.error.message).toMatch(/只能停用/);
    const off = await admin.post(`/api/org-units/${t.unit('SFS-MZJ')}/deactivate`);
    expect(off.status).toBe(200);
    expect(off.body.data.active).toBe(false);
    const parentOff = await admin.post(`/api/org-units/${t.unit('SFS-LJ')}/deactivate`);
    expect(parentOff.status).toBe(409);
    const created = await admin.post('/api/org-units', { parentId: t.unit('SFS-NH'), kind: 'other', code: 'SFS-NH-TMP', name: '临时专班' });
    const del = await admin.delete(`/api/org-units/${created.body.data.id}`);
    expect(del.status).toBe(200);
    expect(await closure(created.body.data.id)).toEqual([]);
    expect((await admin.get(`/api/org-units/${created.body.data.id}`)).status).toBe(404);
  });

  it('finds units by Traditional-script search of a Simplified name', async () => {
    const admin = await t.login('admin');
    const res = await admin.get(`/api/org-units?q=${encodeURIComponent('東華街道')}`);
    expect(res.status).toBe(200);
    expect(res.body.data.map((u: { name: string }) => u.name)).toEqual(['东华街道']);
    expect(res.body.page.total).toBe(1);
  });

  it('pages lists with a total', async () => {
    const admin = await t.login('admin');
    const res = await admin.get('/api/org-units?pageSize=5&page=2');
    expect(res.body.data).toHaveLength(5);
    expect(res.body.page).toMatchObject({ page: 2, pageSize: 5 });
    expect(res.body.page.total).toBeGreaterThan(55);
  });

  it('imports a sheet with parents defined later in the same file, and updates existing codes', async () => {
    const admin = await t.login('admin');
    const file = await xlsx([
      ['编码', '名称', '上级编码', '类型', '简称'],
      ['IMP-CHILD', '新区第一街道', 'IMP-ROOT', '乡镇(街道)', ''],
      ['IMP-ROOT', '示范新区', 'SFS', '县(市、区)', '新区'],
      ['SFS-NH-FGJ', '南湖区发展改革局(更名)', 'SFS-NH', '部门', ''],
    ]);
    const res = await upload(admin, file);
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({ created: 2, updated: 1 });
    const child = await t.container.db.selectFrom('org_units').selectAll().where('code', '=', 'IMP-CHILD').executeTakeFirstOrThrow();
    expect(child.depth).toBe(2);
    expect((await closure(child.id))).toHaveLength(3);
    const renamed = await t.container.db.selectFrom('org_units').select('name').where('code', '=', 'SFS-NH-FGJ').executeTakeFirstOrThrow();
    expect(renamed.name).toBe('南湖区发展改革局(更名)');
  });

  it('rejects a sheet with bad rows naming each row and column, and writes nothing', async () => {
    const admin = await t.login('admin');
    const before = await t.container.db.selectFrom('org_units').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const file = await xlsx([
      ['编码', '名称', '上级编码', '类型'],
      ['BAD-1', '好的一行', 'SFS', '部门'],
      ['BAD-2', '', 'SFS', '部门'],
      ['BAD-3', '类型不对', 'SFS', '星球'],
      ['BAD-4', '上级不存在', 'NO-SUCH', '部门'],
      ['BAD-1', '重复编码', 'SFS', '部门'],
    ]);
    const res = await upload(admin, file);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('IMPORT_INVALID');
    expect(res.body.error.message).toMatch(/第 3 行/);
    expect(res.body.error.details).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ row: 3, column: '名称' }),
        expect.objectContaining({ row: 4, column: '类型' }),
        expect.objectContaining({ row: 5, column: '上级编码' }),
        expect.objectContaining({ row: 6, column: '编码' }),
      ]),
    );
    const after = await t.container.db.selectFrom('org_units').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('rejects a sheet without the required columns, and a file that is not Excel', async () => {
    const admin = await t.login('admin');
    const missing = await upload(admin, await xlsx([['编码', '名字'], ['A', 'B']]));
    expect(missing.status).toBe(400);
    expect(missing.body.error.details).toEqual(expect.arrayContaining([expect.objectContaining({ column: '名称', message: '缺少“名称”列' })]));
    const junk = await upload(admin, Buffer.from('not a spreadsheet'));
    expect(junk.status).toBe(400);
    expect(junk.body.error.message).toMatch(/xlsx/);
  });

  it('exports the tree in the import layout, and the export imports back unchanged', async () => {
    const admin = await t.login('admin');
    const res = await admin.get('/api/org-units/export');
    expect(res.status).toBe(200);
    expect(String(res.headers['content-type'])).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.raw as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(ws.getRow(1).values).toEqual([undefined, '编码', '名称', '上级编码', '类型', '简称', '排序', '状态']);
    const count = await t.container.db.selectFrom('org_units').select((eb) => eb.fn.countAll<number>().as('n')).where('tenant_id', '=', t.tenantId).executeTakeFirstOrThrow();
    expect(ws.rowCount - 1).toBe(Number(count.n));
    const again = await upload(admin, res.raw);
    expect(again.status).toBe(200);
    expect(again.body.data.created).toBe(0);
  });

  it('lets a district administrator manage only their district', async () => {
    const adminDc = await t.login('admin_dc');
    const inside = await adminDc.post('/api/org-units', { parentId: t.unit('SFS-DC'), kind: 'department', code: 'SFS-DC-NEW2', name: '东城区新部门' });
    expect(inside.status).toBe(201);
    const outside = await adminDc.post('/api/org-units', { parentId: t.unit('SFS-XC'), kind: 'department', code: 'SFS-XC-NEW2', name: '西城区新部门' });
    expect(outside.status).toBe(404);
    const city = await adminDc.patch(`/api/org-units/${t.unit('SFS-DC')}`, { name: '东城区(改)' });
    expect(city.status).toBe(200);
    const move = await adminDc.post(`/api/org-units/${t.unit('SFS-DC')}/move`, { parentId: t.unit('SFS-FGW') });
    expect(move.status).toBe(404);
  });
});
