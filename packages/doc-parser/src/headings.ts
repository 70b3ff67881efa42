import { parseChineseNumber } from './numbers.ts';
import { codeTable, isHan, isSpace } from './text.ts';

/** A numbering marker found at a position of the matching form. */
export interface MarkerMatch {
  /** Marker family; levels are assigned per family. */
  family: string;
  /** Length of the marker including its punctuation. */
  length: number;
  /** The number the marker carries (1 for 一、, 2 for （二）, …). */
  num: number;
}

const CN = '[一二三四五六七八九十]';
const ORD = '(?:[一二三四五六七八九十百零〇两]{1,4}|\\d{1,3})';

// Sticky patterns tried at a line start, most specific first; all quantifiers are bounded.
const LINE_MARKERS: Array<{ family: string; re: RegExp }> = [
  { family: 'chapter', re: new RegExp(`第(${ORD})章`, 'y') },
  { family: 'section', re: new RegExp(`第(${ORD})节`, 'y') },
  { family: 'part', re: new RegExp(`第(${ORD})部分`, 'y') },
  { family: 'article', re: new RegExp(`第(${ORD})条`, 'y') },
  { family: 'di', re: new RegExp(`第(${CN}{1,3})(?:[,、:.]|(?=\\s))`, 'y') },
  { family: 'di-aspect', re: new RegExp(`第(${CN}{1,3})个?方面(?:[,、:.]|(?=\\s))`, 'y') },
  { family: 'cn-paren', re: new RegExp(`\\((${CN}{1,3})\\)`, 'y') },
  { family: 'cn-paren', re: new RegExp(`(${CN}{1,3})\\)`, 'y') },
  { family: 'cn-dun', re: new RegExp(`(${CN}{1,3})[、.](?!${CN}{1,2}[、季月产号])`, 'y') },
  { family: 'num-dot3', re: /(\d{1,2})\.\d{1,2}\.\d{1,2}(?:\.|(?=\s))/y },
  { family: 'num-dot2', re: /(\d{1,2})\.\d{1,2}(?:\.|(?=\s))/y },
  { family: 'num-paren', re: /\((\d{1,2})\)/y },
  { family: 'num-paren', re: /(\d{1,2})\)/y },
  { family: 'num-dot', re: /(\d{1,2})(?:、|\.)(?![\d.%])/y },
  { family: 'latin-paren', re: /\(([a-z])\)/y },
  { family: 'latin-dot', re: /([a-z])[.、](?=[\u4e00-\u9fff])/y },
  { family: 'shi', re: new RegExp(`(${CN}{1,2})是`, 'y') },
  { family: 'yao', re: new RegExp(`(${CN}{1,2})要`, 'y') },
  { family: 'seq', re: /(首先|其次|再次|最后)(?:[,:、]|(?=\s))/y },
];

const SEQ_NUM: Record<string, number> = { 首先: 1, 其次: 2, 再次: 3, 最后: 4 };
// Every character a LINE_MARKERS pattern can open with; a line opening with any other has no marker.
const MARKER_OPENS = codeTable('第(一二三四五六七八九十0123456789abcdefghijklmnopqrstuvwxyz首其再最');

function numberOf(token: string): number {
  if (/^\d+$/.test(token)) return Number(token);
  if (token.length === 1 && /[a-z]/.test(token)) return token.charCodeAt(0) - 96;
  return SEQ_NUM[token] ?? parseChineseNumber(token) ?? 0;
}

/** Recognises a numbering marker at `at` (a line start) in the matching form. */
export function matchLineMarker(norm: string, at: number, end: number): MarkerMatch | null {
  const code = norm.charCodeAt(at);
  if (code >= 0x2460 && code <= 0x2473) return { family: 'circled', length: 1, num: code - 0x2460 + 1 };
  if (code >= 0x2776 && code <= 0x277f) return { family: 'circled-black', length: 1, num: code - 0x2776 + 1 };
  if (code >= 0x2474 && code <= 0x2487) return { family: 'num-paren', length: 1, num: code - 0x2474 + 1 };
  if (code >= 0x2488 && code <= 0x249b) return { family: 'num-dot', length: 1, num: code - 0x2488 + 1 };
  if (MARKER_OPENS[code] !== 1) return null;
  for (const { family, re } of LINE_MARKERS) {
    re.lastIndex = at;
    const m = re.exec(norm);
    if (!m || m.index !== at) continue;
    const length = m[0].length;
    if (at + length > end) continue;
    // A marker needs something after it; "1." alone is not a heading.
    let k = at + length;
    while (k < end && isSpace(norm.charCodeAt(k))) k++;
    if (k >= end) continue;
    return { family, length, num: numberOf(m[1] ?? '') };
  }
  return null;
}

