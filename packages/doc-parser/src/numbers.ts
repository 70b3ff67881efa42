import { codeTable } from './text.ts';

const DIGIT: Record<string, number> = {
  零: 0, 〇: 0, '○': 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9,
};
const SMALL_UNIT: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };
const BIG_UNIT: Record<string, number> = { 万: 1e4, 亿: 1e8 };

const NUMERAL_CODES = codeTable('零〇○一二两三四五六七八九十百千万亿');

/** True when ch is a character of a Chinese numeral (digits and 十百千万亿). */
export function isCnNumeralChar(ch: string): boolean {
  return ch.length === 1 && NUMERAL_CODES[ch.charCodeAt(0)] === 1;
}

/** Code-unit form of isCnNumeralChar, for hot loops. */
export function isCnNumeralCode(code: number): boolean {
  return NUMERAL_CODES[code] === 1;
}

/**
 * Value of a Chinese numeral: 一千五百 → 1500, 三万五千 → 35000, 两百 → 200, 十二 → 12,
 * 二〇二四 → 2024 (digit by digit when no 十百千 appears). Null when it is not a numeral.
 */
export function parseChineseNumber(text: string): number | null {
  if (text.length === 0 || text.length > 24) return null;
  let hasUnit = false;
  for (const ch of text) {
    if (!isCnNumeralChar(ch)) return null;
    if (ch in SMALL_UNIT || ch in BIG_UNIT) hasUnit = true;
  }
  if (!hasUnit) {
    let v = 0;
    for (const ch of text) v = v * 10 + (DIGIT[ch] ?? 0);
    return v;
  }
  let total = 0; // sum of completed 亿/万 sections
  let section = 0; // value below the current 万/亿
  let digit = -1;
  for (const ch of text) {
    const d = DIGIT[ch];
    if (d !== undefined) {
      digit = d;
      continue;
    }
    const small = SMALL_UNIT[ch];
    if (small !== undefined) {
      // 十 alone at the start means 10, not 0×10.
      section += (digit < 0 ? 1 : digit) * small;
      digit = -1;
      continue;
    }
    const big = BIG_UNIT[ch] ?? 1;
    if (digit >= 0) section += digit;
    digit = -1;
    if (big === 1e8) {
      total = (total + section) * big;
    } else {
      total += (section === 0 ? 1 : section) * big;
    }
    section = 0;
  }
  if (digit >= 0) section += digit;
  return total + section;
}

/** Parses an Arabic number with optional thousands separators: "1,200.5" → 1200.5. */
export function parseArabic(text: string): number | null {
  const v = Number(text.replace(/,/g, ''));
  return Number.isFinite(v) ? v : null;
}

/** Rounds to 4 decimals, as fractions are reported (2/3 → 0.6667). */
export function round4(v: number): number {
  return Math.round(v * 10000) / 10000;
}
