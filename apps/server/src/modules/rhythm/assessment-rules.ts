/**
 * The comprehensive assessment's pure rules (综合考核): the scheme's shape and its checks, the
 * formulas that turn an item's raw data into a score out of 100, caps on bonus and deduction
 * points, and the scoring and ranking of a group of units with the derivation of every figure.
 * Every figure is rounded to two decimals at the step that produces it, so the derivation shown
 * to a unit adds up exactly as printed.
 */

import type { AssessmentAdjustmentLine, AssessmentDerivation, AssessmentFormula, AssessmentItemLine, AssessmentSourceKind } from '@luoshi/shared';

export type Formula = AssessmentFormula;
export type ItemLine = AssessmentItemLine;
export type AdjustmentLine = AssessmentAdjustmentLine;
export type Derivation = AssessmentDerivation;

export const SOURCE_KINDS = ['on_time_rate', 'rectification_rate', 'investment_completion', 'indicator', 'suggestion_satisfaction', 'manual'] as const satisfies readonly AssessmentSourceKind[];
export type SourceKind = (typeof SOURCE_KINDS)[number];
export const SOURCE_LABELS: Record<SourceKind, string> = {
  on_time_rate: '任务按时办结率',
  rectification_rate: '问题整改率',
  investment_completion: '项目投资完成率',
  indicator: '指标完成率',
  suggestion_satisfaction: '建议办理满意度',
  manual: '评审人打分',
};
export const FORMULA_KINDS = ['linear', 'rank', 'threshold', 'manual'] as const;
export type FormulaKind = (typeof FORMULA_KINDS)[number];
export const FORMULA_LABELS: Record<FormulaKind, string> = { linear: '线性插值', rank: '按排名', threshold: '分档计分', manual: '人工评分' };


export interface ItemSource {
  kind: SourceKind;
  indicatorId?: string | undefined;
  /** The users who score a manual item; the item's raw is their average. */
  reviewerIds?: string[] | undefined;
}

export interface SchemeItem {
  key: string;
  name: string;
  /** Points of the 100 the item carries. */
  weight: number;
  source: ItemSource;
  formula: Formula;
  /** The score (out of 100) of a unit the source has no data for. */
  noDataScore: number;
}

export interface Dimension {
  key: string;
  name: string;
  items: SchemeItem[];
}

export interface AdjustmentDef {
  key: string;
  name: string;
  kind: 'bonus' | 'deduction';
  /** The most points this item adds or takes per unit. */
  cap: number;
}

export interface UnitGroup {
  key: string;
  name: string;
  unitIds: string[];
}

export interface SchemeDefinition {
  dimensions: Dimension[];
  adjustments: AdjustmentDef[];
  groups: UnitGroup[];
  /** The most bonus points in all, and the most deduction points in all, per unit. */
  bonusCap: number;
  deductionCap: number;
}

export const round2 = (n: number): number => Math.round((n + Math.sign(n) * Number.EPSILON) * 100) / 100;
const clamp = (n: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, n));

export function items(def: SchemeDefinition): (SchemeItem & { dimension: string })[] {
  return def.dimensions.flatMap((d) => d.items.map((i) => ({ ...i, dimension: d.name })));
}

