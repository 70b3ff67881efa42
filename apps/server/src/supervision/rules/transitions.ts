import type { TaskAction } from '@luoshi/shared';

/** The life of a supervised task (DESIGN.md §4, "one supervision core"). */
export const TASK_STATUSES = ['draft', 'assigned', 'acknowledged', 'in_progress', 'completion_requested', 'completed', 'returned', 'cancelled'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

/** Chinese labels of task statuses, for the UI, exports and timeline text. */
export const STATUS_LABELS: Record<TaskStatus, string> = {
  draft: '草稿',
  assigned: '已交办',
  acknowledged: '已签收',
  in_progress: '推进中',
  completion_requested: '申请办结',
  completed: '已办结',
  returned: '已退回',
  cancelled: '已取消',
};

export type { TaskAction };

/** issuer: the supervisor or unit that assigned the task; owner: the unit that answers for it. */
export type ActorRelation = 'issuer' | 'owner';

/** Every status change: which action, from which statuses, to which, by whom. */
export const TRANSITIONS: { action: TaskAction; from: TaskStatus[]; to: TaskStatus; by: ActorRelation; label: string }[] = [
  { action: 'assign', from: ['draft'], to: 'assigned', by: 'issuer', label: '交办' },
  { action: 'acknowledge', from: ['assigned'], to: 'acknowledged', by: 'owner', label: '签收' },
  // Reporting on an unacknowledged task is taken as acknowledging it: the unit has plainly seen it.
  { action: 'report', from: ['assigned', 'acknowledged', 'in_progress', 'returned'], to: 'in_progress', by: 'owner', label: '报送进展' },
  { action: 'requestCompletion', from: ['acknowledged', 'in_progress', 'returned'], to: 'completion_requested', by: 'owner', label: '申请办结' },
  { action: 'complete', from: ['completion_requested'], to: 'completed', by: 'issuer', label: '审核办结' },
  { action: 'return', from: ['completion_requested'], to: 'returned', by: 'issuer', label: '退回' },
  { action: 'cancel', from: ['draft', 'assigned', 'acknowledged', 'in_progress', 'completion_requested', 'returned'], to: 'cancelled', by: 'issuer', label: '取消' },
];

const BY_ACTION = new Map(TRANSITIONS.map((t) => [t.action, t]));

/** The status an action leads to from `status`, or null when the action is not allowed there. */
export function nextStatus(status: TaskStatus, action: TaskAction): TaskStatus | null {
  const t = BY_ACTION.get(action);
  return t && t.from.includes(status) ? t.to : null;
}

/** The actions someone standing in the given relations to a task may take in `status`. */
export function allowedActions(status: TaskStatus, relation: ActorRelation[]): TaskAction[] {
  return TRANSITIONS.filter((t) => t.from.includes(status) && relation.includes(t.by)).map((t) => t.action);
}

/**
 * Actions on a module's task that only the module itself may take, through its own path, because
 * that path checks more than the task's life does: a rectification (modules/campaigns) is closed
 * out on its problem, where the owner asks with evidence and someone else verifies it. The task
 * pages neither offer these actions nor accept them; the module passes `viaModule`.
 */
export const MODULE_ONLY_ACTIONS: Readonly<Record<string, { actions: readonly TaskAction[]; message: string }>> = {
  rectification: { actions: ['requestCompletion', 'complete', 'return'], message: '整改任务的销号申请和核验只能在问题页面办理' },
  suggestion: { actions: ['requestCompletion', 'complete', 'return'], message: '建议的答复和评价只能在建议页面办理' },
};

/** Why `action` on a task of `module` is reserved to that module's own path, or null when it is not. */
export function moduleOnly(module: string, action: TaskAction): string | null {
  const rule = MODULE_ONLY_ACTIONS[module];
  return rule && rule.actions.includes(action) ? rule.message : null;
}
