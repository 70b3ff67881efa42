import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DB } from '../../db/schema.ts';

// The reads behind the reporting burden: each source of requests over one unit, or it and its children,
// for one month. Each is one statement over the org closure; the service turns rows into requests.

export interface Where {
  tenantId: string;
  unitId: string;
  /** The unit and the units directly below it (the overview's rows), or that unit alone (its drawer). */
  children: boolean;
  /** First and last day of the month. */
  start: string;
  end: string;
}

/** The units of the request's owner column: the unit and its children through org_closure, or the one unit. */
function unitsOf(w: Where, column: RawBuilder<unknown>) {
  return w.children
    ? sql`${column} IN (SELECT c.descendant_id FROM org_closure c WHERE c.tenant_id = ${w.tenantId} AND c.ancestor_id = ${w.unitId} AND c.depth <= 1)`
    : sql`${column} = ${w.unitId}`;
}

export interface TaskSourceRow {
  id: string;
  title: string;
  module: string;
  owner_unit_id: string;
  root_id: string;
  report_cycle: 'weekly' | 'biweekly' | 'monthly' | 'quarterly';
  report_due_day: number;
  start_date: string | null;
  created_at: Date;
  closed_at: Date | null;
  /** Projects the task reports on: its coordination problem's, or the unit's projects its title names. */
  project_ids: string[];
  /** Periods among `periods` holding a submitted report (a returned one is owed again). */
  filed_periods: string[];
}

/**
 * Tasks of any module with a report rhythm that were open during the month: assigned (not draft),
 * created by its end, not finished or cancelled before its start; with the periods among
 * `periods` (every key a period due in the month may have) they reported for.
 */
export async function taskSources(db: Kysely<DB>, w: Where, periods: string[]): Promise<TaskSourceRow[]> {
  const r = await sql<TaskSourceRow>`
    SELECT t.id, t.title, t.module, t.owner_unit_id, t.root_id, t.report_cycle, t.report_due_day, t.start_date::text AS start_date, t.created_at,
      CASE WHEN t.status = 'completed' THEN t.completed_at WHEN t.status = 'cancelled' THEN t.updated_at END AS closed_at,
      ARRAY(
        SELECT pp.project_id FROM project_problems pp WHERE pp.tenant_id = t.tenant_id AND pp.task_id = t.id
        UNION
        SELECT p.id FROM projects p
        WHERE p.tenant_id = t.tenant_id AND p.lead_unit_id = t.owner_unit_id AND p.deleted_at IS NULL AND char_length(p.name) >= 2 AND strpos(t.title, p.name) > 0
      )::text[] AS project_ids,
      ARRAY(
        SELECT DISTINCT pr.period FROM progress_reports pr
        WHERE pr.tenant_id = t.tenant_id AND pr.task_id = t.id AND pr.status = 'submitted' AND pr.period = ANY(${sql.val(periods)}::text[])
      )::text[] AS filed_periods
    FROM tasks t
    WHERE t.tenant_id = ${w.tenantId} AND ${unitsOf(w, sql.ref('t.owner_unit_id'))}
      AND t.deleted_at IS NULL AND t.report_cycle <> 'none' AND t.status <> 'draft'
      AND t.created_at < (${w.end}::date + 1)
      AND NOT (t.status = 'completed' AND t.completed_at < ${w.start}::date)
      AND NOT (t.status = 'cancelled' AND t.updated_at < ${w.start}::date)
    ORDER BY t.id`.execute(db);
  return r.rows;
}

export interface ProjectSourceRow {
  id: string;
  name: string;
  lead_unit_id: string;
  first_period: string;
  filed: boolean;
}

/** Key projects led in the units, with whether the month's report (for `period`) is in. */
export async function projectSources(db: Kysely<DB>, w: Where, period: string): Promise<ProjectSourceRow[]> {
  const r = await sql<ProjectSourceRow>`
    SELECT p.id, p.name, p.lead_unit_id, to_char(p.created_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM') AS first_period,
      EXISTS (SELECT 1 FROM project_reports pr WHERE pr.tenant_id = p.tenant_id AND pr.project_id = p.id AND pr.period = ${period}) AS filed
    FROM projects p
    WHERE p.tenant_id = ${w.tenantId} AND ${unitsOf(w, sql.ref('p.lead_unit_id'))} AND p.deleted_at IS NULL
    ORDER BY p.id`.execute(db);
  return r.rows;
}

