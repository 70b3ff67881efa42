import { describe, expect, it } from 'vitest';
import { computeLight, DEFAULT_LIGHT_RULES, lightingOrderLevels, rollupLight, worstLight, type LightInput, type LightResult } from './lights.ts';
import { chineseCalendar } from './working-days.ts';

const cal = chineseCalendar();
const base: LightInput = { status: 'in_progress', deadline: null, today: '2026-03-04', openOrderLevels: [], missedReport: null, ackOverdue: false };
const light = (over: Partial<LightInput>, rules = DEFAULT_LIGHT_RULES): LightResult => computeLight({ ...base, ...over }, cal, rules);

describe('computeLight — unlit work', () => {
  it.each(['draft', 'completed', 'cancelled'] as const)('%s has no light and no reason, even when overdue with a red order', (status) => {
    expect(light({ status, deadline: '2026-03-01', openOrderLevels: ['red'] })).toEqual({ light: 'none', reason: '' });
  });
});

describe('computeLight — red', () => {
  it('is red when the deadline has passed, counting calendar days', () => {
    expect(light({ deadline: '2026-02-27', today: '2026-03-04' })).toEqual({ light: 'red', reason: '逾期 5 天' });
    expect(light({ deadline: '2026-03-03' })).toEqual({ light: 'red', reason: '逾期 1 天' });
  });

  it('is red while a red supervision order is open', () => {
    expect(light({ openOrderLevels: ['blue', 'red'] })).toEqual({ light: 'red', reason: '红色督办单未办结' });
  });

  it('counts an order until the office closes it: a replied order still lights, a closed one does not', () => {
    const levels = lightingOrderLevels([
      { level: 'red', status: 'replied' },
      { level: 'yellow', status: 'closed' },
      { level: 'blue', status: 'open' },
    ]);
    expect(levels).toEqual(['red', 'blue']);
    expect(light({ openOrderLevels: levels })).toEqual({ light: 'red', reason: '红色督办单未办结' });
    expect(light({ openOrderLevels: lightingOrderLevels([{ level: 'red', status: 'closed' }]) })).toEqual({ light: 'green', reason: '正常推进' });
  });

  it('lists both red reasons and leaves the yellow ones out', () => {
    expect(light({ deadline: '2026-02-27', openOrderLevels: ['red', 'yellow'], ackOverdue: true })).toEqual({ light: 'red', reason: '逾期 5 天；红色督办单未办结' });
  });

  it('stays red when overdue work waits in completion review', () => {
    expect(light({ status: 'completion_requested', deadline: '2026-03-01' })).toEqual({ light: 'red', reason: '逾期 3 天' });
  });
});

describe('computeLight — yellow', () => {
  it('is yellow, not red, on the deadline day itself', () => {
    expect(light({ deadline: '2026-03-04' })).toEqual({ light: 'yellow', reason: '今天截止' });
  });

  it('is yellow within 3 working days of the deadline', () => {
    expect(light({ deadline: '2026-03-06' })).toEqual({ light: 'yellow', reason: '距截止还有 2 个工作日' });
    expect(light({ deadline: '2026-03-09' })).toEqual({ light: 'yellow', reason: '距截止还有 3 个工作日' });
  });

  it('counts working days, so the National Day week does not eat into the warning', () => {
    // (09-29, 10-09] holds 09-30, 10-08 and 10-09 only.
    expect(light({ today: '2026-09-29', deadline: '2026-10-09' })).toEqual({ light: 'yellow', reason: '距截止还有 3 个工作日' });
    expect(light({ today: '2026-09-28', deadline: '2026-10-09' })).toEqual({ light: 'green', reason: '正常推进' });
  });

  it('says so when no working day is left before a deadline on a holiday', () => {
    expect(light({ today: '2026-10-02', deadline: '2026-10-05' })).toEqual({ light: 'yellow', reason: '截止前已无工作日' });
  });

  it('follows the configured number of working days', () => {
    expect(light({ deadline: '2026-03-06' }, { ...DEFAULT_LIGHT_RULES, yellowWithinWorkdays: 1 })).toEqual({ light: 'green', reason: '正常推进' });
    expect(light({ deadline: '2026-03-05' }, { ...DEFAULT_LIGHT_RULES, yellowWithinWorkdays: 1 })).toEqual({ light: 'yellow', reason: '距截止还有 1 个工作日' });
  });

  it('keeps work in completion review green as the deadline nears', () => {
    expect(light({ status: 'completion_requested', deadline: '2026-03-05' })).toEqual({ light: 'green', reason: '已申请办结，待审核' });
    expect(light({ status: 'completion_requested', deadline: '2026-03-04' })).toEqual({ light: 'green', reason: '已申请办结，待审核' });
  });

  it('is yellow when a progress report is overdue, naming the period and its due date', () => {
    expect(light({ today: '2026-03-27', missedReport: { period: '2026-03', due: '2026-03-25' } })).toEqual({ light: 'yellow', reason: '2026-03 进展未报送（应于 3月25日前）' });
    expect(light({ today: '2026-01-05', missedReport: { period: '2025-12', due: '2025-12-25' } })).toEqual({ light: 'yellow', reason: '2025-12 进展未报送（应于 2025年12月25日前）' });
  });

  it('is yellow when acknowledgement is overdue', () => {
    expect(light({ status: 'assigned', ackOverdue: true })).toEqual({ light: 'yellow', reason: '超时未签收' });
  });

  it('is yellow while a yellow order is open; a blue order alone does not light', () => {
    expect(light({ openOrderLevels: ['yellow'] })).toEqual({ light: 'yellow', reason: '黄色督办单未办结' });
    expect(light({ openOrderLevels: ['blue'] })).toEqual({ light: 'green', reason: '正常推进' });
  });

  it('joins every yellow reason with "；"', () => {
    expect(light({ deadline: '2026-03-06', missedReport: { period: '2026-02', due: '2026-02-25' }, ackOverdue: true, openOrderLevels: ['yellow'] })).toEqual({
      light: 'yellow',
      reason: '距截止还有 2 个工作日；2026-02 进展未报送（应于 2月25日前）；超时未签收；黄色督办单未办结',
    });
  });
});

