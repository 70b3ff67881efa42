import { describe, expect, it } from 'vitest';
import {
  addCalendarDays,
  addWorkdays,
  calendarDaysBetween,
  chineseCalendar,
  isoWeekday,
  nextWorkdayOnOrAfter,
  shanghaiDate,
  weekdayCalendar,
  workdaysBetween,
  type WorkCalendar,
} from './working-days.ts';

const cal = chineseCalendar();

describe('chineseCalendar', () => {
  it('knows the 2026 Spring Festival: 02-15..02-23 off, Saturdays 02-14 and 02-28 worked (调休)', () => {
    expect(cal.isWorkday('2026-02-13')).toBe(true);
    expect(cal.isWorkday('2026-02-14')).toBe(true);
    for (let d = 15; d <= 23; d++) expect(cal.isWorkday(`2026-02-${d}`)).toBe(false);
    expect(cal.isWorkday('2026-02-24')).toBe(true);
    expect(cal.isWorkday('2026-02-28')).toBe(true);
    expect(cal.isWorkday('2026-03-01')).toBe(false);
  });

  it('knows the 2026 National Day week and its make-up days (Sunday 09-20, Saturday 10-10)', () => {
    for (let d = 1; d <= 7; d++) expect(cal.isWorkday(`2026-10-0${d}`)).toBe(false);
    expect(cal.isWorkday('2026-09-20')).toBe(true);
    expect(cal.isWorkday('2026-10-10')).toBe(true);
    expect(cal.isWorkday('2026-10-11')).toBe(false);
    // Mid-Autumn 2026 falls on Friday 09-25, so that weekend is off too.
    expect(cal.isWorkday('2026-09-25')).toBe(false);
  });

  it('lets overrides win for years the library does not know', () => {
    expect(cal.isWorkday('2027-10-01')).toBe(true); // the library falls back to Mon–Fri
    const local = chineseCalendar({ holidays: ['2027-10-01'], workdays: ['2027-09-26'] });
    expect(local.isWorkday('2027-10-01')).toBe(false);
    expect(local.isWorkday('2027-09-26')).toBe(true);
    expect(local.isWorkday('2027-09-27')).toBe(true);
  });

  it('refuses impossible dates instead of calling them working days', () => {
    expect(() => cal.isWorkday('2026-02-30')).toThrow(RangeError);
    expect(() => cal.isWorkday('2026/03/01')).toThrow(RangeError);
  });
});

describe('shanghaiDate', () => {
  it('is the calendar date at UTC+8', () => {
    expect(shanghaiDate(new Date('2026-03-01T15:59:59Z'))).toBe('2026-03-01');
    expect(shanghaiDate(new Date('2026-03-01T16:00:00Z'))).toBe('2026-03-02');
    expect(shanghaiDate(new Date('2025-12-31T16:30:00Z'))).toBe('2026-01-01');
  });
});

describe('calendar helpers', () => {
  it('adds days across month and year ends and knows ISO weekdays', () => {
    expect(addCalendarDays('2026-02-27', 2)).toBe('2026-03-01');
    expect(addCalendarDays('2026-01-01', -1)).toBe('2025-12-31');
    expect(calendarDaysBetween('2026-03-10', '2026-03-05')).toBe(-5);
    expect(isoWeekday('2026-03-02')).toBe(1);
    expect(isoWeekday('2026-03-08')).toBe(7);
  });
});

describe('addWorkdays', () => {
  it('skips the National Day week and lands on the make-up Saturday', () => {
    expect(addWorkdays(cal, '2026-09-30', 1)).toBe('2026-10-08');
    expect(addWorkdays(cal, '2026-09-30', 3)).toBe('2026-10-10');
    expect(addWorkdays(cal, '2026-09-30', 4)).toBe('2026-10-12');
  });

  it('counts backwards with n < 0', () => {
    expect(addWorkdays(cal, '2026-10-08', -1)).toBe('2026-09-30');
    expect(addWorkdays(cal, '2026-02-24', -1)).toBe('2026-02-14');
    expect(addWorkdays(cal, '2026-02-24', -2)).toBe('2026-02-13');
  });

  it('with n = 0 keeps a working day and moves a holiday to the next working day', () => {
    expect(addWorkdays(cal, '2026-03-04', 0)).toBe('2026-03-04');
    expect(addWorkdays(cal, '2026-10-03', 0)).toBe('2026-10-08');
  });

  it('crosses the Spring Festival', () => {
    expect(addWorkdays(cal, '2026-02-13', 1)).toBe('2026-02-14');
    expect(addWorkdays(cal, '2026-02-13', 2)).toBe('2026-02-24');
  });

  it('gives up on a calendar without working days instead of looping forever', () => {
    const never: WorkCalendar = { isWorkday: () => false };
    expect(() => addWorkdays(never, '2026-01-01', 1)).toThrow(RangeError);
    expect(() => nextWorkdayOnOrAfter(never, '2026-01-01')).toThrow(RangeError);
  });
});

describe('workdaysBetween', () => {
  it('counts working days in (from, to]', () => {
    expect(workdaysBetween(cal, '2026-09-30', '2026-10-10')).toBe(3);
    expect(workdaysBetween(cal, '2026-02-13', '2026-02-28')).toBe(6);
    expect(workdaysBetween(cal, '2026-03-04', '2026-03-04')).toBe(0);
  });

  it('is negative when to is before from', () => {
    expect(workdaysBetween(cal, '2026-10-10', '2026-09-30')).toBe(-3);
    expect(workdaysBetween(cal, '2026-03-06', '2026-03-02')).toBe(-4);
  });

  it('crosses a year end (2026-01-04 is a make-up Sunday)', () => {
    expect(workdaysBetween(cal, '2025-12-31', '2026-01-05')).toBe(2);
    expect(workdaysBetween(weekdayCalendar, '2023-12-31', '2025-01-01')).toBe(263);
  });

  it('agrees with counting day by day over a whole year', () => {
    let expected = 0;
    for (let d = '2026-01-01'; d <= '2026-12-31'; d = addCalendarDays(d, 1)) if (cal.isWorkday(d)) expected++;
    expect(expected).toBe(248);
    expect(workdaysBetween(cal, '2025-12-31', '2026-12-31')).toBe(248);
  });

  it('asks the calendar about each date at most once however often it is asked', () => {
    let calls = 0;
    const counting: WorkCalendar = { isWorkday: (d) => (calls++, weekdayCalendar.isWorkday(d)) };
    for (let i = 0; i < 1000; i++) workdaysBetween(counting, '2026-01-15', addCalendarDays('2026-02-01', i % 300));
    for (let i = 0; i < 1000; i++) addWorkdays(counting, '2026-03-01', 1 + (i % 50));
    expect(calls).toBe(365);
  });
});

describe('nextWorkdayOnOrAfter', () => {
  it('moves a Sunday and a holiday forward and keeps a make-up Saturday', () => {
    expect(nextWorkdayOnOrAfter(cal, '2026-03-08')).toBe('2026-03-09');
    expect(nextWorkdayOnOrAfter(cal, '2026-02-15')).toBe('2026-02-24');
    expect(nextWorkdayOnOrAfter(cal, '2026-02-28')).toBe('2026-02-28');
  });
});
