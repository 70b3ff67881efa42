import { describe, expect, it } from 'vitest';
import { cycleLabel, isLateReport, owesReport, periodContaining, previousPeriod } from './periods.ts';
import { chineseCalendar } from './working-days.ts';

const cal = chineseCalendar();

describe('periodContaining — weekly', () => {
  it('is the ISO week with the report due on Friday by default', () => {
    expect(periodContaining('weekly', 5, '2026-03-04', null, cal)).toEqual({ key: '2026-W10', start: '2026-03-02', end: '2026-03-08', due: '2026-03-06' });
    expect(periodContaining('weekly', 0, '2026-03-08', null, cal)?.due).toBe('2026-03-06');
  });

  it('moves a due day on a holiday to the next working day, past the end of the period', () => {
    expect(periodContaining('weekly', 5, '2026-10-01', null, cal)).toEqual({ key: '2026-W40', start: '2026-09-28', end: '2026-10-04', due: '2026-10-08' });
    // Sunday is not a working day either.
    expect(periodContaining('weekly', 7, '2026-03-04', null, cal)?.due).toBe('2026-03-09');
  });

  it('keys the days around New Year by ISO week-year: 2027-01-01 is in 2026-W53', () => {
    expect(periodContaining('weekly', 1, '2027-01-01', null, cal)).toMatchObject({ key: '2026-W53', start: '2026-12-28', end: '2027-01-03', due: '2026-12-28' });
    expect(periodContaining('weekly', 5, '2026-01-01', null, cal)).toMatchObject({ key: '2026-W01', start: '2025-12-29' });
  });
});

describe('periodContaining — biweekly', () => {
  it('counts two-week periods from the ISO week of the anchor, due in the second week', () => {
    expect(periodContaining('biweekly', 5, '2026-03-20', '2026-03-04', cal)).toEqual({ key: '2026-W12', start: '2026-03-16', end: '2026-03-29', due: '2026-03-27' });
    expect(periodContaining('biweekly', 5, '2026-03-15', '2026-03-04', cal)).toEqual({ key: '2026-W10', start: '2026-03-02', end: '2026-03-15', due: '2026-03-13' });
  });

  it('still gives whole periods for dates before the anchor', () => {
    expect(periodContaining('biweekly', 5, '2026-02-25', '2026-03-04', cal)).toEqual({ key: '2026-W08', start: '2026-02-16', end: '2026-03-01', due: '2026-02-27' });
  });
});

describe('periodContaining — monthly', () => {
  it('is the calendar month with the report due on the given day', () => {
    expect(periodContaining('monthly', 25, '2026-03-10', null, cal)).toEqual({ key: '2026-03', start: '2026-03-01', end: '2026-03-31', due: '2026-03-25' });
  });

  it('clamps a due day to the month end (2026-02-28 is a make-up Saturday, so it stays)', () => {
    expect(periodContaining('monthly', 31, '2026-02-10', null, cal)).toEqual({ key: '2026-02', start: '2026-02-01', end: '2026-02-28', due: '2026-02-28' });
  });

  it('reads 0 as the last day, moved past the weekend', () => {
    expect(periodContaining('monthly', 0, '2026-05-12', null, cal)?.due).toBe('2026-06-01');
  });

  it('moves a due day in the National Day week to 10-08', () => {
    expect(periodContaining('monthly', 1, '2026-10-20', null, cal)?.due).toBe('2026-10-08');
  });
});

describe('periodContaining — quarterly', () => {
  it('is the quarter, due on the day of its last month', () => {
    expect(periodContaining('quarterly', 20, '2026-08-15', null, cal)).toEqual({ key: '2026-Q3', start: '2026-07-01', end: '2026-09-30', due: '2026-09-20' });
    expect(periodContaining('quarterly', 0, '2026-01-01', null, cal)).toEqual({ key: '2026-Q1', start: '2026-01-01', end: '2026-03-31', due: '2026-03-31' });
  });

  it('moves a due day on the Mid-Autumn holiday to the Monday after', () => {
    expect(periodContaining('quarterly', 25, '2026-07-01', null, cal)?.due).toBe('2026-09-28');
  });
});

describe('periodContaining — none', () => {
  it('has no periods', () => {
    expect(periodContaining('none', 0, '2026-03-04', null, cal)).toBeNull();
  });
});

describe('previousPeriod', () => {
  it('steps back one period in each cycle, across year ends', () => {
    const prev = (cycle: Parameters<typeof periodContaining>[0], date: string, anchor: string | null = null) =>
      previousPeriod(cycle, 25, periodContaining(cycle, 25, date, anchor, cal)!, anchor, cal)?.key;
    expect(prev('monthly', '2026-03-10')).toBe('2026-02');
    expect(prev('monthly', '2026-01-10')).toBe('2025-12');
    expect(prev('quarterly', '2026-02-10')).toBe('2025-Q4');
    expect(prev('weekly', '2026-03-04')).toBe('2026-W09');
    expect(prev('weekly', '2026-01-01')).toBe('2025-W52');
    expect(prev('biweekly', '2026-03-20', '2026-03-04')).toBe('2026-W10');
  });

  it('keeps the due date rules of the earlier period', () => {
    const march = periodContaining('monthly', 25, '2026-03-10', null, cal)!;
    expect(previousPeriod('monthly', 25, march, null, cal)).toEqual({ key: '2026-02', start: '2026-02-01', end: '2026-02-28', due: '2026-02-25' });
  });
});

describe('cycleLabel', () => {
  it('says the rhythm in words', () => {
    expect(cycleLabel('monthly', 25)).toBe('每月25日前报送');
    expect(cycleLabel('monthly', 0)).toBe('每月月底前报送');
    expect(cycleLabel('monthly', 31)).toBe('每月31日（小月为月末）前报送');
    expect(cycleLabel('weekly', 5)).toBe('每周五前报送');
    expect(cycleLabel('weekly', 7)).toBe('每周日前报送');
    expect(cycleLabel('weekly', 0)).toBe('每周五前报送');
    expect(cycleLabel('biweekly', 3)).toBe('每两周周三前报送');
    expect(cycleLabel('quarterly', 20)).toBe('每季度末月20日前报送');
    expect(cycleLabel('quarterly', 0)).toBe('每季度末前报送');
    expect(cycleLabel('none', 0)).toBe('不定期');
  });
});

describe('owesReport / isLateReport — a period due before the task started owes nothing', () => {
  const november = periodContaining('monthly', 25, '2026-11-27', null, cal)!;
  it('a task started on the 27th owes nothing for a month whose report was due on the 25th', () => {
    expect(november.due).toBe('2026-11-25');
    expect(owesReport(november, '2026-11-27')).toBe(false);
    expect(isLateReport(november, '2026-11-28', '2026-11-27')).toBe(false);
  });
  it('a task started on the due day itself owes nothing for that period either', () => {
    expect(owesReport(november, '2026-11-25')).toBe(false);
  });
  it('a task started before the due date owes the period, and a report after the due date is late', () => {
    expect(owesReport(november, '2026-11-02')).toBe(true);
    expect(isLateReport(november, '2026-11-26', '2026-11-02')).toBe(true);
    expect(isLateReport(november, '2026-11-25', '2026-11-02')).toBe(false);
  });
  it('nothing is late without a period', () => {
    expect(isLateReport(null, '2026-11-28', '2026-11-02')).toBe(false);
  });
});