describe('computeLight — green', () => {
  it('is green with no deadline or a far one', () => {
    expect(light({})).toEqual({ light: 'green', reason: '正常推进' });
    expect(light({ deadline: '2026-03-10' })).toEqual({ light: 'green', reason: '正常推进' });
  });
});

describe('rollupLight', () => {
  const green: LightResult = { light: 'green', reason: '正常推进' };

  it('takes the worst open child and names the first such child', () => {
    const result = rollupLight(
      green,
      [
        { light: 'yellow', reason: '今天截止', title: '甲', status: 'in_progress' },
        { light: 'red', reason: '逾期 3 天', title: '乙', status: 'in_progress' },
        { light: 'red', reason: '红色督办单未办结', title: '丙', status: 'returned' },
      ],
      DEFAULT_LIGHT_RULES,
    );
    expect(result).toEqual({ light: 'red', reason: '下级任务“乙”逾期 3 天；另有 1 项下级任务亮红灯' });
  });

  it('keeps reasons one line deep down the tree: one pair of quotes with the path, titles shortened, tails dropped', () => {
    const child = rollupLight(green, [{ light: 'red', reason: '逾期 3 天；红色督办单未办结', title: '丙', status: 'in_progress' }, { light: 'red', reason: '逾期 1 天', title: '丁', status: 'in_progress' }], DEFAULT_LIGHT_RULES);
    expect(child.reason).toBe('下级任务“丙”逾期 3 天；另有 1 项下级任务亮红灯');
    const long = '推进城市更新和老旧小区改造并同步加装电梯试点工作';
    const parent = rollupLight(green, [{ light: 'red', reason: child.reason, title: long, status: 'in_progress' }], DEFAULT_LIGHT_RULES);
    expect(parent.reason).toBe('下级任务“推进城市更新和老旧小区改造并同步加装电梯… › 丙”逾期 3 天');
    const top = rollupLight(green, [{ light: 'red', reason: parent.reason, title: '乙', status: 'in_progress' }], DEFAULT_LIGHT_RULES);
    expect(top.reason).toBe('下级任务“乙 › 推进城市更新和老旧小区改造并同步加装电梯… › 丙”逾期 3 天');
  });

  it('ignores completed and cancelled children, whatever light they last had', () => {
    const result = rollupLight(
      green,
      [
        { light: 'red', reason: '逾期 9 天', title: '旧', status: 'completed' },
        { light: 'red', reason: '逾期 9 天', title: '废', status: 'cancelled' },
        { light: 'yellow', reason: '超时未签收', title: '新', status: 'assigned' },
      ],
      DEFAULT_LIGHT_RULES,
    );
    expect(result).toEqual({ light: 'yellow', reason: '下级任务“新”超时未签收' });
  });

  it('puts the parent’s own reason first when it is as bad as the worst child', () => {
    const own: LightResult = { light: 'red', reason: '逾期 2 天' };
    expect(rollupLight(own, [{ light: 'red', reason: '逾期 3 天', title: '乙', status: 'in_progress' }], DEFAULT_LIGHT_RULES)).toEqual({
      light: 'red',
      reason: '逾期 2 天；下级任务“乙”逾期 3 天',
    });
  });

  it('keeps the parent’s own light when it is worse than every child', () => {
    const own: LightResult = { light: 'red', reason: '逾期 2 天' };
    expect(rollupLight(own, [{ light: 'yellow', reason: '今天截止', title: '乙', status: 'in_progress' }], DEFAULT_LIGHT_RULES)).toEqual(own);
    expect(rollupLight(green, [{ light: 'green', reason: '正常推进', title: '乙', status: 'in_progress' }], DEFAULT_LIGHT_RULES)).toEqual(green);
  });

  it('shows only its own light when configured so, and stays unlit when it is not lit itself', () => {
    const children = [{ light: 'red' as const, reason: '逾期 3 天', title: '乙', status: 'in_progress' as const }];
    expect(rollupLight(green, children, { ...DEFAULT_LIGHT_RULES, parentRollup: 'own' })).toEqual(green);
    expect(rollupLight({ light: 'none', reason: '' }, children, DEFAULT_LIGHT_RULES)).toEqual({ light: 'none', reason: '' });
  });
});

describe('worstLight', () => {
  it('orders red > yellow > green > none', () => {
    expect(worstLight([])).toBe('none');
    expect(worstLight(['none', 'green'])).toBe('green');
    expect(worstLight(['green', 'yellow', 'none'])).toBe('yellow');
    expect(worstLight(['yellow', 'red', 'green'])).toBe('red');
  });
});

describe('computeLight — 长期坚持', () => {
  it('is green without a deadline and says it is long-term work', () => {
    expect(light({ longTerm: true })).toEqual({ light: 'green', reason: '长期坚持，按期报送' });
  });
  it('is lit by its report rhythm: yellow when the period\'s report is overdue, naming the kind', () => {
    expect(light({ longTerm: true, missedReport: { period: '2026-02', due: '2026-02-25' } })).toEqual({ light: 'yellow', reason: '长期坚持：2026-02 进展未报送（应于 2月25日前）' });
  });
  it('still turns red with an open red order', () => {
    expect(light({ longTerm: true, openOrderLevels: ['red'] })).toEqual({ light: 'red', reason: '长期坚持：红色督办单未办结' });
  });
});
