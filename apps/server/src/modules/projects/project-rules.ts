import type { ProjectStage } from '../../db/schema.ts';

// The pure rules of key projects: stage order, when a monthly report is due, and a project's
// light from its late milestones, its reports, its investment against the year's plan and the
// year-by-year check. No database, no clock: the service passes today's date.

export const PROJECT_STAGES = ['planning', 'signed', 'started', 'building', 'completed', 'producing'] as const satisfies readonly ProjectStage[];
/** The stages a milestone is kept for (谋划 is where every project begins). */
export const MILESTONE_STAGES = ['signed', 'started', 'building', 'completed', 'producing'] as const;
export type MilestoneStage = (typeof MILESTONE_STAGES)[number];
export const PROJECT_KINDS = ['industry', 'infrastructure', 'livelihood', 'ecology', 'other'] as const;
export const PROJECT_LEVELS = ['province', 'city', 'district'] as const;

export const STAGE_LABELS: Record<ProjectStage, string> = { planning: '谋划', signed: '签约', started: '开工', building: '在建', completed: '竣工', producing: '投产' };
export const KIND_LABELS: Record<(typeof PROJECT_KINDS)[number], string> = { industry: '产业', infrastructure: '基础设施', livelihood: '社会民生', ecology: '生态环保', other: '其他' };
export const LEVEL_LABELS: Record<(typeof PROJECT_LEVELS)[number], string> = { province: '省级', city: '市级', district: '区级' };

/** A milestone this many days late turns the project red; fewer, yellow. */
export const MILESTONE_RED_DAYS = 30;
/** Investment below these shares of the plan due so far lights yellow / red. */
export const INVEST_YELLOW_RATIO = 0.8;
export const INVEST_RED_RATIO = 0.5;

export function stageRank(stage: ProjectStage): number {
  return PROJECT_STAGES.indexOf(stage);
}

/** The furthest stage with an actual date, or 谋划. */
export function reachedStage(milestones: readonly { stage: string; actualDate: string | null }[]): ProjectStage {
  let best: ProjectStage = 'planning';
  for (const m of milestones) if (m.actualDate && stageRank(m.stage as ProjectStage) > stageRank(best)) best = m.stage as ProjectStage;
  return best;
}

/**
 * The year-by-year check from its setting: the stage a project must have reached by the end of
 * its first, second, third … year on the list ("started,completed,producing"); "off" or empty: none.
 */
export function parseYearCheck(text: string): ProjectStage[] {
  const t = text.trim();
  if (t === '' || t === 'off') return [];
  const stages = t.split(',').map((s) => s.trim());
  for (const s of stages) {
    if (!(PROJECT_STAGES as readonly string[]).includes(s)) throw new Error(`年度节点检查应为 ${PROJECT_STAGES.join('、')} 中的阶段，以逗号分隔，或 off: ${s}`);
  }
  return stages as ProjectStage[];
}

