import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createHmac } from 'node:crypto';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { testEngines } from './support/test-database.ts';
import { useTestApp, type TestContext } from './support/harness.ts';

// ---- a real SMTP server and a group-robot receiver, started by the test ----

interface Mail {
  from: string;
  to: string[];
  subject: string;
  text: string;
}

/** Decodes RFC 2047 words (=?UTF-8?B?…?= / Q) in a header. */
function decodeWords(value: string): string {
  return value.replace(/\?=\s+=\?/g, '?==?').replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_m, _cs, enc: string, data: string) =>
    enc.toUpperCase() === 'B' ? Buffer.from(data, 'base64').toString('utf8') : Buffer.from(data.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_x, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8'),
  );
}

/** The subject and text of a single-part message as it arrived on the wire. */
function parseMail(raw: string): { subject: string; text: string } {
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  const body = raw.slice(split + 4);
  const header = (name: string) => head.split('\r\n').find((l) => l.toLowerCase().startsWith(`${name}:`))?.slice(name.length + 1).trim() ?? '';
  const encoding = header('content-transfer-encoding').toLowerCase();
  let text: string;
  if (encoding === 'base64') text = Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  else if (encoding === 'quoted-printable') text = Buffer.from(body.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/gi, (_x, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8');
  else text = body;
  return { subject: decodeWords(header('subject')), text: text.replace(/\r\n/g, '\n') };
}

const inbox: Mail[] = [];
/** Addresses the SMTP server refuses (550). */
const refused = new Set<string>();
const smtp = new SMTPServer({
  authMethods: ['PLAIN', 'LOGIN'],
  allowInsecureAuth: true,
  disabledCommands: ['STARTTLS'],
  onAuth(auth, _session, cb) {
    if (auth.username === 'luoshi' && auth.password === 'smtp-秘密') cb(null, { user: 'luoshi' });
    else cb(new Error('535 认证失败'));
  },
  onRcptTo(address, _session, cb) {
    if (refused.has(address.address)) {
      const err = new Error('mailbox unavailable') as Error & { responseCode: number };
      err.responseCode = 550;
      cb(err);
    } else cb();
  },
  onData(stream, session, cb) {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => {
      const { subject, text } = parseMail(Buffer.concat(chunks).toString('utf8'));
      inbox.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address), subject, text });
      cb();
    });
  },
});

interface RobotCall {
  robot: 'dingtalk' | 'wecom';
  body: { msgtype: string; markdown: { title?: string; text?: string; content?: string } };
  signed: boolean;
}
const robotCalls: RobotCall[] = [];
const DING_TOKEN = 'ding-token-1';
const DING_SECRET = 'SECdingtalk-secret';
const WECOM_KEY = 'wecom-key-1';
/** A DingTalk and a WeCom group robot: checks the token or key and DingTalk's 加签 like the real ones. */
const robots = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const url = new URL(req.url ?? '/', 'http://robot');
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as RobotCall['body'];
    const answer = (errcode: number, errmsg: string) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ errcode, errmsg }));
    if (url.pathname === '/robot/send') {
      const timestamp = url.searchParams.get('timestamp') ?? '';
      const expected = createHmac('sha256', DING_SECRET).update(`${timestamp}\n${DING_SECRET}`).digest('base64');
      if (url.searchParams.get('access_token') !== DING_TOKEN) return answer(300001, 'token is not exist');
      if (url.searchParams.get('sign') !== expected) return answer(310000, 'sign not match');
      robotCalls.push({ robot: 'dingtalk', body, signed: true });
      return answer(0, 'ok');
    }
    if (url.pathname === '/cgi-bin/webhook/send') {
      if (url.searchParams.get('key') !== WECOM_KEY) return answer(93000, 'invalid webhook url');
      robotCalls.push({ robot: 'wecom', body, signed: false });
      return answer(0, 'ok');
    }
    res.writeHead(404).end();
  });
});

const env: Record<string, string> = {};
let robotBase = '';
const passwordFile = path.join(os.tmpdir(), `luoshi-smtp-${process.pid}.txt`);

