import { describe, expect, it } from 'vitest';
import { percentFormula, weightedPercent } from './progress.ts';

describe('weightedPercent', () => {
  it('weights each child and rounds to 2 decimals', () => {
    expect(weightedPercent([{ percent: 40, weight: 1 }, { percent: 60, weight: 2 }])).toBe(53.33);
    expect(weightedPercent([{ percent: 100, weight: 1 }, { percent: 0, weight: 2 }])).toBe(33.33);
    expect(weightedPercent([{ percent: 50, weight: 0.5 }, { percent: 100, weight: 1.5 }])).toBe(87.5);
  });

  it('is 0 without children or without any weight', () => {
    expect(weightedPercent([])).toBe(0);
    expect(weightedPercent([{ percent: 80, weight: 0 }])).toBe(0);
  });

  it('rounds halves up as people expect', () => {
    // 1.005 is 1.00499999… in binary floating point.
    expect(weightedPercent([{ percent: 1.005, weight: 1 }])).toBe(1.01);
  });
});

describe('percentFormula', () => {
  it('writes the computation out', () => {
    expect(
      percentFormula([
        { title: '甲', percent: 40, weight: 1 },
        { title: '乙', percent: 60, weight: 2 },
      ]),
    ).toBe('（40%×1 + 60%×2）÷ 3 = 53.33%');
    expect(percentFormula([{ title: '甲', percent: 12.5, weight: 1.5 }])).toBe('（12.5%×1.5）÷ 1.5 = 12.5%');
  });

  it('says when there is nothing to compute from', () => {
    expect(percentFormula([])).toBe('无下级任务，进度为 0%');
  });
});
