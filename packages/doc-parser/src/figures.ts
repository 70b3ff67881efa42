import { isCnNumeralChar, isCnNumeralCode, parseArabic, parseChineseNumber, round4 } from './numbers.ts';
import { codeTable } from './text.ts';
import type { FigureWhy, Comparator } from './types.ts';

/** A figure found in a sentence (positions in the matching form / cleaned text). */
export interface RawFigure {
  start: number;
  end: number;
  value: number;
  unit: string | null;
  comparator: Comparator;
}

// Base units, longest first so 平方公里 wins over 公里.
const BASE_UNITS = [
  '个百分点', '百分点', '吨标准煤', '平方公里', '平方米', '立方米', '千瓦时', '万千瓦', '标准箱', '人次', '户次', '标箱',
  '公里', '千米', '公顷', '千瓦', '兆瓦', '千克', '美元', '元', '个', '家', '户', '人', '名', '项', '米', '亩', '吨', '度',
  '辆', '所', '张', '座', '件', '套', '台', '栋', '条', '处', '宗', '场', '床', '间', '只', '头', '株', '棵', '篇', '支', '架', '艘', '倍', '成', '次', '%', '‰',
];
const MAGNITUDES = ['万亿', '千亿', '百亿', '千万', '百万', '十万', '亿', '万', '千'];
// A number followed by these is a date, an ordinal or a time, not a quantity.
const NOT_QUANTITY = /^(?:年|月|日|号|时|点(?!\d)|分(?!之)|秒|季度|周年|周岁|届|期|版|代|次会议|次全会|次全体|次代表大会|次党代会|大|中全会|路|楼|层|号线|\+|-|~|:|\/|\.\d)/;
// Words that make a Chinese numeral a quantity even without a magnitude (建成三个 → 3 个).
const FIGURE_VERB = /(?:达到|达|突破|超过|增长|下降|提高|提升|新增|完成|实现|累计|控制在|保持在|不低于|不少于|不超过|不高于|至少|占|超|共|约|近|增加|减少|降低|建成|培育|引进|新建|改造|开工|竣工|招引|签约|落地|打造|创建|建设|新开工|新培育|总数|总量|规模|到|至|为)$/;
const GE_BEFORE = /(?:突破|超过|不低于|不少于|至少|高于|多于|逾|超|达到以上)$/;
const LE_BEFORE = /(?:控制在|不超过|不高于|不多于|低于|少于|不到|压减到|压降到|降到|降至)$/;
const GE_AFTER = /^(?:以上|及以上|多|余|\+)/;
const LE_AFTER = /^(?:以下|以内|之内|及以下)/;

// First characters of the magnitudes and units: most numbers are followed by neither.
const UNIT_OPENS = codeTable([...MAGNITUDES, ...BASE_UNITS].map((u) => u[0]).join(''));

function matchUnit(norm: string, at: number, limit: number): { unit: string; magnitude: string } | null {
  if (at >= limit || UNIT_OPENS[norm.charCodeAt(at)] !== 1) return null;
  let magnitude = '';
  for (const m of MAGNITUDES) {
    if (norm.startsWith(m, at) && at + m.length <= limit) {
      magnitude = m;
      break;
    }
  }
  const from = at + magnitude.length;
  for (const u of BASE_UNITS) {
    if (norm.startsWith(u, from) && from + u.length <= limit) {
      // 成 in 成为/成效 is a verb; 度 in 度过 likewise.
      if (u === '成' && /^成[为功果立本效员熟绩长就交都型片批不]/.test(norm.slice(from, from + 2))) continue;
      if (u === '度' && norm.startsWith('度过', from)) continue;
      if (u === '个' && norm.startsWith('个百分点', from)) continue;
      return { unit: magnitude + u, magnitude };
    }
  }
  if (magnitude !== '') return { unit: magnitude, magnitude };
  return null;
}

function comparatorAround(norm: string, clauseStart: number, start: number, end: number, clauseEnd: number): Comparator {
  const after = norm.slice(end, Math.min(clauseEnd, end + 4));
  if (GE_AFTER.test(after)) return '>=';
  if (LE_AFTER.test(after)) return '<=';
  const before = norm.slice(Math.max(clauseStart, start - 6), start);
  if (GE_BEFORE.test(before)) return '>=';
  if (LE_BEFORE.test(before)) return '<=';
  return '=';
}

const ARABIC = /\d{1,15}(?:,\d{3}){0,5}(?:\.\d{1,6})?/y;
const CN_RUN = /[零〇○一二两三四五六七八九十百千万亿]{1,12}/y;

