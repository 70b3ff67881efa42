import { describe, expect, it } from 'vitest';
import { achievement, evaluateFormula, gap, normalizePeriod, parseFormula, rank } from './indicator-rules.ts';

describe('indicator rules', () => {
  it('reads periods as each frequency writes them, and refuses another frequency\'s', () => {
    expect(['2026', '2026年'].map((p) => normalizePeriod(p, 'year'))).toEqual(['2026', '2026']);
    expect(['2026-Q3', '2026Q3', '2026年第3季度', '2026年第三季度'].map((p) => normalizePeriod(p, 'quarter'))).toEqual(['2026-Q3', '2026-Q3', '2026-Q3', '2026-Q3']);
    expect(['2026-9', '2026年9月', '2026.09', '2026-12'].map((p) => normalizePeriod(p, 'month'))).toEqual(['2026-09', '2026-09', '2026-09', '2026-12']);
    expect([normalizePeriod('2026-13', 'month'), normalizePeriod('2026-09', 'year'), normalizePeriod('2026-3', 'quarter'), normalizePeriod('2026-Q3', 'month')]).toEqual([null, null, null, null]);
  });

  it('lights a cumulative indicator against the time elapsed, another against the whole target', () => {
    // 1–6月 GDP 480 of a 1,000 target: half the year owes 500; 96% of it is yellow.
    expect(achievement({ direction: 'higher', cumulative: true }, 1000, 480, '2026-06')).toEqual({ rate: 0.48, expected: 0.5, light: 'yellow' });
    expect(achievement({ direction: 'higher', cumulative: true }, 1000, 760, '2026-Q3').light).toBe('green');
    expect(achievement({ direction: 'higher', cumulative: true }, 1000, 400, '2026-Q3').light).toBe('red');
    // A share (not cumulative) owes the whole target in every period.
    expect(achievement({ direction: 'higher', cumulative: false }, 30, 28, '2026-Q1').light).toBe('yellow');
    // PM2.5: lower is better.
    expect(achievement({ direction: 'lower', cumulative: false }, 35, 33, '2026')).toMatchObject({ light: 'green' });
    expect(achievement({ direction: 'lower', cumulative: false }, 35, 42, '2026')).toMatchObject({ light: 'red' });
  });

  it('parses and evaluates formulas over indicator codes', () => {
    const f = parseFormula('{GDP} * 10000 / ({POP} + 0)');
    if ('error' in f) throw new Error(f.error);
    expect(f.refs.sort()).toEqual(['GDP', 'POP']);
    expect(evaluateFormula(f.node, new Map([['GDP', 500], ['POP', 250]]))).toBe(20000);
    expect(evaluateFormula(f.node, new Map([['GDP', 500]]))).toBeNull();
    expect(evaluateFormula(f.node, new Map([['GDP', 500], ['POP', 0]]))).toBeNull();
    expect(parseFormula('{GDP} */ 2')).toEqual({ error: '「/」的位置不对' });
    expect(parseFormula('({GDP} + 1')).toEqual({ error: '括号不成对' });
    expect(parseFormula('3 + 4')).toEqual({ error: '公式应至少引用一个指标，写作 {指标编码}' });
    expect('error' in parseFormula('{GDP} % 2')).toBe(true);
  });

  it('measures the gap by direction and ranks best first', () => {
    expect(gap('higher', 120, 100)).toEqual({ absolute: 20, relative: 0.2, ahead: true });
    expect(gap('lower', 40, 32)).toEqual({ absolute: 8, relative: 0.25, ahead: false });
    expect(rank('lower', [{ id: 'a', value: 40 }, { id: 'b', value: 32 }, { id: 'c', value: 40 }]).map((r) => [r.id, r.rank])).toEqual([['b', 1], ['a', 2], ['c', 2]]);
  });
});
