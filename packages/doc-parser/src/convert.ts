import * as OpenCC from 'opencc-js';
import type { Script } from './types.ts';

type Conv = (text: string) => string;

let toSimplified: Conv | null = null;
let toTraditional: Conv | null = null;

// Built lazily: the dictionaries take a noticeable moment to load and many callers never need them.
function t2s(): Conv {
  toSimplified ??= OpenCC.Converter({ from: 'hk', to: 'cn' });
  return toSimplified;
}
function s2t(): Conv {
  toTraditional ??= OpenCC.Converter({ from: 'cn', to: 'tw' });
  return toTraditional;
}

const KNOWN = 1;
const TRAD = 2; // changes under t→s
const SIMP = 4; // changes under s→t
// One byte per BMP code unit, filled on first sight, so classification costs one array read per character.
const charClass = new Uint8Array(65536);
// Single-character t→s mapping used when a whole-line conversion changes length.
const charT2S = new Uint16Array(65536);

function isConvertible(code: number): boolean {
  return (code >= 0x3400 && code <= 0x9fff) || (code >= 0xf900 && code <= 0xfaff);
}

function classify(code: number): number {
  let c = charClass[code] ?? 0;
  if (c !== 0) return c;
  if (!isConvertible(code)) {
    charClass[code] = KNOWN;
    charT2S[code] = code;
    return KNOWN;
  }
  const ch = String.fromCharCode(code);
  const s = t2s()(ch);
  const t = s2t()(ch);
  c = KNOWN;
  if (s !== ch) c |= TRAD;
  if (t !== ch) c |= SIMP;
  charClass[code] = c;
  charT2S[code] = s.length === 1 ? s.charCodeAt(0) : code;
  return c;
}

function foldCode(code: number): number {
  if (code >= 0xff01 && code <= 0xff5e) code -= 0xfee0;
  else if (code === 0x3000) return 0x20;
  if (code >= 0x41 && code <= 0x5a) code += 32;
  return code;
}

function needsFold(code: number): boolean {
  return (code >= 0xff01 && code <= 0xff5e) || code === 0x3000 || (code >= 0x41 && code <= 0x5a);
}

function fromCodes(codes: Uint16Array): string {
  let out = '';
  for (let i = 0; i < codes.length; i += 8192) {
    out += String.fromCharCode.apply(null, Array.from(codes.subarray(i, Math.min(codes.length, i + 8192))));
  }
  return out;
}

function foldLine(line: string): string {
  let hasTrad = false;
  let hasFold = false;
  for (let i = 0; i < line.length; i++) {
    const code = line.charCodeAt(i);
    if (code >= 0x3400) {
      if (!hasTrad && (classify(code) & TRAD) !== 0) hasTrad = true;
      if (!hasFold && needsFold(code)) hasFold = true;
    } else if (!hasFold && code >= 0x41 && code <= 0x5a) hasFold = true;
  }
  let s = line;
  if (hasTrad) {
    // Phrase-level conversion is better (乾淨→干净 but 乾隆 stays), yet it may map a character to a
    // surrogate pair; offsets must survive, so fall back to a per-character table then.
    const converted = t2s()(line);
    if (converted.length === line.length) s = converted;
    else {
      const codes = new Uint16Array(line.length);
      for (let i = 0; i < line.length; i++) {
        const code = line.charCodeAt(i);
        classify(code);
        codes[i] = charT2S[code] ?? code;
      }
      s = fromCodes(codes);
    }
  }
  if (!hasFold) return s;
  const codes = new Uint16Array(s.length);
  for (let i = 0; i < s.length; i++) codes[i] = foldCode(s.charCodeAt(i));
  return fromCodes(codes);
}

/**
 * The internal matching form: Simplified, full-width ASCII folded to half-width, ASCII lower-cased.
 * Always the same length as the input, so indexes into it are indexes into the original.
 */
export function matchForm(text: string): string {
  if (text.length === 0) return text;
  const parts: string[] = [];
  let start = 0;
  for (;;) {
    const nl = text.indexOf('\n', start);
    const end = nl < 0 ? text.length : nl;
    parts.push(foldLine(text.slice(start, end)));
    if (nl < 0) break;
    start = nl + 1;
  }
  return parts.join('\n');
}

/** OpenCC → Simplified, full-width → half-width ASCII, lower-case. For matching only, never for output. */
export function normalizeForMatch(text: string): string {
  return matchForm(text).toLowerCase();
}

/**
 * Simplified, Traditional or mixed, by counting characters that only change under t→s (Traditional)
 * or only under s→t (Simplified). Mixed when the minority is at least 15% of those characters.
 */
export function detectScript(text: string): Script {
  let trad = 0;
  let simp = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x3400) continue;
    const c = classify(code);
    if ((c & TRAD) !== 0 && (c & SIMP) === 0) trad++;
    else if ((c & SIMP) !== 0 && (c & TRAD) === 0) simp++;
  }
  const minority = Math.min(trad, simp);
  if (minority >= 3 && minority >= 0.15 * (trad + simp)) return 'mixed';
  return trad > simp ? 'traditional' : 'simplified';
}
