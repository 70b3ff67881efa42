import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { registerErrorHandler } from '../src/http/error-handler.ts';
import { multipartBody, useTestApp, type Client, type TestContext } from './support/harness.ts';
import { testEngines } from './support/test-database.ts';

/** A control or invisible character that must never reach an audit summary. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE = /[\u0000-\u001F\u007F-\u009F\u200B-\u200F\u202A-\u202E\u2060\u2066-\u2069\uFEFF]/;

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

/** A task of 东城区 (SFS-DC) created by the supervisor and acknowledged by its liaison. */
async function acknowledgedTask(t: TestContext, title: string): Promise<{ sup: Client; liaison: Client; id: string }> {
  const sup = await t.login('supervisor');
  const created = await sup.post('/api/tasks', { title, leadUnitIds: [t.unit('SFS-DC')], deadline: '2026-06-30' });
  expect(created.status).toBe(201);
  const liaison = await t.login('liaison_dc');
  expect((await liaison.post(`/api/tasks/${created.body.data.id}/acknowledge`)).status).toBe(200);
  return { sup, liaison, id: created.body.data.id };
}

function expectFieldError(res: { status: number; body: any }, field: string, message: RegExp) {
  expect(res.status).toBe(400);
  expect(res.body.error.code).toBe('VALIDATION');
  expect(res.body.error.details[0].field).toBe(field);
  expect(res.body.error.message).toMatch(message);
}