/** The scheme's errors, each naming its field; empty when the scheme can be run. */
export function schemeErrors(def: SchemeDefinition): { field: string; message: string }[] {
  const errors: { field: string; message: string }[] = [];
  const all = items(def);
  if (!all.length) errors.push({ field: 'dimensions', message: '请至少设置一个考核项目' });
  const weight = round2(all.reduce((s, i) => s + i.weight, 0));
  if (all.length && weight !== 100) errors.push({ field: 'dimensions', message: `各考核项目权重合计应为 100 分，现为 ${weight} 分` });
  const keys = [...all.map((i) => i.key), ...def.adjustments.map((a) => a.key)];
  const twice = keys.find((k, i) => keys.indexOf(k) !== i);
  if (twice) errors.push({ field: 'dimensions', message: `项目编号「${twice}」重复` });
  def.dimensions.forEach((d, di) =>
    d.items.forEach((it, ii) => {
      const field = `dimensions.${di}.items.${ii}`;
      const f = it.formula;
      if ((it.source.kind === 'manual') !== (f.kind === 'manual')) errors.push({ field: `${field}.formula`, message: `「${it.name}」：评审人打分的项目应使用人工评分，人工评分只用于评审人打分的项目` });
      if (it.source.kind === 'manual' && !it.source.reviewerIds?.length) errors.push({ field: `${field}.source.reviewerIds`, message: `「${it.name}」请指定评审人` });
      if (it.source.kind === 'indicator' && !it.source.indicatorId) errors.push({ field: `${field}.source.indicatorId`, message: `「${it.name}」请选择指标` });
      if (f.kind === 'linear' && f.floor === f.target) errors.push({ field: `${field}.formula`, message: `「${it.name}」的起评值与目标值不能相同` });
      if (f.kind === 'threshold' && !f.steps.length) errors.push({ field: `${field}.formula`, message: `「${it.name}」请至少设置一档` });
    }),
  );
  if (!def.groups.length) errors.push({ field: 'groups', message: '请至少设置一个考核分组' });
  const units = def.groups.flatMap((g) => g.unitIds);
  if (new Set(units).size !== units.length) errors.push({ field: 'groups', message: '同一单位不能分在两个考核分组' });
  def.groups.forEach((g, gi) => {
    if (!g.unitIds.length) errors.push({ field: `groups.${gi}.unitIds`, message: `分组「${g.name}」没有单位` });
  });
  return errors;
}

/** Linear between the floor (0) and the target (100), clamped; a floor above the target scores lower raws higher. */
export function scoreLinear(raw: number, floor: number, target: number): number {
  return round2(clamp((raw - floor) / (target - floor), 0, 1) * 100);
}

/** The score of the highest step the raw reaches, else `otherwise`. */
export function scoreThreshold(raw: number, steps: { atLeast: number; score: number }[], otherwise: number): number {
  const hit = [...steps].sort((a, b) => b.atLeast - a.atLeast).find((s) => raw >= s.atLeast);
  return hit ? hit.score : otherwise;
}

/** Competition ranks (1, 1, 3): equal values share the better rank; nulls get no rank. */
export function competitionRanks(values: (number | null)[], direction: 'higher' | 'lower'): (number | null)[] {
  // Sorted best first, a value's rank is 1 + the position where it first appears (how many are strictly better).
  const sorted = values.filter((v): v is number => v !== null).sort((a, b) => (direction === 'higher' ? b - a : a - b));
  const first = new Map<number, number>();
  sorted.forEach((v, i) => {
    if (!first.has(v)) first.set(v, i + 1);
  });
  return values.map((v) => (v === null ? null : first.get(v)!));
}

export function scoreRank(rank: number, f: { top: number; step: number; min: number }): number {
  return round2(Math.max(f.min, f.top - (rank - 1) * f.step));
}

export function describeFormula(f: Formula): string {
  switch (f.kind) {
    case 'linear':
      return `线性插值：${f.floor} 及以下得 0 分，${f.target} 及以上得 100 分，其间按比例`;
    case 'rank':
      return `按排名（${f.direction === 'higher' ? '数值越高越好' : '数值越低越好'}）：第一名 ${f.top} 分，每低一名减 ${f.step} 分，最低 ${f.min} 分`;
    case 'threshold':
      return `分档计分：${[...f.steps].sort((a, b) => b.atLeast - a.atLeast).map((s) => `≥${s.atLeast} 得 ${s.score} 分`).join('，')}，其余 ${f.otherwise} 分`;
    case 'manual':
      return '人工评分：评审人评分的平均分';
  }
}

/** An item's raw datum for a unit: the value (null: no data) and what it was made of. */
export interface Raw {
  value: number | null;
  /** How the value was obtained (按时办结 9 / 办结 10), or why there is none. */
  basis: string;
}


export interface AdjustmentEntry {
  key: string;
  points: number;
  note: string;
}