export interface IndicatorSourceRow {
  id: string;
  code: string;
  name: string;
  frequency: 'month' | 'quarter' | 'year';
  unit_id: string;
  /** Periods of the indicator holding at least one value, among those asked. */
  filed_periods: string[];
}

/** Indicators the units report (their 报送单位), entered by hand (not derived by a formula), defined by the month's end. */
export async function indicatorSources(db: Kysely<DB>, w: Where, periods: string[]): Promise<IndicatorSourceRow[]> {
  const r = await sql<IndicatorSourceRow>`
    SELECT i.id, i.code, i.name, i.frequency, i.unit_id,
      ARRAY(SELECT DISTINCT v.period FROM indicator_values v WHERE v.tenant_id = i.tenant_id AND v.indicator_id = i.id AND v.period = ANY(${sql.val(periods)}::text[]))::text[] AS filed_periods
    FROM indicators i
    WHERE i.tenant_id = ${w.tenantId} AND ${unitsOf(w, sql.ref('i.unit_id'))} AND i.deleted_at IS NULL AND i.formula IS NULL
      AND i.created_at < (${w.end}::date + 1)
    ORDER BY i.id`.execute(db);
  return r.rows;
}

export interface AnswerSourceRow {
  id: string;
  title: string;
  main_unit_id: string;
  round: number;
  deadline: string;
  answered: boolean;
}

/** Suggestion rounds whose answer is due within the month from their main unit. */
export async function answerSources(db: Kysely<DB>, w: Where): Promise<AnswerSourceRow[]> {
  const r = await sql<AnswerSourceRow>`
    SELECT s.id, s.title, s.main_unit_id, sr.round, sr.deadline::text AS deadline, sr.answered_at IS NOT NULL AS answered
    FROM suggestion_rounds sr
    JOIN suggestions s ON s.tenant_id = sr.tenant_id AND s.id = sr.suggestion_id
    WHERE sr.tenant_id = ${w.tenantId} AND s.deleted_at IS NULL AND s.main_unit_id IS NOT NULL AND ${unitsOf(w, sql.ref('s.main_unit_id'))}
      AND sr.deadline BETWEEN ${w.start}::date AND ${w.end}::date
    ORDER BY s.id, sr.round`.execute(db);
  return r.rows;
}

export interface MaterialSourceRow {
  id: string;
  name: string;
  owner_unit_id: string;
  period_key: string;
  due_on: string;
  done: boolean;
}

/** Cadence occurrences (材料报送 of the work's rhythm) due within the month from their rule's owner unit; skipped ones ask nothing. */
export async function materialSources(db: Kysely<DB>, w: Where): Promise<MaterialSourceRow[]> {
  const r = await sql<MaterialSourceRow>`
    SELECT o.id, cr.name, cr.owner_unit_id, o.period_key, o.due_on::text AS due_on, o.status IN ('prepared', 'done') AS done
    FROM cadence_occurrences o
    JOIN cadence_rules cr ON cr.tenant_id = o.tenant_id AND cr.id = o.rule_id
    WHERE o.tenant_id = ${w.tenantId} AND ${unitsOf(w, sql.ref('cr.owner_unit_id'))}
      AND o.due_on BETWEEN ${w.start}::date AND ${w.end}::date AND o.status <> 'skipped'
    ORDER BY o.id`.execute(db);
  return r.rows;
}

/** The names and order of units. */
export async function unitNames(db: Kysely<DB>, tenantId: string, ids: string[]): Promise<{ id: string; name: string; code: string; depth: number; sort_order: number }[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('org_units').select(['id', 'name', 'code', 'depth', 'sort_order']).where('tenant_id', '=', tenantId).where('id', 'in', ids).orderBy('depth').orderBy('sort_order').orderBy('code').execute();
}
