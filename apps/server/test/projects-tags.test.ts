import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { Actor } from '../src/access/index.ts';
import { seedDemoTags } from '../src/bootstrap/demo-projects.ts';
import { testEngines } from './support/test-database.ts';
import { multipartBody, useTestApp } from './support/harness.ts';

interface Group {
  id: string;
  name: string;
  tags: { id: string; name: string; enabled: boolean; projects: number }[];
}

/** The project tag dictionary (issue 11, item 1): groups and tags kept by the city's supervisors, used by the form, the list and the import. */
describe.each(testEngines())('project tag dictionary on %s', (engine) => {
  const t = useTestApp(engine);

  const project = (code: string, tags: string[]) => ({ code, name: `${code} 标签项目`, kind: 'industry', level: 'city', totalInvestment: 1000, leadUnitId: t.unit('SFS-DC'), startYear: 2026, tags });
  const groups = async () => (await (await t.login('supervisor')).get('/api/project-tags')).body.groups as Group[];
  const tagId = async (name: string) => (await groups()).flatMap((g) => g.tags).find((x) => x.name === name)!.id;

  it('lists the demo city\'s "6+2+X" groups to anyone who sees projects; only the city\'s supervisors keep it', async () => {
    const liaison = await t.login('liaison_dc');
    // No dictionary yet: tags are free text.
    expect((await liaison.get('/api/project-tags')).body.groups).toEqual([]);
    const free = await (await t.login('supervisor')).post('/api/projects', project('BQ-000', ['随便写的标签']));
    expect(free.status).toBe(201);
    await seedDemoTags(t.container, await t.container.auth.loadActor(t.tenantId, await t.container.db.selectFrom('users').selectAll().where('username', '=', 'supervisor').executeTakeFirstOrThrow()));
    const read = await liaison.get('/api/project-tags');
    expect(read.status).toBe(200);
    expect(read.body.canEdit).toBe(false);
    expect(read.body.groups.map((g: Group) => g.name)).toEqual(['「6」主导产业', '「2」新兴产业', '「X」未来产业', '城市建设与民生']);
    expect(read.body.groups[1].tags.map((x: Group['tags'][number]) => x.name)).toEqual(['数字经济', '智能制造']);
    expect((await liaison.post('/api/project-tags/groups', { name: '联络员分组' })).status).toBe(403);

    const supervisor = await t.login('supervisor');
    expect((await supervisor.get('/api/project-tags')).body.canEdit).toBe(true);
    // A district's supervisor is not the city's supervision office.
    const district: Actor = { ...(await t.container.auth.loadActor(t.tenantId, await t.container.db.selectFrom('users').selectAll().where('username', '=', 'liaison_dc').executeTakeFirstOrThrow())), grants: [{ role: 'supervisor', scopeKind: 'subtree', unitIds: [] }], scope: { all: false, subtreeRoots: [t.unit('SFS-DC')], units: [] } };
    expect(await t.container.projectTags.canEdit(district)).toBe(false);
    await expect(t.container.projectTags.createGroup(district, { name: '区分组' })).rejects.toThrow('只有市级督查人员可以维护项目标签目录');

    const bad = await supervisor.post('/api/project-tags', { groupId: read.body.groups[0].id, name: '' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('请填写标签名称');
    const taken = await supervisor.post('/api/project-tags', { groupId: read.body.groups[0].id, name: '新能源' });
    expect(taken.body.error.details).toEqual([{ field: 'name', message: '标签「新能源」已存在' }]);
  });

  it('takes a project\'s tags from the dictionary, filters the list by tag and by group', async () => {
    const sup = await t.login('supervisor');
    const refused = await sup.post('/api/projects', project('BQ-001', ['新能源', '元宇宙']));
    expect(refused.status).toBe(400);
    expect(refused.body.error.details[0].field).toBe('tags');
    expect(refused.body.error.details[0].message).toMatch(/^标签「元宇宙」不在项目标签目录中，可用的标签有：新能源、高端装备、/);
    const created = await sup.post('/api/projects', project('BQ-001', ['低空经济']));
    expect(created.status, JSON.stringify(created.body)).toBe(201);

    const future = (await groups()).find((g) => g.name === '「X」未来产业')!;
    const byGroup = (await sup.get(`/api/projects?tagGroupId=${future.id}`)).body.data.map((p: { code: string }) => p.code).sort();
    expect(byGroup).toEqual(['BQ-001']);
    expect(future.tags.find((x) => x.name === '低空经济')!.projects).toBe(1);
    expect((await sup.get(`/api/projects?tag=${encodeURIComponent('低空经济')}`)).body.data.map((p: { code: string }) => p.code)).toEqual(['BQ-001']);
  });

  it('renames a tag on the projects that carry it in one step; a tag in use is disabled, not deleted', async () => {
    const sup = await t.login('supervisor');
    const id = await tagId('低空经济');
    const renamed = await sup.patch(`/api/project-tags/${id}`, { name: '低空飞行' });
    expect(renamed.status, JSON.stringify(renamed.body)).toBe(200);
    expect(renamed.body).toEqual({ renamedOn: 1 });
    const listed = (await sup.get('/api/projects?q=低空飞行')).body.data;
    expect(listed.map((p: { code: string; tags: string[] }) => [p.code, p.tags])).toEqual([['BQ-001', ['低空飞行']]]);
    expect((await sup.get(`/api/projects?tag=${encodeURIComponent('低空经济')}`)).body.data).toEqual([]);

    const inUse = await sup.delete(`/api/project-tags/${id}`);
    expect(inUse.status).toBe(409);
    expect(inUse.body.error.message).toBe('标签「低空飞行」正被 1 个项目使用，不能删除；可以停用它，停用后不再供新项目选择');
    expect((await sup.patch(`/api/project-tags/${id}`, { enabled: false })).status).toBe(200);
    // Disabled: no longer given to a project, kept by the one that carries it.
    expect((await sup.post('/api/projects', project('BQ-002', ['低空飞行']))).body.error.details[0].field).toBe('tags');
    const projectId = (await sup.get('/api/projects?q=BQ-001')).body.data[0].id;
    expect((await sup.patch(`/api/projects/${projectId}`, { name: 'BQ-001 改名', tags: ['低空飞行', '氢能'] })).status).toBe(200);

    const future = (await groups()).find((g) => g.name === '「X」未来产业')!;
    expect((await sup.delete(`/api/project-tags/groups/${future.id}`)).status).toBe(409);
    const group = await sup.post('/api/project-tags/groups', { name: '临时分组', sortOrder: 9 });
    const unused = await sup.post('/api/project-tags', { groupId: group.body.id, name: '临时标签' });
    expect((await sup.delete(`/api/project-tags/${unused.body.id}`)).status).toBe(200);
    expect((await sup.delete(`/api/project-tags/groups/${group.body.id}`)).status).toBe(200);

    const audit = await t.container.db.selectFrom('audit_log').select(['action', 'summary']).where('action', 'like', 'project.tag%').orderBy('seq').execute();
    expect(audit.map((a) => a.action).slice(-6)).toEqual(['project.tagUpdate', 'project.tagUpdate', 'project.tagGroupCreate', 'project.tagCreate', 'project.tagDelete', 'project.tagGroupDelete']);
    expect(audit.find((a) => a.summary?.includes('改名'))!.summary).toBe('项目标签「低空经济」改名为「低空飞行」（1 个项目随之更新）');
  });

  it('refuses an imported tag not in the dictionary, naming the row, the column and the tags there are', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('重点项目台账');
    ws.addRow(['2026年重点项目台账']);
    ws.addRow(['项目编号', '项目名称', '项目类型', '项目级别', '牵头单位', '总投资（万元）', '入库年份', '标签']);
    ws.addRow(['BQ-101', '导入一号', '产业', '市级', '东城区', 100, 2026, '新材料、生物医药']);
    ws.addRow(['BQ-102', '导入二号', '产业', '市级', '东城区', 100, 2026, '新材料、元宇宙']);
    const { body, headers } = multipartBody('projects.xlsx', Buffer.from(await wb.xlsx.writeBuffer()));
    const res = await (await t.login('supervisor')).request('POST', '/api/projects/import', body, headers);
    expect(res.status).toBe(400);
    expect(res.body.error.details).toHaveLength(1);
    expect(res.body.error.details[0]).toMatchObject({ row: 4, column: '标签' });
    expect(res.body.error.details[0].message).toMatch(/^标签「元宇宙」不在项目标签目录中，可用的标签有：新能源、/);
    expect((await (await t.login('supervisor')).get('/api/projects?q=导入一号')).body.data).toEqual([]);
  });
});
