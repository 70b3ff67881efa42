import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.ts';
import { dingTalkSign, robotRequest } from './channels.ts';
import { maskWebhookUrl, retryDelayMs } from './outbox.service.ts';

const notice = { userId: 'u1', title: '请签收:老旧小区改造', body: '签收时限 2026-04-03 已过', taskId: null };
const to = { userId: 'u1', displayName: '东城区 张联络', email: null, unitId: 'dc', webhook: null };

describe('group robot requests', () => {
  it('signs DingTalk as base64(HMAC-SHA256(secret, "timestamp\\nsecret"))', () => {
    // Computed independently (Python hmac) for this timestamp and secret.
    expect(dingTalkSign(1700000000000, 'SECtest')).toBe('aZLLrriXgn05YbwaGR7knYsLeJADjr9NwLaNNKpxh4g=');
  });

  it('puts timestamp and sign in the DingTalk URL beside its token, and sends markdown', () => {
    const req = robotRequest(notice, to, { kind: 'dingtalk', url: 'https://oapi.dingtalk.com/robot/send?access_token=abc', secret: 'SECtest' }, new Date(1700000000000));
    const url = new URL(req.url);
    expect(url.searchParams.get('access_token')).toBe('abc');
    expect(url.searchParams.get('timestamp')).toBe('1700000000000');
    expect(url.searchParams.get('sign')).toBe('aZLLrriXgn05YbwaGR7knYsLeJADjr9NwLaNNKpxh4g=');
    expect(req.body).toEqual({ msgtype: 'markdown', markdown: { title: '【落实】请签收:老旧小区改造', text: '#### 【落实】请签收:老旧小区改造\n\n签收时限 2026-04-03 已过\n\n> 接收人：东城区 张联络' } });
  });

  it('sends WeCom its markdown at the URL that carries the key, unsigned', () => {
    const req = robotRequest(notice, to, { kind: 'wecom', url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k1', secret: null }, new Date(1700000000000));
    expect(req.url).toBe('https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k1');
    expect(req.body).toEqual({ msgtype: 'markdown', markdown: { content: '#### 【落实】请签收:老旧小区改造\n\n签收时限 2026-04-03 已过\n\n> 接收人：东城区 张联络' } });
  });

  it('shows a robot address without its key or token', () => {
    expect(maskWebhookUrl('https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx')).toBe('https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a…');
    expect(maskWebhookUrl('https://oapi.dingtalk.com/robot/send?access_token=abc')).toBe('https://oapi.dingtalk.com/robot/send?access_token=…');
  });
});

describe('delivery retries', () => {
  it('waits 1, 2, 4, 8 minutes after each failure, at most a day', () => {
    expect([1, 2, 3, 4].map(retryDelayMs)).toEqual([60_000, 120_000, 240_000, 480_000]);
    expect(retryDelayMs(30)).toBe(24 * 3600_000);
  });
});

describe('SMTP configuration', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-smtp-'));
  const env = (vars: Record<string, string>) => loadConfig({ LOG_LEVEL: 'silent', ...vars } as NodeJS.ProcessEnv);

  it('has no e-mail channel without a host', () => {
    expect(env({}).smtp).toBeNull();
  });

  it('defaults the port and TLS from each other, and reads the password from a file', () => {
    const file = path.join(dir, 'pw');
    fs.writeFileSync(file, 's3cret\n');
    expect(env({ LUOSHI_SMTP_HOST: 'smtp.example.cn', LUOSHI_SMTP_USER: 'luoshi@example.cn', LUOSHI_SMTP_PASSWORD: 'ignored', LUOSHI_SMTP_PASSWORD_FILE: file }).smtp).toEqual({
      host: 'smtp.example.cn',
      port: 587,
      secure: false,
      user: 'luoshi@example.cn',
      password: 's3cret',
      from: 'luoshi@example.cn',
    });
    expect(env({ LUOSHI_SMTP_HOST: 'h', LUOSHI_SMTP_SECURE: '1', LUOSHI_SMTP_FROM: 'a@b.cn' }).smtp).toMatchObject({ port: 465, secure: true });
    expect(env({ LUOSHI_SMTP_HOST: 'h', LUOSHI_SMTP_PORT: '465', LUOSHI_SMTP_FROM: 'a@b.cn' }).smtp).toMatchObject({ port: 465, secure: true });
  });

  it('names the variable when the sender is missing or the password file unreadable', () => {
    expect(() => env({ LUOSHI_SMTP_HOST: 'h' })).toThrow(/LUOSHI_SMTP_FROM/);
    expect(() => env({ LUOSHI_SMTP_HOST: 'h', LUOSHI_SMTP_FROM: 'a@b.cn', LUOSHI_SMTP_PASSWORD_FILE: path.join(dir, 'missing') })).toThrow(/LUOSHI_SMTP_PASSWORD_FILE/);
  });
});