/** True when the character before `at` allows a lead-in such as 一是 to start there. */
function leadBoundary(norm: string, at: number, lineStart: number): boolean {
  if (at <= lineStart) return true;
  const prev = norm[at - 1] ?? '';
  return '。;,:!?、)）” 　'.includes(prev) || isSpace(norm.charCodeAt(at - 1));
}

/** An inline lead-in (一是/二要) inside a paragraph. */
export interface LeadIn {
  at: number;
  family: 'shi' | 'yao';
  num: number;
  length: number;
}

/**
 * Finds 一是…二是… / 一要…二要… lead-ins in [from, end) of a line. A sequence must start at 一
 * (confirmed by a following 二 within lookahead) and then count up, so 统一是 or 唯一要 never match.
 */
export function findLeadIns(norm: string, from: number, end: number, lineStart: number, lookaheadEnd: number, seed?: { family: string; num: number }): LeadIn[] {
  const out: LeadIn[] = [];
  const expected: Record<string, number> = { shi: 1, yao: 1 };
  // A line that opens with 一要 continues with 二要 inside the same paragraph.
  if (seed && (seed.family === 'shi' || seed.family === 'yao')) expected[seed.family] = seed.num + 1;
  for (let i = from; i < end; i++) {
    const c = norm.charCodeAt(i);
    if (c !== 0x662f /* 是 */ && c !== 0x8981 /* 要 */) continue;
    const family = c === 0x662f ? 'shi' : 'yao';
    // Numerals 一..十九 are one or two characters.
    for (const len of [1, 2]) {
      const at = i - len;
      if (at < from) continue;
      const token = norm.slice(at, i);
      if (!/^[一二三四五六七八九十]{1,2}$/.test(token)) continue;
      if (!leadBoundary(norm, at, lineStart)) continue;
      const num = parseChineseNumber(token) ?? 0;
      const want = expected[family] ?? 1;
      if (num === 1) {
        if (norm.slice(i + 1, lookaheadEnd).indexOf('二' + norm[i]) < 0) continue;
      } else if (num !== want) continue;
      out.push({ at, family, num, length: len + 1 });
      expected[family] = num + 1;
      break;
    }
  }
  return out;
}

/** A heading on the stack that defines the current heading path. */
export interface OpenHeading {
  family: string;
  level: number;
  text: string;
  inline: boolean;
  index: number;
}

/**
 * Assigns levels: a family gets its level when first seen (one deeper than the heading it appears
 * under) and keeps it; the stack then pops back to that level, so a family seen again returns there.
 */
export class LevelTracker {
  private readonly familyLevel = new Map<string, number>();
  readonly stack: OpenHeading[] = [];

  /** Ends a paragraph: lead-ins only scope over their own paragraph. */
  endParagraph(): void {
    while (this.stack.length > 0 && this.stack[this.stack.length - 1]?.inline) this.stack.pop();
  }

  /** Opens a heading and returns its level. */
  open(family: string, text: string, inline: boolean, index: number): number {
    let base = 0;
    for (let k = this.stack.length - 1; k >= 0; k--) {
      const h = this.stack[k];
      if (h && !h.inline) {
        base = h.level;
        break;
      }
    }
    const top = this.stack[this.stack.length - 1];
    let level = this.familyLevel.get(family);
    if (level === undefined) {
      level = (top?.level ?? 0) + 1;
      if (top && top.family === family) level = top.level;
      this.familyLevel.set(family, level);
    }
    // A lead-in sits below the paragraph's own heading even if its family was first seen higher up.
    if (inline && level <= base) level = base + 1;
    while (this.stack.length > 0 && (this.stack[this.stack.length - 1]?.level ?? 0) >= level) this.stack.pop();
    this.stack.push({ family, level, text, inline, index });
    return level;
  }

  /** Texts of the open headings, outermost first. */
  path(): string[] {
    return this.stack.map((h) => h.text);
  }
}

