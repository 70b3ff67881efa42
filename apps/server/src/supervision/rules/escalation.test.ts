import { describe, expect, it } from 'vitest';
import { DEFAULT_ESCALATION_RULES, nextEscalation, parseEscalationRules } from './escalation.ts';
import { chineseCalendar } from './working-days.ts';

const cal = chineseCalendar();
const next = (deadline: string | null, today: string, levelsSeen: ('blue' | 'yellow' | 'red')[] = []) => nextEscalation({ deadline, today, levelsSeen }, cal, DEFAULT_ESCALATION_RULES);

describe('nextEscalation', () => {
  it('proposes nothing for work that is not overdue or has no deadline', () => {
    expect(next(null, '2026-03-10')).toBeNull();
    expect(next('2026-03-10', '2026-03-10')).toBeNull();
  });

  it('proposes blue after 1 working day overdue, counting working days (a weekend does not count)', () => {
    // Friday 2026-03-06 deadline; Saturday and Sunday are not working days.
    expect(next('2026-03-06', '2026-03-08')).toBeNull();
    expect(next('2026-03-06', '2026-03-09')).toMatchObject({ level: 'blue', overdueWorkdays: 1 });
    expect(next('2026-03-06', '2026-03-09')!.reason).toBe('逾期 1 个工作日，达到蓝色督办条件（1 个工作日）');
  });

  it('steps up one level at a time: yellow only after blue, red only after yellow', () => {
    // Monday 2026-03-02 deadline; 2026-03-20 is 14 working days later.
    expect(next('2026-03-02', '2026-03-20')).toMatchObject({ level: 'blue', overdueWorkdays: 14 });
    expect(next('2026-03-02', '2026-03-20', ['blue'])).toMatchObject({ level: 'yellow' });
    expect(next('2026-03-02', '2026-03-20', ['blue', 'yellow'])).toMatchObject({ level: 'red' });
    expect(next('2026-03-02', '2026-03-20', ['red'])).toBeNull();
  });

  it('waits for the next threshold after a step was proposed or dismissed', () => {
    expect(next('2026-03-02', '2026-03-05', ['blue'])).toBeNull();
    expect(next('2026-03-02', '2026-03-09', ['blue'])).toMatchObject({ level: 'yellow', overdueWorkdays: 5 });
  });
});

describe('parseEscalationRules', () => {
  it('reads three ascending working-day counts, or off', () => {
    expect(parseEscalationRules('2, 6,12')).toEqual({ blue: 2, yellow: 6, red: 12 });
    expect(parseEscalationRules('off')).toBeNull();
    expect(() => parseEscalationRules('5,3,10')).toThrow(/LUOSHI_ESCALATION_WORKDAYS/);
    expect(() => parseEscalationRules('1,2')).toThrow(/递增/);
  });
});