/**
 * Figures with units in [clauseStart, clauseEnd) of the matching form: 12.5% → 12.5 "%",
 * 1.5万亿元 → 1.5 "万亿元", 百分之十 → 10 "%", 三分之二 → 0.6667 null, 2/3 → 0.6667 null, 八成 → 8 "成",
 * 翻一番 → 2 "倍", 一半以上 → 0.5 null (>=). Dates, ordinals and slogan numbers are skipped.
 */
export function scanFigures(norm: string, clauseStart: number, clauseEnd: number): RawFigure[] {
  const out: RawFigure[] = [];
  let i = clauseStart;
  while (i < clauseEnd) {
    const c = norm.charCodeAt(i);
    // Most characters start nothing; skip them without building strings.
    if (!(c >= 0x30 && c <= 0x39) && !isCnNumeralCode(c) && c !== 0x7ffb /* 翻 */) {
      i++;
      continue;
    }
    const prev = i > clauseStart ? norm[i - 1] ?? '' : '';
    if (c >= 0x30 && c <= 0x39) {
      ARABIC.lastIndex = i;
      const m = ARABIC.exec(norm);
      const len = m ? m[0].length : 1;
      const numEnd = i + len;
      if (!m || /[\d.a-z第]/.test(prev) || numEnd > clauseEnd) {
        i = numEnd;
        continue;
      }
      const value = parseArabic(m[0]);
      let at = numEnd;
      const rest = norm.slice(at, Math.min(clauseEnd, at + 6));
      if (value === null) {
        i = at;
        continue;
      }
      // 2/3 → a fraction; 2024/1/5 is a date and fails the size check.
      const frac = /^\/(\d{1,4})(?![\d/])/.exec(rest);
      if (frac) {
        const d = Number(frac[1]);
        if (d > 0 && value < 1000 && !m[0].includes('.')) {
          const end = at + frac[0].length;
          out.push({ start: i, end, value: round4(value / d), unit: null, comparator: comparatorAround(norm, clauseStart, i, end, clauseEnd) });
        }
        i = at + frac[0].length;
        continue;
      }
      if (NOT_QUANTITY.test(rest)) {
        i = at;
        continue;
      }
      let plus = false;
      if (rest.startsWith('余') || rest.startsWith('多')) {
        plus = true;
        at++;
      }
      const unit = matchUnit(norm, at, clauseEnd);
      if (!unit) {
        i = at;
        continue;
      }
      const end = at + unit.unit.length;
      let comparator = comparatorAround(norm, clauseStart, i, end, clauseEnd);
      if (plus) comparator = '>=';
      out.push({ start: i, end, value, unit: unit.unit, comparator });
      i = end;
      continue;
    }
    // 百分之十 / 千分之五
    if ((norm.startsWith('百分之', i) || norm.startsWith('千分之', i)) && !isCnNumeralChar(prev)) {
      const from = i + 3;
      CN_RUN.lastIndex = from;
      const m = CN_RUN.exec(norm);
      ARABIC.lastIndex = from;
      const a = m ? null : ARABIC.exec(norm);
      const token = m?.[0] ?? a?.[0] ?? '';
      const value = m ? parseChineseNumber(token) : a ? parseArabic(token) : null;
      if (value !== null && from + token.length <= clauseEnd) {
        const end = from + token.length;
        out.push({ start: i, end, value, unit: norm[i] === '百' ? '%' : '‰', comparator: comparatorAround(norm, clauseStart, i, end, clauseEnd) });
        i = end;
        continue;
      }
    }
    if (norm.startsWith('翻', i)) {
      const f = /^翻(?:一番|两番|三番|番)/.exec(norm.slice(i, i + 3));
      if (f) {
        const times = f[0] === '翻两番' ? 4 : f[0] === '翻三番' ? 8 : 2;
        const end = i + f[0].length;
        out.push({ start: i, end, value: times, unit: '倍', comparator: comparatorAround(norm, clauseStart, i, end, clauseEnd) });
        i = end;
        continue;
      }
    }
    if (isCnNumeralChar(norm[i] ?? '') && !isCnNumeralChar(prev) && prev !== '第' && prev !== '翻') {
      CN_RUN.lastIndex = i;
      const m = CN_RUN.exec(norm);
      const token = m?.[0] ?? '';
      if (token.length === 0) {
        i++;
        continue;
      }
      let runEnd = i + token.length;
      if (runEnd > clauseEnd) runEnd = clauseEnd;
      const tok = norm.slice(i, runEnd);
      // 三分之二
      if (norm.startsWith('分之', runEnd)) {
        CN_RUN.lastIndex = runEnd + 2;
        const n2 = CN_RUN.exec(norm);
        const den = parseChineseNumber(tok);
        const num = n2 ? parseChineseNumber(n2[0]) : null;
        if (den && num !== null && n2 && runEnd + 2 + n2[0].length <= clauseEnd) {
          const end = runEnd + 2 + n2[0].length;
          out.push({ start: i, end, value: round4(num / den), unit: null, comparator: comparatorAround(norm, clauseStart, i, end, clauseEnd) });
          i = end;
          continue;
        }
      }
      // 一半
      if (tok === '一' && norm.startsWith('半', runEnd) && !norm.startsWith('半年', runEnd) && !norm.startsWith('半月', runEnd)) {
        const end = runEnd + 1;
        out.push({ start: i, end, value: 0.5, unit: null, comparator: comparatorAround(norm, clauseStart, i, end, clauseEnd) });
        i = end;
        continue;
      }
      // Most numeral runs are words (进一步, 一是): with no 万/亿 at their end and no unit after them
      // they are skipped below anyway, so skip them before the regexes.
      const last = tok.charCodeAt(tok.length - 1);
      if (last !== 0x4e07 /* 万 */ && last !== 0x4ebf /* 亿 */) {
        const next = norm.charCodeAt(runEnd);
        if (!matchUnit(norm, next === 0x4f59 /* 余 */ || next === 0x591a /* 多 */ ? runEnd + 1 : runEnd, clauseEnd)) {
          i = Math.max(runEnd, i + 1);
          continue;
        }
      }
      if (NOT_QUANTITY.test(norm.slice(runEnd, runEnd + 4))) {
        i = Math.max(runEnd, i + 1);
        continue;
      }
      // Split a trailing 万/亿 off into the unit (三万人 → 3 万人) unless more digits follow it (三万五千).
      let numText = tok;
      let magnitude = '';
      const mag = /^(.+?)(万亿|亿|万)$/.exec(tok);
      if (mag && mag[1] && !/[万亿]/.test(mag[1])) {
        numText = mag[1];
        magnitude = mag[2] ?? '';
      }
      const value = parseChineseNumber(numText);
      let at = runEnd;
      let plus = false;
      if (norm.startsWith('余', at) || norm.startsWith('多', at)) {
        plus = true;
        at++;
      }
      const unit = matchUnit(norm, at, clauseEnd);
      if (value === null || (!unit && magnitude === '') || value === 0) {
        i = Math.max(runEnd, i + 1);
        continue;
      }
      const unitText = magnitude + (unit ? unit.unit : '');
      const strongUnit = unitText === '成' || unitText === '倍' || unitText === '%' || unitText.endsWith('百分点');
      const big = /[十百千万亿]/.test(tok) && (value >= 10 || magnitude !== '');
      const before = norm.slice(Math.max(clauseStart, i - 4), i);
      // Bare Chinese numerals are words far more often than figures (一个、两个维护、七个方面).
      if (!strongUnit && !big && (value < 2 || !FIGURE_VERB.test(before))) {
        i = Math.max(runEnd, i + 1);
        continue;
      }
      if (unitText === '成' && value > 10) {
        i = Math.max(runEnd, i + 1);
        continue;
      }
      const end = at + (unit ? unit.unit.length : 0);
      let comparator = comparatorAround(norm, clauseStart, i, end, clauseEnd);
      if (plus) comparator = '>=';
      out.push({ start: i, end, value, unit: unitText || null, comparator });
      i = end;
      continue;
    }
    i++;
  }
  return out;
}

