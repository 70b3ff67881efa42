import { describe, expect, it } from 'vitest';
import { cleanText, forbiddenControl, oneLine, safeFileName, stripInvisible } from '../src/text.ts';

describe('control and invisible characters in text', () => {
  it('names the first forbidden control character and lets tab, line feed and carriage return pass', () => {
    expect(forbiddenControl('ab\u0000c')).toBe('U+0000');
    expect(forbiddenControl('red \u001b[31m')).toBe('U+001B');
    expect(forbiddenControl('del \u007f')).toBe('U+007F');
    expect(forbiddenControl('c1 \u009b')).toBe('U+009B');
    expect(forbiddenControl('第一行\r\n第二行\t完')).toBeNull();
    expect(forbiddenControl('落实 Luoshi ①')).toBeNull();
  });

  it('strips bidirectional overrides, isolates, marks and zero-width characters, nothing else', () => {
    expect(stripInvisible('invoice\u202Efdp.exe')).toBe('invoicefdp.exe');
    expect(stripInvisible('\uFEFF任\u200B务\u200C名\u200D称\u2060\u2066x\u2069\u202A\u202B\u202C\u202D\u200E\u200F\u061C')).toBe('任务名称x');
    expect(stripInvisible('保持 原样\n\t')).toBe('保持 原样\n\t');
  });

  it('makes one line for logs and audit summaries', () => {
    expect(oneLine('上传附件 a\u001b[2Jb\nc\u202E')).toBe('上传附件 a [2Jb c');
  });

  it('cleans a document text but keeps its line breaks and tabs', () => {
    expect(cleanText('\uFEFF第一条\u0000\r\n\t第二条\u001b\u200B')).toBe('第一条\r\n\t第二条');
  });

  it('makes a safe file name', () => {
    expect(safeFileName('报告\u202Efdp.exe')).toBe('报告fdp.exe');
    expect(safeFileName('../../etc/passwd')).toBe('.._.._etc_passwd');
    expect(safeFileName('a\u0000b\u001b\nc.pdf')).toBe('a_b__c.pdf');
    expect(safeFileName('\u200B\u202E')).toBe('file');
    expect(safeFileName(`${'长'.repeat(300)}.pdf`)).toHaveLength(200);
    expect(safeFileName(`${'😀'.repeat(300)}.pdf`).endsWith('😀😀.pdf')).toBe(true);
    expect([...safeFileName(`${'😀'.repeat(300)}.pdf`)][0]).toBe('😀');
  });
});
