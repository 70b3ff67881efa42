/** True for a CJK ideograph code unit (BMP blocks only; surrogates are never ideographs here). */
export function isHan(code: number): boolean {
  return (code >= 0x4e00 && code <= 0x9fff) || (code >= 0x3400 && code <= 0x4dbf) || (code >= 0xf900 && code <= 0xfaff) || code === 0x3007;
}

/** True for whitespace we trim at line edges (ASCII, NBSP, ideographic and typographic spaces, BOM). */
export function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0b || code === 0x0c || code === 0xa0 || code === 0x3000 ||
    (code >= 0x2000 && code <= 0x200b) || code === 0xfeff || code === 0x202f || code === 0x205f;
}

/**
 * A table with 1 at each code unit of `chars`, for the per-character scans over a whole document:
 * one typed-array read instead of a Set lookup or a one-character string per position.
 */
export function codeTable(chars: string): Uint8Array {
  const table = new Uint8Array(65536);
  for (let i = 0; i < chars.length; i++) table[chars.charCodeAt(i)] = 1;
  return table;
}

/**
 * A one-character class (non-global regex) as a test of a code unit, answered from a per-code
 * cache after its first test: the backward scans over names call it for every character they pass.
 */
export function charClassTest(re: RegExp): (code: number) => boolean {
  const known = new Uint8Array(65536); // 0 not yet tested, 1 outside the class, 2 inside
  return (code) => {
    let v = known[code];
    if (v === 0) {
      v = re.test(String.fromCharCode(code)) ? 2 : 1;
      known[code] = v;
    }
    return v === 2;
  };
}

/** True for ASCII digits. */
export function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

/** A line of a text: [start, end) without its line break. */
export interface LineSpan {
  start: number;
  end: number;
}

/** Splits text into line spans on \n (the cleaned text never contains \r). */
export function lineSpans(text: string): LineSpan[] {
  const out: LineSpan[] = [];
  let start = 0;
  for (;;) {
    const nl = text.indexOf('\n', start);
    if (nl < 0) {
      out.push({ start, end: text.length });
      return out;
    }
    out.push({ start, end: nl });
    start = nl + 1;
  }
}

/** Index of the first non-space code unit in [start, end), or end. */
export function skipSpaces(text: string, start: number, end: number): number {
  let i = start;
  while (i < end && isSpace(text.charCodeAt(i))) i++;
  return i;
}

/** Index just past the last non-space code unit in [start, end), or start. */
export function trimEnd(text: string, start: number, end: number): number {
  let i = end;
  while (i > start && isSpace(text.charCodeAt(i - 1))) i--;
  return i;
}

/** Sentence terminators in the matching form (full-width ones are already folded to ASCII). */
export const SENTENCE_END = new Set(['。', ';', '!', '?']);
/** Clause delimiters in the matching form. */
export const CLAUSE_END = new Set(['。', ';', '!', '?', ',', ':', '，', '；']);

/** Chinese numeral digits. */
export const CN_DIGITS = '零〇一二两三四五六七八九';
