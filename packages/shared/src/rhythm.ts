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
