import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { chooseLogFormat, createLogger, type LogFormat } from './logger.ts';

/** A stream that keeps what the logger wrote. */
function capture() {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  return { stream, text: () => chunks.join('') };
}

async function logOnce(format: LogFormat, isTTY: boolean): Promise<string> {
  const out = capture();
  const logger = createLogger({ level: 'info', format, isTTY, destination: out.stream });
  logger.info({ taskId: 't-1' }, '已启动');
  logger.flush();
  await new Promise((r) => setImmediate(r));
  return out.text();
}

describe('the log format', () => {
  it('is readable on a terminal and JSON otherwise, unless LOG_FORMAT says which', () => {
    expect(chooseLogFormat('auto', true)).toBe('pretty');
    expect(chooseLogFormat('auto', false)).toBe('json');
    expect(chooseLogFormat('json', true)).toBe('json');
    expect(chooseLogFormat('json', false)).toBe('json');
    expect(chooseLogFormat('pretty', false)).toBe('pretty');
  });

  it('writes one JSON object a line when not on a terminal', async () => {
    const text = await logOnce('auto', false);
    const line = JSON.parse(text.trim()) as { level: number; msg: string; taskId: string };
    expect(line).toMatchObject({ level: 30, msg: '已启动', taskId: 't-1' });
  });

  it('writes a human-readable line on a terminal, with LOG_FORMAT=json writing JSON there too', async () => {
    const text = await logOnce('auto', true);
    expect(() => JSON.parse(text.trim())).toThrow();
    expect(text).toContain('INFO');
    expect(text).toContain('已启动');
    expect(text).toContain('taskId');
    expect(JSON.parse((await logOnce('json', true)).trim())).toMatchObject({ msg: '已启动' });
  });

  it('reads LOG_FORMAT from the environment, auto by default, and names the variable when it is wrong', () => {
    expect(loadConfig({} as NodeJS.ProcessEnv).logFormat).toBe('auto');
    expect(loadConfig({ LOG_FORMAT: 'json' } as NodeJS.ProcessEnv).logFormat).toBe('json');
    expect(() => loadConfig({ LOG_FORMAT: 'xml' } as NodeJS.ProcessEnv)).toThrow(/LOG_FORMAT/);
  });
});