/** The month before `period` (YYYY-MM). */
export function previousMonth(period: string): string {
  const [y, m] = period.split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

export function nextMonth(period: string): string {
  const [y, m] = period.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

/** The last day a month's report is on time: `dueDay` of the following month. */
export function reportDueDate(period: string, dueDay: number): string {
  return `${nextMonth(period)}-${String(dueDay).padStart(2, '0')}`;
}

/** True when a report for `period` filed on `filedOn` (YYYY-MM-DD) is late. */
export function isLateProjectReport(period: string, filedOn: string, dueDay: number): boolean {
  return filedOn > reportDueDate(period, dueDay);
}

/** The newest month whose report is overdue if missing on `today` (its due day has passed). */
export function lastDuePeriod(today: string, dueDay: number): string {
  const month = today.slice(0, 7);
  const day = Number(today.slice(8, 10));
  return day > dueDay ? previousMonth(month) : previousMonth(previousMonth(month));
}

export interface ReportReminder {
  period: string;
  kind: 'soon' | 'late';
  dueDate: string;
}

/**
 * The monthly-report reminders owed today: 'soon' for the month whose report falls due next,
 * once its due day is within `horizon` (today plus N working days); 'late' for the newest month
 * whose due day has passed. A project gets each once (the caller's dedupe key is per period).
 */
export function reportReminders(today: string, dueDay: number, horizon: string): ReportReminder[] {
  const late = lastDuePeriod(today, dueDay);
  const next = nextMonth(late);
  const out: ReportReminder[] = [{ period: late, kind: 'late', dueDate: reportDueDate(late, dueDay) }];
  const nextDue = reportDueDate(next, dueDay);
  if (nextDue <= horizon) out.push({ period: next, kind: 'soon', dueDate: nextDue });
  return out;
}

export interface ProjectLightInput {
  today: string;
  stage: ProjectStage;
  /** The year the project entered the list. */
  startYear: number;
  /** The first month it owes a report for (the month it was entered). */
  firstPeriod: string;
  milestones: readonly { stage: string; plannedDate: string | null; actualDate: string | null }[];
  /** The months reported, with their late flag. */
  reports: readonly { period: string; late: boolean }[];
  /** Planned investment for today's year (万元), and invested in that year up to the last due month. */
  yearPlanned: number;
  yearInvested: number;
  dueDay: number;
  yearCheck: readonly ProjectStage[];
}

export interface ProjectLight {
  light: 'green' | 'yellow' | 'red';
  reasons: string[];
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

const monthLabel = (period: string) => `${Number(period.slice(0, 4))}年${Number(period.slice(5, 7))}月`;

/**
 * A project's light and why: each late milestone (red past MILESTONE_RED_DAYS), the newest due
 * month's report missing (two or more missing: red) or filed late, investment behind the share of
 * the year's plan due so far (spread over the months from January, or from the month it was
 * entered, to December), and a year of the list ended without the stage the check asks for (red).
 */
export function projectLight(p: ProjectLightInput): ProjectLight {
  let level = 0;
  const reasons: string[] = [];
  const raise = (to: 1 | 2, reason: string) => {
    level = Math.max(level, to);
    reasons.push(reason);
  };
  for (const m of p.milestones) {
    if (!m.plannedDate || m.actualDate || m.plannedDate >= p.today) continue;
    const late = daysBetween(m.plannedDate, p.today);
    raise(late > MILESTONE_RED_DAYS ? 2 : 1, `${STAGE_LABELS[m.stage as ProjectStage]}节点逾期 ${late} 天`);
  }
  const due = lastDuePeriod(p.today, p.dueDay);
  if (due >= p.firstPeriod) {
    const filed = new Map(p.reports.map((r) => [r.period, r.late]));
    const missing: string[] = [];
    for (let m = due; m >= p.firstPeriod && missing.length < 2 && !filed.has(m); m = previousMonth(m)) missing.push(m);
    if (missing.length > 0) raise(missing.length > 1 ? 2 : 1, `${monthLabel(missing[0]!)}月报逾期未报`);
    else if (filed.get(due)) raise(1, `${monthLabel(due)}月报迟报`);
  }
  const year = Number(p.today.slice(0, 4));
  // The year's plan is spread evenly over the months the project owes reports for this year.
  const from = p.firstPeriod > `${year}-01` ? p.firstPeriod : `${year}-01`;
  if (p.yearPlanned > 0 && due.startsWith(`${year}-`) && due >= from) {
    const first = Number(from.slice(5, 7));
    const expected = (p.yearPlanned * (Number(due.slice(5, 7)) - first + 1)) / (13 - first);
    const ratio = p.yearInvested / expected;
    if (ratio < INVEST_YELLOW_RATIO) raise(ratio < INVEST_RED_RATIO ? 2 : 1, `年度投资完成 ${Math.round((p.yearInvested / p.yearPlanned) * 100)}%，低于序时进度`);
  }
  for (const [i, stage] of p.yearCheck.entries()) {
    if (year > p.startYear + i && stageRank(p.stage) < stageRank(stage)) {
      raise(2, `入库第 ${i + 1} 年应${STAGE_LABELS[stage]}，现为${STAGE_LABELS[p.stage]}`);
      break;
    }
  }
  return { light: (['green', 'yellow', 'red'] as const)[level]!, reasons };
}
