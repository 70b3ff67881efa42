import { describe, expect, it } from 'vitest';
import { zhCN } from './zh-CN.ts';

const CJK = '[\\u3400-\\u9fff\\uf900-\\ufaff]';
// Half-width , : ; ? ! ( ) beside a Chinese character, or between placeholders ("{label}:{value}").
const HALF_WIDTH = new RegExp(`${CJK}[,:;?!()]|[,:;?!()]${CJK}|\\}[,:;?!()]\\{`, 'u');

/** The messages of the catalogue that mix half-width punctuation into Chinese. */
export function halfWidthMessages(catalogue: Record<string, string>): string[] {
  return Object.entries(catalogue)
    .filter(([, text]) => HALF_WIDTH.test(text))
    .map(([key, text]) => `${key}: ${text}`);
}

describe('the zh-CN catalogue', () => {
  it('uses full-width punctuation in Chinese text', () => {
    expect(halfWidthMessages(zhCN)).toEqual([]);
  });

  it('catches half-width punctuation beside Chinese characters', () => {
    expect(halfWidthMessages({ a: '平台:从部署到结果,件件有着落', b: '完成时限:', c: '承办单位(含下级)', d: '{label}:{value}', e: 'Authorization: Bearer', f: '共 {total} 条' })).toEqual([
      'a: 平台:从部署到结果,件件有着落',
      'b: 完成时限:',
      'c: 承办单位(含下级)',
      'd: {label}:{value}',
    ]);
  });
});
