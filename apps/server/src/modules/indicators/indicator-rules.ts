// Pure rules of indicators (issue 13): periods as each frequency writes them, achievement against a
// yearly target and its light, derived indicators' formulas, and the gap to a peer with a ranking.

export const INDICATOR_DIRECTIONS = ['higher', 'lower'] as const;
export const INDICATOR_FREQUENCIES = ['month', 'quarter', 'year'] as const;
export const PEER_KINDS = ['city', 'district', 'other'] as const;
export type Direction = (typeof INDICATOR_DIRECTIONS)[number];
export type Frequency = (typeof INDICATOR_FREQUENCIES)[number];
export type Light = 'green' | 'yellow' | 'red';

export const DIRECTION_LABELS: Record<Direction, string> = { higher: '越高越好', lower: '越低越好' };
export const FREQUENCY_LABELS: Record<Frequency, string> = { month: '月度', quarter: '季度', year: '年度' };
export const PERIOD_HINTS: Record<Frequency, string> = { year: 'YYYY，如 2026', quarter: 'YYYY-Qn，如 2026-Q3', month: 'YYYY-MM，如 2026-09' };

/**
 * A period as the frequency writes it ('2026', '2026-Q3', '2026-09'), from what people type:
 * 2026年, 2026年第3季度, 2026Q3, 2026-9, 2026年9月, 2026.09. Null when it is not one of the frequency's periods.
 */
export function normalizePeriod(text: string, frequency: Frequency): string | null {
  const s = text.trim().replace(/\s+/g, '');
  const year = /^(\d{4})年?$/.exec(s);
  const quarter = /^(\d{4})(?:年第?|-|)[Qq]?([1-4一二三四])(?:季度)?$/.exec(s);
  const month = /^(\d{4})(?:年|-|\.|\/)(\d{1,2})月?$/.exec(s);
  if (frequency === 'year') return year ? year[1]! : null;
  if (frequency === 'quarter') {
    if (!quarter || (!/[Qq季]/.test(s) && !/第/.test(s))) return null;
    const q = '一二三四'.indexOf(quarter[2]!) + 1 || Number(quarter[2]);
    return `${quarter[1]}-Q${q}`;
  }
  if (!month) return null;
  const m = Number(month[2]);
  return m >= 1 && m <= 12 ? `${month[1]}-${String(m).padStart(2, '0')}` : null;
}

/** The year a period lies in. */
export function periodYear(period: string): number {
  return Number(period.slice(0, 4));
}

/** How much of its year has passed at the end of a period: 1 for a year, n/4 for quarter n, m/12 for month m. */
export function elapsedFraction(period: string): number {
  if (period.length === 4) return 1;
  const q = /-Q([1-4])$/.exec(period);
  if (q) return Number(q[1]) / 4;
  return Number(period.slice(5, 7)) / 12;
}

export interface Achievement {
  /** 完成率: value over target (target over value when lower is better); null without a usable target. */
  rate: number | null;
  /** The share of the target due by the period (the time elapsed for a cumulative indicator, else 1). */
  expected: number;
  light: Light;
}

/** Below this share of what is due the light is red; between it and 1, yellow. */
export const YELLOW_FLOOR = 0.9;

/**
 * Achievement of a value against the year's target. A cumulative indicator (1–n月累计) owes by the
 * end of a period the target times the time elapsed ("时间过半、任务过半"); any other owes the whole
 * target. Green when what is owed is met, yellow within 10% of it, red beyond.
 */
export function achievement(ind: { direction: Direction; cumulative: boolean }, target: number, value: number, period: string): Achievement {
  const expected = ind.cumulative ? elapsedFraction(period) : 1;
  const due = target * expected;
  if (ind.direction === 'higher') {
    const rate = target > 0 ? value / target : null;
    const ratio = due > 0 ? value / due : value >= due ? 1 : 0;
    return { rate, expected, light: lightOf(ratio) };
  }
  const rate = value > 0 ? target / value : null;
  const ratio = value > 0 ? due / value : 1;
  return { rate, expected, light: lightOf(ratio) };
}

function lightOf(ratio: number): Light {
  if (ratio >= 1 - 1e-9) return 'green';
  return ratio >= YELLOW_FLOOR ? 'yellow' : 'red';
}

// ---- Formulas of derived indicators: numbers, {CODE}, + - * / and parentheses.

type Token = { kind: 'num'; value: number } | { kind: 'ref'; code: string } | { kind: 'op'; op: string };

