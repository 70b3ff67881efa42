import type { Actor } from '../access/index.ts';
import type { TaskRow } from '../db/schema.ts';
import type { TaskPolicies } from '@luoshi/shared';
import { allowedActions, moduleOnly, type ActorRelation } from './rules/transitions.ts';

/**
 * Whether the actor may see the task at all (its scope covers the unit that answers for it
 * or the unit that issued it). Resolved in SQL by the service; this is the shape of the answer.
 */
export interface TaskAccess {
  visible: boolean;
  /** The actor's supervisor grants cover the owner unit. */
  supervises: boolean;
  /** The actor's leader grants cover the owner unit. */
  leads: boolean;
}

/** The actor is the task's owner: a liaison of the unit that answers for it. */
export function isOwner(actor: Actor, task: Pick<TaskRow, 'owner_unit_id'>): boolean {
  if (actor.readOnly) return false;
  return actor.grants.some((g) => g.role === 'liaison' && (actor.orgUnitId === task.owner_unit_id || (g.scopeKind === 'units' && g.unitIds.includes(task.owner_unit_id))));
}

/**
 * The actor is the task's issuer: a supervisor over its owner unit, or — for a part decomposed by
 * a unit — a liaison of the unit that decomposed it.
 */
export function isIssuer(actor: Actor, task: Pick<TaskRow, 'owner_unit_id' | 'issuer_unit_id' | 'parent_id'>, access: TaskAccess): boolean {
  if (actor.readOnly) return false;
  if (access.supervises) return true;
  return task.parent_id !== null && task.issuer_unit_id !== task.owner_unit_id && actor.grants.some((g) => g.role === 'liaison') && actor.orgUnitId === task.issuer_unit_id;
}

export function relations(actor: Actor, task: TaskRow, access: TaskAccess): ActorRelation[] {
  const out: ActorRelation[] = [];
  if (isIssuer(actor, task, access)) out.push('issuer');
  if (isOwner(actor, task)) out.push('owner');
  return out;
}

export type { TaskPolicies };

const OPEN = new Set(['assigned', 'acknowledged', 'in_progress', 'returned', 'completion_requested']);

/**
 * What the actor may do with the task. Steps a module keeps to its own path (`moduleOnly`) are left
 * out unless `viaModule`: that module is asking, after its own checks.
 */
export function taskPolicies(actor: Actor, task: TaskRow, access: TaskAccess, viaModule = false): TaskPolicies {
  const rel = relations(actor, task, access);
  const issuer = rel.includes('issuer');
  const owner = rel.includes('owner');
  const open = OPEN.has(task.status);
  return {
    actions: allowedActions(task.status, rel).filter((a) => viaModule || !moduleOnly(task.module, a)),
    edit: issuer && (task.status === 'draft' || open),
    decompose: owner && open && task.unit_role === 'lead',
    requestExtension: owner && open && task.deadline !== null,
    decideExtension: issuer,
    remind: issuer && open,
    issueOrder: access.supervises && !actor.readOnly && open,
    replyOrder: owner,
    signOrder: !actor.readOnly && actor.grants.some((g) => g.role === 'leader') && task.responsible_leader_ids.includes(actor.userId),
    instruct: access.leads && !actor.readOnly,
    answerInstruction: owner,
    reviewReport: issuer,
  };
}
