import type { Kysely, Transaction } from 'kysely';
import type { Actor } from '../access/index.ts';
import type { DB } from '../db/schema.ts';
import { AppError } from '../errors.ts';
import { FollowUpService } from './followup.service.ts';
import type { SupervisionDeps, TaskService } from './task.service.ts';

type Deps = Pick<SupervisionDeps, 'db'> & { tasks: TaskService; followUps: FollowUpService };

/** The order input of one batch: the same for every task. */
export interface BatchOrderInput {
  level: 'blue' | 'yellow' | 'red';
  matter: string;
  requirements?: string | undefined;
  replyDeadline: string;
}

/**
 * A database handle that is the open transaction `tx`: its `transaction().execute(fn)` runs `fn`
 * inside `tx` instead of opening another, so the single-task methods join the batch's transaction.
 */
function joined(tx: Transaction<DB>): Kysely<DB> {
  return new Proxy(tx, {
    get(target, prop) {
      if (prop === 'transaction') return () => ({ execute: <T>(fn: (t: Transaction<DB>) => Promise<T>) => fn(tx) });
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  }) as Kysely<DB>;
}

/**
 * Batch 催办 and 下发督办单 over tasks chosen in the list. Each batch is one transaction that runs the
 * single-task methods of FollowUpService for every task (so each is scope- and policy-checked and
 * audited the same way); the first task that fails rolls the whole batch back and is named in the error.
 */
export class BatchFollowUps {
  constructor(private readonly deps: Deps) {}

  private async each<T>(actor: Actor, ids: readonly string[], run: (single: FollowUpService, id: string) => Promise<T>): Promise<T[]> {
    const unique = [...new Set(ids)];
    return this.deps.db.transaction().execute(async (tx) => {
      const db = joined(tx);
      const tasks = new Proxy(this.deps.tasks, {
        get(target, prop) {
          // Reads of the task go through the batch's transaction too (PGlite has one connection).
          if (prop === 'load') return (a: Actor, id: string) => target.load(a, id, tx);
          const value: unknown = Reflect.get(target, prop, target);
          return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
        },
      });
      // The same service with its database and task reads bound to this transaction; built from the
      // running instance so whatever else it depends on (settings, notices) is the same.
      const base = this.deps.followUps as unknown as { deps: object };
      const single = Object.assign(Object.create(FollowUpService.prototype) as FollowUpService, base, { deps: { ...base.deps, db, tasks } });
      const results: T[] = [];
      for (const [index, id] of unique.entries()) {
        try {
          results.push(await run(single, id));
        } catch (err) {
          if (!(err instanceof AppError)) throw err;
          const title = err.code === 'NOT_FOUND' ? undefined : await tx.selectFrom('tasks').select('title').where('tenant_id', '=', actor.tenantId).where('id', '=', id).executeTakeFirst();
          // A task outside the caller's scope is named by its number in the batch and its id only.
          const name = !title ? `第 ${index + 1} 个任务(${id})` : `第 ${index + 1} 个任务「${title.title}」`;
          throw new AppError(err.code, `${name}:${err.message},本批未做任何操作`, { taskId: id, index });
        }
      }
      return results;
    });
  }

  /** 催办 every task; returns how many notices went out. */
  async remind(actor: Actor, ids: readonly string[], message: string): Promise<{ tasks: number; notified: number }> {
    const sent = await this.each(actor, ids, (single, id) => single.remind(actor, id, message));
    return { tasks: sent.length, notified: sent.reduce((a, b) => a + b, 0) };
  }

  /** 下发督办单 of one level to every task; returns the orders' numbers in the order of `ids`. */
  async issueOrders(actor: Actor, ids: readonly string[], input: BatchOrderInput): Promise<{ id: string; taskId: string; number: string }[]> {
    const orders = await this.each(actor, ids, (single, id) => single.issueOrder(actor, id, input));
    return orders.map((o) => ({ id: o.id, taskId: o.task_id, number: o.number }));
  }
}
