import type { CadenceActionCode, CadencePeriodCode } from '../../db/schema.ts';
import { addCalendarDays, addWorkdays, dayNumber, isoWeekday, type WorkCalendar } from '../../supervision/rules/working-days.ts';

/** Pure rules of the work's rhythm (issue 12): periods, due dates, the default five rhythms, the parser's cadences. */

export const CADENCE_PERIODS = ['week', 'two-weeks', 'month', 'two-months', 'quarter', 'half-year', 'year'] as const satisfies readonly CadencePeriodCode[];
export const CADENCE_ACTIONS = ['bulletin', 'coordination', 'review', 'site_visit', 'duty_report', 'custom'] as const satisfies readonly CadenceActionCode[];

export const PERIOD_LABELS: Record<CadencePeriodCode, string> = { week: '每周', 'two-weeks': '每两周', month: '每月', 'two-months': '每两月', quarter: '每季度', 'half-year': '每半年', year: '每年' };
export const ACTION_LABELS: Record<CadenceActionCode, string> = { bulletin: '通报', coordination: '会办', review: '点评', site_visit: '观摩', duty_report: '述职', custom: '自定' };

/** One period of a rule: its key ('2026-11', '2026-Q4', '2026-W48' …), first and last day. */
export interface CadencePeriod {
  key: string;
  start: string;
  end: string;
}

const pad = (n: number) => String(n).padStart(2, '0');
const monthStart = (y: number, m: number) => `${y}-${pad(m)}-01`;
function monthEnd(y: number, m: number): string {
  return addCalendarDays(m === 12 ? `${y + 1}-01-01` : monthStart(y, m + 1), -1);
}

/** ISO week-numbering year and week of a date. */
function isoWeek(date: string): { year: number; week: number } {
  const thursday = addCalendarDays(date, 4 - isoWeekday(date));
  const year = Number(thursday.slice(0, 4));
  const week = Math.floor((dayNumber(thursday) - dayNumber(`${year}-01-01`)) / 7) + 1;
  return { year, week };
}

/** The period of a rule holding a date. Months group from January (两月: 1–2, 3–4 …); two weeks pair ISO weeks 1–2, 3–4 …. */
export function periodContaining(period: CadencePeriodCode, date: string): CadencePeriod {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7));
  const months = (span: number, key: (i: number) => string): CadencePeriod => {
    const i = Math.floor((m - 1) / span);
    return { key: key(i + 1), start: monthStart(y, i * span + 1), end: monthEnd(y, i * span + span) };
  };
  switch (period) {
    case 'week':
    case 'two-weeks': {
      const monday = addCalendarDays(date, 1 - isoWeekday(date));
      const { year, week } = isoWeek(date);
      if (period === 'week') return { key: `${year}-W${pad(week)}`, start: monday, end: addCalendarDays(monday, 6) };
      const first = week % 2 === 1 ? monday : addCalendarDays(monday, -7);
      return { key: `${year}-F${pad(Math.ceil(week / 2))}`, start: first, end: addCalendarDays(first, 13) };
    }
    case 'month':
      return { key: `${y}-${pad(m)}`, start: monthStart(y, m), end: monthEnd(y, m) };
    case 'two-months':
      return months(2, (i) => `${y}-B${i}`);
    case 'quarter':
      return months(3, (i) => `${y}-Q${i}`);
    case 'half-year':
      return months(6, (i) => `${y}-H${i}`);
    case 'year':
      return { key: String(y), start: `${y}-01-01`, end: `${y}-12-31` };
  }
}

/** The period after the given one. */
export function nextPeriod(period: CadencePeriodCode, p: CadencePeriod): CadencePeriod {
  return periodContaining(period, addCalendarDays(p.end, 1));
}

/** An occurrence is due `days` calendar days, or `days` working days, after its period ends (一月一通报 on the 5th working day of the next month). */
export function dueDate(cal: WorkCalendar, anchor: 'day' | 'workday', days: number, p: CadencePeriod): string {
  return anchor === 'day' ? addCalendarDays(p.end, days) : addWorkdays(cal, p.end, days);
}

/** The Chinese name of a period ('2026年11月', '2026年第四季度' …). */
export function periodLabel(key: string): string {
  const cn = ['一', '二', '三', '四', '五', '六'];
  const [y, rest] = key.split('-') as [string, string | undefined];
  if (!rest) return `${y}年度`;
  const n = Number(rest.replace(/^[A-Z]/, ''));
  switch (rest[0]) {
    case 'W':
      return `${y}年第${n}周`;
    case 'F':
      return `${y}年第${n}个双周`;
    case 'B':
      return `${y}年${2 * n - 1}—${2 * n}月`;
    case 'Q':
      return `${y}年第${cn[n - 1]}季度`;
    case 'H':
      return `${y}年${n === 1 ? '上' : '下'}半年`;
    default:
      return `${y}年${n}月`;
  }
}

