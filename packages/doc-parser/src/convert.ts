import * as OpenCC from 'opencc-js';
import type { Script } from './types.ts';

type Conv = (text: string) => string;

let toSimplified: Conv | null = null;
let toTraditional: Conv | null = null;

type DictLike = string | ReadonlyArray<readonly [string, string]>;
type TrieNode = Map<number, TrieNode> & { value?: string };

/** Length in code units of the code point at `i`. */
function codePointLength(s: string, i: number): number {
  return (s.codePointAt(i) ?? 0) > 0xffff ? 2 : 1;
}

/** End of an ideographic description sequence (⿰氵青) opening at `i`, or 0: OpenCC skips one whole. */
function descriptionEnd(s: string, i: number): number {
  const cp = s.codePointAt(i) ?? 0;
  const arity = cp >= 0x2ff0 && cp <= 0x2ff1 ? 2 : cp >= 0x2ff2 && cp <= 0x2ff3 ? 3 : cp >= 0x2ff4 && cp <= 0x2fff ? 2 : 0;
  if (arity === 0) return 0;
  let j = i + codePointLength(s, i);
  for (let k = 0; k < arity; k++) {
    if (j >= s.length) return 0;
    j = descriptionEnd(s, j) || j + codePointLength(s, j);
  }
  return j;
}

/**
 * OpenCC's dictionary trie and its longest-match segmentation and conversion, with the same
 * results, but a character no entry starts with is passed over with one typed-array read (OpenCC
 * looks each one up in a Map and allocates a match object per position).
 */
class FastTrie {
  private readonly root: TrieNode = new Map();
  // Code units an entry opens with (the high surrogate for an astral character).
  private readonly opens = new Uint8Array(65536);
  private value = '';

  /** Loads a dictionary group as OpenCC does: the first dictionary wins over later ones. */
  constructor(group: readonly DictLike[]) {
    for (const dict of [...group].reverse()) {
      if (typeof dict === 'string') {
        for (const entry of dict.split('|')) {
          const [from, to] = entry.split(' ');
          if (from === undefined || typeof to !== 'string') throw new TypeError('OpenCC 词典格式不符');
          this.add(from, to);
        }
      } else for (const [from, to] of dict) this.add(from, to);
    }
  }

  private add(from: string, to: string): void {
    let node = this.root;
    for (const ch of from) {
      const cp = ch.codePointAt(0) ?? 0;
      let next = node.get(cp);
      if (next === undefined) {
        next = new Map() as TrieNode;
        node.set(cp, next);
      }
      node = next;
    }
    node.value = to;
    if (from.length > 0) this.opens[from.charCodeAt(0)] = 1;
  }

  /** End of the longest entry at `at` (its replacement in `value`), or 0. */
  private match(s: string, at: number): number {
    let node = this.root;
    let end = 0;
    for (let a = at; a < s.length; ) {
      const cp = s.codePointAt(a) ?? 0;
      a += cp > 0xffff ? 2 : 1;
      const next = node.get(cp);
      if (next === undefined) break;
      node = next;
      if (node.value !== undefined) {
        end = a;
        this.value = node.value;
      }
    }
    return end;
  }

  /** Whether position `i` can be passed over as one code unit that opens no entry. */
  private inert(c: number): boolean {
    return this.opens[c] === 0 && (c < 0x2ff0 || c > 0x2fff) && (c < 0xd800 || c > 0xdbff);
  }

  /**
   * Walks the text as OpenCC's Trie does: each longest entry (its text and replacement) and each
   * run of text between entries (its text and null), in order.
   */
  private scan(s: string, emit: (text: string, replacement: string | null) => void): void {
    let run = -1;
    for (let i = 0; i < s.length; ) {
      if (this.inert(s.charCodeAt(i))) {
        if (run < 0) run = i;
        i++;
        continue;
      }
      const end = this.match(s, i);
      if (end > 0) {
        if (run >= 0) emit(s.slice(run, i), null);
        run = -1;
        emit(s.slice(i, end), this.value);
        i = end;
      } else {
        if (run < 0) run = i;
        const d = descriptionEnd(s, i);
        i += d > i ? d - i : codePointLength(s, i);
      }
    }
    if (run >= 0) emit(run === 0 ? s : s.slice(run), null);
  }

  /** The text cut into matched entries and the runs between them (OpenCC's Trie.segment). */
  segment(s: string): string[] {
    const out: string[] = [];
    this.scan(s, (text) => out.push(text));
    return out;
  }

  /** The text with every longest match replaced (OpenCC's Trie.convert). */
  convert(s: string): string {
    let out = '';
    this.scan(s, (text, replacement) => {
      out += replacement ?? text;
    });
    return out;
  }
}

const isGroup = (g: unknown): g is DictLike[] => Array.isArray(g) && g.every((d) => typeof d === 'string' || Array.isArray(d));

/**
 * OpenCC's hk→cn converter (normalise, segment by phrases, convert each segment through the chain)
 * on FastTrie; OpenCC's own converter when its configuration is not of the shape we know.
 */
export function fastHkToCn(): Conv {
  const config = (OpenCC.Locale.configs as Record<string, unknown>)['hk2s'] as { normalizationChain?: unknown; segmentation?: unknown; conversionChain?: unknown } | undefined;
  const normalization = config?.normalizationChain ?? [];
  const { segmentation, conversionChain } = config ?? {};
  if (!Array.isArray(normalization) || !normalization.every(isGroup) || !(Array.isArray(segmentation) && segmentation.every((d) => typeof d === 'string')) || !Array.isArray(conversionChain) || !conversionChain.every(isGroup)) {
    return OpenCC.Converter({ from: 'hk', to: 'cn' });
  }
  const normalize = normalization.map((g) => new FastTrie(g));
  const segmenter = new FastTrie(segmentation);
  const chain = conversionChain.map((g) => new FastTrie(g));
  return (text: string): string => {
    let s = text;
    for (const t of normalize) s = t.convert(s);
    let out = '';
    for (const piece of segmenter.segment(s)) {
      let p = piece;
      for (const t of chain) p = t.convert(p);
      out += p;
    }
    return out;
  };
}

// Built lazily: the dictionaries take a noticeable moment to load and many callers never need them.
function t2s(): Conv {
  toSimplified ??= fastHkToCn();
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
    // A typed array is a valid argument list: no boxed copy of every code unit.
    out += String.fromCharCode.apply(null, codes.subarray(i, Math.min(codes.length, i + 8192)) as unknown as number[]);
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
