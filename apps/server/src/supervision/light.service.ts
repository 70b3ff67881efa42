import { sql, type Kysely } from 'kysely';
import type { DB, TaskRow } from '../db/schema.ts';
import type { Executor } from '../db/database.ts';
import type { Clock } from '../lib/clock.ts';
import { recountTenant } from './counters.ts';
import { computeLight, lightingOrderLevels, rollupLight, UNCLOSED_ORDER_STATUSES, type LightResult, type LightRules, type OrderLevel, type OrderStatus } from './rules/lights.ts';
import { owesReport, periodContaining, previousPeriod, type Period, type ReportCycle } from './rules/periods.ts';
import { weightedPercent } from './rules/progress.ts';
import type { TaskStatus } from './rules/transitions.ts';
import { shanghaiDate, type WorkCalendar } from './rules/working-days.ts';

export const OPEN_STATUSES: TaskStatus[] = ['assigned', 'acknowledged', 'in_progress', 'returned', 'completion_requested'];
const REPORTING_STATUSES = new Set<TaskStatus>(['acknowledged', 'in_progress', 'returned']);

type LightTask = Pick<TaskRow, 'id' | 'status' | 'deadline' | 'long_term' | 'ack_deadline' | 'report_cycle' | 'report_due_day' | 'start_date' | 'created_at' | 'own_percent' | 'last_report_period'>;
/** What a parent needs of each child for the roll-up of lights and percents. */
type ChildSummary = Pick<TaskRow, 'id' | 'parent_id' | 'title' | 'status' | 'light' | 'light_reason' | 'percent' | 'weight' | 'unit_role'>;

/** A task with what its light depends on beyond its own columns. */
export type LightRow = TaskRow & { open_order_levels: string[]; children: ChildSummary[] | string };

/**
 * The columns a light recomputation reads beside the task's own, for a query over `tasks as t`
 * (a select, or the RETURNING of an update): the levels of its open orders and its children.
 */
export function lightContext() {
  return [
    sql<string[]>`ARRAY(SELECT o.level FROM supervision_orders o WHERE o.tenant_id = t.tenant_id AND o.task_id = t.id AND o.status = ANY(${[...UNCLOSED_ORDER_STATUSES]}::text[]))`.as('open_order_levels'),
    sql<ChildSummary[] | string>`(SELECT coalesce(json_agg(json_build_object('id', c.id, 'parent_id', c.parent_id, 'title', c.title, 'status', c.status, 'light', c.light, 'light_reason', c.light_reason, 'percent', c.percent, 'weight', c.weight, 'unit_role', c.unit_role)), '[]'::json)
      FROM tasks c WHERE c.tenant_id = t.tenant_id AND c.parent_id = t.id AND c.deleted_at IS NULL)`.as('children'),
  ] as const;
}

/** A LightRow taken apart: the task, its open orders' levels, its children (JSON from either engine). */
function unpack(row: LightRow): { task: TaskRow; orderLevels: ('blue' | 'yellow' | 'red')[]; children: ChildSummary[] } {
  const { open_order_levels: orderLevels, children: childJson, ...task } = row;
  const children = (typeof childJson === 'string' ? JSON.parse(childJson) : childJson) as ChildSummary[];
  for (const c of children) {
    c.percent = Number(c.percent);
    c.weight = Number(c.weight);
  }
  return { task, orderLevels: orderLevels as ('blue' | 'yellow' | 'red')[], children };
}

/** Writes computed lights and percents of many tasks in one UPDATE. */
async function writeLights(db: Executor, tenantId: string, rows: { id: string; light: string; reason: string; percent: number; missed: string | null }[], now: Date): Promise<void> {
  if (rows.length === 0) return;
  await sql`
    UPDATE tasks t SET light = v.light, light_reason = v.reason, percent = v.percent, report_missed = v.missed, light_computed_at = ${now}
    FROM jsonb_to_recordset(${JSON.stringify(rows.map(({ id, light, reason, percent, missed }) => ({ id, light, reason, percent, missed })))}::jsonb) AS v(id uuid, light text, reason text, percent numeric, missed text)
    WHERE t.tenant_id = ${tenantId}::uuid AND t.id = v.id`.execute(db);
}

