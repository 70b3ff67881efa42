import pino from 'pino';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { logChannel } from './notification.service.ts';

function loggerAt(level: string) {
  const lines: { level: number; msg: string }[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(JSON.parse(chunk.toString()) as { level: number; msg: string });
      done();
    },
  });
  return { logger: pino({ level }, stream), lines };
}

describe('the log notification channel', () => {
  const notice = { userId: 'u-1', title: '催办', body: '请于本周内报送进展', taskId: 't-1' };
  const to = { userId: 'u-1', displayName: '联络员', email: null, unitId: 'unit-1', webhook: null };

  it('stays quiet at the default info level, so demo notices do not flood the terminal', async () => {
    const { logger, lines } = loggerAt('info');
    expect(await logChannel(logger).send(notice, to)).toEqual({ ok: true });
    expect(lines).toEqual([]);
  });

  it('logs each notice at debug', async () => {
    const { logger, lines } = loggerAt('debug');
    await logChannel(logger).send(notice, to);
    expect(lines).toEqual([expect.objectContaining({ level: 20, msg: 'notification' })]);
  });
});
