import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { testEngines } from './support/test-database.ts';
import { multipartBody, useTestApp } from './support/harness.ts';

const HEADERS = ['项目编号', '项目名称', '项目类型', '所属行业', '项目级别', '牵头单位', '总投资（万元）', '入库年份', '2026年计划投资（万元）', '标签', '经度', '纬度'];

/** The 重点项目台账 over HTTP (issue 11): import all or nothing with errors by row, and the export in the ledger layout. */
describe.each(testEngines())('project ledger on %s', (engine) => {
  const t = useTestApp(engine);

  async function sheet(rows: (string | number)[][]) {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('重点项目台账');
    ws.addRow(['2026年重点项目台账']);
    ws.addRow(HEADERS);
    for (const r of rows) ws.addRow(r);
    return multipartBody('projects.xlsx', Buffer.from(await wb.xlsx.writeBuffer()));
  }

  it('imports new projects all or nothing, naming each bad cell by row and column', async () => {
    const sup = await t.login('supervisor');
    const upload = async (rows: (string | number)[][], client = sup) => {
      const { body, headers } = await sheet(rows);
      return client.request('POST', '/api/projects/import', body, headers);
    };
    const good1 = ['TZ-001', '台账导入一号项目', '产业', '新材料', '市级', '东城区', '12,000', 2026, 3000, '智能制造、新材料', 116.4, 39.9];
    const good2 = ['TZ-002', '台账导入二号项目', '基础设施', '', '区级', '西城区', 800, 2026, '', '', '', ''];
    const bad = await upload([
      good1,
      ['TZ-001', '重复编号', '产业', '', '市级', '东城区', 100, 2026, '', '', '', ''],
      ['TZ-003', '坏数据', '工业', '', '县级', '不存在的单位', '很多', 1990, '', '', 116.1, ''],
      good2,
    ]);
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('IMPORT_INVALID');
    expect(bad.body.error.details).toEqual([
      { row: 4, column: '项目编号', message: '项目编号「TZ-001」与第 3 行重复' },
      { row: 5, column: '项目类型', message: '项目类型应为 产业、基础设施、社会民生、生态环保、其他 之一' },
      { row: 5, column: '项目级别', message: '项目级别应为 省级、市级、区级 之一' },
      { row: 5, column: '牵头单位', message: '“不存在的单位”不存在或不在您的督查范围内' },
      { row: 5, column: '总投资（万元）', message: '总投资应为 0 到 100000000000 之间的数字' },
      { row: 5, column: '入库年份', message: '入库年份应为 2000 到 2100 之间的数字' },
      { row: 5, column: '纬度', message: '经度和纬度应同时填写' },
    ]);
    expect((await sup.get('/api/projects?q=台账导入')).body.data).toEqual([]);
    expect((await upload([good1], await t.login('liaison_dc'))).status).toBe(403);

    const ok = await upload([good1, good2]);
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body.data).toEqual({ created: 2 });
    const listed = (await sup.get('/api/projects?q=台账导入')).body.data as { code: string; kind: string; level: string; leadUnit: { id: string }; totalInvestment: number; yearPlanned: number; tags: string[]; longitude: number | null }[];
    expect(listed.map((p) => [p.code, p.kind, p.level, p.leadUnit.id, p.totalInvestment, p.yearPlanned, p.tags, p.longitude]).sort()).toEqual([
      ['TZ-001', 'industry', 'city', t.unit('SFS-DC'), 12000, 3000, ['智能制造', '新材料'], 116.4],
      ['TZ-002', 'infrastructure', 'district', t.unit('SFS-XC'), 800, 0, [], null],
    ]);
    // Taken codes are refused on the next import.
    const again = await upload([good1]);
    expect(again.body.error.details).toEqual([{ row: 3, column: '项目编号', message: '项目编号「TZ-001」已被使用' }]);
  });

  it('exports the filtered projects as the ledger, with this year\'s plan and investment, and only those in scope', async () => {
    const sup = await t.login('supervisor');
    const id = (await sup.get('/api/projects?q=TZ-001')).body.data[0].id;
    expect((await sup.post(`/api/projects/${id}/reports`, { period: '2026-02', invested: 750, progress: '施工' })).status).toBe(201);
    const res = await sup.get('/api/projects/export?q=台账导入');
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.raw as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(ws.name).toBe('重点项目台账');
    expect(ws.getCell('A1').value).toBe('2026年重点项目台账');
    expect(String(ws.getCell('A2').value)).toContain('共 2 个项目，年度计划投资 3000.00 万元，已完成 750.00 万元');
    expect((ws.getRow(3).values as unknown[]).slice(1, 20)).toEqual(['序号', '项目编号', '项目名称', '项目类型', '所属行业', '项目级别', '建设地点', '业主单位', '牵头单位', '包抓领导', '总投资（万元）', '入库年份', '2026年计划投资（万元）', '2026年完成投资（万元）', '完成率', '阶段', '灯色', '最近月报', '标签']);
    const rows = [4, 5].map((r) => (ws.getRow(r).values as unknown[]).slice(2, 20));
    expect(rows).toContainEqual(['TZ-001', '台账导入一号项目', '产业', '新材料', '市级', '', '', '东城区', '', 12000, 2026, 3000, 750, 0.25, '谋划', '绿灯', '2026-02', '智能制造、新材料']);
    // The exported sheet goes back in: its headers are the import's (a new code on the row).
    const back = new ExcelJS.Workbook();
    await back.xlsx.load(res.raw as unknown as ArrayBuffer);
    const sheet2 = back.worksheets[0]!;
    sheet2.getRow(4).getCell(2).value = 'TZ-101';
    sheet2.getRow(5).getCell(2).value = 'TZ-102';
    const { body, headers } = multipartBody('back.xlsx', Buffer.from(await back.xlsx.writeBuffer()));
    const reimport = await sup.request('POST', '/api/projects/import', body, headers);
    expect(reimport.status, JSON.stringify(reimport.body)).toBe(200);
    expect(reimport.body.data).toEqual({ created: 2 });

    // Another district's liaison exports none of the 东城 project.
    const xc = await (await t.login('liaison_xc')).get('/api/projects/export?q=TZ-001');
    const xcWb = new ExcelJS.Workbook();
    await xcWb.xlsx.load(xc.raw as unknown as ArrayBuffer);
    expect(xcWb.worksheets[0]!.rowCount).toBe(3);
  });
});
