import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { chineseIssue, cleanInput, isoDate, isoDateOrTime } from './input.ts';

describe('request input before its schema', () => {
  it('names the first field, at any depth, holding a forbidden control character', () => {
    expect(cleanInput({ title: 'ok', parts: [{ title: 'a' }, { title: 'b\u0000' }] }).problem).toEqual({ path: ['parts', 1, 'title'], message: '不能包含控制字符（U+0000）' });
    expect(cleanInput({ filter: { q: { deep: ['\u001b'] } } }).problem?.path).toEqual(['filter', 'q', 'deep', 0]);
    expect(cleanInput({ ['bad\u0000key']: 1 }).problem?.message).toMatch(/字段名/);
    expect(cleanInput('\u0007').problem?.path).toEqual([]);
  });

  it('strips invisible characters from strings but not from passwords, and keeps other values', () => {
    const input = { title: '任务\u202E名称\u200B', password: 'pa\u200Bss', newPassword: 'x\u200By', n: 3, b: true, nil: null, tags: ['\uFEFF标签'], text: '多\n行\t文字' };
    expect(cleanInput(input)).toEqual({ value: { title: '任务名称', password: 'pa\u200Bss', newPassword: 'x\u200By', n: 3, b: true, nil: null, tags: ['标签'], text: '多\n行\t文字' } });
    expect(cleanInput(undefined)).toEqual({ value: undefined });
  });

  it('refuses a control character in a password too', () => {
    expect(cleanInput({ password: 'a\u0000' }).problem?.path).toEqual(['password']);
  });
});

describe('dates in the years people plan in', () => {
  it('accepts 1900–2200 and names the range otherwise', () => {
    const date = isoDate();
    expect(date.safeParse('1900-01-01').success).toBe(true);
    expect(date.safeParse('2200-12-31').success).toBe(true);
    for (const bad of ['0050-06-30', '0000-01-01', '1899-12-31', '2201-01-01', '9999-12-31']) {
      const r = date.safeParse(bad);
      expect(r.success).toBe(false);
      expect(r.error?.issues[0]?.message).toBe('日期应在 1900 年至 2200 年之间');
    }
    expect(date.safeParse('2026-13-01').error?.issues.map((i) => i.message)).toEqual(['日期格式应为 YYYY-MM-DD']);
  });

  it('bounds times and dates of filters the same way', () => {
    const t = isoDateOrTime();
    expect(t.safeParse('2026-03-02T08:00:00+08:00').success).toBe(true);
    expect(t.safeParse('2026-03-02').success).toBe(true);
    expect(t.safeParse('0001-01-01T00:00:00Z').success).toBe(false);
    expect(t.safeParse('0099-01-01').success).toBe(false);
  });
});

describe('validation messages in Chinese', () => {
  const messages = (schema: z.ZodType, data: unknown) => schema.safeParse(data, { error: chineseIssue }).error?.issues.map((i) => `${i.path.join('.')}:${i.message}`);

  it('names types, lengths, ranges, formats and choices in Chinese, and keeps a schema’s own message first', () => {
    const schema = z.object({
      title: z.string().max(3),
      name: z.string().min(1),
      code: z.string().min(2),
      n: z.number().int().min(1).max(10),
      ids: z.array(z.uuid()).max(1),
      level: z.enum(['blue', 'red']),
      on: z.boolean(),
      own: z.string().max(1, '自己的话'),
    });
    expect(messages(schema, { title: 'abcd', name: '', code: 'x', n: 11, ids: ['a'], level: 'green', on: 'yes', own: 'ab' })).toEqual([
      'title:不能超过 3 个字',
      'name:不能为空',
      'code:至少 2 个字',
      'n:不能大于 10',
      'ids.0:无效的编号',
      'level:应为以下之一：blue、red',
      'on:应为 true 或 false',
      'own:自己的话',
    ]);
    expect(messages(schema, {})?.[0]).toBe('title:不能为空');
    expect(messages(z.array(z.string()).max(1), ['a', 'b'])).toEqual([':最多 1 项']);
    expect(messages(z.number().gt(0).lt(5), 9)).toEqual([':应小于 5']);
    expect(messages(z.object({ a: z.number() }).strict(), { a: 'x', b: 1 })).toEqual(['a:应为数字', ':不认识的字段：b']);
    expect(messages(z.object({}), undefined)).toEqual([':不能为空']);
  });
});