// The period owed by `today` depends only on the cycle and due day (and, for two-week cycles, the
// start date), so one computation serves every task that shares them.
const periodMemo = new Map<string, Period | null>();

/** The day a task's reporting counts from: its start date, or the day it was created. */
export function reportAnchor(task: Pick<TaskRow, 'start_date' | 'created_at'>): string {
  return task.start_date ?? shanghaiDate(new Date(task.created_at));
}

/** The reporting period a task should have reported for by `today`, if any. */
export function requiredPeriod(task: Pick<LightTask, 'report_cycle' | 'report_due_day' | 'start_date' | 'created_at'>, today: string, cal: WorkCalendar): { key: string; due: string } | null {
  const cycle = task.report_cycle as ReportCycle;
  if (cycle === 'none') return null;
  const anchor = reportAnchor(task);
  const key = `${cycle}|${task.report_due_day}|${today}|${cycle === 'biweekly' ? anchor : ''}`;
  let required = periodMemo.get(key);
  if (required === undefined) {
    const current = periodContaining(cycle, task.report_due_day, today, anchor, cal);
    required = !current ? null : today > current.due ? current : previousPeriod(cycle, task.report_due_day, current, anchor, cal);
    if (periodMemo.size > 10_000) periodMemo.clear();
    periodMemo.set(key, required);
  }
  if (!required || !owesReport(required, anchor)) return null;
  return { key: required.key, due: required.due };
}

/**
 * Computes lights (with their reasons) and percents: for one task and its ancestors after a
 * change, or for every open task of a tenant in the nightly pass. Lights are never typed in.
 */
export class LightService {
  constructor(private readonly deps: { db: Kysely<DB>; clock: Clock; calendar: WorkCalendar; rules: LightRules }) {}

  private today(): string {
    return shanghaiDate(this.deps.clock.now());
  }

  /** The period a task owes and has not reported for, if any (the light's 进展未报送). */
  private missedReport(task: LightTask, latestPeriod: string | null, today: string): { period: string; due: string } | null {
    const required = REPORTING_STATUSES.has(task.status as TaskStatus) ? requiredPeriod(task, today, this.deps.calendar) : null;
    return required && (!latestPeriod || latestPeriod < required.key) ? { period: required.key, due: required.due } : null;
  }

  /** The task's own light, from its status, deadline, open orders and reporting. */
  ownLight(task: LightTask, openOrderLevels: ('blue' | 'yellow' | 'red')[], latestPeriod: string | null, today = this.today(), missed = this.missedReport(task, latestPeriod, today)): LightResult {
    return computeLight(
      {
        status: task.status as TaskStatus,
        deadline: task.deadline,
        today,
        openOrderLevels,
        missedReport: missed,
        ackOverdue: task.status === 'assigned' && task.ack_deadline !== null && task.ack_deadline < today,
        longTerm: task.long_term,
      },
      this.deps.calendar,
      this.deps.rules,
    );
  }

  /**
   * What a light pass writes for one node: its light with the reason and its percent (from its
   * own state and its children's stored values), and the period it has not reported for.
   */
  private evaluate(task: LightTask, orderLevels: OrderLevel[], children: ChildSummary[], today: string): { light: LightResult; percent: number; missed: string | null } {
    const missed = this.missedReport(task, task.last_report_period, today);
    const { light, percent } = this.combine(task, this.ownLight(task, orderLevels, task.last_report_period, today, missed), children);
    return { light, percent, missed: missed?.period ?? null };
  }

  /** Whether a pass changes what the row holds. */
  private static changes(row: Pick<TaskRow, 'light' | 'light_reason' | 'percent' | 'report_missed'>, next: { light: LightResult; percent: number; missed: string | null }): boolean {
    return next.light.light !== row.light || next.light.reason !== row.light_reason || next.percent !== Number(row.percent) || next.missed !== (row.report_missed ?? null);
  }