/** Bonus and deduction points: each item capped on its own, then the bonus and the deduction capped in all. */
export function applyAdjustments(def: SchemeDefinition, entries: AdjustmentEntry[]) {
  const lines: AdjustmentLine[] = def.adjustments
    .map((a) => {
      const mine = entries.filter((e) => e.key === a.key);
      const entered = round2(mine.reduce((s, e) => s + e.points, 0));
      return { key: a.key, name: a.name, kind: a.kind, entered, cap: a.cap, applied: round2(Math.min(entered, a.cap)), notes: mine.map((e) => e.note).filter(Boolean) };
    })
    .filter((l) => l.entered !== 0);
  const sum = (k: 'bonus' | 'deduction') => round2(lines.filter((l) => l.kind === k).reduce((s, l) => s + l.applied, 0));
  const bonusEntered = sum('bonus');
  const deductionEntered = sum('deduction');
  return { lines, bonusEntered, bonus: round2(Math.min(bonusEntered, def.bonusCap)), deductionEntered, deduction: round2(Math.min(deductionEntered, def.deductionCap)) };
}

export interface UnitInput {
  unitId: string;
  name: string;
  /** Per item key. */
  raws: Record<string, Raw>;
  adjustments: AdjustmentEntry[];
}

export interface UnitResult {
  unitId: string;
  name: string;
  total: number;
  rank: number;
  derivation: Derivation;
}

/**
 * Scores one group: each item's score from its raw through its formula (rank formulas rank the
 * group's raws first), weighted (score × weight ÷ 100), summed, plus capped bonus, minus capped
 * deduction; then ranked on the total, equal totals sharing a rank. Ordered by rank, then name.
 */
export function scoreGroup(def: SchemeDefinition, units: UnitInput[]): UnitResult[] {
  const all = items(def);
  const ranks = new Map<string, (number | null)[]>();
  for (const it of all) {
    if (it.formula.kind === 'rank') ranks.set(it.key, competitionRanks(units.map((u) => u.raws[it.key]?.value ?? null), it.formula.direction));
  }
  const scored = units.map((u, ui) => {
    const lines: ItemLine[] = all.map((it) => {
      const raw = u.raws[it.key] ?? { value: null, basis: '无数据' };
      const f = it.formula;
      const rawRank = f.kind === 'rank' ? (ranks.get(it.key)![ui] ?? null) : null;
      let score: number;
      if (raw.value === null) score = it.noDataScore;
      else if (f.kind === 'linear') score = scoreLinear(raw.value, f.floor, f.target);
      else if (f.kind === 'threshold') score = scoreThreshold(raw.value, f.steps, f.otherwise);
      else if (f.kind === 'rank') score = scoreRank(rawRank!, f);
      else score = round2(clamp(raw.value, 0, 100));
      return { key: it.key, name: it.name, dimension: it.dimension, source: it.source.kind, raw: raw.value, basis: raw.value === null ? `${raw.basis}，按 ${it.noDataScore} 分计` : raw.basis, formula: f, formulaText: describeFormula(f), rawRank, score, weight: it.weight, weighted: round2((score * it.weight) / 100) };
    });
    const itemsTotal = round2(lines.reduce((s, l) => s + l.weighted, 0));
    const adj = applyAdjustments(def, u.adjustments);
    const total = round2(itemsTotal + adj.bonus - adj.deduction);
    const derivation: Derivation = { items: lines, itemsTotal, adjustments: adj.lines, bonusEntered: adj.bonusEntered, bonusCap: def.bonusCap, bonus: adj.bonus, deductionEntered: adj.deductionEntered, deductionCap: def.deductionCap, deduction: adj.deduction, total };
    return { unitId: u.unitId, name: u.name, total, rank: 0, derivation };
  });
  const totalRanks = competitionRanks(scored.map((s) => s.total), 'higher');
  scored.forEach((s, i) => (s.rank = totalRanks[i]!));
  return scored.sort((a, b) => a.rank - b.rank || a.name.localeCompare(b.name, 'zh-CN'));
}

/** The first and last day of an assessment period: '2026-Q2' → 2026-04-01 … 2026-06-30; '2026' → the year. */
export function assessmentPeriod(period: string): { start: string; end: string } | null {
  const m = /^(\d{4})(?:-Q([1-4]))?$/.exec(period);
  if (!m) return null;
  const year = Number(m[1]);
  if (!m[2]) return { start: `${year}-01-01`, end: `${year}-12-31` };
  const q = Number(m[2]);
  const lastMonth = q * 3;
  const lastDay = new Date(Date.UTC(year, lastMonth, 0)).getUTCDate();
  return { start: `${year}-${String(lastMonth - 2).padStart(2, '0')}-01`, end: `${year}-${String(lastMonth).padStart(2, '0')}-${lastDay}` };
}
