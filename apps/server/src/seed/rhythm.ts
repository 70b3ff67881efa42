import { sql, type Kysely } from 'kysely';
import type { Database, Executor } from '../db/database.ts';
import type { DB } from '../db/schema.ts';
import { DEFAULT_RHYTHMS } from '../modules/rhythm/cadence-rules.ts';
import { addCalendarDays, shanghaiDate } from '../supervision/rules/working-days.ts';

/**
 * A year of the work's rhythm (issue 12): the default five rhythms (一月一通报 … 年度一述职) for the
 * root and every city and district, each starting a year ago, their occurrences written through
 * today by the rhythm's own `ensureOccurrences` (the due dates on the working-day calendar), and the
 * past ones recorded as a supervision office would: most held on their due day, one in twenty not
 * held with a reason, one in ten still open past its due day. Returns what was written.
 */
export async function seedRhythm(
  database: Database,
  tenantId: string,
  ensureOccurrences: (db: Executor, tenantId: string) => Promise<number>,
  today = shanghaiDate(new Date()),
): Promise<{ rules: number; occurrences: number }> {
  const db = database.db as Kysely<DB>;
  const t = tenantId;
  const startsOn = `${addCalendarDays(today, -365).slice(0, 7)}-01`;
  return db.transaction().execute(async (tx) => {
    const rules = await sql`
      INSERT INTO cadence_rules (tenant_id, name, period, anchor, anchor_days, action, scope_unit_id, owner_unit_id, starts_on, preset)
      SELECT ${t}::uuid, p.name, p.period, p.anchor, p."anchorDays", p.action, u.id, u.id, ${startsOn}::date, p.preset
      FROM org_units u CROSS JOIN jsonb_to_recordset(${JSON.stringify(DEFAULT_RHYTHMS)}::jsonb)
        AS p(preset text, name text, period text, action text, anchor text, "anchorDays" integer)
      WHERE u.tenant_id = ${t}::uuid AND u.kind IN ('province', 'city', 'district')`.execute(tx);
    const occurrences = await ensureOccurrences(tx, t);
    await sql`
      UPDATE cadence_occurrences c SET
        status = CASE WHEN abs(hashtext(c.id::text)) % 20 = 0 THEN 'skipped' ELSE 'done' END,
        held_on = CASE WHEN abs(hashtext(c.id::text)) % 20 = 0 THEN NULL ELSE c.due_on END,
        record = CASE WHEN abs(hashtext(c.id::text)) % 20 = 0 THEN '因集中开展专项工作顺延至下期' ELSE '已按期开展' END
      WHERE c.tenant_id = ${t}::uuid AND c.due_on < ${today}::date AND abs(hashtext(c.id::text || 'open')) % 10 <> 0`.execute(tx);
    return { rules: Number(rules.numAffectedRows ?? 0), occurrences };
  });
}
