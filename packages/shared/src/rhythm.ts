/** The shapes of a bulletin (通报, issue 12) that the server writes and the web app reads. */

/** One unit's line of the bulletin's ranking: its subtree's work in the period. Rates in percent, amounts in 万元. */
export interface RankedUnit {
  unitId: string;
  name: string;
  rank: number;
  completed: number;
  onTime: number;
  onTimeRate: number | null;
  overdue: number;
  problems: number;
  rectified: number;
  rectificationRate: number | null;
  planned: number;
  invested: number;
  investmentRate: number | null;
}

/** What a bulletin reports, as generated from live data; stored as the bulletin's snapshot. */
export interface BulletinFigures {
  period: string;
  periodLabel: string;
  start: string;
  end: string;
  /** The day the figures count up to: the period's end, or the generation day when earlier. */
  asOf: string;
  scopeUnit: { id: string; name: string };
  summary: { assigned: number; completed: number; onTime: number; onTimeRate: number | null; overdue: number; red: number; problems: number; rectified: number; rectificationRate: number | null; planned: number; invested: number; investmentRate: number | null };
  ranking: RankedUnit[];
  red: { title: string; unit: string; deadline: string | null; reason: string }[];
  praised: { unit: string; reason: string }[];
}

/** The editable text of a bulletin, drafted from its figures. */
export interface BulletinBody {
  summary: string;
  praise: string;
  criticism: string;
  requirements: string;
}

// ---- The comprehensive assessment (综合考核): a unit's derivation as stored and shown.

/** Where an item's raw datum comes from. */
export type AssessmentSourceKind = 'on_time_rate' | 'rectification_rate' | 'investment_completion' | 'indicator' | 'suggestion_satisfaction' | 'manual';

/** How an item's raw datum becomes a score out of 100. */
export type AssessmentFormula =
  /** 100 at or beyond the target, 0 at or short of the floor, linear between (a floor above the target: lower is better). */
  | { kind: 'linear'; floor: number; target: number }
  /** The first in the group scores `top`, each rank below `step` less, never under `min`; tied raws share a rank. */
  | { kind: 'rank'; direction: 'higher' | 'lower'; top: number; step: number; min: number }
  /** The score of the first step whose `atLeast` the raw reaches (steps taken from the highest), else `otherwise`. */
  | { kind: 'threshold'; steps: { atLeast: number; score: number }[]; otherwise: number }
  /** The raw is the score (the reviewers' average). */
  | { kind: 'manual' };

export interface AssessmentItemLine {
  key: string;
  name: string;
  dimension: string;
  source: AssessmentSourceKind;
  raw: number | null;
  basis: string;
  formula: AssessmentFormula;
  formulaText: string;
  /** The unit's rank among the group on the raw (rank formulas only). */
  rawRank: number | null;
  score: number;
  weight: number;
  weighted: number;
}

export interface AssessmentAdjustmentLine {
  key: string;
  name: string;
  kind: 'bonus' | 'deduction';
  entered: number;
  cap: number;
  applied: number;
  notes: string[];
}

export interface AssessmentDerivation {
  items: AssessmentItemLine[];
  itemsTotal: number;
  adjustments: AssessmentAdjustmentLine[];
  bonusEntered: number;
  bonusCap: number;
  bonus: number;
  deductionEntered: number;
  deductionCap: number;
  deduction: number;
  total: number;
}