const LEADING = /^(?:(?:\d{4}年)?(?:\d{1,2}月底|年底|年末|\d{1,2}月\d{1,2}日)(?:前|之前)|年内|其中|力争|确保|争取|预计|预期|计划|目标是|目标为|主要预期目标是|主要目标是|目标|全年|今年以来|今年|明年|当年|去年|上年|前年|过去[一二三四五六七八九十\d]{1,2}年|近[一二三四五六七八九十\d]{1,2}年|到\d{4}年底?|\d{4}年(?:全年|底)?|\d{1,2}-\d{1,2}月|[一二三四1-4]季度|前三季度|上半年|下半年|全市|全区|全县|全省|全镇|我市|我区|我县|我省|本市|本区|要|将|已经|已|累计|共|实现了|实现|完成了|完成|达到|同比|比上年|较上年|,|\s)/;
const TRAILING = /(?:达到|达|突破|超过|超|为|是|在|到|至|约|近|共|计|累计|分别|稳定在|保持在|控制在|提高到|提升到|提高至|提升至|增加到|增至|降至|降到|降低到|下降到|不低于|不少于|不超过|不高于|至少|高于|低于|多于|少于|逾|实现|完成|总计|合计|左右|年均|平均|\s)$/;

/** The thing a figure measures: the clause text before it, without time words, modals and verbs like 达到. */
export function figureSubject(orig: string, norm: string, from: number, to: number): string | null {
  let a = from;
  let b = to;
  for (let k = 0; k < 8; k++) {
    const m = LEADING.exec(norm.slice(a, b));
    if (!m || m[0].length === 0) break;
    a += m[0].length;
  }
  for (let k = 0; k < 8; k++) {
    const m = TRAILING.exec(norm.slice(a, b));
    if (!m || m[0].length === 0) break;
    b -= m[0].length;
  }
  if (b - a > 30) a = b - 30;
  const s = orig.slice(a, b).trim();
  return s.length > 0 ? s : null;
}