function tokenize(formula: string): Token[] | string {
  const tokens: Token[] = [];
  const re = /\s*(?:(\d+(?:\.\d+)?)|\{([^{}]{1,40})\}|([-+*/()]))/y;
  let at = 0;
  while (at < formula.length) {
    if (/^\s*$/.test(formula.slice(at))) break;
    re.lastIndex = at;
    const m = re.exec(formula);
    if (!m) return `第 ${at + 1} 个字符起无法识别：「${formula.slice(at, at + 10).trim()}」`;
    if (m[1] !== undefined) tokens.push({ kind: 'num', value: Number(m[1]) });
    else if (m[2] !== undefined) tokens.push({ kind: 'ref', code: m[2].trim() });
    else tokens.push({ kind: 'op', op: m[3]! });
    at = re.lastIndex;
  }
  return tokens;
}

type Node = { n: number } | { ref: string } | { op: string; a: Node; b: Node } | { neg: Node };

/** Parses a formula; a Chinese message when it is not well formed. */
export function parseFormula(formula: string): { node: Node; refs: string[] } | { error: string } {
  const tokens = tokenize(formula);
  if (typeof tokens === 'string') return { error: tokens };
  if (tokens.length === 0) return { error: '公式为空' };
  let i = 0;
  const refs = new Set<string>();
  const peek = () => tokens[i];
  const fail = (msg: string): never => {
    throw new Error(msg);
  };
  const primary = (): Node => {
    const t = tokens[i++];
    if (!t) return fail('公式不完整');
    if (t.kind === 'num') return { n: t.value };
    if (t.kind === 'ref') {
      refs.add(t.code);
      return { ref: t.code };
    }
    if (t.op === '-') return { neg: primary() };
    if (t.op === '(') {
      const e = sum();
      const close = tokens[i++];
      if (!close || close.kind !== 'op' || close.op !== ')') fail('括号不成对');
      return e;
    }
    return fail(`「${t.op}」的位置不对`);
  };
  const product = (): Node => {
    let a = primary();
    for (let t = peek(); t && t.kind === 'op' && (t.op === '*' || t.op === '/'); t = peek()) {
      i++;
      a = { op: t.op, a, b: primary() };
    }
    return a;
  };
  const sum = (): Node => {
    let a = product();
    for (let t = peek(); t && t.kind === 'op' && (t.op === '+' || t.op === '-'); t = peek()) {
      i++;
      a = { op: t.op, a, b: product() };
    }
    return a;
  };
  try {
    const node = sum();
    if (i < tokens.length) fail('括号不成对或多出运算符');
    if (refs.size === 0) fail('公式应至少引用一个指标，写作 {指标编码}');
    return { node, refs: [...refs] };
  } catch (err) {
    return { error: (err as Error).message };
  }
}

/** The formula's value from its indicators' values by code; null when one is missing or a division by zero. */
export function evaluateFormula(node: Node, values: ReadonlyMap<string, number>): number | null {
  if ('n' in node) return node.n;
  if ('ref' in node) return values.get(node.ref) ?? null;
  if ('neg' in node) {
    const v = evaluateFormula(node.neg, values);
    return v === null ? null : -v;
  }
  const a = evaluateFormula(node.a, values);
  const b = evaluateFormula(node.b, values);
  if (a === null || b === null) return null;
  if (node.op === '+') return a + b;
  if (node.op === '-') return a - b;
  if (node.op === '*') return a * b;
  return b === 0 ? null : a / b;
}

// ---- Benchmarking.

export interface Gap {
  /** ours − theirs */
  absolute: number;
  /** (ours − theirs) / |theirs|; null when theirs is 0 */
  relative: number | null;
  /** Whether we are at least as good as the peer, by the indicator's direction. */
  ahead: boolean;
}

export function gap(direction: Direction, ours: number, theirs: number): Gap {
  const absolute = ours - theirs;
  return { absolute, relative: theirs === 0 ? null : absolute / Math.abs(theirs), ahead: direction === 'higher' ? ours >= theirs : ours <= theirs };
}

/** Ranks of the entries by the indicator's direction, best first (1 = best); equal values share a rank. */
export function rank<T extends { value: number }>(direction: Direction, entries: T[]): (T & { rank: number })[] {
  const sorted = [...entries].sort((a, b) => (direction === 'higher' ? b.value - a.value : a.value - b.value));
  return sorted.map((e) => ({ ...e, rank: 1 + sorted.filter((o) => (direction === 'higher' ? o.value > e.value : o.value < e.value)).length }));
}
