import { describe, expect, it } from 'vitest';
import { chineseCalendar, weekdayCalendar } from '../../supervision/rules/working-days.ts';
import { countByUnit, findDuplicates, indicatorPeriodAsked, monthBounds, periodKeysOfMonth, periodsDueInMonth, requestFacts, sameTextKey, sameTextKeys, type BurdenRequest } from './burden-rules.ts';

function req(p: Partial<BurdenRequest> & Pick<BurdenRequest, 'kind' | 'recordId' | 'origin'> & { projectIds?: string[]; code?: string }): BurdenRequest {
  const base = { unitId: 'u1', module: p.kind === 'project_report' ? 'project' : p.kind === 'indicator_value' ? 'indicator' : 'task', title: '标题', period: '2026-11', due: '2026-11-25', filed: false, ...p };
  return { key: `${base.kind}:${base.recordId}:${base.period}`, ...base, facts: p.facts ?? requestFacts(base) };
}

describe('reporting burden rules', () => {
  it('compares titles across scripts, spaces and punctuation', () => {
    expect(sameTextKey('推進 「產業園」建設！')).toBe(sameTextKey('推进产业园建设'));
    expect(sameTextKey('推进产业园建设')).not.toBe(sameTextKey('推进产业园招商'));
    // Converted in batches, each text keeps its own key.
    const texts = Array.from({ length: 5003 }, (_, i) => (i % 2 ? `推進第${i}項 工作！` : `推进第${i}项工作`));
    expect(sameTextKeys(texts)).toEqual(texts.map(sameTextKey));
    expect(sameTextKeys([])).toEqual([]);
  });

  it("flags a key project's monthly report and a task's progress report on the same project, once", () => {
    const project = req({ kind: 'project_report', recordId: 'p1', origin: 'project:p1', title: '新能源产业园', period: '2026-10', due: '2026-11-05' });
    const task = req({ kind: 'progress', recordId: 't1', origin: 'root:r1', title: '加快新能源产业园建设', projectIds: ['p1'] });
    const other = req({ kind: 'progress', recordId: 't2', origin: 'root:r2', title: '优化营商环境' });
    const pairs = findDuplicates([task, project, other]);
    expect(pairs).toHaveLength(1);
    expect(pairs[0]!.fact).toBe('project:p1');
    expect([pairs[0]!.a.recordId, pairs[0]!.b.recordId].sort()).toEqual(['p1', 't1']);
  });

  it('flags two tasks of different origins with the same title, one pair however many weeks they ask for', () => {
    const weeks = ['2026-W45', '2026-W46', '2026-W47'];
    const a = weeks.map((w) => req({ kind: 'progress', recordId: 'a', origin: 'root:r1', title: '秋冬季大气污染防治', period: w }));
    const b = weeks.map((w) => req({ kind: 'progress', recordId: 'b', origin: 'root:r2', title: '秋冬季大气污染防治。', period: w }));
    expect(findDuplicates([...a, ...b])).toHaveLength(1);
  });

  it('does not flag the same origin (a task and its subtask, two periods of a task), another unit, or another fact', () => {
    const parent = req({ kind: 'progress', recordId: 'p', origin: 'root:r1', title: '河道整治' });
    const child = req({ kind: 'progress', recordId: 'c', origin: 'root:r1', title: '河道整治' });
    const elsewhere = req({ kind: 'progress', recordId: 'x', origin: 'root:r2', title: '河道整治', unitId: 'u2' });
    const different = req({ kind: 'progress', recordId: 'y', origin: 'root:r3', title: '河道保洁' });
    expect(findDuplicates([parent, child, elsewhere, different])).toEqual([]);
  });

  it('flags two indicator definitions with the same name for the same period, not for different periods', () => {
    const a = req({ kind: 'indicator_value', recordId: 'i1', origin: 'indicator:i1', title: '规上工业增加值增速', code: 'GY1', period: '2026-10' });
    const b = req({ kind: 'indicator_value', recordId: 'i2', origin: 'indicator:i2', title: '规上工业增加值增速', code: 'GY2', period: '2026-10' });
    const c = req({ kind: 'indicator_value', recordId: 'i3', origin: 'indicator:i3', title: '规上工业增加值增速', code: 'GY3', period: '2026-Q3' });
    const pairs = findDuplicates([a, b, c]);
    expect(pairs.map((p) => [p.a.recordId, p.b.recordId, p.fact])).toEqual([['i1', 'i2', `indicator-name:${sameTextKey('规上工业增加值增速')}@2026-10`]]);
  });

  it('lists the periods a task owes in a month by its cycle, from its start and until it closed', () => {
    const base = { dueDay: 25, start: '2026-01-01', anchor: null, closedOn: null };
    expect(periodsDueInMonth({ ...base, cycle: 'monthly' }, '2026-11', weekdayCalendar).map((p) => p.key)).toEqual(['2026-11']);
    expect(periodsDueInMonth({ ...base, cycle: 'quarterly' }, '2026-11', weekdayCalendar)).toEqual([]);
    expect(periodsDueInMonth({ ...base, cycle: 'quarterly', dueDay: 0 }, '2026-12', weekdayCalendar).map((p) => p.key)).toEqual(['2026-Q4']);
    // Fridays of November 2026: the 6th, 13th, 20th and 27th.
    expect(periodsDueInMonth({ ...base, cycle: 'weekly', dueDay: 5 }, '2026-11', weekdayCalendar).map((p) => p.due)).toEqual(['2026-11-06', '2026-11-13', '2026-11-20', '2026-11-27']);
    expect(periodsDueInMonth({ ...base, cycle: 'weekly', dueDay: 5, start: '2026-11-13' }, '2026-11', weekdayCalendar).map((p) => p.due)).toEqual(['2026-11-20', '2026-11-27']);
    expect(periodsDueInMonth({ ...base, cycle: 'weekly', dueDay: 5, closedOn: '2026-11-19' }, '2026-11', weekdayCalendar).map((p) => p.due)).toEqual(['2026-11-06', '2026-11-13']);
    expect(periodsDueInMonth({ ...base, cycle: 'none' }, '2026-11', weekdayCalendar)).toEqual([]);
    // Every key of a period due in the month is among the month's candidate keys, whatever the cycle and due day.
    for (const month of ['2026-10', '2026-11', '2027-01']) {
      const keys = new Set(periodKeysOfMonth(month));
      for (const cycle of ['weekly', 'biweekly', 'monthly', 'quarterly'] as const) {
        for (const dueDay of [0, 1, 3, 5, 7, 15, 31]) {
          for (const anchor of [null, '2026-10-07', '2026-10-14']) {
            for (const p of periodsDueInMonth({ cycle, dueDay, start: '2025-01-01', anchor, closedOn: null }, month, chineseCalendar())) expect(keys.has(p.key), `${month} ${cycle} ${dueDay} ${p.key}`).toBe(true);
          }
        }
      }
    }
  });

  it('asks for the indicator period just ended', () => {
    expect(indicatorPeriodAsked('month', '2026-11')).toBe('2026-10');
    expect(indicatorPeriodAsked('month', '2026-01')).toBe('2025-12');
    expect(indicatorPeriodAsked('quarter', '2026-10')).toBe('2026-Q3');
    expect(indicatorPeriodAsked('quarter', '2026-11')).toBeNull();
    expect(indicatorPeriodAsked('year', '2027-01')).toBe('2026');
    expect(indicatorPeriodAsked('year', '2026-11')).toBeNull();
    expect(monthBounds('2028-02')).toEqual({ start: '2028-02-01', end: '2028-02-29' });
  });

  it('counts requests and filed by module and kind per unit, a pair on its first unit', () => {
    const rs = [
      req({ kind: 'progress', recordId: 't1', origin: 'r1', title: 'A', filed: true }),
      req({ kind: 'progress', recordId: 't2', origin: 'r2', title: 'A', module: 'rectification' }),
      req({ kind: 'project_report', recordId: 'p1', origin: 'p1', filed: true }),
      req({ kind: 'progress', recordId: 't3', origin: 'r3', title: 'B', unitId: 'u2' }),
    ];
    const counts = countByUnit(rs, findDuplicates(rs));
    expect(counts.get('u1')).toEqual({
      requested: 3,
      filed: 2,
      duplicates: 1,
      byModule: { task: { requested: 1, filed: 1 }, rectification: { requested: 1, filed: 0 }, project: { requested: 1, filed: 1 } },
      byKind: { progress: { requested: 2, filed: 1 }, project_report: { requested: 1, filed: 1 } },
    });
    expect(counts.get('u2')).toMatchObject({ requested: 1, filed: 0, duplicates: 0 });
  });
});
