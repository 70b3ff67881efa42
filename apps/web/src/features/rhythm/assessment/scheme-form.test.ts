import type { FormInstance } from 'antd';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../api/client.ts';
import type { SchemeDefinition } from './assessment.api.ts';
import { nextYear, placeServerErrors, weightSum } from './scheme-form.ts';

/** A form that records what the editor puts on its fields. */
function recordingForm() {
  const set: { name: (string | number)[]; errors: string[] }[] = [];
  const scrolled: unknown[] = [];
  const form = { setFields: (f: typeof set) => set.push(...f), scrollToField: (name: unknown) => scrolled.push(name) } as unknown as FormInstance;
  return { form, set, scrolled };
}

describe('the scheme editor', () => {
  it('adds the weights of every dimension’s items to two decimals, empty ones as 0', () => {
    expect(weightSum([{ items: [{ weight: 33.33 }, { weight: 33.33 }] }, { items: [{ weight: 33.34 }, {}] }])).toBe(100);
    expect(weightSum([{ items: [{ weight: 60 }] }, {}])).toBe(60);
    expect(weightSum(undefined)).toBe(0);
  });

  it('puts the server’s scheme errors on the field they name, a formula’s or a source’s on its kind, and keeps list-wide ones for the banner', () => {
    const { form, set, scrolled } = recordingForm();
    const err = new ApiError('VALIDATION', 'x', 400, [
      { field: 'dimensions.0.items.1.formula', message: '「评议」的起评值与目标值不能相同' },
      { field: 'dimensions.1.items.0.source.reviewerIds', message: '「评议」请指定评审人' },
      { field: 'dimensions', message: '各考核项目权重合计应为 100 分，现为 90 分' },
      { field: 'groups', message: '同一单位不能分在两个考核分组' },
    ]);
    expect(placeServerErrors(form, err)).toEqual(['各考核项目权重合计应为 100 分，现为 90 分', '同一单位不能分在两个考核分组']);
    expect(set).toEqual([
      { name: ['definition', 'dimensions', 0, 'items', 1, 'formula', 'kind'], errors: ['「评议」的起评值与目标值不能相同'] },
      { name: ['definition', 'dimensions', 1, 'items', 0, 'source', 'reviewerIds'], errors: ['「评议」请指定评审人'] },
    ]);
    expect(scrolled).toEqual([['definition', 'dimensions', 0, 'items', 1, 'formula', 'kind']]);
  });

  it('takes the input checks’ full paths as they are, and nothing from an error that is not a validation', () => {
    const { form, set } = recordingForm();
    expect(placeServerErrors(form, new ApiError('VALIDATION', 'x', 400, [{ field: 'definition.dimensions.0.items.0.weight', message: '权重不能超过 100' }, { field: 'year', message: '年度应在 2000 到 2100 之间' }]))).toEqual([]);
    expect(set.map((f) => f.name)).toEqual([['definition', 'dimensions', 0, 'items', 0, 'weight'], ['year']]);
    expect(placeServerErrors(form, new ApiError('FORBIDDEN', 'x', 403))).toEqual([]);
    expect(placeServerErrors(form, new Error('boom'))).toEqual([]);
  });

  it('copies last year’s scheme into the next year with its items, caps and groups, the year in its name moved on', () => {
    const definition: SchemeDefinition = {
      dimensions: [{ key: 'work', name: '重点工作', items: [{ key: 'ontime', name: '按时办结率', weight: 100, source: { kind: 'on_time_rate' }, formula: { kind: 'linear', floor: 60, target: 100 }, noDataScore: 60 }] }],
      adjustments: [{ key: 'praise', name: '表扬', kind: 'bonus', cap: 2 }],
      groups: [{ key: 'district', name: '区县', unitIds: ['u1', 'u2'] }],
      bonusCap: 3,
      deductionCap: 5,
    };
    const copy = nextYear({ year: 2026, name: '示范市2026年度综合考核办法', objectionDays: 7, definition });
    expect(copy).toEqual({ year: 2027, name: '示范市2027年度综合考核办法', objectionDays: 7, definition });
    // The copy is the editor's own: editing it leaves last year's scheme as it was.
    copy.definition.groups[0]!.unitIds.push('u3');
    expect(definition.groups[0]!.unitIds).toEqual(['u1', 'u2']);
  });
});
