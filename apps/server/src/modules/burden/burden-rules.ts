// Pure rules of the reporting burden (填报负担, issue 12 item 5): which month a request to fill
// something in belongs to, which reporting periods of a task fall due in a month, the fact each
// request asks for, and the rule that flags a unit asked for the same fact twice in one month.
import { searchKey, type BurdenCounts, type BurdenKind, type BurdenRequestLine } from '@luoshi/shared';
import { periodContaining, owesReport, type Period, type ReportCycle } from '../../supervision/rules/periods.ts';
import { addCalendarDays, weekdayCalendar, type WorkCalendar } from '../../supervision/rules/working-days.ts';

export type { BurdenCounts, BurdenKind } from '@luoshi/shared';
export const BURDEN_KIND_LABELS: Record<BurdenKind, string> = { progress: '进展报告', project_report: '项目月报', indicator_value: '指标数据', answer: '办理答复', material: '节奏材料' };
export const BURDEN_MODULE_LABELS: Record<string, string> = {
  task: '督办任务',
  rectification: '整改',
  coordination: '协调事项',
  decision: '会议决定',
  suggestion: '建议提案',
  project: '重点项目',
  indicator: '指标',
  rhythm: '工作节奏',
};

/** One request to a unit, with what the duplicate rule compares. */
export interface BurdenRequest extends BurdenRequestLine {
  unitId: string;
  /** What issued the request: a task's root (its directive or assignment), a project, an indicator definition … */
  origin: string;
  /** The facts the request asks for (see `requestFacts`). */
  facts: string[];
}

/** A title as compared for sameness: Traditional and Simplified alike, case, spaces and punctuation ignored. */
export function sameTextKey(text: string): string {
  return searchKey(text).replace(/[\s\p{P}\p{S}]/gu, '');
}

const SEPARATOR = '\u0001';

/** `sameTextKey` of many texts, converted a few thousand at a time: OpenCC's cost is mostly per call, not per character. */
export function sameTextKeys(texts: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < texts.length; i += 5000) {
    const chunk = texts.slice(i, i + 5000).map((t) => t.replaceAll(SEPARATOR, ''));
    out.push(...searchKey(chunk.join(SEPARATOR)).split(SEPARATOR).map((k) => k.replace(/[\s\p{P}\p{S}]/gu, '')));
  }
  return out;
}

/**
 * The facts a request asks for, as keys compared across requests:
 * - a key project's monthly report, and a task's progress report on that project (linked by the
 *   task's coordination problem or by its title naming the project): `project:<id>` — the project's
 *   progress and investment;
 * - a task's progress report: `task:<title>` — the same reporting content, by its title;
 * - an indicator value: `indicator-code:<code>@<period>` and `indicator-name:<name>@<period>`;
 * - a suggestion's answer: `suggestion:<id>`; a cadence occurrence's material: `material:<occurrence>`.
 */
export function requestFacts(r: { kind: BurdenKind; recordId: string; title: string; period: string; projectIds?: readonly string[]; code?: string; titleKey?: string }): string[] {
  const titleKey = r.titleKey ?? sameTextKey(r.title);
  switch (r.kind) {
    case 'project_report':
      return [`project:${r.recordId}`];
    case 'progress':
      return [`task:${titleKey}`, ...(r.projectIds ?? []).map((p) => `project:${p}`)];
    case 'indicator_value':
      return [`indicator-code:${sameTextKey(r.code ?? '')}@${r.period}`, `indicator-name:${titleKey}@${r.period}`];
    case 'answer':
      return [`suggestion:${r.recordId}`];
    case 'material':
      return [`material:${r.recordId}`];
  }
}

/** The rule in one line, as the screen and the export show it. */
export const DUPLICATE_RULE = '同一单位同一月内，两项填报要求询问同一事实（同一重点项目的进展与投资、同名同编码指标的同期数值、标题相同的任务进展）且来自不同的交办来源时，记为重复填报。';

/** Two requests flagged as asking the same unit for the same fact in the same month. */
export interface DuplicatePair {
  a: BurdenRequest;
  b: BurdenRequest;
  /** The shared fact. */
  fact: string;
}

/**
 * The duplicate pairs among one month's requests: two requests are a duplicate pair when they are
 * addressed to the same unit, share a fact key, and come from different origins (a task and its
 * own subtask, or two periods of one task, are not a duplicate; the same title in two directives
 * is). Each two records are one pair, however many periods of the month they ask for, with their
 * first requests and first shared fact, in the order of the requests' keys.
 */
