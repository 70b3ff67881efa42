import type { Cadence, CadencePeriod } from './types.ts';

const QUOTE_PAIRS: Record<string, string> = { '“': '”', '「': '」', '『': '』', '"': '"', '‘': '’' };
const QUOTE_CODES = new Set([...'“「『"‘'].map((c) => c.charCodeAt(0)));
const PLUS_SLOGAN = /(?<![0-9a-z+])(?:\d{1,3}|[a-z])(?:\+(?:\d{1,3}|[a-z])){1,6}(?![0-9a-z+])/g;
const PAIR_SLOGAN = /([一二三四五六七八九十两])([\u4e00-\u9fff])([一二三四五六七八九十两])([\u4e00-\u9fff])/g;
const BIG_SLOGAN = /(?<![一二三四五六七八九十两])([二三四五六七八九十两])(大|项|个)([\u4e00-\u9fff]{2,4})/g;
// Measure words and time words that make 一X一Y a rhythm or a plain phrase rather than a slogan.
const PAIR_STOP = /[个是次天步点种年月周季日时批项级层件条张座位名份些样下回遍句声]/;
const FUNCTION_CHAR = /[的和与及是在上中为等要把对将了、建]/;
const GENERIC_NOUN = /^(?:方面|部分|问题|环节|阶段|层面|领域|重点|目标|任务|工作|项目|城市|地区|单位|部门|板块|工程|小时|百分点|字|人|月|年|方向|措施|举措|内容|方式|类|批|家|步|次|轮)/;

/** A formulation with the offset it was found at, for ordering. */
export interface FoundTerm {
  at: number;
  text: string;
  key: string;
}

/**
 * Quoted terms (“…”/「…」/"…", 2–20 characters) and numbered slogans (6+2+X, 一老一小,
 * 三大攻坚战, 两个确立, 三项机制) in a line of the matching form; texts come from the cleaned text.
 */
export function findFormulations(orig: string, norm: string, a: number, b: number): FoundTerm[] {
  const out: FoundTerm[] = [];
  const line = norm.slice(a, b);
  for (let i = 0; i < line.length; i++) {
    if (!QUOTE_CODES.has(line.charCodeAt(i))) continue;
    const open = line[i] ?? '';
    const close = QUOTE_PAIRS[open];
    if (!close) continue;
    // Bounded search: an unclosed quote must not make the scan quadratic.
    const rel = line.slice(i + 1, i + 22).indexOf(close);
    if (rel < 0) continue;
    const j = i + 1 + rel;
    const inner = line.slice(i + 1, j);
    if (inner.length >= 2 && !/[。;!?\n]/.test(inner) && /[\u4e00-\u9fff0-9a-z]/.test(inner)) {
      out.push({ at: a + i + 1, text: orig.slice(a + i + 1, a + j), key: inner });
    }
    // Straight quotes open and close with the same character.
    i = j;
  }
  const push = (at: number, len: number): void => {
    out.push({ at: a + at, text: orig.slice(a + at, a + at + len), key: line.slice(at, at + len) });
  };
  let m: RegExpExecArray | null;
  PLUS_SLOGAN.lastIndex = 0;
  if (line.includes('+'))
  while ((m = PLUS_SLOGAN.exec(line)) !== null) if (/\d/.test(m[0])) push(m.index, m[0].length);
  PAIR_SLOGAN.lastIndex = 0;
  while ((m = PAIR_SLOGAN.exec(line)) !== null) {
    const [, , x, n2, y] = m;
    if (!x || !y || !n2) continue;
    if (PAIR_STOP.test(x) || PAIR_STOP.test(y) || /[零〇一二三四五六七八九十两百千万亿]/.test(x + y)) continue;
    // 一月一通报 is a cadence, handled elsewhere.
    if (/[周月季年旬]/.test(x)) continue;
    // Unquoted 一X一Y is nearly always an idiom (一心一意, 一地一域); quoted ones were taken above.
    if (m[1] === n2) continue;
    const before = m.index > 0 ? line[m.index - 1] ?? '' : '';
    if (/[一二三四五六七八九十两第]/.test(before)) continue;
    push(m.index, 4);
  }
  BIG_SLOGAN.lastIndex = 0;
  while ((m = BIG_SLOGAN.exec(line)) !== null) {
    const measure = m[2] ?? '';
    let phrase = m[3] ?? '';
    // Cut the phrase at the first function character (四大行动为主抓手 → 四大行动).
    for (let k = 2; k < phrase.length; k++) {
      if (FUNCTION_CHAR.test(phrase[k] ?? '')) {
        phrase = phrase.slice(0, k);
        break;
      }
    }
    if (phrase.length > 3) phrase = phrase.slice(0, 3);
    if (FUNCTION_CHAR.test(phrase) || GENERIC_NOUN.test(phrase)) continue;
    if (measure !== '大') {
      // 两个维护 reads as a slogan only when it is followed by a boundary, not by more words.
      const after = line[m.index + 2 + phrase.length] ?? '';
      if (after !== '' && !/[”」』",.;:!?、)\s的和与]/.test(after)) continue;
    }
    push(m.index, 2 + phrase.length);
    BIG_SLOGAN.lastIndex = m.index + 2 + phrase.length;
  }
  return out;
}

const CADENCE = /(?:(一|两|二|双|半|每)个?(周|旬|月|季度|季|年度|年)|(年度|季度|月度))一次?([\u4e00-\u9fff]{1,2})/g;
const ACTION_STOP = /^[次个批些天号日上下早晚至度年月周季一二三四五六七八九十的]/;

function periodOf(prefix: string, unit: string): CadencePeriod | null {
  const two = prefix === '两' || prefix === '二' || prefix === '双';
  if (unit === '周') return two ? 'two-weeks' : 'week';
  if (unit === '旬') return null;
  if (unit === '月' || unit === '月度') return prefix === '半' ? 'two-weeks' : two ? 'two-months' : 'month';
  if (unit === '季' || unit === '季度') return 'quarter';
  if (unit === '年' || unit === '年度') return prefix === '半' ? 'half-year' : two ? null : 'year';
  return null;
}

/** Working rhythms in a line: 一月一通报、两月一会办、一季一点评、半年一观摩、年度一述职、每周一调度. */
export function findCadences(orig: string, norm: string, a: number, b: number): Cadence[] {
  const out: Cadence[] = [];
  const line = norm.slice(a, b);
  CADENCE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = CADENCE.exec(line)) !== null) {
    const prefix = m[1] ?? '';
    const unit = m[2] ?? m[3] ?? '';
    let action = m[4] ?? '';
    if (ACTION_STOP.test(action)) continue;
    if (action.length === 2 && /[的和与、]/.test(action[1] ?? '')) action = action.slice(0, 1);
    const period = periodOf(prefix, unit);
    if (!period) continue;
    const before = m.index > 0 ? line[m.index - 1] ?? '' : '';
    // 十一月一日 / 第一季 are dates and ordinals.
    if (/[一二三四五六七八九十第0-9]/.test(before)) continue;
    const len = m[0].length - (m[4] ?? '').length + action.length;
    const actionAt = a + m.index + len - action.length;
    out.push({ text: orig.slice(a + m.index, a + m.index + len), period, action: orig.slice(actionAt, actionAt + action.length) });
  }
  return out;
}