describe.each(testEngines())('input hardening on %s', (engine) => {
  const t = useTestApp(engine);

  it('answers NUL and other control characters in any string with a 400 naming the field: search, titles, reports, login, free-form filters', async () => {
    const { sup, liaison, id } = await acknowledgedTask(t, '控制字符检查任务');
    expectFieldError(await sup.get('/api/tasks?q=%00'), 'q', /^查询参数字段 q：不能包含控制字符（U\+0000）$/);
    expectFieldError(await sup.get('/api/org-units?q=a%1B'), 'q', /U\+001B/);
    expectFieldError(await sup.post('/api/tasks', { title: '任务\u0000名称', leadUnitIds: [t.unit('SFS-DC')], deadline: '2026-06-30' }), 'title', /^字段 title：不能包含控制字符（U\+0000）$/);
    expectFieldError(await sup.post('/api/tasks', { title: '\u001b[2J清屏', leadUnitIds: [t.unit('SFS-DC')], deadline: '2026-06-30' }), 'title', /U\+001B/);
    expectFieldError(await sup.patch(`/api/tasks/${id}`, { tags: ['好', 'b\u0085'] }), 'tags.1', /U\+0085/);
    expectFieldError(await liaison.post(`/api/tasks/${id}/reports`, { done: '完成\u0000', percent: 10 }), 'done', /控制字符/);
    expectFieldError(await t.anon().post('/api/auth/login', { username: 'ad\u0000min', password: 'x' }), 'username', /控制字符/);
    expectFieldError(await sup.post('/api/saved-filters', { name: '筛选', filter: { q: '\u0000' } }), 'filter.q', /控制字符/);
    // Tab, line feed and carriage return are text.
    const report = await liaison.post(`/api/tasks/${id}/reports`, { done: '第一项\r\n\t第二项', percent: 10 });
    expect(report.status).toBe(201);
    const row = await t.container.db.selectFrom('progress_reports').select('done').where('id', '=', report.body.reportId).executeTakeFirstOrThrow();
    expect(row.done).toBe('第一项\r\n\t第二项');
  });

  it('strips bidirectional overrides and zero-width characters from titles and tags', async () => {
    const sup = await t.login('supervisor');
    const created = await sup.post('/api/tasks', { title: '\uFEFF检查\u202Efdp.exe\u200B\u2066任务\u2069', leadUnitIds: [t.unit('SFS-DC')], deadline: '2026-06-30', tags: ['重\u200D点'] });
    expect(created.status).toBe(201);
    expect(created.body.data.title).toBe('检查fdp.exe任务');
    expect(created.body.data.tags).toEqual(['重点']);
    const audit = await t.container.db.selectFrom('audit_log').select('summary').where('entity_id', '=', created.body.data.id).execute();
    expect(audit.length).toBeGreaterThan(0);
    for (const { summary } of audit) expect(summary).not.toMatch(UNSAFE);
    const only = await sup.post('/api/tasks', { title: '\u200B\u202E', leadUnitIds: [t.unit('SFS-DC')], deadline: '2026-06-30' });
    expectFieldError(only, 'title', /请填写任务名称/);
  });

  it('cleans uploaded file names and document text, and writes audit summaries on one line without control or invisible characters', async () => {
    const sup = await t.login('supervisor');
    const { body, headers } = multipartBody('证明\u202Efdp.exe\u001b[31m.pdf', PDF);
    const uploaded = await sup.request('POST', '/api/attachments', body, headers);
    expect(uploaded.status).toBe(201);
    expect(uploaded.body.data.fileName).toBe('证明fdp.exe_[31m.pdf');
    const upload = await t.container.db.selectFrom('audit_log').select('summary').where('entity_id', '=', uploaded.body.data.id).executeTakeFirstOrThrow();
    expect(upload.summary).toBe('上传附件 证明fdp.exe_[31m.pdf');

    // A document's text and file name come through no schema: cleaned all the same.
    const doc = multipartBody('通知\u202Etxt.exe.txt', Buffer.from('关于\u0000做好春季\u001b[2J防火工作的通知\n\n一、东城区要在6月底前完成隐患排查。\n'));
    const directive = await sup.request('POST', '/api/directives/upload', doc.body, doc.headers);
    expect(directive.status).toBe(201);
    const stored = await t.container.db.selectFrom('directives').select(['title', 'body', 'original_name']).where('id', '=', directive.body.id).executeTakeFirstOrThrow();
    expect(stored.original_name).toBe('通知txt.exe.txt');
    expect([stored.body.includes('\u0000'), stored.body.includes('\u001b')]).toEqual([false, false]);
    const summaries = await t.container.db.selectFrom('audit_log').select('summary').where('entity_id', '=', directive.body.id).execute();
    for (const { summary } of summaries) expect(summary).not.toMatch(UNSAFE);

    // Whatever a caller hands the audit log, a summary and a name are one clean line, and the chain holds.
    await t.container.audit.append(t.container.db, { tenantId: t.tenantId, actorName: '某\u001b[2J人' }, { action: 'test.probe', summary: '摘要\u001b[31m红\n第二行\u202E\u200B' });
    const probe = await t.container.db.selectFrom('audit_log').select(['summary', 'actor_name']).where('action', '=', 'test.probe').executeTakeFirstOrThrow();
    expect(probe).toEqual({ summary: '摘要 [31m红 第二行', actor_name: '某 [2J人' });
    expect((await t.container.audit.verify(t.tenantId)).ok).toBe(true);
  });

  it('answers a date outside 1900–2200 with a 400 naming the field, not a 500', async () => {
    const sup = await t.login('supervisor');
    for (const deadline of ['0050-06-30', '0000-01-01', '1899-12-31', '2201-01-01']) {
      expectFieldError(await sup.post('/api/tasks', { title: '远古任务', leadUnitIds: [t.unit('SFS-DC')], deadline }), 'deadline', /^字段 deadline：日期应在 1900 年至 2200 年之间$/);
    }
    expectFieldError(await sup.get('/api/tasks?deadlineFrom=0001-01-01'), 'deadlineFrom', /^查询参数字段 deadlineFrom：日期应在/);
    const { liaison, id } = await acknowledgedTask(t, '延期日期检查任务');
    expectFieldError(await liaison.post(`/api/tasks/${id}/extensions`, { requestedDeadline: '0099-12-31', reason: '来不及' }), 'requestedDeadline', /1900 年至 2200 年/);
    const admin = await t.login('admin');
    expectFieldError(await admin.get('/api/audit?from=0001-01-01'), 'from', /1900 年至 2200 年/);
    const ok = await sup.post('/api/tasks', { title: '边界任务', leadUnitIds: [t.unit('SFS-DC')], deadline: '2200-12-31' });
    expect(ok.status).toBe(201);
  });

  it('answers a body that is empty, not JSON or missing in Chinese, naming 请求体', async () => {
    const sup = await t.login('supervisor');
    const created = await sup.post('/api/tasks', { title: '草稿任务', leadUnitIds: [t.unit('SFS-DC')], deadline: '2026-06-30', assign: false });
    expect(created.status).toBe(201);
    const id = created.body.data.id;
    const json = { 'content-type': 'application/json' };
    const empty = await sup.request('POST', `/api/tasks/${id}/complete`, '', json);
    expect(empty.status).toBe(400);
    expect(empty.body.error.message).toBe('请求体：声明为 JSON（Content-Type: application/json）时不能为空');
    expect(empty.body.error.details).toBeUndefined();
    const broken = await sup.request('POST', `/api/tasks/${id}/complete`, '{"comment": ', json);
    expect(broken.status).toBe(400);
    expect(broken.body.error.message).toBe('请求体：不是有效的 JSON');
    const proto = await sup.request('POST', `/api/tasks/${id}/complete`, '{"__proto__": {"x": 1}}', json);
    expect(proto.status).toBe(400);
    expect(proto.body.error.message).toBe('请求体：不是有效的 JSON');
    // A required body left out, and an array where an object belongs.
    const missing = await sup.request('POST', `/api/tasks/${id}/return`);
    expect(missing.status).toBe(400);
    expect(missing.body.error.message).toBe('请求体：不能为空，应为 JSON 对象');
    const array = await sup.request('POST', `/api/tasks/${id}/return`, '[]', json);
    expect(array.body.error.message).toBe('请求体：应为 JSON 对象');
    // /assign's body is optional: none at all assigns the draft.
    const assigned = await sup.request('POST', `/api/tasks/${id}/assign`);
    expect(assigned.status).toBe(200);
    expect(assigned.body.data.status).not.toBe('draft');
    // Nothing in these messages is English but the names of formats and headers.
    for (const res of [empty, broken, proto, missing, array]) expect(res.body.error.message.replace(/JSON|Content-Type|application\/json/g, '')).not.toMatch(/[A-Za-z]{3,}/);
  });

  it('answers text the database cannot store (22021, 22P05) with a 400 as a last resort', async () => {
    const app = (await import('fastify')).default({ logger: false });
    registerErrorHandler(app);
    app.get('/text', async () => sql`SELECT ${'a\u0000b'}::text AS v`.execute(t.container.db));
    app.get('/json', async () => sql`SELECT ${'{"a": "\\u0000"}'}::jsonb AS v`.execute(t.container.db));
    for (const url of ['/text', '/json']) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode).toBe(400);
      expect(res.json().error).toMatchObject({ code: 'VALIDATION', message: expect.stringMatching(/无法保存的字符/) });
    }
    await app.close();
  });
});