export function findDuplicates(requests: readonly BurdenRequest[]): DuplicatePair[] {
  const byUnitFact = new Map<string, BurdenRequest[]>();
  for (const r of requests) {
    for (const f of new Set(r.facts)) {
      const k = `${r.unitId}\u0000${f}`;
      const list = byUnitFact.get(k);
      if (list) list.push(r);
      else byUnitFact.set(k, [r]);
    }
  }
  const pairs = new Map<string, DuplicatePair>();
  for (const [k, list] of byUnitFact) {
    if (list.length < 2) continue;
    const fact = k.slice(k.indexOf('\u0000') + 1);
    const sorted = [...list].sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : 0));
    for (let i = 0; i < sorted.length; i++) {
      for (let j = i + 1; j < sorted.length; j++) {
        const a = sorted[i]!;
        const b = sorted[j]!;
        if (a.origin === b.origin) continue;
        // Two records asked alike in several periods of the month (two weekly tasks) are one pair.
        const id = `${a.kind}:${a.recordId}\u0000${b.kind}:${b.recordId}`;
        if (!pairs.has(id)) pairs.set(id, { a, b, fact });
      }
    }
  }
  return [...pairs.values()].sort((x, y) => (x.a.key < y.a.key ? -1 : x.a.key > y.a.key ? 1 : x.b.key < y.b.key ? -1 : x.b.key > y.b.key ? 1 : 0));
}

/** The first and last day of a month 'YYYY-MM'. */
export function monthBounds(month: string): { start: string; end: string } {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return { start: `${month}-01`, end: `${month}-${String(last).padStart(2, '0')}` };
}

/** The reporting periods of a cycle whose report falls due within the month (`anchor`: a biweekly task's start). */
export function monthPeriods(cycle: ReportCycle, dueDay: number, anchor: string | null, month: string, cal: WorkCalendar): Period[] {
  if (cycle === 'none') return [];
  const { start, end } = monthBounds(month);
  const seen = new Map<string, Period>();
  // Every period due in the month contains a day within 45 days before the month's end: step a week at a time, and the last day.
  const days: string[] = [];
  for (let d = addCalendarDays(start, -45); d <= end; d = addCalendarDays(d, 7)) days.push(d);
  days.push(end);
  for (const d of days) {
    const p = periodContaining(cycle, dueDay, d, anchor, cal);
    if (p && p.due >= start && p.due <= end) seen.set(p.key, p);
  }
  return [...seen.values()].sort((a, b) => (a.due < b.due ? -1 : 1));
}

/**
 * Every key a reporting period due in the month may have, whatever the cycle, due day or start: the
 * month and the month before (a due date on a holiday moves into the next month), their quarters,
 * and the ISO weeks from 7 weeks before the month to its end.
 */
export function periodKeysOfMonth(month: string): string[] {
  const { start, end } = monthBounds(month);
  const quarter = (m: string) => `${m.slice(0, 4)}-Q${Math.floor((Number(m.slice(5, 7)) - 1) / 3) + 1}`;
  const before = addCalendarDays(start, -1).slice(0, 7);
  const keys = new Set<string>([month, before, quarter(month), quarter(before)]);
  for (let d = addCalendarDays(start, -49); d <= addCalendarDays(end, 7); d = addCalendarDays(d, 7)) keys.add(periodContaining('weekly', 1, d, null, weekdayCalendar)!.key);
  return [...keys];
}

/** Of a month's periods, those a task owes: due after it started (`owesReport`) and still owed on the due date (not finished before it). */
export function owedPeriods(periods: readonly Period[], start: string, closedOn: string | null): Period[] {
  return periods.filter((p) => owesReport(p, start) && (closedOn === null || closedOn >= p.due));
}

/** The reporting periods of a task's cycle whose report falls due within the month and which the task owes. */
export function periodsDueInMonth(task: { cycle: ReportCycle; dueDay: number; start: string; anchor: string | null; closedOn: string | null }, month: string, cal: WorkCalendar): Period[] {
  return owedPeriods(monthPeriods(task.cycle, task.dueDay, task.anchor, month, cal), task.start, task.closedOn);
}

/** The indicator period whose value is asked in the month: the month before (monthly), the quarter just ended (in its following month), the year before (in January). */
export function indicatorPeriodAsked(frequency: 'month' | 'quarter' | 'year', month: string): string | null {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const prevY = m === 1 ? y - 1 : y;
  const prevM = m === 1 ? 12 : m - 1;
  if (frequency === 'month') return `${prevY}-${String(prevM).padStart(2, '0')}`;
  if (frequency === 'quarter') return prevM % 3 === 0 ? `${prevY}-Q${prevM / 3}` : null;
  return m === 1 ? String(y - 1) : null;
}

/** The counts of each unit's requests and duplicate pairs. */
export function countByUnit(requests: readonly BurdenRequest[], pairs: readonly DuplicatePair[]): Map<string, BurdenCounts> {
  const out = new Map<string, BurdenCounts>();
  const of = (unitId: string) => {
    let c = out.get(unitId);
    if (!c) out.set(unitId, (c = { requested: 0, filed: 0, duplicates: 0, byModule: {}, byKind: {} }));
    return c;
  };
  for (const r of requests) {
    const c = of(r.unitId);
    c.requested++;
    const mod = (c.byModule[r.module] ??= { requested: 0, filed: 0 });
    const kind = (c.byKind[r.kind] ??= { requested: 0, filed: 0 });
    mod.requested++;
    kind.requested++;
    if (r.filed) {
      c.filed++;
      mod.filed++;
      kind.filed++;
    }
  }
  for (const p of pairs) of(p.a.unitId).duplicates++;
  return out;
}
