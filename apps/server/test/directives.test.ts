import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDocument } from '@luoshi/doc-parser';
import { Document, Packer, Paragraph, TextRun } from 'docx';
import { describe, expect, it } from 'vitest';
import { testEngines } from './support/test-database.ts';
import { multipartBody, useTestApp, type Client, type TestContext } from './support/harness.ts';

const CORPUS = process.env.LUOSHI_CORPUS_DIR ?? fileURLToPath(new URL('../../../../shared/corpus/', import.meta.url));
const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
const corpusFiles = fs.readdirSync(CORPUS).filter((f) => f.endsWith('.txt')).sort();

const PLAN = [
  '关于加快推进重点项目建设的工作方案',
  '2024年3月18日',
  '一、主要目标',
  '到2025年,全市固定资产投资增长8%以上,新开工项目突破200个。',
  '二、主要任务',
  '(一)抓好项目开工。要加快推进重点项目建设,确保年底前完成年度投资计划。(牵头单位:市财政局,配合单位:市发改委、东城区)',
  '(二)优化营商环境。要持续优化审批服务,长期坚持。责任单位:市住建局。',
  '(三)强化要素保障。要加大用地保障力度,6月底前完成。责任单位:市统计局。',
  '三、工作机制',
  '建立一月一通报、一季一点评工作机制。',
].join('\n');

/** GB18030 bytes of a text, from the decoder's own table (Node encodes only UTF-8). */
function gb18030(text: string): Buffer {
  const decoder = new TextDecoder('gb18030');
  const table = new Map<string, number[]>();
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      if (trail === 0x7f) continue;
      const ch = decoder.decode(new Uint8Array([lead, trail]));
      if (ch.length === 1 && !table.has(ch)) table.set(ch, [lead, trail]);
    }
  }
  const bytes: number[] = [];
  for (const ch of text) {
    if (ch.charCodeAt(0) < 0x80) bytes.push(ch.charCodeAt(0));
    else {
      const code = table.get(ch);
      if (!code) throw new Error(`no GBK code for ${ch}`);
      bytes.push(...code);
    }
  }
  return Buffer.from(bytes);
}

