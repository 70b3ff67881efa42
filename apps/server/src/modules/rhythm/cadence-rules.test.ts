import { describe, expect, it } from 'vitest';
import { weekdayCalendar } from '../../supervision/rules/working-days.ts';
import { actionOfWord, dueDate, periodContaining, periodLabel, periodOfKey, periodsThrough } from './cadence-rules.ts';

describe('cadence periods', () => {
  it('finds the period holding a date for every kind', () => {
    expect(periodContaining('month', '2026-02-14')).toEqual({ key: '2026-02', start: '2026-02-01', end: '2026-02-28' });
    expect(periodContaining('two-months', '2026-04-30')).toEqual({ key: '2026-B2', start: '2026-03-01', end: '2026-04-30' });
    expect(periodContaining('quarter', '2026-11-30')).toEqual({ key: '2026-Q4', start: '2026-10-01', end: '2026-12-31' });
    expect(periodContaining('half-year', '2026-06-30')).toEqual({ key: '2026-H1', start: '2026-01-01', end: '2026-06-30' });
    expect(periodContaining('year', '2026-06-30')).toEqual({ key: '2026', start: '2026-01-01', end: '2026-12-31' });
    // 2026-11-30 is a Monday in ISO week 49.
    expect(periodContaining('week', '2026-12-02')).toEqual({ key: '2026-W49', start: '2026-11-30', end: '2026-12-06' });
    // ISO 2027-W01 starts on 2027-01-04; 2027-01-02 still belongs to 2026-W53.
    expect(periodContaining('week', '2027-01-02').key).toBe('2026-W53');
    expect(periodContaining('two-weeks', '2026-12-08')).toEqual({ key: '2026-F25', start: '2026-11-30', end: '2026-12-13' });
  });

  it('lists the periods owed from the start to today, the current one last', () => {
    expect(periodsThrough('quarter', '2026-02-10', '2026-11-30').map((p) => p.key)).toEqual(['2026-Q1', '2026-Q2', '2026-Q3', '2026-Q4']);
    expect(periodsThrough('month', '2026-12-01', '2026-11-30')).toEqual([]);
    expect(periodsThrough('month', '2020-01-01', '2026-11-30', 5)).toHaveLength(5);
  });

  it('puts the due date days or working days after the period ends', () => {
    const nov = periodContaining('month', '2026-11-15');
    expect(dueDate(weekdayCalendar, 'day', 5, nov)).toBe('2026-12-05');
    // December 2026: 1 Tue … 5th working day is Monday 7th.
    expect(dueDate(weekdayCalendar, 'workday', 5, nov)).toBe('2026-12-07');
  });

  it('names periods in Chinese and reads the parser\'s action words', () => {
    expect(['2026-11', '2026-Q4', '2026-H1', '2026', '2026-B3', '2026-W49'].map(periodLabel)).toEqual(['2026年11月', '2026年第四季度', '2026年上半年', '2026年度', '2026年5—6月', '2026年第49周']);
    expect(actionOfWord('通报')).toEqual({ action: 'bulletin', label: '' });
    expect(actionOfWord('会商')).toEqual({ action: 'coordination', label: '' });
    expect(actionOfWord('调度')).toEqual({ action: 'custom', label: '调度' });
  });
});

describe('period keys', () => {
  it('reads back every key a period gives, and refuses others', () => {
    for (const period of ['week', 'two-weeks', 'month', 'two-months', 'quarter', 'half-year', 'year'] as const) {
      for (const date of ['2026-01-01', '2026-06-15', '2026-12-31', '2027-01-02']) {
        const p = periodContaining(period, date);
        expect(periodOfKey(p.key), `${period} ${date}`).toEqual({ period, range: p });
      }
    }
    expect(['2026-13', '2026-Q5', '2026-H3', '2026-W60', 'x', '2026-1'].map(periodOfKey)).toEqual([null, null, null, null, null, null]);
  });
});
