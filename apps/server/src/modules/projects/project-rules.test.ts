import { describe, expect, it } from 'vitest';
import { isLateProjectReport, lastDuePeriod, parseYearCheck, projectLight, reachedStage, reportReminders, type ProjectLightInput } from './project-rules.ts';

const base: ProjectLightInput = {
  today: '2026-06-20',
  stage: 'started',
  startYear: 2026,
  firstPeriod: '2026-06',
  milestones: [],
  reports: [],
  yearPlanned: 0,
  yearInvested: 0,
  dueDay: 5,
  yearCheck: ['started', 'completed', 'producing'],
};

describe('project rules', () => {
  it('owes a due-soon reminder once the due day is within the horizon, and a late one for the newest month past its due day', () => {
    // 2 March, due on the 5th, horizon three working days on (5 March): February's is due soon, January's is late.
    expect(reportReminders('2026-03-02', 5, '2026-03-05')).toEqual([
      { period: '2026-01', kind: 'late', dueDate: '2026-02-05' },
      { period: '2026-02', kind: 'soon', dueDate: '2026-03-05' },
    ]);
    // The horizon stops short of the due day: nothing due soon yet.
    expect(reportReminders('2026-02-26', 5, '2026-03-04')).toEqual([{ period: '2026-01', kind: 'late', dueDate: '2026-02-05' }]);
    // The day after the due day, February's is the late one.
    expect(reportReminders('2026-03-06', 5, '2026-03-11')).toEqual([{ period: '2026-02', kind: 'late', dueDate: '2026-03-05' }]);
    // Across a year: December's report is due on 5 January.
    expect(reportReminders('2026-12-31', 5, '2027-01-06')).toEqual([
      { period: '2026-11', kind: 'late', dueDate: '2026-12-05' },
      { period: '2026-12', kind: 'soon', dueDate: '2027-01-05' },
    ]);
  });

  it('dates a monthly report: due on the day of the next month, late after it', () => {
    expect(isLateProjectReport('2026-05', '2026-06-05', 5)).toBe(false);
    expect(isLateProjectReport('2026-05', '2026-06-06', 5)).toBe(true);
    expect(lastDuePeriod('2026-06-05', 5)).toBe('2026-04');
    expect(lastDuePeriod('2026-06-06', 5)).toBe('2026-05');
    expect(lastDuePeriod('2026-01-10', 5)).toBe('2025-12');
  });

  it('takes the furthest stage with an actual date', () => {
    expect(reachedStage([])).toBe('planning');
    expect(reachedStage([{ stage: 'started', actualDate: '2026-03-01' }, { stage: 'signed', actualDate: '2026-01-01' }, { stage: 'completed', actualDate: null }])).toBe('started');
  });

  it('reads the year-by-year check, and refuses a stage it does not know', () => {
    expect(parseYearCheck('started,completed')).toEqual(['started', 'completed']);
    expect(parseYearCheck('off')).toEqual([]);
    expect(() => parseYearCheck('started,done')).toThrow(/done/);
  });

  it('stays green with nothing late', () => {
    expect(projectLight(base)).toEqual({ light: 'green', reasons: [] });
  });

  it('lights a late milestone yellow, and red past thirty days', () => {
    expect(projectLight({ ...base, milestones: [{ stage: 'completed', plannedDate: '2026-06-01', actualDate: null }] })).toEqual({ light: 'yellow', reasons: ['竣工节点逾期 19 天'] });
    expect(projectLight({ ...base, milestones: [{ stage: 'completed', plannedDate: '2026-05-01', actualDate: null }] }).light).toBe('red');
    expect(projectLight({ ...base, milestones: [{ stage: 'completed', plannedDate: '2026-05-01', actualDate: '2026-05-20' }] }).light).toBe('green');
  });

  it('lights a missing report yellow, two missing red, and a late one yellow', () => {
    const owing = { ...base, firstPeriod: '2026-03' };
    expect(projectLight({ ...owing, reports: [{ period: '2026-04', late: false }] })).toEqual({ light: 'yellow', reasons: ['2026年5月月报逾期未报'] });
    expect(projectLight({ ...owing, reports: [{ period: '2026-03', late: false }] }).light).toBe('red');
    expect(projectLight({ ...owing, reports: [{ period: '2026-05', late: true }] })).toEqual({ light: 'yellow', reasons: ['2026年5月月报迟报'] });
    expect(projectLight({ ...owing, reports: [{ period: '2026-05', late: false }] }).light).toBe('green');
  });

  it('compares the year\'s investment with the share of the plan due so far', () => {
    const year = { ...base, firstPeriod: '2025-11', reports: [{ period: '2026-05', late: false }], yearPlanned: 1200 };
    // Through May: 5/12 of 1200 = 500 expected.
    expect(projectLight({ ...year, yearInvested: 450 }).light).toBe('green');
    expect(projectLight({ ...year, yearInvested: 300 })).toEqual({ light: 'yellow', reasons: ['年度投资完成 25%，低于序时进度'] });
    expect(projectLight({ ...year, yearInvested: 200 }).light).toBe('red');
    // Entered in March: 3 of its 10 months are due, 360 expected.
    expect(projectLight({ ...year, firstPeriod: '2026-03', yearInvested: 300 }).light).toBe('green');
    expect(projectLight({ ...year, firstPeriod: '2026-03', yearInvested: 250 }).light).toBe('yellow');
    // Nothing owed yet: no check.
    expect(projectLight({ ...year, firstPeriod: '2026-06', yearInvested: 0 }).light).toBe('green');
  });

  it('turns red when a year on the list ends short of the stage the check asks for', () => {
    const old = { ...base, today: '2027-06-20', firstPeriod: '2099-01' };
    expect(projectLight({ ...old, stage: 'signed' })).toEqual({ light: 'red', reasons: ['入库第 1 年应开工，现为签约'] });
    expect(projectLight({ ...old, stage: 'started' }).light).toBe('green');
    expect(projectLight({ ...old, today: '2028-01-10', stage: 'building' }).reasons).toEqual(['入库第 2 年应竣工，现为在建']);
    expect(projectLight({ ...old, stage: 'signed', yearCheck: [] }).light).toBe('green');
  });
});
