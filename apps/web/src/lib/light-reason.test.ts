import { describe, expect, it } from 'vitest';
import { lightReasonInEnglish } from './light-reason.ts';

describe('light reasons in English', () => {
  it('translates every reason the light rules write', () => {
    expect(lightReasonInEnglish('逾期 6 天')).toBe('6 days overdue');
    expect(lightReasonInEnglish('逾期 1 天')).toBe('1 day overdue');
    expect(lightReasonInEnglish('正常推进')).toBe('On track');
    expect(lightReasonInEnglish('今天截止')).toBe('Due today');
    expect(lightReasonInEnglish('截止前已无工作日')).toBe('No working day left before the deadline');
    expect(lightReasonInEnglish('距截止还有 3 个工作日')).toBe('3 working days to the deadline');
    expect(lightReasonInEnglish('超时未签收')).toBe('Not acknowledged in time');
    expect(lightReasonInEnglish('已申请办结,待审核')).toBe('Completion requested, awaiting review');
    expect(lightReasonInEnglish('2026-03 进展未报送(应于 3月25日前)')).toBe('Progress for 2026-03 not reported (due Mar 25)');
    expect(lightReasonInEnglish('2025-Q4 进展未报送(应于 2025年12月25日前)')).toBe('Progress for 2025-Q4 not reported (due Dec 25, 2025)');
  });

  it('translates a parent\'s reasons naming its parts, joined by "; "', () => {
    expect(lightReasonInEnglish('逾期 2 天；红色督办单未办结')).toBe('2 days overdue; Red supervision order not closed');
    expect(lightReasonInEnglish('下级任务“修路 › 东段”逾期 5 天；另有 2 项下级任务亮红灯')).toBe('Part “修路 › 东段”: 5 days overdue; 2 more parts are red');
    expect(lightReasonInEnglish('另有 1 项下级任务亮黄灯')).toBe('1 more part is yellow');
  });

  it('translates the reasons of a key project\'s light', () => {
    expect(lightReasonInEnglish('在建节点逾期 45 天；2026年3月月报迟报')).toBe('Building milestone 45 days late; Report for Mar 2026 filed late');
    expect(lightReasonInEnglish('2026年11月月报逾期未报')).toBe('Report for Nov 2026 missing');
    expect(lightReasonInEnglish('年度投资完成 11%，低于序时进度')).toBe("11% of the year's planned investment, behind schedule");
    expect(lightReasonInEnglish('入库第 1 年应开工，现为签约')).toBe('Year 1 on the list should be started, is signed');
  });

  it('keeps a reason outside the vocabulary as written', () => {
    expect(lightReasonInEnglish('某个新的原因')).toBe('某个新的原因');
    expect(lightReasonInEnglish('')).toBe('');
  });
});
