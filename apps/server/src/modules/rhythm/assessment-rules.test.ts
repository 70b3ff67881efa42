import { describe, expect, it } from 'vitest';
import { applyAdjustments, assessmentPeriod, competitionRanks, schemeErrors, scoreGroup, scoreLinear, scoreRank, scoreThreshold, type SchemeDefinition } from './assessment-rules.ts';

const scheme = (over: Partial<SchemeDefinition> = {}): SchemeDefinition => ({
  dimensions: [
    {
      key: 'work',
      name: '重点工作',
      items: [
        { key: 'ontime', name: '按时办结率', weight: 60, source: { kind: 'on_time_rate' }, formula: { kind: 'linear', floor: 60, target: 100 }, noDataScore: 0 },
        { key: 'rect', name: '整改率', weight: 40, source: { kind: 'rectification_rate' }, formula: { kind: 'rank', direction: 'higher', top: 100, step: 10, min: 70 }, noDataScore: 50 },
      ],
    },
  ],
  adjustments: [
    { key: 'praise', name: '上级表扬', kind: 'bonus', cap: 3 },
    { key: 'award', name: '获奖', kind: 'bonus', cap: 2 },
    { key: 'fault', name: '通报批评', kind: 'deduction', cap: 4 },
  ],
  groups: [{ key: 'd', name: '区县', unitIds: ['a', 'b'] }],
  bonusCap: 4,
  deductionCap: 3,
  ...over,
});

describe('assessment formulas', () => {
  it('scores linearly between the floor and the target, clamped at both ends, either direction', () => {
    expect(scoreLinear(80, 60, 100)).toBe(50);
    expect(scoreLinear(90, 60, 100)).toBe(75);
    expect(scoreLinear(50, 60, 100)).toBe(0);
    expect(scoreLinear(120, 60, 100)).toBe(100);
    expect(scoreLinear(66.7, 60, 100)).toBe(16.75);
    // Lower is better: 10 overdue scores 0, none scores 100, 4 scores 60.
    expect(scoreLinear(4, 10, 0)).toBe(60);
    expect(scoreLinear(12, 10, 0)).toBe(0);
  });

  it('scores by threshold steps from the highest step reached, else the floor score', () => {
    const steps = [{ atLeast: 90, score: 90 }, { atLeast: 95, score: 100 }, { atLeast: 80, score: 75 }];
    expect(scoreThreshold(96, steps, 40)).toBe(100);
    expect(scoreThreshold(95, steps, 40)).toBe(100);
    expect(scoreThreshold(94.9, steps, 40)).toBe(90);
    expect(scoreThreshold(80, steps, 40)).toBe(75);
    expect(scoreThreshold(79.99, steps, 40)).toBe(40);
  });

  it('ranks with ties sharing the better rank, and scores by rank down to the minimum', () => {
    expect(competitionRanks([90, 95, 90, null, 80], 'higher')).toEqual([2, 1, 2, null, 4]);
    expect(competitionRanks([3, 1, 1], 'lower')).toEqual([3, 1, 1]);
    const f = { top: 100, step: 10, min: 75 };
    expect([1, 2, 3, 4, 9].map((r) => scoreRank(r, f))).toEqual([100, 90, 80, 75, 75]);
  });

  it('caps each bonus or deduction item, then the bonus and the deduction in all', () => {
    const def = scheme();
    const r = applyAdjustments(def, [
      { key: 'praise', points: 2, note: '省政府表扬' },
      { key: 'praise', points: 2, note: '国务院督查组肯定' },
      { key: 'award', points: 1.5, note: '' },
      { key: 'fault', points: 2.5, note: '' },
    ]);
    // praise 4 capped at 3; award 1.5; bonus 4.5 capped at 4; deduction 2.5 under both caps.
    expect(r.lines.map((l) => [l.key, l.entered, l.applied])).toEqual([['praise', 4, 3], ['award', 1.5, 1.5], ['fault', 2.5, 2.5]]);
    expect([r.bonusEntered, r.bonus, r.deductionEntered, r.deduction]).toEqual([4.5, 4, 2.5, 2.5]);
    expect(applyAdjustments(def, [{ key: 'fault', points: 5, note: '' }]).deduction).toBe(3);
  });
});