/** True when the line (matching form) is a bare number such as "3" standing for a section number. */
export function bareNumber(norm: string): number | null {
  if (!/^\d{1,2}$/.test(norm)) return null;
  return Number(norm);
}

/** True when `code` may end a heading's text: 。；：？！ in either width. */
export function isHeadingEnd(code: number): boolean {
  return code === 0x3002 || code === 0x3b || code === 0x3a || code === 0x3f || code === 0x21;
}

export { isHan };

// Numbered headings that may also open a sentence inside a line (pages that lost their line breaks).
const INLINE_FAMILIES = new Set(['cn-dun', 'cn-paren', 'num-dot', 'di', 'di-aspect']);
const NEXT_MARKER: Record<string, (n: string) => string[]> = {
  'cn-dun': (n) => [`${n}、`],
  'cn-paren': (n) => [`(${n})`],
  'num-dot': (n) => [`${n}、`, `${n}.`],
  di: (n) => [`第${n},`, `第${n}、`, `第${n}:`],
  'di-aspect': (n) => [`第${n}个方面`, `第${n}方面`],
};
const CN_DIGITS = '一二三四五六七八九十';
const MARKER_START = /[0-9一二三四五六七八九十(第]/;

/**
 * Numbered headings (二、 / （三） / 2、 / 第一个方面，) that open a sentence inside a line, after
 * 。；：！？ or a 【label】. A marker must continue its family's count (`lastNum`), and a 1 must be
 * followed by its 2 within `lookaheadEnd`, so 1、 in running text is not a heading.
 */
export function findInlineMarkers(norm: string, from: number, end: number, lastNum: Map<string, number>, lookaheadEnd: number): Array<{ at: number; family: string; num: number; length: number }> {
  const out: Array<{ at: number; family: string; num: number; length: number }> = [];
  // Copied only once a marker is found: most lines have none.
  let seen: Map<string, number> | null = null;
  for (let i = from + 1; i < end; i++) {
    // Cheap test first: only a sentence end, a 】 or a space can come right before a marker.
    const pc = norm.charCodeAt(i - 1);
    if (pc !== 0x3002 && pc !== 0x3b && pc !== 0x3a && pc !== 0x21 && pc !== 0x3f && pc !== 0x3011 && !isSpace(pc)) continue;
    let b = i - 1;
    // A line break the page turned into spaces: 。 一、…
    while (b > from && isSpace(norm.charCodeAt(b))) b--;
    const prev = norm[b] ?? '';
    if (!'。;:!?】'.includes(prev) || isSpace(norm.charCodeAt(i))) continue;
    let p = i;
    while (p < end && isSpace(norm.charCodeAt(p))) p++;
    // Only a numeral, ( or 第 can open a numbered heading; most sentences open with none.
    if (!MARKER_START.test(norm[p] ?? '')) continue;
    const m = matchLineMarker(norm, p, end);
    if (!m || !INLINE_FAMILIES.has(m.family)) continue;
    // 。 一、 (a lost line break) or 。一、 / 。（一） open a section even when its 二 is cut off.
    const brokenLine = b < i - 1 || m.family === 'cn-dun' || m.family === 'cn-paren';
    if (m.num === 1) {
      const two = m.family === 'num-dot' ? '2' : CN_DIGITS[1] ?? '二';
      const rest = norm.slice(p + m.length, lookaheadEnd);
      if (!brokenLine && !(NEXT_MARKER[m.family]?.(two) ?? []).some((t) => rest.includes(t))) continue;
    } else if (((seen ?? lastNum).get(m.family) ?? 0) !== m.num - 1) continue;
    out.push({ at: p, family: m.family, num: m.num, length: m.length });
    seen ??= new Map(lastNum);
    seen.set(m.family, m.num);
    i = p + m.length;
  }
  return out;
}

/** Where a heading found inside a line ends: at its sentence's end, or at a space between two Han characters (a lost line break). */
export function inlineHeadingEnd(norm: string, at: number, sentenceEnd: number): number {
  for (let i = at + 1; i < sentenceEnd - 1; i++) {
    if (isSpace(norm.charCodeAt(i)) && isHan(norm.charCodeAt(i - 1)) && isHan(norm.charCodeAt(i + 1))) return i;
  }
  return sentenceEnd;
}