const FUTURE = /力争|确保|目标|预计|预期|争取|(?<!规划|列入|年)计划(?!(?:新?开工|竣工|续建|建设)?项目)(?!的)|将|要|明年|到\d{4}年|今年(?!以来)|未来|努力|任务是|任务为|下达/g;
const PAST = /去年|上年|过去|以来|已经|已|累计|截至|截止|同比|比上年|较上年|前年|(?<![为除不])了(?!解)|近[一二三四五六七八九十\d]{1,2}年|先后/g;

const BOUND = /不少于|不低于|不超过|不高于|不多于|控制在|以内/;

// Markers that decide a clause on their own: a present state is a statistic (我市现有8所高校).
const PRESENT = /现有|拥有|共有|已有|达到了|完成了|实现了|涉及/;
const CLAUSE_PAST = /去年|上年|已经|已|累计|截至|截止|同比|比上年|较上年|前年|完成了|实现了|达到了|(?<![为除不])了(?!解)/;
const CLAUSE_FUTURE = /力争|确保|目标|预计|预期|争取|(?<!规划|列入|年)计划(?!(?:新?开工|竣工|续建|建设)?项目)(?!的)|将|要|到\d{4}年|努力|任务是|任务为/;

/** Why the document or its section reads forward (a plan, a goal section) or backward (a review), if it does. */
export type Tense = 'future' | 'past';

/** A tense with what set it: the document kind's word (分工) or the section heading. */
export interface TenseCue {
  tense: Tense;
  cue: string;
  from: 'document' | 'section';
}

const PLAN_DOC = /分工|分解|实施方案|工作方案|行动方案|工作要点|行动计划|任务清单|责任清单|目标任务|工作制度|管理办法|实施细则/;
const FORWARD_SECTION = /目标|任务|计划|安排|思路|举措|打算|要求|重点工作/;
const BACKWARD_SECTION = /回顾|过去|成绩|成效|进展情况|完成情况|基本情况|工作情况|总结|主要做法|取得/;

/** The tense a document's kind gives its figures: a plan or task division looks forward throughout. */
export function documentTense(title: string | null, firstLine: string, opening = ''): TenseCue | null {
  const m = PLAN_DOC.exec(title ?? '') ?? PLAN_DOC.exec(firstLine);
  if (m) return { tense: 'future', cue: m[0], from: 'document' };
  // A notice that sends a plan out: 现将《…任务分解》印发给你们.
  const sent = /现将《([^》]{2,60})》[^。]{0,40}?印发/.exec(opening);
  const kind = sent?.[1] ? PLAN_DOC.exec(sent[1]) : null;
  return kind ? { tense: 'future', cue: kind[0], from: 'document' } : null;
}

/** The tense of a section from its headings, innermost deciding; else the document's. */
export function sectionTense(path: string[], doc: TenseCue | null): TenseCue | null {
  for (let i = path.length - 1; i >= 0; i--) {
    const h = path[i] ?? '';
    if (BACKWARD_SECTION.test(h)) return { tense: 'past', cue: h, from: 'section' };
    if (FORWARD_SECTION.test(h)) return { tense: 'future', cue: h, from: 'section' };
  }
  return doc;
}

/**
 * A figure that is not a quantity the document states: a number inside a title (《十五件实事》) or a
 * slogan (“百千万工程”), a count of the document's own parts (10个方面190项重点工作, 分解任务15项),
 * a threshold naming a class of things (千万元以上项目, 超3亿元的), or a constant in a formula (×100%):
 * the reason, or null for a figure.
 */