describe('scoring a group', () => {
  it('derives each unit\'s total from weighted item scores and capped adjustments, and ranks ties alike', () => {
    const def = scheme();
    const results = scoreGroup(def, [
      { unitId: 'a', name: '甲区', raws: { ontime: { value: 90, basis: '' }, rect: { value: 80, basis: '' } }, adjustments: [{ key: 'praise', points: 1, note: '' }] },
      { unitId: 'b', name: '乙区', raws: { ontime: { value: 100, basis: '' }, rect: { value: 50, basis: '' } }, adjustments: [{ key: 'fault', points: 4, note: '' }] },
      { unitId: 'c', name: '丙区', raws: { ontime: { value: null, basis: '本期无办结事项' }, rect: { value: 80, basis: '' } }, adjustments: [] },
      { unitId: 'd', name: '丁区', raws: { ontime: { value: 90, basis: '' }, rect: { value: 80, basis: '' } }, adjustments: [{ key: 'award', points: 1, note: '' }] },
    ]);
    // 甲: 75×60% = 45 + 100×40% = 40 → 85 + 1 = 86.  丁 the same: 86.
    // 乙: 100×60% = 60 + rank 4 (100−30 = 70)×40% = 28 → 88 − min(4, cap 4, all 3) = 85.
    // 丙: no data 0 + 40 = 40.
    expect(results.map((r) => [r.name, r.total, r.rank])).toEqual([['丁区', 86, 1], ['甲区', 86, 1], ['乙区', 85, 3], ['丙区', 40, 4]]);
    const c = results.find((r) => r.unitId === 'c')!.derivation;
    expect(c.items[0]).toMatchObject({ raw: null, score: 0, weighted: 0, basis: '本期无办结事项，按 0 分计' });
    expect(c.items[1]).toMatchObject({ raw: 80, rawRank: 1, score: 100, weight: 40, weighted: 40 });
    const b = results.find((r) => r.unitId === 'b')!.derivation;
    expect(b).toMatchObject({ itemsTotal: 88, deductionEntered: 4, deduction: 3, total: 85 });
  });

  it('lets a manual item\'s raw be its score, and checks the scheme naming the field', () => {
    const def = scheme({ dimensions: [{ key: 'm', name: '评议', items: [{ key: 'view', name: '领导评议', weight: 100, source: { kind: 'manual', reviewerIds: ['u1'] }, formula: { kind: 'manual' }, noDataScore: 0 }] }] });
    expect(schemeErrors(def)).toEqual([]);
    expect(scoreGroup(def, [{ unitId: 'a', name: '甲', raws: { view: { value: 92.5, basis: '' } }, adjustments: [] }])[0]!.total).toBe(92.5);
    expect(schemeErrors(scheme({ groups: [{ key: 'x', name: '部门', unitIds: [] }] }))).toEqual([{ field: 'groups.0.unitIds', message: '分组「部门」没有单位' }]);
    const bad = scheme();
    bad.dimensions[0]!.items[0]!.weight = 50;
    bad.dimensions[0]!.items[1]!.formula = { kind: 'manual' };
    expect(schemeErrors(bad).map((e) => e.field)).toEqual(['dimensions', 'dimensions.0.items.1.formula']);
  });

  it('turns a quarter or a year into its first and last day', () => {
    expect(assessmentPeriod('2026-Q1')).toEqual({ start: '2026-01-01', end: '2026-03-31' });
    expect(assessmentPeriod('2026-Q2')).toEqual({ start: '2026-04-01', end: '2026-06-30' });
    expect(assessmentPeriod('2026')).toEqual({ start: '2026-01-01', end: '2026-12-31' });
    expect(assessmentPeriod('2026-05')).toBeNull();
  });
});
