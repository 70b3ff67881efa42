import { describe, expect, it } from 'vitest';
import { allowedActions, moduleOnly, nextStatus, STATUS_LABELS, TASK_STATUSES, TRANSITIONS, type TaskAction, type TaskStatus } from './transitions.ts';

const ACTIONS: TaskAction[] = ['assign', 'acknowledge', 'report', 'requestCompletion', 'complete', 'return', 'cancel'];

// Written out by hand from the task life in the brief; every pair not listed must be refused.
const ALLOWED: Record<string, TaskStatus> = {
  'draft assign': 'assigned',
  'draft cancel': 'cancelled',
  'assigned acknowledge': 'acknowledged',
  'assigned report': 'in_progress',
  'assigned cancel': 'cancelled',
  'acknowledged report': 'in_progress',
  'acknowledged requestCompletion': 'completion_requested',
  'acknowledged cancel': 'cancelled',
  'in_progress report': 'in_progress',
  'in_progress requestCompletion': 'completion_requested',
  'in_progress cancel': 'cancelled',
  'completion_requested complete': 'completed',
  'completion_requested return': 'returned',
  'completion_requested cancel': 'cancelled',
  'returned report': 'in_progress',
  'returned requestCompletion': 'completion_requested',
  'returned cancel': 'cancelled',
};

describe('nextStatus', () => {
  for (const status of TASK_STATUSES) {
    for (const action of ACTIONS) {
      const expected = ALLOWED[`${status} ${action}`] ?? null;
      it(`${status} + ${action} → ${expected ?? 'refused'}`, () => {
        expect(nextStatus(status, action)).toBe(expected);
      });
    }
  }
});

describe('allowedActions', () => {
  it('gives the issuer assigning, reviewing and cancelling', () => {
    expect(allowedActions('draft', ['issuer'])).toEqual(['assign', 'cancel']);
    expect(allowedActions('completion_requested', ['issuer'])).toEqual(['complete', 'return', 'cancel']);
    expect(allowedActions('in_progress', ['issuer'])).toEqual(['cancel']);
  });

  it('gives the owner acknowledging, reporting and asking to close', () => {
    expect(allowedActions('assigned', ['owner'])).toEqual(['acknowledge', 'report']);
    expect(allowedActions('returned', ['owner'])).toEqual(['report', 'requestCompletion']);
    expect(allowedActions('completion_requested', ['owner'])).toEqual([]);
    expect(allowedActions('draft', ['owner'])).toEqual([]);
  });

  it('unions both relations and gives nothing to a stranger or on closed work', () => {
    expect(allowedActions('acknowledged', ['issuer', 'owner'])).toEqual(['report', 'requestCompletion', 'cancel']);
    expect(allowedActions('in_progress', [])).toEqual([]);
    expect(allowedActions('completed', ['issuer', 'owner'])).toEqual([]);
    expect(allowedActions('cancelled', ['issuer', 'owner'])).toEqual([]);
  });
});

describe('module-only actions', () => {
  it('reserves a rectification\'s close-out steps to its problem and leaves other modules and steps alone', () => {
    for (const a of ['requestCompletion', 'complete', 'return'] as const) expect(moduleOnly('rectification', a)).toContain('问题页面');
    for (const a of ['acknowledge', 'report', 'cancel', 'assign'] as const) expect(moduleOnly('rectification', a)).toBeNull();
    for (const a of ACTIONS) expect(moduleOnly('task', a)).toBeNull();
  });
});

describe('labels', () => {
  it('names every status and transition in Chinese', () => {
    expect(STATUS_LABELS).toEqual({
      draft: '草稿',
      assigned: '已交办',
      acknowledged: '已签收',
      in_progress: '推进中',
      completion_requested: '申请办结',
      completed: '已办结',
      returned: '已退回',
      cancelled: '已取消',
    });
    expect(TRANSITIONS.map((t) => t.action).sort()).toEqual([...ACTIONS].sort());
  });
});
