import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { testEngines } from './support/test-database.ts';
import { multipartBody, useTestApp, type Client } from './support/harness.ts';

async function sheet(name: string, header: string[], rows: (string | number)[][]) {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(name);
  ws.addRow(header);
  for (const r of rows) ws.addRow(r);
  return multipartBody(`${name}.xlsx`, Buffer.from(await wb.xlsx.writeBuffer()));
}

/** Indicators, targets, achievement and its light, the all-or-nothing import, targets from a directive, peers and benchmarking (issue 13). */
describe.each(testEngines())('indicators on %s', (engine) => {
  const t = useTestApp(engine);
  const ids: Record<string, string> = {};

  async function define(sup: Client, body: Record<string, unknown>) {
    const res = await sup.post('/api/indicators', { unitId: t.unit('SFS-FGW'), ...body });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    ids[body.code as string] = res.body.id;
    return res.body;
  }

  it('defines indicators (supervisors only), with a derived one whose formula names entered indicators', async () => {
    const sup = await t.login('supervisor');
    await define(sup, { code: 'GDP', name: '地区生产总值', measure: '亿元', direction: 'higher', frequency: 'quarter', cumulative: true });
    await define(sup, { code: 'POP', name: '常住人口', measure: '万人', direction: 'higher', frequency: 'quarter' });
    await define(sup, { code: 'PM25', name: 'PM2.5 平均浓度', measure: '微克/立方米', direction: 'lower', frequency: 'year' });
    const derived = await define(sup, { code: 'GDPPC', name: '人均地区生产总值', measure: '元', direction: 'higher', frequency: 'quarter', formula: '{GDP} * 10000 / {POP}' });
    expect(derived).toMatchObject({ code: 'GDPPC', formula: '{GDP} * 10000 / {POP}', unit: { id: t.unit('SFS-FGW') } });

    const bad = await sup.post('/api/indicators', { code: 'X1', name: '坏公式', direction: 'higher', frequency: 'year', unitId: t.unit('SFS-FGW'), formula: '{GDP} + {NOPE}' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('计算公式引用的指标不存在：NOPE');
    const nested = await sup.post('/api/indicators', { code: 'X2', name: '嵌套', direction: 'higher', frequency: 'year', unitId: t.unit('SFS-FGW'), formula: '{GDPPC} * 2' });
    expect(nested.body.error.message).toContain('「GDPPC」本身由公式计算');
    expect((await sup.post('/api/indicators', { code: 'GDP', name: '重复', direction: 'higher', frequency: 'year', unitId: t.unit('SFS-FGW') })).body.error.message).toContain('指标编码「GDP」已被使用');
    const liaison = await t.login('liaison_dc');
    expect((await liaison.post('/api/indicators', { code: 'L1', name: '联络员', direction: 'higher', frequency: 'year', unitId: t.unit('SFS-DC') })).status).toBe(403);
    expect((await liaison.get('/api/indicators')).body.data.map((i: { code: string }) => i.code)).toEqual(['GDP', 'GDPPC', 'PM25', 'POP']);
  });

  it('takes values from the unit\'s liaison in the indicator\'s own periods, computes the derived one, and lights achievement against the time elapsed', async () => {
    const liaison = await t.login('liaison_dc');
    const dc = t.unit('SFS-DC');
    expect((await liaison.put(`/api/indicators/${ids.GDP}/values`, { orgUnitId: dc, period: '2026年第2季度', value: 480 })).body).toEqual({ period: '2026-Q2', value: 480 });
    expect((await liaison.put(`/api/indicators/${ids.POP}/values`, { orgUnitId: dc, period: '2026-Q2', value: 120 })).status).toBe(200);
    const wrong = await liaison.put(`/api/indicators/${ids.GDP}/values`, { orgUnitId: dc, period: '2026-06', value: 1 });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.message).toBe('period: 「地区生产总值」的期间应写作 YYYY-Qn，如 2026-Q3');
    expect((await liaison.put(`/api/indicators/${ids.GDPPC}/values`, { orgUnitId: dc, period: '2026-Q2', value: 1 })).body.error.message).toBe('value: 「人均地区生产总值」由公式计算，不能直接填报');
    // Another district is outside the liaison's scope: it does not exist for them.
    expect((await liaison.put(`/api/indicators/${ids.GDP}/values`, { orgUnitId: t.unit('SFS-XC'), period: '2026-Q2', value: 1 })).status).toBe(404);
    // Targets are set by supervisors.
    expect((await liaison.put(`/api/indicators/${ids.GDP}/targets`, { orgUnitId: dc, year: 2026, target: 1000 })).status).toBe(403);
    const sup = await t.login('supervisor');
    expect((await sup.put(`/api/indicators/${ids.GDP}/targets`, { orgUnitId: dc, year: 2026, target: 1000 })).status).toBe(200);
    expect((await sup.put(`/api/indicators/${ids.GDPPC}/targets`, { orgUnitId: dc, year: 2026, target: 38000 })).status).toBe(200);

    const values = await liaison.get(`/api/indicators/${ids.GDPPC}/values?orgUnitId=${dc}&fromYear=2026&toYear=2026`);
    expect(values.body.values).toEqual([{ period: '2026-Q2', value: 40000, note: null }]);
    const ach = await liaison.get(`/api/indicators/achievement?orgUnitId=${dc}&year=2026`);
    expect(ach.status).toBe(200);
    const row = (code: string) => ach.body.rows.find((r: { indicator: { code: string } }) => r.indicator.code === code);
    // Half a year gone: 480 of 1,000 is 96% of the 500 due — yellow.
    expect(row('GDP')).toMatchObject({ target: 1000, period: '2026-Q2', value: 480, rate: 0.48, expected: 0.5, light: 'yellow' });
    expect(row('GDPPC')).toMatchObject({ target: 38000, value: 40000, light: 'green' });
    expect(row('PM25')).toMatchObject({ target: null, value: null, light: null });
    expect((await liaison.get(`/api/indicators/achievement?orgUnitId=${t.unit('SFS-XC')}&year=2026`)).status).toBe(404);
    const audit = await t.container.db.selectFrom('audit_log').select('action').where('action', 'in', ['indicator.value', 'indicator.target']).execute();
    expect(audit.filter((a) => a.action === 'indicator.value')).toHaveLength(2);
  });

  it('imports a year of values all or nothing, naming each bad cell by row and column', async () => {
    const liaison = await t.login('liaison_dc');
    const header = ['指标编码', '指标名称', '填报单位', '期间', '数值', '备注'];
    const upload = async (rows: (string | number)[][], client: Client = liaison) => {
      const { body, headers } = await sheet('指标数据', header, rows);
      return client.request('POST', '/api/indicators/values/import', body, headers);
    };
    const good = [
      ['GDP', '地区生产总值', '东城区', '2026-Q3', '760', ''],
      ['POP', '常住人口', '东城区', '2026-Q3', 121, '年中抽样'],
      ['PM25', 'PM2.5 平均浓度', '东城区', 2025, 36.5, ''],
    ];
    const bad = await upload([
      ...good,
      ['GDP', '', '东城区', '2026-Q3', 770, ''],
      ['GDPPC', '', '东城区', '2026-Q3', 1, ''],
      ['NOPE', '', '西城区', '2026-13', '很多', ''],
      ['PM25', '', '东城区', '2026-Q1', '', ''],
    ]);
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('IMPORT_INVALID');
    expect(bad.body.error.details).toEqual([
      { row: 5, column: '期间', message: '与第 2 行是同一指标、单位和期间' },
      { row: 6, column: '指标编码', message: '「人均地区生产总值」由公式计算，不能直接填报' },
      { row: 7, column: '指标编码', message: '指标编码「NOPE」不存在' },
      { row: 7, column: '数值', message: '数值应为数字' },
      { row: 7, column: '填报单位', message: '“西城区”不存在或不在您的填报范围内' },
      { row: 8, column: '期间', message: '「PM2.5 平均浓度」的期间应写作 YYYY，如 2026' },
      { row: 8, column: '数值', message: '请填写数值' },
    ]);
    const dc = t.unit('SFS-DC');
    const before = await liaison.get(`/api/indicators/${ids.GDP}/values?orgUnitId=${dc}&fromYear=2026&toYear=2026`);
    expect(before.body.values.map((v: { period: string }) => v.period)).toEqual(['2026-Q2']);
    expect((await upload(good, await t.login('viewer'))).status).toBe(403);

    const ok = await upload(good);
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body.data).toEqual({ imported: 3 });
    const after = await liaison.get(`/api/indicators/achievement?orgUnitId=${dc}&year=2026`);
    expect(after.body.rows.find((r: { indicator: { code: string } }) => r.indicator.code === 'GDP')).toMatchObject({ period: '2026-Q3', value: 760, light: 'green' });
    const notes = await liaison.get(`/api/indicators/${ids.POP}/values?orgUnitId=${dc}&fromYear=2026&toYear=2026`);
    expect(notes.body.values).toEqual([{ period: '2026-Q2', value: 120, note: null }, { period: '2026-Q3', value: 121, note: '年中抽样' }]);
  });

  it('turns a target the parser found in a directive into an indicator target in one step', async () => {
    const sup = await t.login('supervisor');
    const directive = await sup.post('/api/directives', { text: ['关于推动经济稳进提质的工作方案', '2026年3月1日', '一、主要目标', '到2026年,全市地区生产总值增长8%以上,新开工项目突破200个。', '二、主要任务', '(一)抓好项目开工。责任单位:市发改委。'].join('\n') });
    expect(directive.status, JSON.stringify(directive.body)).toBe(201);
    // The review screen's targets carry the id the step takes.
    const target = (await sup.get(`/api/directives/${directive.body.id}`)).body.targets.find((x: { value: number }) => x.value === 8) as { id: string; value: number };
    expect(target.id).toMatch(/^[0-9a-f-]{36}$/);
    const res = await sup.post('/api/indicators/targets/from-directive', { directiveTargetId: target.id, indicatorId: ids.PM25, orgUnitId: t.unit('SFS'), year: 2026 });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toEqual({ indicatorId: ids.PM25, year: 2026, target: target.value });
    const values = await sup.get(`/api/indicators/${ids.PM25}/values?orgUnitId=${t.unit('SFS')}&fromYear=2026&toYear=2026`);
    expect(values.body.targets).toEqual([{ year: 2026, target: target.value, fromDirective: true }]);
    // A liaison neither sees the directive nor sets targets.
    const liaison = await t.login('liaison_dc');
    expect((await liaison.post('/api/indicators/targets/from-directive', { directiveTargetId: target.id, indicatorId: ids.PM25, orgUnitId: t.unit('SFS-DC'), year: 2026 })).status).toBe(404);
    const audit = await t.container.db.selectFrom('audit_log').select('summary').where('action', '=', 'indicator.target').orderBy('seq', 'desc').executeTakeFirstOrThrow();
    expect(audit.summary).toContain('取自文件目标');
  });

  it('keeps peers with the source of each figure, imports their values all or nothing, and benchmarks with gaps and a ranking', async () => {
    const sup = await t.login('supervisor');
    const a = await sup.post('/api/peers', { name: '江北市', kind: 'city' });
    const b = await sup.post('/api/peers', { name: '临川市', kind: 'city', note: '同省' });
    expect([a.status, b.status]).toEqual([201, 201]);
    expect((await sup.post('/api/peers', { name: '江北市', kind: 'city' })).body.error.message).toBe('name: 对标对象「江北市」已登记');
    expect((await (await t.login('liaison_dc')).post('/api/peers', { name: '某市', kind: 'city' })).status).toBe(403);
    expect((await sup.put(`/api/peers/${a.body.id}/values`, { indicatorId: ids.GDP, period: '2026-Q3', value: 700, source: '江北市统计局季度数据' })).status).toBe(200);

    const header = ['对标对象', '指标编码', '期间', '数值', '数据来源'];
    const upload = async (rows: (string | number)[][]) => {
      const { body, headers } = await sheet('对标数据', header, rows);
      return sup.request('POST', '/api/peers/values/import', body, headers);
    };
    const bad = await upload([
      ['临川市', 'GDP', '2026-Q3', 820, '临川市统计公报'],
      ['不存在市', 'GDP', '2026-Q3', 1, '某处'],
      ['临川市', 'POP', '2026-Q3', 100, ''],
    ]);
    expect(bad.body.error.details).toEqual([
      { row: 3, column: '对标对象', message: '对标对象“不存在市”未登记' },
      { row: 4, column: '数据来源', message: '请填写数据来源' },
    ]);
    const ok = await upload([
      ['临川市', 'GDP', '2026-Q3', 820, '临川市统计公报'],
      ['临川市', 'POP', '2026-Q3', 160, '临川市统计公报'],
      ['江北市', 'POP', '2026-Q3', 100, '江北市统计局'],
      ['江北市', 'PM25', '2025', 30, '江北市环境公报'],
    ]);
    expect(ok.body.data).toEqual({ imported: 4 });

    const dc = t.unit('SFS-DC');
    const liaison = await t.login('liaison_dc');
    const view = await liaison.get(`/api/indicators/benchmark?orgUnitId=${dc}&fromYear=2025&toYear=2026`);
    expect(view.status, JSON.stringify(view.body)).toBe(200);
    const series = (code: string) => view.body.indicators.find((s: { indicator: { code: string } }) => s.indicator.code === code);
    const gdp = series('GDP');
    expect(gdp.periods).toEqual(['2026-Q2', '2026-Q3']);
    expect(gdp.ours).toEqual([480, 760]);
    expect(gdp.peers.find((p: { name: string }) => p.name === '江北市')).toMatchObject({ values: [null, 700], sources: [null, '江北市统计局季度数据'] });
    expect(gdp.latest.period).toBe('2026-Q3');
    expect(gdp.latest.gaps.map((g: { name: string; absolute: number; ahead: boolean }) => [g.name, g.absolute, g.ahead])).toEqual([['临川市', -60, false], ['江北市', 60, true]]);
    expect(gdp.latest.ranking.map((r: { name: string; rank: number }) => [r.name, r.rank])).toEqual([['临川市', 1], ['东城区', 2], ['江北市', 3]]);
    // Derived for peers too: 江北市 7,000,000 / 100 = 70,000 元.
    expect(series('GDPPC').latest.gaps.find((g: { name: string }) => g.name === '江北市')).toMatchObject({ value: 70000, source: '按公式计算' });
    // PM2.5: lower is better, 36.5 against 30 trails.
    expect(series('PM25').latest.gaps[0]).toMatchObject({ name: '江北市', absolute: 6.5, ahead: false });
    expect((await liaison.get(`/api/indicators/benchmark?orgUnitId=${t.unit('SFS-XC')}&fromYear=2025&toYear=2026`)).status).toBe(404);

    const xlsx = await liaison.get(`/api/indicators/benchmark.xlsx?orgUnitId=${dc}&fromYear=2025&toYear=2026&indicatorIds=${ids.GDP}`);
    expect(xlsx.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.raw as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(ws.getCell('A1').value).toBe('东城区对标分析表');
    expect((ws.getRow(4).values as unknown[]).slice(1)).toEqual([1, '地区生产总值', '亿元', '2026-Q3', 760, '临川市', 820, -60, -60 / 820, '落后', '2 / 1', '临川市统计公报']);
    const docx = await liaison.get(`/api/indicators/benchmark.docx?orgUnitId=${dc}&fromYear=2025&toYear=2026`);
    expect(docx.status).toBe(200);
    expect(docx.headers['content-type']).toContain('wordprocessingml');
    expect(docx.raw.subarray(0, 2).toString()).toBe('PK');
  });

  it('deletes an indicator nothing reads any more and a peer, keeping their figures out of every view', async () => {
    const sup = await t.login('supervisor');
    const liaison = await t.login('liaison_dc');
    // POP is read by GDPPC's formula: refused, naming the reader.
    const used = await sup.delete(`/api/indicators/${ids.POP}`);
    expect(used.status).toBe(409);
    expect(used.body.error.message).toContain('指标「GDPPC」的公式引用了「POP 常住人口」');
    // An indicator an assessment scheme scores by: refused, naming the scheme.
    const tmp = await define(sup, { code: 'TMP', name: '临时指标', direction: 'higher', frequency: 'year' });
    const scheme = await t.container.db.insertInto('assessment_schemes')
      .values({ tenant_id: t.tenantId, year: 2026, name: '综合考核办法', owner_unit_id: t.unit('SFS'), definition: JSON.stringify({ dimensions: [{ name: '发展', items: [{ name: '指标', source: { kind: 'indicator', indicatorId: tmp.id } }] }] }) })
      .returning('id').executeTakeFirstOrThrow();
    const scored = await sup.delete(`/api/indicators/${tmp.id}`);
    expect(scored.status).toBe(409);
    expect(scored.body.error.message).toContain('考核办法「2026年综合考核办法」');
    await t.container.db.deleteFrom('assessment_schemes').where('id', '=', scheme.id).execute();
    expect((await liaison.delete(`/api/indicators/${tmp.id}`)).status).toBe(403);
    expect((await sup.delete(`/api/indicators/${tmp.id}`)).status).toBe(200);
    expect((await sup.get(`/api/indicators/${tmp.id}`)).status).toBe(404);
    expect((await sup.get('/api/indicators')).body.data.map((i: { code: string }) => i.code)).not.toContain('TMP');
    // The code is free again.
    expect((await sup.post('/api/indicators', { code: 'TMP', name: '新临时指标', direction: 'higher', frequency: 'year', unitId: t.unit('SFS-FGW') })).status).toBe(201);

    // A peer leaves the list, the benchmark and the import; deleting it twice finds nothing.
    const peers = (await sup.get('/api/peers')).body.data as { id: string; name: string }[];
    const linchuan = peers.find((p) => p.name === '临川市')!;
    expect((await liaison.delete(`/api/peers/${linchuan.id}`)).status).toBe(403);
    expect((await sup.delete(`/api/peers/${linchuan.id}`)).status).toBe(200);
    expect((await sup.delete(`/api/peers/${linchuan.id}`)).status).toBe(404);
    expect((await sup.get('/api/peers')).body.data.map((p: { name: string }) => p.name)).toEqual(['江北市']);
    const view = await liaison.get(`/api/indicators/benchmark?orgUnitId=${t.unit('SFS-DC')}&fromYear=2025&toYear=2026`);
    const gdp = view.body.indicators.find((x: { indicator: { code: string } }) => x.indicator.code === 'GDP');
    expect(gdp.latest.ranking.map((r: { name: string; rank: number }) => [r.name, r.rank])).toEqual([['东城区', 1], ['江北市', 2]]);
    const actions = (await t.container.db.selectFrom('audit_log').select('action').where('entity_id', 'in', [tmp.id, linchuan.id]).orderBy('seq').execute()).map((a) => a.action);
    expect(actions).toEqual(['peer.create', 'indicator.create', 'indicator.delete', 'peer.delete']);
  });
});
