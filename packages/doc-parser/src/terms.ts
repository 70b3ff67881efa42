import { codeTable } from './text.ts';
import type { Cadence, CadencePeriod } from './types.ts';

const QUOTE_PAIRS: Record<string, string> = { '“': '”', '「': '」', '『': '』', '"': '"', '‘': '’' };
const QUOTE_CODES = codeTable('“「『"‘');
const PLUS_SLOGAN = /(?<![0-9a-z+])(?:\d{1,3}|[a-z])(?:\+(?:\d{1,3}|[a-z])){1,6}(?![0-9a-z+])/g;
const PAIR_SLOGAN = /([一二三四五六七八九十两])([\u4e00-\u9fff])([一二三四五六七八九十两])([\u4e00-\u9fff])/g;
const BIG_SLOGAN = /(?<![一二三四五六七八九十两])([二三四五六七八九十两])(大|项|个)([\u4e00-\u9fff]{2,4})/g;
// Measure words and time words that make 一X一Y a rhythm or a plain phrase rather than a slogan.
const PAIR_STOP = /[个是次天步点种年月周季日时批项级层件条张座位名份些样下回遍句声]/;
const FUNCTION_CHAR = /[的和与及是在上中为等要把对将了、建]/;
const GENERIC_NOUN = /^(?:多|方面|部分|问题|环节|阶段|层面|领域|重点|目标|任务|工作|项目|城市|地区|单位|部门|板块|工程|小时|百分点|字|人|月|年|方向|措施|举措|内容|方式|类|批|家|步|次|轮)/;

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
    if (QUOTE_CODES[line.charCodeAt(i)] !== 1) continue;
    const open = line[i] ?? '';
    const close = QUOTE_PAIRS[open];
    if (!close) continue;
    // Bounded search: an unclosed quote must not make the scan quadratic.
    const rel = line.slice(i + 1, i + 42).indexOf(close);
    if (rel < 0) continue;
    const j = i + 1 + rel;
    const inner = line.slice(i + 1, j);
    // “…“口岸+”产业链”: a quote opened inside another; the inner one is the term.
    const nested = open !== close ? inner.lastIndexOf(open) : -1;
    if (nested >= 0) {
      i += nested;
      continue;
    }
    // A term is short; a longer quote is a term only as a parallel formula (以周促月、以季促年).
    const parallel = inner.length > 20 && inner.includes('、') && !/[,:]/.test(inner);
    const term = inner.length <= 20 || parallel;
    // “稳”字当头: one character is a term too; a quote that opens with 要/必须 is a sentence.
    if (term && inner.length >= 1 && !/[。;!?\n]/.test(inner) && /[\u4e00-\u9fff0-9a-z]/.test(inner) && !/^(?:要(?![素点求件害闻务])|必须|应当|务必)/.test(inner) && !(inner.length === 1 && !/[\u4e00-\u9fff]/.test(inner))) {
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

// Recurring supervision actions; a period word directly before one of them (周调度, 月度盘点) is a rhythm.
const ACTION = '调度会|调度|通报|推进会|推进|考评|考核|盘点|研判|例会|会商|点评|讲评|督查|督导|观摩|述职|小结|总结|报告|报送|排名|评比|会办|碰头会|晾晒|评估|巡查|约谈|分析会|分析|签约|座谈会|联席会|协调会';
const COMPACT = new RegExp(`(逐|按)?(半年|年度|季度|月度|周|月|季|年)(${ACTION})`, 'g');
// 每周调度, 每周召开一次例会, 每月下旬集中签约, 每周二前 (a standing weekly deadline).
const EVERY = new RegExp(
  `每(两周|半月|两个月|周|月|季度|季|半年|年)((?:[一二三四五六日]|[上中下]旬|初|底|末|[0-9]{1,2}日)?)(前)?((?:召开|开展|举行|组织|进行|集中|定期)?(?:一次)?)(${ACTION}|会议)?`,
  'g',
);
// A period word right after these is a date or a deictic (上周, 本月, 2023年, 全年), not a rhythm.
const NOT_RHYTHM_BEFORE = /[0-9一二三四五六七八九十两今去明本上下当前后全每同历近多该这那次第近首末个余整]/;

function everyPeriod(unit: string): CadencePeriod | null {
  if (unit === '两周' || unit === '半月') return 'two-weeks';
  if (unit === '两个月') return 'two-months';
  if (unit === '半年') return 'half-year';
  return periodOf('每', unit);
}

/** Rhythms written as a period word and an action (周调度、月通报、季推进、年考评; 每月下旬集中签约; 每周二前). */
export function findWrittenRhythms(orig: string, norm: string, a: number, b: number): Array<Cadence & { at: number }> {
  const out: Array<Cadence & { at: number }> = [];
  const line = norm.slice(a, b);
  const taken: Array<[number, number]> = [];
  let m: RegExpExecArray | null;
  EVERY.lastIndex = 0;
  while ((m = EVERY.exec(line)) !== null) {
    const [, unit = '', when = '', before = '', verb = '', action = ''] = m;
    // 每年都对… names no action: only a standing deadline (每周二前) or an action makes it a rhythm.
    if (!action && !(before && when)) continue;
    if (!action && verb) continue;
    const period = everyPeriod(unit);
    if (!period) continue;
    const len = m[0].length;
    out.push({ at: a + m.index, text: orig.slice(a + m.index, a + m.index + len), period, action: action ? orig.slice(a + m.index + len - action.length, a + m.index + len) : '' });
    taken.push([m.index, m.index + len]);
  }
  COMPACT.lastIndex = 0;
  while ((m = COMPACT.exec(line)) !== null) {
    const [, prefix = '', unit = '', action = ''] = m;
    if (taken.some(([x, y]) => m!.index >= x && m!.index < y)) continue;
    const beforeAt = m.index - 1;
    if (beforeAt >= 0 && NOT_RHYTHM_BEFORE.test(line[beforeAt] ?? '')) continue;
    const unitKey = unit === '半年' ? '年' : unit;
    const period = unit === '半年' ? 'half-year' : periodOf(prefix ? '每' : '一', unitKey);
    if (!period) continue;
    // 年度考核办法 names a document of rules; the rhythm needs the action to end there.
    const after = line[m.index + m[0].length] ?? '';
    if (/[办细方制规条意通]/.test(after) && !/[、+,;]/.test(line[beforeAt] ?? '')) continue;
    out.push({ at: a + m.index, text: orig.slice(a + m.index, a + m.index + m[0].length), period, action: orig.slice(a + m.index + m[0].length - action.length, a + m.index + m[0].length) });
  }
  return out;
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
