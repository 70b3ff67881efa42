import { describe, expect, it } from 'vitest';
import { addMonths, answeredOnTime, closesHandling, DEFAULT_CATEGORIES, parseCategories, rate, splitNames } from './suggestion-rules.ts';

describe('suggestion rules', () => {
  it('sets the answering deadline months after assignment, clamped to the month end', () => {
    expect(addMonths('2026-03-05', 3)).toBe('2026-06-05');
    expect(addMonths('2026-11-30', 3)).toBe('2027-02-28');
    expect(addMonths('2027-11-30', 3)).toBe('2028-02-29');
    expect(addMonths('2026-10-15', 1)).toBe('2026-11-15');
    expect(addMonths('2026-12-31', 2)).toBe('2027-02-28');
  });

  it('counts an answer on the deadline day as on time and the day after as late', () => {
    expect(answeredOnTime('2026-06-05', '2026-06-05')).toBe(true);
    expect(answeredOnTime('2026-06-06', '2026-06-05')).toBe(false);
  });

  it('reads the configured categories and names a bad entry', () => {
    expect(parseCategories(DEFAULT_CATEGORIES)).toEqual([
      { code: 'A', label: '已解决或基本解决' },
      { code: 'B', label: '正在解决或列入计划解决' },
      { code: 'C', label: '因条件限制暂时无法解决' },
    ]);
    expect(parseCategories('a：已解决，d:留作参考')).toEqual([{ code: 'A', label: '已解决' }, { code: 'D', label: '留作参考' }]);
    expect(() => parseCategories('已解决')).toThrow('“已解决”应写作');
    expect(() => parseCategories('A:x,A:y')).toThrow('重复');
    expect(() => parseCategories(' , ')).toThrow('至少');
  });

  it('closes handling on 满意 and 基本满意, reopens on 不满意', () => {
    expect(closesHandling('satisfied')).toBe(true);
    expect(closesHandling('basic')).toBe(true);
    expect(closesHandling('unsatisfied')).toBe(false);
  });

  it('gives rates in percent with one decimal, none of nothing', () => {
    expect(rate(2, 3)).toBe(66.7);
    expect(rate(0, 0)).toBeNull();
    expect(rate(5, 5)).toBe(100);
  });

  it('splits proposers written in one cell', () => {
    expect(splitNames('陈代表、王委员, 李代表；陈代表')).toEqual(['陈代表', '王委员', '李代表']);
  });
});