  /** Light and percent of one node from its own state and its children's stored values. */
  private combine(task: LightTask, own: LightResult, children: ChildSummary[]): { light: LightResult; percent: number } {
    const light = rollupLight(
      own,
      children.map((c) => ({ light: c.light, reason: c.light_reason, title: c.title, status: c.status as TaskStatus })),
      this.deps.rules,
    );
    const parts = children.filter((c) => c.unit_role === 'lead' && c.status !== 'cancelled');
    const percent = task.status === 'completed' ? 100 : parts.length > 0 ? weightedPercent(parts.map((c) => ({ percent: Number(c.percent), weight: Number(c.weight) }))) : Number(task.own_percent);
    return { light, percent };
  }

  /**
   * The light and percent a task takes after a change of its own columns, from its row read with
   * `lightContext()` in the caller's transaction: the writer then puts the task's new state and
   * its light in one UPDATE (one row version, not two) and walks up from the parent.
   */
  settle(row: LightRow, changes: Partial<TaskRow>): { light: TaskRow['light']; light_reason: string; percent: number; report_missed: string | null; light_computed_at: Date } {
    const { task, orderLevels, children } = unpack({ ...row, ...changes });
    const { light, percent, missed } = this.evaluate(task, orderLevels, children, this.today());
    return { light: light.light, light_reason: light.reason, percent, report_missed: missed, light_computed_at: this.deps.clock.now() };
  }

  /**
   * Recomputes a task and then each ancestor up to the root, inside the caller's transaction.
   * The changed task and its parent are always recomputed (the task's status may have left the
   * open set); above them the walk stops at the first ancestor whose values stay the same.
   * Returns the task as it now stands. `preloaded`: the task with its `lightContext()`, when the
   * caller's own statement already returned it (saves a round trip).
   */
  async recomputeUp(tx: Executor, tenantId: string, taskId: string, preloaded?: LightRow): Promise<TaskRow | undefined> {
    let id: string | null = taskId;
    let first: TaskRow | undefined;
    const today = this.today();
    for (let level = 0; id; level++) {
      // One round trip a level: the task, the levels of its open orders and its children.
      const row: LightRow | undefined =
        level === 0 && preloaded
          ? preloaded
          : await tx.selectFrom('tasks as t').selectAll('t').select(lightContext()).where('t.tenant_id', '=', tenantId).where('t.id', '=', id).executeTakeFirst();
      if (!row) return first;
      const { task, orderLevels, children } = unpack(row);
      const next = this.evaluate(task, orderLevels, children, today);
      const unchanged = !LightService.changes(task, next);
      if (!unchanged) {
        const set = { light: next.light.light, light_reason: next.light.reason, percent: next.percent, report_missed: next.missed, light_computed_at: this.deps.clock.now() };
        await tx.updateTable('tasks').set(set).where('tenant_id', '=', tenantId).where('id', '=', id).execute();
        Object.assign(task, set);
      }
      first ??= task;
      if (unchanged && level >= 1) return first;
      id = task.parent_id;
    }
    return first;
  }

  /**
   * Recomputes a set of tasks (siblings, say: the parts of one task) in two round trips: one read
   * with what their lights depend on, one write of those that changed. Their ancestors are the
   * caller's to walk (`recomputeUp` from their parent), once for the whole set.
   */
  async recomputeMany(tx: Executor, tenantId: string, ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    const today = this.today();
    const rows = await tx.selectFrom('tasks as t').selectAll('t').select(lightContext()).where('t.tenant_id', '=', tenantId).where('t.id', 'in', ids).execute();
    const changed = rows
      .map((row) => {
        const { task, orderLevels, children } = unpack(row);
        const next = this.evaluate(task, orderLevels, children, today);
        return { id: task.id, light: next.light.light, reason: next.light.reason, percent: next.percent, missed: next.missed, changed: LightService.changes(task, next) };
      })
      .filter((r) => r.changed);
    await writeLights(tx, tenantId, changed, this.deps.clock.now());
  }