beforeAll(async () => {
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  await new Promise<void>((resolve) => robots.listen(0, '127.0.0.1', resolve));
  fs.writeFileSync(passwordFile, 'smtp-秘密\n');
  Object.assign(env, {
    LUOSHI_SMTP_HOST: '127.0.0.1',
    LUOSHI_SMTP_PORT: String((smtp.server.address() as AddressInfo).port),
    LUOSHI_SMTP_SECURE: '0',
    LUOSHI_SMTP_USER: 'luoshi',
    LUOSHI_SMTP_PASSWORD_FILE: passwordFile,
    LUOSHI_SMTP_FROM: '落实平台 <luoshi@example.gov.cn>',
  });
  robotBase = `http://127.0.0.1:${(robots.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
  await new Promise<void>((resolve) => robots.close(() => resolve()));
  fs.rmSync(passwordFile, { force: true });
});

describe.each(testEngines())('notifications leave the transaction: outbox, e-mail, group robots, on %s', (engine) => {
  const t = useTestApp(engine, env);
  beforeEach(() => {
    inbox.length = 0;
    robotCalls.length = 0;
    refused.clear();
  });

  /** What the job loop does each tick: queue the delivery jobs, then run every due job. */
  async function tick(): Promise<number> {
    await t.container.outbox.schedule();
    return t.container.jobs.drain();
  }
  const deliveriesOf = (notificationId: string) => t.container.db.selectFrom('notification_deliveries').selectAll().where('notification_id', '=', notificationId).orderBy('channel').execute();
  const notice = (userIds: string[], dedupeKey: string, title = '请报送本月进展：老旧小区改造') => ({ tenantId: t.tenantId, userIds, kind: 'reminder' as const, title, body: '请于 4 月 10 日前在“落实”报送本月进展。', taskId: null, dedupeKey });

  async function choose(client: Awaited<ReturnType<TestContext['login']>>, email: string | null, channels: string[]) {
    const res = await client.put('/api/me/notification-settings', { email, channels });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body;
  }

  it('lets each person choose e-mail and the unit robot, with a Chinese error naming the field', async () => {
    const dc = await t.login('liaison_dc');
    expect((await dc.get('/api/me/notification-settings')).body).toEqual({ email: null, channels: [], available: { email: true, webhook: false } });
    const noAddress = await dc.put('/api/me/notification-settings', { email: null, channels: ['email'] });
    expect(noAddress.status).toBe(400);
    expect(noAddress.body.error.message).toMatch(/^channels: .*邮箱/);
    const bad = await dc.put('/api/me/notification-settings', { email: '不是邮箱', channels: [] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toBe('email: 邮箱格式不正确');
    expect(await choose(dc, 'zhang.dc@example.gov.cn', ['email'])).toEqual({ email: 'zhang.dc@example.gov.cn', channels: ['email'], available: { email: true, webhook: false } });
    const audit = await t.container.db.selectFrom('audit_log').select(['action', 'summary']).where('action', '=', 'user.notify-settings').where('actor_id', '=', t.userId('liaison_dc')).execute();
    expect(audit).toEqual([{ action: 'user.notify-settings', summary: '消息接收方式：站内、邮件' }]);
  });

  it('sends nothing from a transaction that rolls back, and nothing before commit', async () => {
    const dc = await t.login('liaison_dc');
    await choose(dc, 'zhang.dc@example.gov.cn', ['email']);
    const me = t.userId('liaison_dc');
    await expect(
      t.container.db.transaction().execute(async (tx) => {
        expect(await t.container.notifications.notify(tx, notice([me], 'rollback-1'))).toBe(1);
        // The transaction is still open: no channel has been called.
        expect(inbox).toEqual([]);
        throw new Error('写入失败，回滚');
      }),
    ).rejects.toThrow('写入失败，回滚');
    expect(await t.container.db.selectFrom('notifications').select('id').where('dedupe_key', '=', 'rollback-1').execute()).toEqual([]);
    await tick();
    expect(inbox).toEqual([]);
    expect(await t.container.db.selectFrom('notification_deliveries').select('id').where('status', '!=', 'sent').where('status', '!=', 'dead').execute()).toEqual([]);
  });

  it('delivers after commit through the job queue: the e-mail arrives with its Chinese subject and body, once', async () => {
    const dc = await t.login('liaison_dc');
    await choose(dc, 'zhang.dc@example.gov.cn', ['email']);
    const me = t.userId('liaison_dc');
    await t.container.db.transaction().execute((tx) => t.container.notifications.notify(tx, notice([me], 'commit-1')));
    // Committed, not yet delivered: the outbox row waits for the job.
    const n = await t.container.db.selectFrom('notifications').select('id').where('dedupe_key', '=', 'commit-1').executeTakeFirstOrThrow();
    expect((await deliveriesOf(n.id)).map((d) => [d.channel, d.status])).toEqual([['email', 'pending']]);
    expect(inbox).toEqual([]);
    expect(await t.container.outbox.schedule()).toBe(1);
    // A second tick while the job waits queues no second job.
    expect(await t.container.outbox.schedule()).toBe(0);
    expect(await t.container.jobs.drain()).toBe(1);
    expect(inbox).toHaveLength(1);
    expect(inbox[0]).toMatchObject({ from: 'luoshi@example.gov.cn', to: ['zhang.dc@example.gov.cn'], subject: '【落实】请报送本月进展：老旧小区改造' });
    expect(inbox[0]!.text).toContain('东城区 张联络：');
    expect(inbox[0]!.text).toContain('请于 4 月 10 日前在“落实”报送本月进展。');
    const [row] = await deliveriesOf(n.id);
    expect(row).toMatchObject({ status: 'sent', attempts: 1, next_attempt_at: null });
    expect(row!.sent_at).not.toBeNull();
    // Delivered rows are not sent again.
    await tick();
    expect(inbox).toHaveLength(1);
  });

  it('honours each person\'s choice: e-mail only to who chose it, robots of their own unit, signed for DingTalk', async () => {
    const admin = await t.login('admin');
    expect((await admin.put(`/api/org/units/${t.unit('SFS-DC')}/webhook`, { kind: 'dingtalk', url: `${robotBase}/robot/send?access_token=${DING_TOKEN}`, secret: DING_SECRET })).status).toBe(200);
    expect((await admin.put(`/api/org/units/${t.unit('SFS-XC')}/webhook`, { kind: 'wecom', url: `${robotBase}/cgi-bin/webhook/send?key=${WECOM_KEY}` })).status).toBe(200);
    const shown = await admin.get(`/api/org/units/${t.unit('SFS-DC')}/webhook`);
    expect(shown.body.webhook).toEqual({ kind: 'dingtalk', url: `${robotBase}/robot/send?access_token=ding…`, hasSecret: true });
    const wrongKind = await admin.put(`/api/org/units/${t.unit('SFS-XC')}/webhook`, { kind: 'wecom', url: `${robotBase}/cgi-bin/webhook/send` });
    expect(wrongKind.body.error.message).toBe('url: 企业微信机器人地址须带 key 参数');

    const dc = await t.login('liaison_dc');
    const xc = await t.login('liaison_xc');
    expect((await choose(dc, 'zhang.dc@example.gov.cn', ['email', 'webhook'])).available).toEqual({ email: true, webhook: true });
    // Zhao has an address but chose only the robot.
    await choose(xc, 'zhao.xc@example.gov.cn', ['webhook']);
    // The supervisor assigns a task to both districts over HTTP: the assignment notices go out after commit.
    const sup = await t.login('supervisor');
    const created = await sup.post('/api/tasks', { title: '城中村燃气管网改造', leadUnitIds: [t.unit('SFS-DC'), t.unit('SFS-XC')], deadline: '2026-09-30' });
    expect(created.status, JSON.stringify(created.body)).toBeLessThan(300);
    expect(inbox).toEqual([]);
    expect(robotCalls).toEqual([]);
    await tick();
    const mailTo = inbox.map((m) => m.to[0]);
    expect(mailTo).toContain('zhang.dc@example.gov.cn');
    expect(mailTo).not.toContain('zhao.xc@example.gov.cn');
    expect(inbox.find((m) => m.to[0] === 'zhang.dc@example.gov.cn')!.subject).toBe('【落实】新交办任务：城中村燃气管网改造');
    const ding = robotCalls.filter((c) => c.robot === 'dingtalk');
    const wecom = robotCalls.filter((c) => c.robot === 'wecom');
    expect(ding.length).toBeGreaterThan(0);
    expect(ding[0]!.body.msgtype).toBe('markdown');
    expect(ding[0]!.body.markdown.title).toBe('【落实】新交办任务：城中村燃气管网改造');
    expect(ding[0]!.body.markdown.text).toContain('接收人：东城区 张联络');
    expect(wecom.length).toBeGreaterThan(0);
    expect(wecom[0]!.body.markdown.content).toContain('新交办任务：城中村燃气管网改造');
    expect(wecom[0]!.body.markdown.content).toContain('接收人：西城区 赵联络');
    // Nobody else: people who chose nothing get the in-app centre only.
    expect(robotCalls.every((c) => (c.robot === 'dingtalk' ? c.body.markdown.text : c.body.markdown.content)!.includes('联络'))).toBe(true);
    const audit = await t.container.db.selectFrom('audit_log').select('summary').where('action', '=', 'org.webhook').execute();
    expect(audit.map((a) => a.summary)).toEqual(['设置群机器人（钉钉）', '设置群机器人（企业微信）']);
  });

  it('retries a failing channel with backoff, then leaves it dead; the administrator sees it and a retry delivers', async () => {
    let admin = await t.login('admin');
    // The DC robot's secret is wrong: DingTalk answers "sign not match".
    await admin.put(`/api/org/units/${t.unit('SFS-DC')}/webhook`, { kind: 'dingtalk', url: `${robotBase}/robot/send?access_token=${DING_TOKEN}`, secret: 'SECwrong' });
    let dc = await t.login('liaison_dc');
    await choose(dc, 'zhang.dc@example.gov.cn', ['email', 'webhook']);
    refused.add('zhang.dc@example.gov.cn');
    const me = t.userId('liaison_dc');
    await t.container.db.transaction().execute((tx) => t.container.notifications.notify(tx, notice([me], 'failing-1', '即将到期：河道整治')));
    const n = await t.container.db.selectFrom('notifications').select('id').where('dedupe_key', '=', 'failing-1').executeTakeFirstOrThrow();
    await tick();
    let rows = await deliveriesOf(n.id);
    expect(rows.map((r) => [r.channel, r.status, r.attempts])).toEqual([['email', 'failed', 1], ['webhook', 'failed', 1]]);
    expect(rows.find((r) => r.channel === 'webhook')!.detail).toBe('errcode 310000：sign not match');
    expect(rows.find((r) => r.channel === 'email')!.detail).toMatch(/550|rejected|拒绝/);
    // Not due again yet: a tick does nothing.
    await tick();
    expect((await deliveriesOf(n.id)).map((r) => r.attempts)).toEqual([1, 1]);
    // The e-mail server takes the address again: the next attempt, a minute later, delivers it.
    refused.clear();
    t.clock.advance(60_000);
    await tick();
    rows = await deliveriesOf(n.id);
    expect(rows.map((r) => [r.channel, r.status, r.attempts])).toEqual([['email', 'sent', 2], ['webhook', 'failed', 2]]);
    expect(inbox.map((m) => m.subject)).toEqual(['【落实】即将到期：河道整治']);
    // The robot keeps failing: 2, 4, 8 minutes apart, then dead after the fifth attempt.
    for (const minutes of [2, 4, 8]) {
      t.clock.advance(minutes * 60_000 - 1000);
      await tick();
      expect((await deliveriesOf(n.id))[1]!.attempts).toBe(2 + [2, 4, 8].indexOf(minutes));
      t.clock.advance(1000);
      await tick();
    }
    rows = await deliveriesOf(n.id);
    expect(rows[1]).toMatchObject({ channel: 'webhook', status: 'dead', attempts: 5, next_attempt_at: null });
    t.clock.advance(24 * 3600_000);
    await tick();
    expect((await deliveriesOf(n.id))[1]!.attempts).toBe(5);
    expect(robotCalls).toEqual([]);

    // The administrator sees it (a day later: signed in again); the district's administrator too; a liaison may not look.
    admin = await t.login('admin');
    dc = await t.login('liaison_dc');
    const dead = await admin.get('/api/notification-deliveries?status=dead');
    expect(dead.status).toBe(200);
    const item = dead.body.data.find((d: { id: string }) => d.id === rows[1]!.id);
    expect(item).toMatchObject({ title: '即将到期：河道整治', channel: 'webhook', status: 'dead', attempts: 5, maxAttempts: 5, detail: 'errcode 310000：sign not match', user: { name: '东城区 张联络' } });
    expect((await (await t.login('admin_dc')).get('/api/notification-deliveries?status=dead')).body.data.map((d: { id: string }) => d.id)).toContain(rows[1]!.id);
    expect((await dc.get('/api/notification-deliveries')).status).toBe(403);
    expect((await dc.post('/api/notification-deliveries/retry', { ids: [rows[1]!.id] })).status).toBe(403);

    // Fix the secret, retry: the next tick delivers it, signed.
    await admin.put(`/api/org/units/${t.unit('SFS-DC')}/webhook`, { kind: 'dingtalk', url: `${robotBase}/robot/send?access_token=${DING_TOKEN}`, secret: DING_SECRET });
    const retried = await admin.post('/api/notification-deliveries/retry', { ids: [rows[1]!.id] });
    expect(retried.body).toEqual({ retried: 1 });
    expect((await admin.post('/api/notification-deliveries/retry', { ids: [rows[0]!.id] })).status).toBe(404);
    await tick();
    expect(await deliveriesOf(n.id).then((r) => r.map((d) => d.status))).toEqual(['sent', 'sent']);
    expect(robotCalls).toHaveLength(1);
    expect(robotCalls[0]).toMatchObject({ robot: 'dingtalk', signed: true });
    expect(robotCalls[0]!.body.markdown.title).toBe('【落实】即将到期：河道整治');
    expect((await admin.get('/api/notification-deliveries?status=dead')).body.data.map((d: { id: string }) => d.id)).not.toContain(rows[1]!.id);
    const audit = await t.container.db.selectFrom('audit_log').select(['summary', 'entity_id']).where('action', '=', 'system.notification-retry').execute();
    expect(audit).toEqual([{ summary: '重发消息 1 条', entity_id: rows[1]!.id }]);
  });

  it('writes no delivery for a deactivated account, which keeps its in-app notice', async () => {
    const deputy = t.userId('deputy');
    await t.container.db.updateTable('users').set({ email: 'chen@example.cn', notify_channels: ['email'], active: false }).where('id', '=', deputy).execute();
    await t.container.db.transaction().execute((tx) => t.container.notifications.notify(tx, notice([deputy], 'inactive-1')));
    const n = await t.container.db.selectFrom('notifications').select('id').where('dedupe_key', '=', 'inactive-1').executeTakeFirstOrThrow();
    expect(await deliveriesOf(n.id)).toEqual([]);
    await t.container.db.updateTable('users').set({ active: true }).where('id', '=', deputy).execute();
    await t.container.db.transaction().execute((tx) => t.container.notifications.notify(tx, notice([deputy], 'inactive-2')));
    const m = await t.container.db.selectFrom('notifications').select('id').where('dedupe_key', '=', 'inactive-2').executeTakeFirstOrThrow();
    expect((await deliveriesOf(m.id)).map((d) => d.channel)).toEqual(['email']);
    await tick();
    expect(inbox.map((x) => x.to)).toEqual([['chen@example.cn']]);
  });

  it('keeps the log channel for everyone when no SMTP server is configured', async () => {
    const { createContainer } = await import('../src/container.ts');
    const { loadConfig } = await import('../src/config.ts');
    const pino = (await import('pino')).default;
    const lines: string[] = [];
    const logger = pino({ level: 'debug' }, { write: (l: string) => void lines.push(l) });
    const plain = createContainer({ config: loadConfig({ LOG_LEVEL: 'silent' } as NodeJS.ProcessEnv), database: t.container.database, clock: t.clock, logger });
    const viewer = t.userId('viewer');
    await plain.db.transaction().execute((tx) => plain.notifications.notify(tx, notice([viewer], 'log-1', '日志渠道')));
    const n = await plain.db.selectFrom('notifications').select('id').where('dedupe_key', '=', 'log-1').executeTakeFirstOrThrow();
    expect((await deliveriesOf(n.id)).map((d) => [d.channel, d.status])).toEqual([['log', 'pending']]);
    expect(lines.some((l) => l.includes('日志渠道'))).toBe(false);
    await plain.outbox.schedule();
    await plain.jobs.drain();
    expect((await deliveriesOf(n.id)).map((d) => [d.channel, d.status])).toEqual([['log', 'sent']]);
    expect(lines.some((l) => l.includes('日志渠道'))).toBe(true);
  });
});