/** A one-page PDF with nothing on it: what a scan looks like to a text extractor. */
function blankPdf(): Buffer {
  const objects = ['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [3 0 R] /Count 1 >>', '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R >>', '<< /Length 0 >>\nstream\n\nendstream'];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

async function upload(client: Client, name: string, bytes: Buffer, fields: Record<string, string> = {}) {
  const { body, headers } = multipartBody(name, bytes, fields);
  return client.request('POST', '/api/directives/upload', body, headers);
}

async function counts(t: TestContext) {
  const [tasks, audit] = await Promise.all([
    t.container.db.selectFrom('tasks').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    t.container.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { tasks: Number(tasks.n), audit: Number(audit.n) };
}

describe.each(testEngines())('directive intake on %s', (engine) => {
  const t = useTestApp(engine, { LUOSHI_SESSION_IDLE_MINUTES: '600' });

  it.each(corpusFiles)('creates a directive from the corpus document %s with a draft anchored in its body', async (file) => {
    const sup = await t.login('supervisor');
    const text = fs.readFileSync(path.join(CORPUS, file), 'utf8');
    const res = await sup.post('/api/directives', { text });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const d = res.body;
    const parsed = parseDocument(text);
    expect(d.title).toBe(parsed.title);
    expect(d.script).toBe(parsed.script);
    expect(d.format).toBe('paste');
    expect(d.status).toBe('draft');
    expect(d.unitName).toBe('市委市政府督查室');
    expect(d.createdByName).toBe('督查室 王督查');
    expect(d.parsed.tasks.length).toBe(parsed.tasks.length);
    // Sentences set aside as assigning nothing stay in the draft, left out, with their reason.
    expect(d.draft.length).toBe(parsed.tasks.length + parsed.setAside.length);
    expect(d.draft.filter((x: { nonTask?: string }) => x.nonTask).length).toBe(parsed.setAside.length);
    expect(d.itemCount).toBe(parsed.tasks.length);
    expect(d.draft.length).toBeGreaterThan(0);
    for (const item of d.draft) expect(d.body.slice(item.offset, item.offset + item.length)).toBe(item.clause);
    expect(d.policies).toEqual({ edit: true, publish: true, delete: true });
    const audit = await t.container.db.selectFrom('audit_log').select(['action', 'entity_id']).where('entity_id', '=', d.id).execute();
    expect(audit.map((a) => a.action)).toEqual(['directive.create']);
  });

  it('builds the draft with units matched to the organisation tree, dates from the document date, and keeps targets and cadences', async () => {
    const sup = await t.login('supervisor');
    const res = await sup.post('/api/directives', { text: PLAN });
    expect(res.status).toBe(201);
    const d = res.body;
    expect(d).toMatchObject({ title: '关于加快推进重点项目建设的工作方案', docDate: '2024-03-18', kind: 'plan', targetCount: 2, cadenceCount: 2 });
    const item = (clause: string) => d.draft.find((x: { clause: string }) => x.clause.startsWith(clause));
    expect(item('要加快推进重点项目建设')).toMatchObject({ leadUnitIds: [t.unit('SFS-CZJ')], coUnitIds: [t.unit('SFS-FGW'), t.unit('SFS-DC')], leadUnitNames: ['市财政局'], coUnitNames: ['市发改委', '东城区'], deadline: '2024-12-31', deadlineText: '年底前', headingPath: ['主要任务', '抓好项目开工。'] });
    expect(item('要持续优化审批服务')).toMatchObject({ leadUnitIds: [t.unit('SFS-ZJJ')], deadline: null, deadlineText: '长期坚持', longTerm: true });
    // 市统计局 is not in the tree: the name is kept for the reviewer, no unit is guessed.
    expect(item('要加大用地保障力度')).toMatchObject({ leadUnitIds: [], leadUnitNames: ['市统计局'] });
    expect(d.targets.map((x: { value: number; unit: string; comparator: string }) => [x.value, x.unit, x.comparator])).toEqual([
      [8, '%', '>='],
      [200, '个', '>='],
    ]);
    for (const target of d.targets) expect(d.body.slice(target.offset, target.offset + target.text.length)).toBe(target.text);
    expect(d.cadences).toEqual([
      { id: expect.any(String), text: '一月一通报', period: 'month', action: '通报' },
      { id: expect.any(String), text: '一季一点评', period: 'quarter', action: '点评' },
    ]);
    const rows = await t.container.db.selectFrom('directive_targets').selectAll().where('directive_id', '=', d.id).execute();
    expect(rows).toHaveLength(2);
  });

  it('reads uploads: GB18030 text, Word, HTML and the text layer of a PDF', async () => {
    const sup = await t.login('supervisor');
    const txt = await upload(sup, '方案.txt', gb18030(PLAN), { kind: 'speech' });
    expect(txt.status, JSON.stringify(txt.body)).toBe(201);
    expect(txt.body).toMatchObject({ format: 'text', originalName: '方案.txt', kind: 'speech', title: '关于加快推进重点项目建设的工作方案', docDate: '2024-03-18' });
    expect(txt.body.draft.some((x: { clause: string }) => x.clause.startsWith('要加快推进重点项目建设'))).toBe(true);

    const docx = await Packer.toBuffer(new Document({ sections: [{ children: PLAN.split('\n').map((line) => new Paragraph({ children: [new TextRun(line)] })) }] }));
    const word = await upload(sup, '方案.docx', docx);
    expect(word.status, JSON.stringify(word.body)).toBe(201);
    expect(word.body).toMatchObject({ format: 'docx', kind: 'plan', targetCount: 2 });
    expect(word.body.body).toContain('要持续优化审批服务');

    const html = `<html><head><title>x</title><style>p{color:red}</style></head><body>${PLAN.split('\n').map((l) => `<p>${l.replace(/&/g, '&amp;')}</p>`).join('')}<script>alert(1)</script></body></html>`;
    const web = await upload(sup, 'plan.html', Buffer.from(html));
    expect(web.status, JSON.stringify(web.body)).toBe(201);
    expect(web.body.format).toBe('html');
    expect(web.body.body).not.toMatch(/<p>|alert|color:red/);
    expect(web.body.body).toContain('建立一月一通报');

    const pdf = await upload(sup, '重点项目.pdf', fs.readFileSync(path.join(FIXTURES, 'directive.pdf')));
    expect(pdf.status, JSON.stringify(pdf.body)).toBe(201);
    expect(pdf.body).toMatchObject({ format: 'pdf', title: '关于加快推进重点项目建设的工作方案' });
    expect(pdf.body.body).toContain('确保年底前完成投资100亿元以上');
    expect(pdf.body.draft.length).toBeGreaterThan(0);
  });

  it('refuses a PDF without a text layer, an unknown file type and an empty upload, writing nothing', async () => {
    const sup = await t.login('supervisor');
    const before = await t.container.db.selectFrom('directives').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const scan = await upload(sup, '扫描件.pdf', blankPdf());
    expect(scan.status).toBe(400);
    expect(scan.body.error.message).toContain('「扫描件.pdf」没有文字层');
    const xls = await upload(sup, '表格.xls', Buffer.from('abc'));
    expect(xls.status).toBe(400);
    expect(xls.body.error.message).toContain('不支持「表格.xls」的文件类型');
    const broken = await upload(sup, '坏文件.pdf', Buffer.from('%PDF-1.4 nothing here'));
    expect(broken.status).toBe(400);
    expect(broken.body.error.message).toContain('「坏文件.pdf」不是有效的 PDF 文件');
    const empty = await upload(sup, '空白.txt', Buffer.from('  \n\n '));
    expect(empty.status).toBe(400);
    expect(empty.body.error.details[0].field).toBe('file');
    const badKind = await upload(sup, 'a.txt', Buffer.from(PLAN), { kind: 'poem' });
    expect(badKind.status).toBe(400);
    expect(badKind.body.error.details[0].field).toBe('kind');
    const notMultipart = await sup.post('/api/directives/upload', { text: PLAN });
    expect(notMultipart.status).toBe(400);
    expect(notMultipart.body.error.details[0]).toEqual({ field: 'file', message: '请以 multipart/form-data 方式上传文件（字段 file）' });
    const after = await t.container.db.selectFrom('directives').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('searches the library across scripts, by status, page by page', async () => {
    const sup = await t.login('supervisor');
    await sup.post('/api/directives', { text: PLAN });
    t.clock.advance(60_000);
    const simplified = await sup.post('/api/directives', { text: `${PLAN}\n要推动低空经济示范区建设。` });
    t.clock.advance(60_000);
    const traditional = await sup.post('/api/directives', { text: '關於推動數字經濟發展的講話\n一、要加快建設數字政府。' });
    expect(traditional.body.script).toBe('traditional');
    const find = async (q: string) => (await sup.get(`/api/directives?q=${encodeURIComponent(q)}&pageSize=100`)).body.items.map((x: { id: string }) => x.id);
    // A Traditional query finds the Simplified body, and the other way round.
    expect(await find('低空經濟示範區')).toEqual([simplified.body.id]);
    expect(await find('数字政府')).toEqual([traditional.body.id]);
    expect(await find('数字经济发展的讲话')).toEqual([traditional.body.id]);
    expect(await find('100%_\\')).toEqual([]);
    const all = await sup.get('/api/directives?pageSize=2&page=1');
    expect(all.status).toBe(200);
    expect(all.body.items).toHaveLength(2);
    expect(all.body.pageSize).toBe(2);
    expect(all.body.total).toBeGreaterThan(2);
    const page2 = await sup.get('/api/directives?pageSize=2&page=2');
    expect(page2.body.items.map((x: { id: string }) => x.id)).not.toContain(all.body.items[0].id);
    expect(all.body.items[0]).toMatchObject({ id: traditional.body.id, status: 'draft', unitName: '市委市政府督查室', taskCount: 0 });
    const published = await sup.get('/api/directives?status=published');
    expect(published.body.items.every((x: { status: string }) => x.status === 'published')).toBe(true);
  });

  it('publishes the reviewed draft as tasks linked to the directive and clause, in one go', async () => {
    const sup = await t.login('supervisor');
    const d = (await sup.post('/api/directives', { text: PLAN })).body;
    // Every task needs a 完成时限 or 长期坚持: items whose text gives neither get one from the reviewer.
    const items = d.draft.map((x: Record<string, unknown>) => ({ ...x, leadUnitIds: (x.leadUnitIds as string[]).length ? x.leadUnitIds : [t.unit('SFS-XC')], deadline: x.deadline ?? (x.longTerm ? null : '2024-12-31') }));
    items[1].include = false;
    items[0].title = '加快推进重点项目建设(年度投资计划)';
    items[0].category = '产业强市';
    const res = await sup.post(`/api/directives/${d.id}/publish`, { items });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.taskIds).toHaveLength(items.length - 1);
    expect(res.body.directive).toMatchObject({ status: 'published', taskCount: items.length - 1, policies: { edit: true, publish: false, delete: false } });
    expect(res.body.directive.publishedAt).not.toBeNull();
    expect(res.body.directive.draft[1].include).toBe(false);
    const tasks = await t.container.db.selectFrom('tasks').selectAll().where('source_directive_id', '=', d.id).where('parent_id', 'is', null).orderBy('source_offset').execute();
    expect(tasks.map((x) => x.id).sort()).toEqual([...res.body.taskIds].sort());
    const first = tasks.find((x) => x.id === res.body.taskIds[0])!;
    expect(first).toMatchObject({ title: '加快推进重点项目建设(年度投资计划)', category: '产业强市', source_clause: items[0].clause, source_offset: items[0].offset, deadline: '2024-12-31', owner_unit_id: t.unit('SFS-CZJ'), status: 'assigned' });
    expect(d.body.slice(first.source_offset!, first.source_offset! + first.source_clause!.length)).toBe(first.source_clause);
    const coParts = await t.container.db.selectFrom('tasks').select('owner_unit_id').where('parent_id', '=', first.id).execute();
    expect(coParts.map((p) => p.owner_unit_id).sort()).toEqual([t.unit('SFS-FGW'), t.unit('SFS-DC')].sort());
    expect(res.body.directive.tasks.map((x: { id: string }) => x.id).sort()).toEqual([...res.body.taskIds].sort());
    expect(res.body.directive.tasks.find((x: { id: string }) => x.id === first.id)).toMatchObject({ title: first.title, status: 'assigned', light: first.light, lightReason: first.light_reason, ownerUnitName: '市财政局' });
    const audit = await t.container.db.selectFrom('audit_log').select('action').where('entity_id', '=', d.id).orderBy('seq').execute();
    expect(audit.map((a) => a.action)).toEqual(['directive.create', 'directive.publish']);

    // Published: no second publish, no more draft edits, no delete; metadata stays correctable.
    expect((await sup.post(`/api/directives/${d.id}/publish`, { items })).status).toBe(409);
    expect((await sup.put(`/api/directives/${d.id}/draft`, { items })).status).toBe(409);
    expect((await sup.delete(`/api/directives/${d.id}`)).status).toBe(409);
    const patched = await sup.patch(`/api/directives/${d.id}`, { source: '市政府办公室', kind: 'minutes' });
    expect(patched.body).toMatchObject({ source: '市政府办公室', kind: 'minutes', status: 'published' });
  });

  it('names the first bad item by number and title, and writes nothing', async () => {
    const sup = await t.login('supervisor');
    const d = (await sup.post('/api/directives', { text: PLAN })).body;
    const before = await counts(t);
    const noLead = d.draft.map((x: Record<string, unknown>) => ({ ...x, leadUnitIds: [t.unit('SFS-XC')] }));
    noLead[2].leadUnitIds = [];
    const res = await sup.post(`/api/directives/${d.id}/publish`, { items: noLead });
    expect(res.status).toBe(400);
    expect(res.body.error.details[0].field).toBe('items[2].leadUnitIds');
    expect(res.body.error.message).toBe(`第 3 项「${noLead[2].title}」：请选择牵头单位`);

    const badCategory = noLead.map((x: Record<string, unknown>) => ({ ...x, leadUnitIds: [t.unit('SFS-XC')] }));
    badCategory[1].category = '不存在的类别';
    const res2 = await sup.post(`/api/directives/${d.id}/publish`, { items: badCategory });
    expect(res2.status).toBe(400);
    expect(res2.body.error.details[0].field).toBe('items[1].category');
    expect(res2.body.error.message).toContain(`第 2 项「${badCategory[1].title}」：类别应为`);

    const badUnit = badCategory.map((x: Record<string, unknown>) => ({ ...x, category: null }));
    badUnit[0].coUnitIds = ['00000000-0000-4000-8000-000000000000'];
    const res3 = await sup.post(`/api/directives/${d.id}/publish`, { items: badUnit });
    expect(res3.status).toBe(400);
    expect(res3.body.error.details[0].field).toBe('items[0].coUnitIds');
    // A dropped item before it does not shift the number: the bad item is still named by its place in the draft.
    const afterDropped = badUnit.map((x: Record<string, unknown>, i: number) => ({ ...x, coUnitIds: i === 2 ? ['00000000-0000-4000-8000-000000000000'] : [], include: i !== 0 }));
    const res4 = await sup.post(`/api/directives/${d.id}/publish`, { items: afterDropped });
    expect(res4.body.error.details[0].field).toBe('items[2].coUnitIds');
    expect(res4.body.error.message).toBe(`第 3 项「${afterDropped[2].title}」：所选单位不存在或不在您的数据范围内`);

    const noTitle = badUnit.map((x: Record<string, unknown>) => ({ ...x, coUnitIds: [] }));
    noTitle[1].title = '  ';
    expect((await sup.post(`/api/directives/${d.id}/publish`, { items: noTitle })).body.error.details[0].field).toBe('items[1].title');
    const none = noTitle.map((x: Record<string, unknown>) => ({ ...x, include: false }));
    expect((await sup.post(`/api/directives/${d.id}/publish`, { items: none })).body.error.details[0].field).toBe('items');
    const duplicate = [noTitle[0], noTitle[0]];
    expect((await sup.post(`/api/directives/${d.id}/publish`, { items: duplicate })).body.error.details[0].field).toBe('items[1].key');
    const outside = [{ ...noTitle[0], offset: d.body.length }];
    expect((await sup.post(`/api/directives/${d.id}/publish`, { items: outside })).body.error.details[0].field).toBe('items[0].offset');

    expect(await counts(t)).toEqual(before);
    const after = (await sup.get(`/api/directives/${d.id}`)).body;
    expect(after.status).toBe('draft');
    expect(after.draft).toEqual(d.draft);
  });

  it('keeps set-aside sentences out of the draft until brought back, and recounts deadlines when the document date is set', async () => {
    const sup = await t.login('supervisor');
    // No date in the text: deadlines count from today until the reviewer gives the 成文日期.
    const text = ['全市防汛工作会议讲话', '下面，围绕做好今年防汛工作，我讲两点意见。', '要在6月底前完成河道清淤。（牵头单位：市住建局）', '这就需要我们进一步压实责任。'].join('\n');
    const d = (await sup.post('/api/directives', { text })).body;
    expect(d.docDate).toBeNull();
    expect(d.draft.map((x: { include: boolean; nonTask?: string }) => [x.include, x.nonTask ?? null])).toEqual([
      [false, 'framing'],
      [true, null],
      [false, 'rhetoric'],
    ]);
    expect(d.itemCount).toBe(1);
    expect(d.draft[1]).toMatchObject({ deadlineText: '6月底前', leadUnitIds: [t.unit('SFS-ZJJ')] });
    // Brought back by the reviewer: saved with its reason, counted as included.
    const restored = d.draft.map((x: Record<string, unknown>, i: number) => (i === 2 ? { ...x, include: true } : x));
    const saved = await sup.put(`/api/directives/${d.id}/draft`, { items: restored });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect(saved.body.itemCount).toBe(2);
    expect(saved.body.draft[2]).toMatchObject({ include: true, nonTask: 'rhetoric' });
    const dated = await sup.patch(`/api/directives/${d.id}`, { docDate: '2023-02-10' });
    expect(dated.status, JSON.stringify(dated.body)).toBe(200);
    const after = (await sup.get(`/api/directives/${d.id}`)).body;
    expect(after.docDate).toBe('2023-02-10');
    expect(after.draft[1].deadline).toBe('2023-06-30');
    expect(after.draft[2].include).toBe(true);
  });

  it('saves the reviewed draft: edits, splits by hand, drops and order', async () => {
    const sup = await t.login('supervisor');
    const d = (await sup.post('/api/directives', { text: PLAN })).body;
    const [a, b, c] = d.draft;
    const handWritten = { ...a, key: 'new-1', title: '编制重点项目清单', content: '编制年度重点项目清单', clause: '', offset: null, length: 0, leadUnitIds: [t.unit('SFS-FGW')], leadUnitNames: [], coUnitIds: [], coUnitNames: [] };
    const items = [c, { ...a, include: false }, handWritten, b];
    const res = await sup.put(`/api/directives/${d.id}/draft`, { items });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.draft.map((x: { key: string }) => x.key)).toEqual([c.key, a.key, 'new-1', b.key]);
    expect(res.body.itemCount).toBe(3);
    const bad = await sup.put(`/api/directives/${d.id}/draft`, { items: [{ ...a, deadline: '2024-13-01' }] });
    expect(bad.status).toBe(400);
  });

  it('deletes drafts only, and hides deleted ones', async () => {
    const sup = await t.login('supervisor');
    const d = (await sup.post('/api/directives', { text: PLAN })).body;
    expect((await sup.delete(`/api/directives/${d.id}`)).status).toBe(200);
    expect((await sup.get(`/api/directives/${d.id}`)).status).toBe(404);
    expect((await sup.delete(`/api/directives/${d.id}`)).status).toBe(404);
    const list = (await sup.get('/api/directives?pageSize=100')).body.items.map((x: { id: string }) => x.id);
    expect(list).not.toContain(d.id);
    const audit = await t.container.db.selectFrom('audit_log').select('action').where('entity_id', '=', d.id).orderBy('seq').execute();
    expect(audit.map((a) => a.action)).toEqual(['directive.create', 'directive.delete']);
  });

  it('explains each finding, takes corrections (target ↔ statistic, a name dropped), keeps and counts them', async () => {
    const sup = await t.login('supervisor');
    // The file's other tests leave their directives in the same tenant: rates are compared as changes.
    const ratesBefore = (await sup.get('/api/directives/corrections')).body.fields;
    const text = ['在全市经济工作会议上的讲话', '市委书记王建国出席。', '一、过去一年工作回顾', '全市地区生产总值增长5.5%。', '二、今年的目标任务', '地区生产总值增长6%，新开工项目不少于100个。'].join('\n');
    const d = (await sup.post('/api/directives', { text })).body;
    const target = d.targets.find((x: { value: number }) => x.value === 6);
    expect(target.why).toEqual({ rule: 'section', cue: '今年的目标任务' });
    const stat = d.parsed.statistics.find((x: { value: number }) => x.value === 5.5);
    expect(stat.why).toEqual({ rule: 'section', cue: '过去一年工作回顾' });
    expect(d.parsed.explain.people['王建国']).toEqual({ rule: 'title', cue: '书记' });
    const before = await counts(t);

    // The 6% is moved to the statistics and the 5.5% to the targets; 王建国 is dropped.
    const moved = await sup.post(`/api/directives/${d.id}/corrections`, { field: 'targets', action: 'to-statistic', offset: target.offset, value: 6 });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect(moved.body.targets.map((x: { value: number }) => x.value)).not.toContain(6);
    expect(moved.body.parsed.statistics.find((x: { value: number }) => x.value === 6)).toMatchObject({ why: { rule: 'corrected', cue: null } });
    const back = await sup.post(`/api/directives/${d.id}/corrections`, { field: 'statistics', action: 'to-target', offset: stat.offset, value: 5.5 });
    expect(back.body.targets.find((x: { value: number }) => x.value === 5.5)).toMatchObject({ why: { rule: 'corrected', cue: null } });
    expect(back.body.targetCount).toBe(d.targetCount);
    const dropped = await sup.post(`/api/directives/${d.id}/corrections`, { field: 'people', action: 'drop', name: '王建国' });
    expect(dropped.body.parsed.people).not.toContain('王建国');
    expect(dropped.body.parsed.explain.people['王建国']).toBeUndefined();

    // Bad corrections are named by field and write nothing.
    const afterGood = await counts(t);
    expect((await sup.post(`/api/directives/${d.id}/corrections`, { field: 'people', action: 'drop', name: '不存在' })).status).toBe(404);
    const wrongWay = await sup.post(`/api/directives/${d.id}/corrections`, { field: 'targets', action: 'drop', offset: 0, value: 1 });
    expect(wrongWay.status).toBe(400);
    expect(wrongWay.body.error.details[0]).toMatchObject({ field: 'action' });
    expect((await sup.post(`/api/directives/${d.id}/corrections`, { field: 'names', action: 'drop', name: 'x' })).status).toBe(400);
    expect(await counts(t)).toEqual(afterGood);
    expect(afterGood.audit - before.audit).toBe(3);
    const kept = await t.container.db.selectFrom('directive_corrections').select(['field', 'action']).where('directive_id', '=', d.id).orderBy('created_at').execute();
    expect(kept).toEqual([
      { field: 'targets', action: 'to-statistic' },
      { field: 'statistics', action: 'to-target' },
      { field: 'people', action: 'drop' },
    ]);

    // The library's rates: found counts what the parser put in each field, corrected what people changed.
    const stats = (await sup.get('/api/directives/corrections')).body.fields;
    const change = (f: string) => {
      const [a, b] = [ratesBefore, stats].map((list) => list.find((x: { field: string }) => x.field === f));
      return { found: b.found - a.found, corrected: b.corrected - a.corrected };
    };
    expect(change('targets')).toEqual({ found: 2, corrected: 1 });
    expect(change('statistics')).toEqual({ found: 1, corrected: 1 });
    expect(change('people')).toEqual({ found: 1, corrected: 1 });
    expect(change('places')).toMatchObject({ corrected: 0 });
    const people = stats.find((x: { field: string }) => x.field === 'people');
    expect(people.rate).toBe(Math.round((people.corrected / people.found) * 1000) / 1000);

    // Only a supervisor over the issuing unit corrects; outside its scope the directive does not exist.
    await t.container.db.updateTable('directives').set({ unit_id: t.unit('SFS-DC') }).where('id', '=', d.id).execute();
    expect((await (await t.login('liaison_dc')).post(`/api/directives/${d.id}/corrections`, { field: 'people', action: 'drop', name: '王建国' })).status).toBe(403);
    expect((await (await t.login('liaison_xc')).post(`/api/directives/${d.id}/corrections`, { field: 'people', action: 'drop', name: '王建国' })).status).toBe(404);
    expect((await (await t.login('liaison_xc')).get('/api/directives/corrections')).body.fields.find((x: { field: string }) => x.field === 'people')).toMatchObject({ corrected: 0 });
  });

  it('lets readers in scope read, answers 403 to their writes and 404 outside their scope', async () => {
    const sup = await t.login('supervisor');
    const d = (await sup.post('/api/directives', { text: PLAN })).body;
    // Issued by the 东城区 office: inside the district liaison's scope, outside 西城区's.
    await t.container.db.updateTable('directives').set({ unit_id: t.unit('SFS-DC') }).where('id', '=', d.id).execute();
    const dc = await t.login('liaison_dc');
    const xc = await t.login('liaison_xc');
    const leader = await t.login('leader');
    const seen = await dc.get(`/api/directives/${d.id}`);
    expect(seen.status).toBe(200);
    expect(seen.body.policies).toEqual({ edit: false, publish: false, delete: false });
    expect((await leader.get(`/api/directives/${d.id}`)).status).toBe(200);
    expect((await dc.get('/api/directives?pageSize=100')).body.items.map((x: { id: string }) => x.id)).toContain(d.id);
    for (const client of [dc, leader]) {
      expect((await client.patch(`/api/directives/${d.id}`, { title: '改' })).status).toBe(403);
      expect((await client.put(`/api/directives/${d.id}/draft`, { items: d.draft })).status).toBe(403);
      expect((await client.post(`/api/directives/${d.id}/publish`, { items: d.draft })).status).toBe(403);
      expect((await client.delete(`/api/directives/${d.id}`)).status).toBe(403);
      expect((await client.post('/api/directives', { text: PLAN })).status).toBe(403);
      expect((await client.post('/api/directives/suggest-units', { text: '市财政局' })).status).toBe(403);
    }
    expect((await xc.get(`/api/directives/${d.id}`)).status).toBe(404);
    expect((await xc.patch(`/api/directives/${d.id}`, { title: '改' })).status).toBe(404);
    expect((await xc.get('/api/directives?pageSize=100')).body.items.map((x: { id: string }) => x.id)).not.toContain(d.id);
    expect((await t.anon().get(`/api/directives/${d.id}`)).status).toBe(401);
  });

  it('registers a 领导批示件 with its scan, reviews and assigns it, and the task links back to it', async () => {
    const sup = await t.login('supervisor');
    const before = await counts(t);
    // Bad input names its field and writes nothing.
    const noLeader = await sup.post('/api/directives/instruction', { instructedBy: ' ', instructedOn: '2026-03-02', subject: '关于老旧小区改造进展的报告', text: '请市住建局牵头研究。' });
    expect(noLeader.status).toBe(400);
    expect(noLeader.body.error.details[0]).toMatchObject({ field: 'instructedBy', message: '请填写批示领导' });
    expect((await sup.post('/api/directives/instruction', { instructedBy: '李市长', instructedOn: '2026-02-30', subject: '报告', text: '请研究。' })).body.error.details[0].field).toBe('instructedOn');
    const stray = await sup.post('/api/directives/instruction', { instructedBy: '李市长', instructedOn: '2026-03-02', subject: '报告', text: '请研究。', scanAttachmentId: '00000000-0000-4000-8000-000000000000' });
    expect(stray.status).toBe(400);
    expect(stray.body.error.details[0].field).toBe('scanAttachmentId');
    expect(await counts(t)).toEqual(before);

    // The scan is uploaded first, then registered with who instructed, when and on what.
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
    const { body, headers } = multipartBody('批示件扫描.pdf', pdf);
    const scan = (await sup.request('POST', '/api/attachments', body, headers)).body.data;
    const res = await sup.post('/api/directives/instruction', {
      instructedBy: '李市长',
      instructedOn: '2026-03-02',
      subject: '关于老旧小区改造进展情况的报告',
      text: '请市住房和城乡建设局牵头，会同东城区加快推进，6月底前拿出整改方案。',
      scanAttachmentId: scan.id,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const d = res.body;
    expect(d).toMatchObject({ kind: 'instruction_doc', docDate: '2026-03-02', title: '李市长对《关于老旧小区改造进展情况的报告》的批示' });
    expect(d.instruction).toEqual({ instructedBy: '李市长', instructedOn: '2026-03-02', subject: '关于老旧小区改造进展情况的报告', scan: { id: scan.id, fileName: '批示件扫描.pdf' } });
    // One request is one item: the units it names are proposed, the deadline counts from the instruction date.
    expect(d.draft).toHaveLength(1);
    expect(d.draft[0]).toMatchObject({ include: true, leadUnitIds: [t.unit('SFS-ZJJ')] });
    expect(d.draft[0].deadline === null || d.draft[0].deadline === '2026-06-30').toBe(true);
    // The library lists it with its kind; a 批示件 stays one.
    const listed = (await sup.get('/api/directives?pageSize=100')).body.items.find((x: { id: string }) => x.id === d.id);
    expect(listed).toMatchObject({ kind: 'instruction_doc', instruction: { instructedBy: '李市长' } });
    expect((await sup.patch(`/api/directives/${d.id}`, { kind: 'speech' })).body.error.details[0].field).toBe('kind');
    const speech = (await sup.post('/api/directives', { text: PLAN })).body;
    expect((await sup.patch(`/api/directives/${speech.id}`, { kind: 'instruction_doc' })).status).toBe(400);

    // The scan is read by whoever may read the directive, and by nobody outside its scope.
    expect((await sup.get(`/api/attachments/${scan.id}`)).status).toBe(200);
    const issuer = (await t.container.db.selectFrom('directives').select('unit_id').where('id', '=', d.id).executeTakeFirstOrThrow()).unit_id;
    await t.container.db.updateTable('directives').set({ unit_id: t.unit('SFS-DC') }).where('id', '=', d.id).execute();
    expect((await (await t.login('liaison_dc')).get(`/api/attachments/${scan.id}`)).status).toBe(200);
    expect((await (await t.login('liaison_xc')).get(`/api/attachments/${scan.id}`)).status).toBe(404);
    await t.container.db.updateTable('directives').set({ unit_id: issuer }).where('id', '=', d.id).execute();

    // Assigned through the same review: the task cites the instruction and links back to it.
    const items = d.draft.map((x: Record<string, unknown>) => ({ ...x, deadline: '2026-06-30' }));
    const published = await sup.post(`/api/directives/${d.id}/publish`, { items });
    expect(published.status, JSON.stringify(published.body)).toBe(200);
    const taskId = published.body.taskIds[0];
    const task = (await sup.get(`/api/tasks/${taskId}`)).body;
    expect(JSON.stringify(task)).toContain(d.id);
    const row = await t.container.db.selectFrom('tasks').select(['source_directive_id', 'source_clause', 'owner_unit_id']).where('id', '=', taskId).executeTakeFirstOrThrow();
    expect(row).toEqual({ source_directive_id: d.id, source_clause: d.draft[0].clause, owner_unit_id: t.unit('SFS-ZJJ') });
    const audit = await t.container.db.selectFrom('audit_log').select(['action', 'summary']).where('entity_id', '=', d.id).orderBy('seq').execute();
    expect(audit[0]).toEqual({ action: 'directive.create', summary: '登记批示件 李市长对《关于老旧小区改造进展情况的报告》的批示' });

    // An instruction the parser reads no deployment in is still one item: the whole instruction, led by the unit it names.
    const brief = (await sup.post('/api/directives/instruction', { instructedBy: '王副市长', instructedOn: '2026-03-05', subject: '群众来信', text: '请东城区研究办理。' })).body;
    expect(brief.draft.map((x: { include: boolean; content: string; leadUnitIds: string[] }) => [x.include, x.content, x.leadUnitIds])).toEqual([[true, '请东城区研究办理。', [t.unit('SFS-DC')]]]);
    expect(brief.instruction.scan).toBeNull();

    // Only supervisors register one.
    const leader = await t.login('leader');
    expect((await leader.post('/api/directives/instruction', { instructedBy: '李市长', instructedOn: '2026-03-02', subject: '报告', text: '请研究。' })).status).toBe(403);
  });

  it('suggests the units named in a clause, in order, with their place in the tree', async () => {
    const sup = await t.login('supervisor');
    const res = await sup.post('/api/directives/suggest-units', { text: '由市住建局牵頭,東城區財政局、市發展和改革委員會配合' });
    expect(res.status).toBe(200);
    expect(res.body.units.map((u: { name: string }) => u.name)).toEqual(['市住房和城乡建设局', '东城区财政局', '市发展和改革委员会']);
    expect(res.body.units[0].matched).toBe('市住建局');
    expect(res.body.units[1].path.map((p: { name: string }) => p.name)).toEqual(['示范市（演示数据）', '东城区']);
    expect((await sup.post('/api/directives/suggest-units', { text: '要持续优化营商环境' })).body.units).toEqual([]);
  });
});
