import { describe, expect, it } from 'vitest';
import { testEngines } from './support/test-database.ts';
import { useTestApp } from './support/harness.ts';

/** Investment attraction over HTTP (issue 11, item 5): leads, their log, quotas, conversion into a project. */
describe.each(testEngines())('investment attraction on %s', (engine) => {
  const t = useTestApp(engine);
  let leadId = '';

  it('lets the unit\'s liaison register a lead and log visits; another district sees none of it', async () => {
    const dc = await t.login('liaison_dc');
    const created = await dc.post('/api/leads', { company: '华东新材料股份有限公司', industry: '新材料', intendedInvestment: 50000, source: '长三角招商推介会', unitId: t.unit('SFS-DC'), person: '张联络', nextStep: '安排企业实地考察' });
    expect(created.status).toBe(201);
    leadId = created.body.lead.id;
    expect(created.body.lead).toMatchObject({ stage: 'talking', stageLabel: '洽谈', unit: { id: t.unit('SFS-DC') }, intendedInvestment: 50000, projectId: null });
    expect(created.body.policies).toEqual({ canEdit: true, canConvert: false });
    expect((await dc.post('/api/leads', { company: '外区企业', unitId: t.unit('SFS-XC') })).body.error.details).toEqual([{ field: 'unitId', message: '责任单位不存在或不在您的范围内' }]);

    const visit = await dc.post(`/api/leads/${leadId}/visits`, { visitedOn: '2026-02-20', kind: 'visit', summary: '赴企业总部洽谈，对方有意在东城设立生产基地' });
    expect(visit.status).toBe(201);
    await dc.post(`/api/leads/${leadId}/visits`, { visitedOn: '2026-03-01', kind: 'talk', summary: '企业来访考察地块' });
    expect((await dc.get(`/api/leads/${leadId}`)).body.visits.map((v: { visitedOn: string; recorderName: string }) => [v.visitedOn, v.recorderName])).toEqual([['2026-03-01', '东城区 张联络'], ['2026-02-20', '东城区 张联络']]);
    expect((await dc.post(`/api/leads/${leadId}/visits`, { visitedOn: '2026-04-01', kind: 'visit', summary: '未来' })).body.error.details).toEqual([{ field: 'visitedOn', message: '走访日期不能晚于今天' }]);
    const list = await dc.get('/api/leads?q=新材料');
    expect(list.body.data).toMatchObject([{ id: leadId, visitCount: 2, lastVisit: '2026-03-01' }]);

    const xc = await t.login('liaison_xc');
    expect((await xc.get('/api/leads')).body.data).toEqual([]);
    expect((await xc.get(`/api/leads/${leadId}`)).status).toBe(404);
    expect((await xc.post(`/api/leads/${leadId}/visits`, { visitedOn: '2026-03-01', kind: 'call', summary: '越权' })).status).toBe(404);
    expect((await (await t.login('viewer')).post('/api/leads', { company: '只读', unitId: t.unit('SFS-FGW') })).status).toBe(403);
  });

  it('asks a signed lead for its date and amount, and counts it against the unit\'s quota for the year', async () => {
    const supervisor = await t.login('supervisor');
    const dc = await t.login('liaison_dc');
    expect((await dc.put('/api/leads/quotas', { unitId: t.unit('SFS-DC'), year: 2026, signedProjects: 5, signedAmount: 200000, fundsInPlace: 80000 })).status).toBe(403);
    expect((await supervisor.put('/api/leads/quotas', { unitId: t.unit('SFS-DC'), year: 2026, signedProjects: 5, signedAmount: 200000, fundsInPlace: 80000 })).status).toBe(200);
    await supervisor.put('/api/leads/quotas', { unitId: t.unit('SFS-XC'), year: 2026, signedProjects: 3, signedAmount: 100000, fundsInPlace: 30000 });

    const missing = await dc.patch(`/api/leads/${leadId}`, { stage: 'signed' });
    expect(missing.body.error.details).toEqual([{ field: 'signedOn', message: '线索处于「签约」阶段，请填写签约日期' }]);
    const signed = await dc.patch(`/api/leads/${leadId}`, { stage: 'signed', signedOn: '2026-03-01', signedAmount: 48000, fundsInPlace: 6000 });
    expect(signed.status).toBe(200);
    expect(signed.body.lead).toMatchObject({ stage: 'signed', signedOn: '2026-03-01', signedAmount: 48000 });
    // A lead of a street below the district counts for the district too; one signed last year does not.
    await dc.post('/api/leads', { company: '街道引进企业', unitId: t.unit('SFS-DC-J01'), stage: 'signed', signedOn: '2026-01-15', signedAmount: 2000, fundsInPlace: 500 });
    await dc.post('/api/leads', { company: '去年签约企业', unitId: t.unit('SFS-DC'), stage: 'landed', signedOn: '2025-12-20', signedAmount: 9000 });

    const quotas = (await dc.get('/api/leads/quotas?year=2026')).body.data;
    expect(quotas).toEqual([{ unitId: t.unit('SFS-DC'), unitName: '东城区', quota: { signedProjects: 5, signedAmount: 200000, fundsInPlace: 80000 }, done: { signedProjects: 2, signedAmount: 50000, fundsInPlace: 6500 } }]);
    const all = (await supervisor.get('/api/leads/quotas?year=2026')).body.data;
    expect(all.map((q: { unitName: string }) => q.unitName)).toEqual(['东城区', '西城区']);
    expect(all[1].done).toEqual({ signedProjects: 0, signedAmount: 0, fundsInPlace: 0 });
  });

  it('converts a signed lead into a key project once, keeping its log on the project', async () => {
    const supervisor = await t.login('supervisor');
    const dc = await t.login('liaison_dc');
    const body = { code: 'XM-ZS-001', name: '华东新材料生产基地', kind: 'industry', level: 'city' };
    expect((await dc.post(`/api/leads/${leadId}/convert`, body)).status).toBe(403);
    expect((await supervisor.get(`/api/leads/${leadId}`)).body.policies).toEqual({ canEdit: true, canConvert: true });
    const converted = await supervisor.post(`/api/leads/${leadId}/convert`, body);
    expect(converted.status).toBe(201);
    const projectId = converted.body.projectId;
    const project = (await dc.get(`/api/projects/${projectId}`)).body;
    expect(project.project).toMatchObject({ code: 'XM-ZS-001', ownerCompany: '华东新材料股份有限公司', industry: '新材料', totalInvestment: 48000, stage: 'signed', startYear: 2026, leadUnit: { id: t.unit('SFS-DC') } });
    expect(project.milestones[0]).toMatchObject({ stage: 'signed', actualDate: '2026-03-01' });
    expect(project.lead).toMatchObject({ id: leadId, company: '华东新材料股份有限公司', signedOn: '2026-03-01' });
    expect(project.lead.visits.map((v: { summary: string }) => v.summary)).toEqual(['企业来访考察地块', '赴企业总部洽谈，对方有意在东城设立生产基地']);
    expect((await supervisor.get(`/api/leads/${leadId}`)).body).toMatchObject({ project: { id: projectId, code: 'XM-ZS-001' }, policies: { canConvert: false } });
    expect((await supervisor.post(`/api/leads/${leadId}/convert`, { ...body, code: 'XM-ZS-002' })).status).toBe(409);

    // A lead still in talks cannot be converted; a taken project code fails before anything is written.
    const talking = (await dc.post('/api/leads', { company: '洽谈中企业', unitId: t.unit('SFS-DC') })).body.lead.id;
    expect((await supervisor.post(`/api/leads/${talking}/convert`, { ...body, code: 'XM-ZS-003' })).body.error.details).toEqual([{ field: 'stage', message: '线索签约后才能转为重点项目' }]);
    const other = (await dc.post('/api/leads', { company: '另一家企业', unitId: t.unit('SFS-DC'), stage: 'signed', signedOn: '2026-02-01', signedAmount: 100 })).body.lead.id;
    expect((await supervisor.post(`/api/leads/${other}/convert`, body)).body.error.details).toEqual([{ field: 'code', message: '项目编号「XM-ZS-001」已被使用' }]);
    expect((await supervisor.get(`/api/leads/${other}`)).body.lead.projectId).toBeNull();

    const actions = await t.container.db.selectFrom('audit_log').select('action').where('action', 'like', 'lead.%').execute();
    expect(new Set(actions.map((a) => a.action))).toEqual(new Set(['lead.create', 'lead.visit', 'lead.update', 'lead.quota', 'lead.convert']));
  });
});
