import { parseChineseNumber } from './numbers.ts';

function pad(n: number): string {
  return n < 10 ? '0' + n : String(n);
}

function valid(y: number, m: number, d: number): boolean {
  return y >= 1900 && y <= 2200 && m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

const ARABIC_DATE = /(\d{4})\s{0,2}[-/.年]\s{0,2}(\d{1,2})\s{0,2}[-/.月]\s{0,2}(\d{1,2})(?!\d)/;
const CHINESE_DATE = /([〇○零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日/;

/** First calendar date in a (matching-form) string as YYYY-MM-DD: 2024-01-05, 2024年1月5日, 2024/1/5, 二〇二四年一月五日. */
export function findDate(text: string): string | null {
  const a = ARABIC_DATE.exec(text);
  if (a) {
    const y = Number(a[1]);
    const m = Number(a[2]);
    const d = Number(a[3]);
    if (valid(y, m, d)) return `${y}-${pad(m)}-${pad(d)}`;
  }
  const c = CHINESE_DATE.exec(text);
  if (c) {
    const y = parseChineseNumber(c[1] ?? '') ?? 0;
    const m = parseChineseNumber(c[2] ?? '') ?? 0;
    const d = parseChineseNumber(c[3] ?? '') ?? 0;
    if (valid(y, m, d)) return `${y}-${pad(m)}-${pad(d)}`;
  }
  return null;
}
