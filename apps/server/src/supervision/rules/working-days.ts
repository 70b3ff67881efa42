import chineseDays from 'chinese-days';

// chinese-days is CommonJS; its functions hang off the default export.
const { isWorkday: libraryIsWorkday } = chineseDays;

/** Which calendar dates are working days. Dates are 'YYYY-MM-DD' in Asia/Shanghai. */
export interface WorkCalendar {
  isWorkday(date: string): boolean;
}

const DAY_MS = 86_400_000;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 of a 'YYYY-MM-DD' date; throws on a malformed or impossible date. */
export function dayNumber(date: string): number {
  const m = DATE_RE.exec(date);
  if (!m) throw new RangeError(`日期格式应为 YYYY-MM-DD：${date}`);
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const ms = Date.UTC(y, mo - 1, d);
  // Date.UTC rolls 02-30 over to 03-02; a round trip catches it.
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) throw new RangeError(`日期不存在：${date}`);
  return Math.round(ms / DAY_MS);
}

/** The 'YYYY-MM-DD' date of a day number (days since 1970-01-01). */
export function dateOfDayNumber(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** Whether a string is a real calendar date in 'YYYY-MM-DD' form. */
export function isValidDate(date: string): boolean {
  try {
    dayNumber(date);
    return true;
  } catch {
    return false;
  }
}

/** The date `n` calendar days after (n < 0: before) `date`. */
export function addCalendarDays(date: string, n: number): string {
  return dateOfDayNumber(dayNumber(date) + n);
}

/** Calendar days from `from` to `to` (negative when `to` is earlier). */
export function calendarDaysBetween(from: string, to: string): number {
  return dayNumber(to) - dayNumber(from);
}

/** ISO weekday of a date: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: string): number {
  // 1970-01-01 was a Thursday (ISO 4).
  return ((((dayNumber(date) + 3) % 7) + 7) % 7) + 1;
}

/**
 * The official Chinese calendar (holidays and make-up workdays, 调休) from `chinese-days`, memoised
 * per date. `overrides` win over the library, for years it does not know yet (it falls back to
 * Monday–Friday there) or for a local day off.
 */
export function chineseCalendar(overrides?: { workdays?: string[]; holidays?: string[] }): WorkCalendar {
  const memo = new Map<string, boolean>();
  for (const d of overrides?.workdays ?? []) memo.set(d, true);
  // Holidays are applied last so a date listed in both is a day off: when in doubt, nobody is
  // lit red for failing to work on it.
  for (const d of overrides?.holidays ?? []) memo.set(d, false);
  return {
    isWorkday(date: string): boolean {
      let v = memo.get(date);
      if (v === undefined) {
        dayNumber(date); // the library answers true for '2026-02-30'; refuse it instead
        v = libraryIsWorkday(date);
        memo.set(date, v);
      }
      return v;
    },
  };
}

/** A plain Monday–Friday calendar, for tests and for deployments that ignore holidays. */
export const weekdayCalendar: WorkCalendar = {
  isWorkday: (date) => isoWeekday(date) <= 5,
};

/** The calendar date in Asia/Shanghai at the instant `now`. */
export function shanghaiDate(now: Date): string {
  // China has had no daylight saving since 1991, so a fixed +08:00 is exact for any current instant.
  return new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

/**
 * Per-calendar cache of one year's working days as flags and running totals, so that counting
 * across a long span is O(years) rather than O(days). Calendars are assumed not to change.
 */
interface YearTable {
  firstDay: number;
  flags: Uint8Array;
  /** cum[i] = working days among the first i days of the year. */
  cum: Int32Array;
}
const tables = new WeakMap<WorkCalendar, Map<number, YearTable>>();

function yearOfDay(day: number): number {
  return new Date(day * DAY_MS).getUTCFullYear();
}

function yearTable(cal: WorkCalendar, year: number): YearTable {
  let byYear = tables.get(cal);
  if (!byYear) {
    byYear = new Map();
    tables.set(cal, byYear);
  }
  let t = byYear.get(year);
  if (!t) {
    const firstDay = Math.round(Date.UTC(year, 0, 1) / DAY_MS);
    const length = Math.round(Date.UTC(year + 1, 0, 1) / DAY_MS) - firstDay;
    const flags = new Uint8Array(length);
    const cum = new Int32Array(length + 1);
    for (let i = 0; i < length; i++) {
      flags[i] = cal.isWorkday(dateOfDayNumber(firstDay + i)) ? 1 : 0;
      cum[i + 1] = cum[i]! + flags[i]!;
    }
    t = { firstDay, flags, cum };
    byYear.set(year, t);
  }
  return t;
}

function isWorkdayNumber(cal: WorkCalendar, day: number): boolean {
  const t = yearTable(cal, yearOfDay(day));
  return t.flags[day - t.firstDay] === 1;
}

/** Working days in [start of the year of `day`, `day`]. */
function cumulativeInYear(cal: WorkCalendar, day: number): { year: number; count: number } {
  const year = yearOfDay(day);
  const t = yearTable(cal, year);
  return { year, count: t.cum[day - t.firstDay + 1]! };
}

/** Working days in (from, to] for from <= to, as day numbers. */
function countForward(cal: WorkCalendar, from: number, to: number): number {
  const a = cumulativeInYear(cal, from);
  const b = cumulativeInYear(cal, to);
  let total = b.count - a.count;
  for (let y = a.year; y < b.year; y++) total += yearTable(cal, y).cum.at(-1)!;
  return total;
}

// A calendar with no working days at all would make a search run forever; ten years of nothing
// means the calendar is broken, not that the deadline is far away.
const SEARCH_LIMIT_DAYS = 3660;

/**
 * The working day `n` working days after `date` (n > 0) or before it (n < 0). With n = 0, the
 * date itself when it is a working day, otherwise the next one.
 */
export function addWorkdays(cal: WorkCalendar, date: string, n: number): string {
  if (!Number.isInteger(n)) throw new RangeError(`工作日数应为整数：${n}`);
  if (n === 0) return nextWorkdayOnOrAfter(cal, date);
  const step = n > 0 ? 1 : -1;
  let day = dayNumber(date);
  let left = Math.abs(n);
  let idle = 0;
  while (left > 0) {
    day += step;
    if (isWorkdayNumber(cal, day)) {
      left--;
      idle = 0;
    } else if (++idle > SEARCH_LIMIT_DAYS) throw new RangeError('工作日历中找不到工作日');
  }
  return dateOfDayNumber(day);
}

/**
 * Working days in (from, to]: how many working days remain from `from` until `to`. Negative when
 * `to` is earlier: the count of (to, from], negated.
 */
export function workdaysBetween(cal: WorkCalendar, from: string, to: string): number {
  const a = dayNumber(from);
  const b = dayNumber(to);
  return b >= a ? countForward(cal, a, b) : -countForward(cal, b, a);
}

/** `date` itself when it is a working day, otherwise the next working day after it. */
export function nextWorkdayOnOrAfter(cal: WorkCalendar, date: string): string {
  let day = dayNumber(date);
  const limit = day + SEARCH_LIMIT_DAYS;
  while (!isWorkdayNumber(cal, day)) {
    if (++day > limit) throw new RangeError('工作日历中找不到工作日');
  }
  return dateOfDayNumber(day);
}
