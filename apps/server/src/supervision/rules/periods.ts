import { addCalendarDays, dateOfDayNumber, dayNumber, isoWeekday, nextWorkdayOnOrAfter, type WorkCalendar } from './working-days.ts';

/** How often a task's owner reports progress. */
export type ReportCycle = 'none' | 'weekly' | 'biweekly' | 'monthly' | 'quarterly';

/**
 * One reporting period: its key (stored with each progress report, and sorting in time order as
 * text), its first and last dates, and the date the report is due.
 */
export interface Period {
  key: string;
  start: string;
  end: string;
  due: string;
}

const WEEKDAY_NAMES = ['一', '二', '三', '四', '五', '六', '日'] as const;

// Without a task start date, two-week periods still need a fixed phase; this Monday opens ISO
// week 2024-W01, so every biweekly task without an anchor shares the same periods.
const DEFAULT_BIWEEKLY_ANCHOR = '2024-01-01';

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

/** ISO weekday 1–7 for a weekly due day; anything else means Friday, the usual reporting day. */
function weekdayOf(dueDay: number): number {
  return Number.isInteger(dueDay) && dueDay >= 1 && dueDay <= 7 ? dueDay : 5;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** A day of the month from a due day: 0 (or less) is the last day, larger days clamp to it. */
function dayInMonth(year: number, month: number, dueDay: number): string {
  const last = daysInMonth(year, month);
  const d = !Number.isInteger(dueDay) || dueDay <= 0 || dueDay > last ? last : dueDay;
  return `${year}-${pad2(month)}-${pad2(d)}`;
}

function mondayOf(date: string): number {
  return dayNumber(date) - (isoWeekday(date) - 1);
}

/** ISO week key such as '2026-W03' of the week starting on a Monday (day number). */
function isoWeekKey(monday: number): string {
  // The ISO year is the year of the week's Thursday.
  const thursday = dateOfDayNumber(monday + 3);
  const year = Number(thursday.slice(0, 4));
  const jan1 = dayNumber(`${year}-01-01`);
  const week = Math.floor((monday + 3 - jan1) / 7) + 1;
  return `${year}-W${pad2(week)}`;
}

/**
 * The reporting period of a cycle that contains `date`, with its due date moved to the next
 * working day when it falls on a weekend or holiday. Biweekly periods are counted from the ISO
 * week of `anchor` (the task's start date). Returns null for 'none'.
 */
export function periodContaining(cycle: ReportCycle, dueDay: number, date: string, anchor: string | null, cal: WorkCalendar): Period | null {
  const raw = rawPeriod(cycle, dueDay, date, anchor);
  return raw && { ...raw, due: nextWorkdayOnOrAfter(cal, raw.due) };
}

function rawPeriod(cycle: ReportCycle, dueDay: number, date: string, anchor: string | null): Period | null {
  switch (cycle) {
    case 'none':
      return null;
    case 'weekly': {
      const monday = mondayOf(date);
      return { key: isoWeekKey(monday), start: dateOfDayNumber(monday), end: dateOfDayNumber(monday + 6), due: dateOfDayNumber(monday + weekdayOf(dueDay) - 1) };
    }
    case 'biweekly': {
      const origin = mondayOf(anchor ?? DEFAULT_BIWEEKLY_ANCHOR);
      // Floor, not truncation, so dates before the anchor still fall into whole two-week periods.
      const start = origin + Math.floor((mondayOf(date) - origin) / 14) * 14;
      // Due in the period's second week, so the report covers both weeks.
      return { key: isoWeekKey(start), start: dateOfDayNumber(start), end: dateOfDayNumber(start + 13), due: dateOfDayNumber(start + 7 + weekdayOf(dueDay) - 1) };
    }
    case 'monthly': {
      const year = Number(date.slice(0, 4));
      const month = Number(date.slice(5, 7));
      dayNumber(date);
      return { key: `${year}-${pad2(month)}`, start: `${year}-${pad2(month)}-01`, end: dayInMonth(year, month, 0), due: dayInMonth(year, month, dueDay) };
    }
    case 'quarterly': {
      const year = Number(date.slice(0, 4));
      dayNumber(date);
      const quarter = Math.floor((Number(date.slice(5, 7)) - 1) / 3) + 1;
      const lastMonth = quarter * 3;
      return { key: `${year}-Q${quarter}`, start: `${year}-${pad2(lastMonth - 2)}-01`, end: dayInMonth(year, lastMonth, 0), due: dayInMonth(year, lastMonth, dueDay) };
    }
  }
}

/**
 * Whether a task that started on `start` owes a report for `period`. A period whose report fell
 * due on or before the day the task started owes nothing: nobody can report on work the day it
 * arrives, so the first report a new task owes is that of the first period due after its start.
 * The lights (a missed report) and the report itself (filed late) both ask this.
 */
export function owesReport(period: Pick<Period, 'due'>, start: string): boolean {
  return period.due > start;
}

/** Whether a report filed on `today` for `period` is late: past its due date, for a period the task owed. */
export function isLateReport(period: Pick<Period, 'due'> | null, today: string, start: string): boolean {
  return period !== null && today > period.due && owesReport(period, start);
}

/** The period just before `period` in the same cycle (null for 'none'). */
export function previousPeriod(cycle: ReportCycle, dueDay: number, period: Period, anchor: string | null, cal: WorkCalendar): Period | null {
  return periodContaining(cycle, dueDay, addCalendarDays(period.start, -1), anchor, cal);
}

/** The reporting rhythm in words, as shown beside a task: '每月25日前报送', '每周五前报送', '不定期'. */
export function cycleLabel(cycle: ReportCycle, dueDay: number): string {
  switch (cycle) {
    case 'none':
      return '不定期';
    case 'weekly':
      return `每周${WEEKDAY_NAMES[weekdayOf(dueDay) - 1]}前报送`;
    case 'biweekly':
      // Due on that weekday of each period's second week.
      return `每两周周${WEEKDAY_NAMES[weekdayOf(dueDay) - 1]}前报送`;
    case 'monthly':
      return Number.isInteger(dueDay) && dueDay >= 1 && dueDay <= 28 ? `每月${dueDay}日前报送` : dueDay >= 29 && dueDay <= 31 ? `每月${dueDay}日（小月为月末）前报送` : '每月月底前报送';
    case 'quarterly':
      return Number.isInteger(dueDay) && dueDay >= 1 && dueDay <= 30 ? `每季度末月${dueDay}日前报送` : '每季度末前报送';
  }
}