export function isNotAFigure(norm: string, lineStart: number, start: number, end: number): string | null {
  const before = norm.slice(Math.max(lineStart, start - 40), start);
  const openTitle = before.lastIndexOf('《');
  if (openTitle >= 0 && openTitle > before.lastIndexOf('》')) return 'inside-title';
  // A short quoted name written in Chinese numerals: “百千万工程”, “千万工程”.
  const openQuote = before.lastIndexOf('“');
  if (openQuote >= 0 && openQuote > before.lastIndexOf('”') && !/[0-9]/.test(norm.slice(start, end))) {
    const close = norm.slice(end, end + 12).indexOf('”');
    if (close >= 0 && before.length - openQuote + (end - start) + close <= 14) return 'inside-name';
  }
  const after = norm.slice(end, end + 10);
  const prev = norm[start - 1] ?? '';
  if (/[×÷=*/]/.test(prev)) return 'formula-constant';
  if (/^(?:(?:重点|具体|主要)?(?:工作)?任务|个?方面|(?:重点|具体)工作|议程|部分|类)/.test(after) && /[个项件条大类]$/.test(norm.slice(start, end))) return 'own-parts';
  if (/(?:任务|工作)[(]?$/.test(before) && /[项件条]$/.test(norm.slice(start, end))) return 'own-parts';
  // 千万元以上项目, 5000平方米以上厂房 name a class by its size; 八成以上企业 counts the class.
  if (/^(?:以上|以下)的?(?:重点|工业|规上|大|在建|新建)?(?:项目|企业|厂房)/.test(after) && /(?:元|亩|平方米|吨|千瓦)$/.test(norm.slice(start, end))) return 'size-class';
  if (/(?:超过?|超出)$/.test(before) && after.startsWith('的')) return 'size-class';
  if (/^比例/.test(after) && /按$/.test(before)) return 'formula-constant';
  return null;
}

/**
 * Whether a figure at `at` in [sentStart, sentEnd) is forward-looking, and why: in a plan or a
 * goal or review section only the figure's own clause can overturn the section; elsewhere the
 * nearest tense marker before it decides, then the nearest after it, then whether the sentence is
 * a directive or states a bound.
 */
export function classifyFigure(
  norm: string,
  sentStart: number,
  sentEnd: number,
  at: number,
  directive: boolean,
  clause?: { start: number; end: number; tense: TenseCue | null },
): { future: boolean; why: FigureWhy } {
  const own = clause ? norm.slice(clause.start, clause.end) : '';
  const present = clause ? PRESENT.exec(own) : null;
  if (present) return { future: false, why: { rule: 'present', cue: present[0] } };
  if (clause?.tense) {
    const t = clause.tense;
    if (t.tense === 'future') {
      const past = CLAUSE_PAST.exec(own);
      if (past) return { future: false, why: { rule: 'clause-past', cue: past[0] } };
    } else {
      const future = CLAUSE_FUTURE.exec(own);
      if (future) return { future: true, why: { rule: 'clause-future', cue: future[0] } };
    }
    return { future: t.tense === 'future', why: { rule: t.from, cue: t.cue } };
  }
  const s = norm.slice(sentStart, sentEnd);
  const rel = at - sentStart;
  let before: { pos: number; future: boolean; cue: string } | null = null;
  let after: { pos: number; future: boolean; cue: string } | null = null;
  for (const [re, future] of [[FUTURE, true], [PAST, false]] as const) {
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(s)) !== null) {
      if (m.index < rel) {
        if (!before || m.index > before.pos) before = { pos: m.index, future, cue: m[0] };
      } else if (!after || m.index < after.pos) after = { pos: m.index, future, cue: m[0] };
    }
  }
  if (before) return { future: before.future, why: { rule: 'marker-before', cue: before.cue } };
  if (after) return { future: after.future, why: { rule: 'marker-after', cue: after.cue } };
  const dated = /^\s{0,2}\d{4}年/.exec(s);
  if (dated) return { future: false, why: { rule: 'dated', cue: dated[0].trim() } };
  // With no tense marker at all, a bound (不少于50个, 控制在3%以内) states a requirement: records are exact.
  const bound = BOUND.exec(s);
  if (bound) return { future: true, why: { rule: 'bound', cue: bound[0] } };
  return directive ? { future: true, why: { rule: 'directive', cue: null } } : { future: false, why: { rule: 'record', cue: null } };
}