describe.each(testEngines())('login rate limit and client address on %s', (engine) => {
  // No progressive delay here: this is about the per-address rate limit (the delay has its own test in auth.test.ts).
  const direct = useTestApp(engine, { LUOSHI_LOGIN_RATE_PER_MINUTE: '20', LUOSHI_LOGIN_DELAY_MS: '0' });
  const proxied = useTestApp(engine, { LUOSHI_LOGIN_RATE_PER_MINUTE: '20', LUOSHI_TRUST_PROXY: '1', LUOSHI_LOGIN_DELAY_MS: '0' });

  async function attempts(t: TestContext, n: number, forwardedFor: (i: number) => string) {
    const statuses: number[] = [];
    for (let i = 0; i < n; i++) {
      const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'x-forwarded-for': forwardedFor(i) }, payload: { username: 'no_such_user', password: 'wrong' } });
      statuses.push(res.statusCode);
    }
    return statuses;
  }
  // Every refused attempt is audited: wrong password (auth.login_failed), or, after the fifth from one address, locked (auth.login_locked).
  const failedLoginIps = async (t: TestContext) => (await t.container.db.selectFrom('audit_log').select('ip').where('action', 'in', ['auth.login_failed', 'auth.login_locked']).execute()).map((r) => r.ip);

  it('ignores X-Forwarded-For unless a proxy is configured: forged addresses meet the 429 and the audit log keeps the real one', async () => {
    const statuses = await attempts(direct, 25, (i) => `203.0.113.${i + 1}`);
    expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(20)).toEqual([429, 429, 429, 429, 429]);
    const ips = await failedLoginIps(direct);
    expect(ips).toHaveLength(20);
    expect(new Set(ips)).toEqual(new Set(['127.0.0.1']));
  });

  it('with LUOSHI_TRUST_PROXY=1 takes the address the proxy appended', async () => {
    const statuses = await attempts(proxied, 3, (i) => `198.51.100.99, 203.0.113.${i + 1}`);
    expect(statuses).toEqual([401, 401, 401]);
    expect((await failedLoginIps(proxied)).sort()).toEqual(['203.0.113.1', '203.0.113.2', '203.0.113.3']);
  });
});