  /**
   * The nightly pass: every open task of a tenant, deepest first so parents see fresh children,
   * in batches with one UPDATE each. Returns the number of tasks recomputed.
   */
  async recomputeAll(tenantId: string, onProgress?: (done: number, total: number) => void): Promise<number> {
    const db = this.deps.db;
    const today = this.today();
    const now = this.deps.clock.now();
    const depthRow = await db.selectFrom('tasks').select((eb) => [eb.fn.max('depth').as('d'), eb.fn.countAll<number>().as('n')]).where('tenant_id', '=', tenantId).where('status', 'in', OPEN_STATUSES).where('deleted_at', 'is', null).executeTakeFirst();
    const maxDepth = Number(depthRow?.d ?? -1);
    const total = Number(depthRow?.n ?? 0);
    let done = 0;
    let written = 0;
    const BATCH = 5000;
    const fetchBatch = async (depth: number, after: string) => {
      const tasks = await db
        .selectFrom('tasks')
        .select(['id', 'status', 'deadline', 'long_term', 'ack_deadline', 'report_cycle', 'report_due_day', 'start_date', 'created_at', 'own_percent', 'last_report_period', 'light', 'light_reason', 'percent', 'report_missed'])
        .where('tenant_id', '=', tenantId)
        .where('depth', '=', depth)
        .where('status', 'in', OPEN_STATUSES)
        .where('deleted_at', 'is', null)
        .where('id', '>', after)
        .orderBy('id')
        .limit(BATCH)
        .execute();
      if (tasks.length === 0) return { tasks, orders: [], children: [] };
      const ids = tasks.map((t) => t.id);
      const [orders, children] = await Promise.all([
        db.selectFrom('supervision_orders').select(['task_id', 'level', 'status']).where('tenant_id', '=', tenantId).where(sql<boolean>`task_id = ANY(${ids}::uuid[])`).where('status', 'in', [...UNCLOSED_ORDER_STATUSES]).execute(),
        // Children by the batch's id range: an index range scan. A list of 5,000 ids makes the
        // planner expect tens of children each and scan the whole table.
        db
          .selectFrom('tasks')
          .select(['id', 'parent_id', 'title', 'status', 'light', 'light_reason', 'percent', 'weight', 'unit_role'])
          .where('tenant_id', '=', tenantId)
          .where('parent_id', '>', after)
          .where('parent_id', '<=', ids[ids.length - 1]!)
          .where('deleted_at', 'is', null)
          .execute(),
      ]);
      return { tasks, orders, children };
    };
    for (let depth = maxDepth; depth >= 0; depth--) {
      // While one batch is computed and written, the next one is already being read.
      let next = fetchBatch(depth, '00000000-0000-0000-0000-000000000000');
      for (;;) {
        const { tasks, orders, children } = await next;
        if (tasks.length === 0) break;
        next = fetchBatch(depth, tasks[tasks.length - 1]!.id);
        const ordersBy = new Map<string, OrderLevel[]>();
        for (const o of orders) ordersBy.set(o.task_id, [...(ordersBy.get(o.task_id) ?? []), ...lightingOrderLevels([{ level: o.level, status: o.status as OrderStatus }])]);
        const childrenBy = new Map<string, ChildSummary[]>();
        for (const c of children) childrenBy.set(c.parent_id!, [...(childrenBy.get(c.parent_id!) ?? []), c]);
        const rows = tasks
          .map((t) => {
            const next = this.evaluate(t, ordersBy.get(t.id) ?? [], childrenBy.get(t.id) ?? [], today);
            return { id: t.id, light: next.light.light, reason: next.light.reason, percent: next.percent, missed: next.missed, changed: LightService.changes(t, next) };
          })
          // Most nights most lights stay as they were; only the changed rows are written.
          .filter((r) => r.changed);
        await writeLights(db, tenantId, rows, now);
        done += tasks.length;
        written += rows.length;
        onProgress?.(done, total);
      }
    }
    // Overdue flags move with the day: the counters are rebuilt as of today (and compacted).
    await db.transaction().execute((tx) => recountTenant(tx, tenantId, today));
    // Rewriting many rows clears the visibility map, and the dashboard's and lists' index-only
    // scans fall back to the heap until the table is vacuumed: do it now rather than wait.
    if (written > total / 10) await sql`VACUUM (ANALYZE) tasks`.execute(db);
    return done;
  }
}