/**
 * The periods a rule owes an occurrence for, oldest first: from the one holding `startsOn` to the
 * one holding `today` (whose occurrence falls due after it ends), at most `limit` of them.
 */
export function periodsThrough(period: CadencePeriodCode, startsOn: string, today: string, limit = 400): CadencePeriod[] {
  const out: CadencePeriod[] = [];
  if (startsOn > today) return out;
  let p = periodContaining(period, startsOn);
  while (p.start <= today && out.length < limit) {
    out.push(p);
    p = nextPeriod(period, p);
  }
  return out;
}

export interface PresetRhythm {
  preset: string;
  name: string;
  period: CadencePeriodCode;
  action: CadenceActionCode;
  anchor: 'day' | 'workday';
  anchorDays: number;
}

/** The default five rhythms of the speeches: 一月一通报、两月一会办、一季一点评、半年一观摩、年度一述职. */
export const DEFAULT_RHYTHMS: readonly PresetRhythm[] = [
  { preset: 'monthly-bulletin', name: '一月一通报', period: 'month', action: 'bulletin', anchor: 'workday', anchorDays: 5 },
  { preset: 'bimonthly-coordination', name: '两月一会办', period: 'two-months', action: 'coordination', anchor: 'workday', anchorDays: 10 },
  { preset: 'quarterly-review', name: '一季一点评', period: 'quarter', action: 'review', anchor: 'workday', anchorDays: 10 },
  { preset: 'half-year-visit', name: '半年一观摩', period: 'half-year', action: 'site_visit', anchor: 'workday', anchorDays: 15 },
  { preset: 'annual-duty-report', name: '年度一述职', period: 'year', action: 'duty_report', anchor: 'workday', anchorDays: 20 },
];

const ACTION_WORDS: [RegExp, CadenceActionCode][] = [
  [/通报/, 'bulletin'],
  [/会办|会商|协调/, 'coordination'],
  [/点评|讲评|评议/, 'review'],
  [/观摩/, 'site_visit'],
  [/述职/, 'duty_report'],
];

/** The action a parser's cadence word names (通报 → bulletin), or a custom one keeping the word. */
export function actionOfWord(word: string): { action: CadenceActionCode; label: string } {
  const hit = ACTION_WORDS.find(([re]) => re.test(word));
  return hit ? { action: hit[1], label: '' } : { action: 'custom', label: word.slice(0, 20) };
}

/** A rule's action in words: the named action, or the custom word. */
export function actionName(action: CadenceActionCode, label: string): string {
  return action === 'custom' ? label || ACTION_LABELS.custom : ACTION_LABELS[action];
}

/** Whether the parser's period word is one a rule takes. */
export function isCadencePeriod(v: string): v is CadencePeriodCode {
  return (CADENCE_PERIODS as readonly string[]).includes(v);
}

/** The default anchor of a rule made from a parser's cadence: a week's on its 1st working day after, a longer period's on the 5th. */
export function defaultAnchorDays(period: CadencePeriodCode): number {
  return period === 'week' || period === 'two-weeks' ? 1 : 5;
}

/** The first day a rule made today starts from: the period before today's, so the occurrence due soonest exists. */
export function defaultStart(period: CadencePeriodCode, today: string): string {
  const current = periodContaining(period, today);
  return periodContaining(period, addCalendarDays(current.start, -1)).start;
}

const KEY_RE = /^(\d{4})(?:-(?:(\d{2})|([BQHWF])(\d{1,2})))?$/;

/** The period a key names ('2026-11', '2026-B3', '2026-Q4', '2026-H1', '2026', '2026-W49', '2026-F25'), or null when it names none. */
export function periodOfKey(key: string): { period: CadencePeriodCode; range: CadencePeriod } | null {
  const m = KEY_RE.exec(key);
  if (!m) return null;
  const y = Number(m[1]);
  if (y < 1900 || y > 2200) return null;
  if (!m[2] && !m[3]) return { period: 'year', range: periodContaining('year', `${y}-06-30`) };
  if (m[2]) {
    const month = Number(m[2]);
    return month >= 1 && month <= 12 ? { period: 'month', range: periodContaining('month', `${y}-${m[2]}-01`) } : null;
  }
  const n = Number(m[4]);
  const within = (period: CadencePeriodCode, count: number, span: number) => (n >= 1 && n <= count ? { period, range: periodContaining(period, `${y}-${pad((n - 1) * span + 1)}-01`) } : null);
  switch (m[3]) {
    case 'B':
      return within('two-months', 6, 2);
    case 'Q':
      return within('quarter', 4, 3);
    case 'H':
      return within('half-year', 2, 6);
    default: {
      const jan4 = `${y}-01-04`;
      const week1 = addCalendarDays(jan4, 1 - isoWeekday(jan4));
      const period: CadencePeriodCode = m[3] === 'W' ? 'week' : 'two-weeks';
      const p = periodContaining(period, addCalendarDays(week1, 7 * (m[3] === 'W' ? n - 1 : 2 * n - 2)));
      return p.key === key ? { period, range: p } : null;
    }
  }
}
