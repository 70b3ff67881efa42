import { createHmac } from 'node:crypto';
import nodemailer from 'nodemailer';
import type { SmtpConfig } from '../../config.ts';
import type { Clock } from '../../lib/clock.ts';
import type { Channel, Recipient } from '../../supervision/notification.service.ts';

type Notice = Parameters<Channel['send']>[0];

/** The subject line of a notice's e-mail and robot message. */
export function noticeSubject(n: Notice): string {
  return `【落实】${n.title}`;
}

/** E-mail over SMTP to the address on the person's account. */
export function emailChannel(smtp: SmtpConfig): Channel {
  const transport = nodemailer.createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.secure,
    ...(smtp.user ? { auth: { user: smtp.user, pass: smtp.password ?? '' } } : {}),
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 30_000,
  });
  return {
    name: 'email',
    requires: 'email',
    async send(n, to) {
      if (!to.email) return { ok: false, detail: '账号没有邮箱' };
      const info = await transport.sendMail({
        from: smtp.from,
        to: to.email,
        subject: noticeSubject(n),
        text: `${to.displayName}：\n\n${n.title}\n${n.body ? `\n${n.body}\n` : ''}\n—— 落实督查督办平台`,
      });
      const rejected = info.rejected.length > 0;
      return rejected ? { ok: false, detail: `收件人被拒绝：${info.rejected.map(String).join(', ')}` } : { ok: true, detail: info.response };
    },
  };
}

/** DingTalk's 加签: base64(HMAC-SHA256(secret, `${timestamp}\n${secret}`)). */
export function dingTalkSign(timestamp: number, secret: string): string {
  return createHmac('sha256', secret).update(`${timestamp}\n${secret}`).digest('base64');
}

/** The request a group robot receives for a notice: DingTalk or WeCom markdown. */
export function robotRequest(n: Notice, to: Recipient, hook: NonNullable<Recipient['webhook']>, now: Date): { url: string; body: unknown } {
  const text = `#### ${noticeSubject(n)}\n\n${n.body ? `${n.body}\n\n` : ''}> 接收人：${to.displayName}`;
  if (hook.kind === 'wecom') return { url: hook.url, body: { msgtype: 'markdown', markdown: { content: text } } };
  const url = new URL(hook.url);
  if (hook.secret) {
    const timestamp = now.getTime();
    url.searchParams.set('timestamp', String(timestamp));
    url.searchParams.set('sign', dingTalkSign(timestamp, hook.secret));
  }
  return { url: url.toString(), body: { msgtype: 'markdown', markdown: { title: noticeSubject(n), text } } };
}

/**
 * The group robot (DingTalk or WeCom) of the person's unit. Both answer HTTP 200 with
 * `{ errcode, errmsg }`; anything but errcode 0 is a failed delivery (retried by the outbox).
 */
export function webhookChannel(deps: { clock: Clock; timeoutMs?: number }): Channel {
  return {
    name: 'webhook',
    requires: 'webhook',
    async send(n, to) {
      if (!to.webhook) return { ok: false, detail: '所在单位未配置群机器人' };
      const { url, body } = robotRequest(n, to, to.webhook, deps.clock.now());
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify(body), signal: AbortSignal.timeout(deps.timeoutMs ?? 15_000) });
      const text = await res.text();
      if (!res.ok) return { ok: false, detail: `HTTP ${res.status} ${text.slice(0, 200)}` };
      let answer: { errcode?: number; errmsg?: string };
      try {
        answer = JSON.parse(text) as typeof answer;
      } catch {
        return { ok: false, detail: `应答不是 JSON：${text.slice(0, 200)}` };
      }
      return answer.errcode === 0 ? { ok: true } : { ok: false, detail: `errcode ${answer.errcode ?? '?'}：${answer.errmsg ?? ''}` };
    },
  };
}
