import { describe, expect, it } from 'vitest';
import { codeTable } from '../src/text.ts';

// The per-character scans over a whole document use lookup tables and pre-filters instead of
// regexes, Sets and one-character strings; each must answer exactly as the slow form did.
describe('fast paths of the parser', () => {
  it('a code table marks exactly the code units of its characters', () => {
    const chars = '区园镇乡道“「『"‘';
    const table = codeTable(chars);
    const wrong: number[] = [];
    for (let code = 0; code < 65536; code++) if ((table[code] === 1) !== chars.includes(String.fromCharCode(code))) wrong.push(code);
    expect(wrong).toEqual([]);
    expect(table.reduce((n, v) => n + v, 0)).toBe(chars.length);
  });
});
