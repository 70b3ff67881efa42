import fs from 'node:fs';
import readline from 'node:readline';
import { createGunzip, createGzip } from 'node:zlib';
import { once } from 'node:events';
import { sql, type Kysely } from 'kysely';
import type { Database } from './database.ts';
import { appliedMigrations } from './migrate.ts';
import { recountAll } from '../supervision/counters.ts';
import { shanghaiDate } from '../supervision/rules/working-days.ts';

const FORMAT = 'luoshi-backup';
const BATCH = 2000;

interface Header {
  format: typeof FORMAT;
  version: 1;
  createdAt: string;
  engine: string;
  migrations: string[];
}

/** Tables derived from the others (the dashboard's counters): not backed up, recounted on restore. */
const DERIVED_TABLES = ['unit_task_counts', 'unit_month_counts', 'counter_days', 'suggestion_counts', 'campaign_problem_counts', 'project_month_sums', 'project_plan_sums', 'project_stage_sums', 'project_place_sums'];

/** The application's tables, parents before children (by foreign keys). */
export async function tablesInDependencyOrder(db: Kysely<any>): Promise<string[]> {
  const tables = (
    await sql<{ name: string }>`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> 'schema_migrations' ORDER BY table_name`.execute(db)
  ).rows
    .map((r) => r.name)
    .filter((name) => !DERIVED_TABLES.includes(name));
  const deps = (
    await sql<{ child: string; parent: string }>`
      SELECT DISTINCT tc.relname AS child, tp.relname AS parent
      FROM pg_constraint c JOIN pg_class tc ON tc.oid = c.conrelid JOIN pg_class tp ON tp.oid = c.confrelid
      JOIN pg_namespace n ON n.oid = tc.relnamespace
      WHERE c.contype = 'f' AND n.nspname = 'public' AND tc.relname <> tp.relname`.execute(db)
  ).rows;
  const ordered: string[] = [];
  const visit = (t: string, path: Set<string>) => {
    if (ordered.includes(t) || path.has(t)) return;
    path.add(t);
    for (const d of deps.filter((x) => x.child === t)) visit(d.parent, path);
    ordered.push(t);
  };
  for (const t of tables) visit(t, new Set());
  return ordered;
}

const ident = (name: string) => sql.id(name);

/**
 * Writes every table to a gzip'd JSON-lines file: a header, then for each table its rows as
 * PostgreSQL's own JSON of the row (exact for every type), so a backup from either engine
 * restores on either engine.
 */
export async function backupDatabase(database: Database, file: string, onProgress?: (table: string, rows: number) => void): Promise<{ tables: number; rows: number }> {
  const gzip = createGzip();
  const out = fs.createWriteStream(file);
  gzip.pipe(out);
  const write = async (obj: unknown) => {
    if (!gzip.write(`${JSON.stringify(obj)}\n`)) await once(gzip, 'drain');
  };
  const header: Header = { format: FORMAT, version: 1, createdAt: new Date().toISOString(), engine: database.engine, migrations: [...(await appliedMigrations(database)).keys()] };
  await write(header);
  let total = 0;
  // One repeatable-read transaction gives a consistent snapshot across tables.
  const tables = await tablesInDependencyOrder(database.db);
  await database.db.transaction().setIsolationLevel('repeatable read').execute(async (tx) => {
    for (const table of tables) {
      await write({ table });
      let count = 0;
      await sql`DECLARE luoshi_backup CURSOR FOR SELECT to_jsonb(t)::text AS j FROM ${ident(table)} t`.execute(tx);
      for (;;) {
        const rows = (await sql<{ j: string }>`FETCH ${sql.raw(String(BATCH))} FROM luoshi_backup`.execute(tx)).rows;
        if (rows.length === 0) break;
        for (const r of rows) {
          if (!gzip.write(`${r.j}\n`)) await once(gzip, 'drain');
        }
        count += rows.length;
        onProgress?.(table, count);
      }
      await sql`CLOSE luoshi_backup`.execute(tx);
      await write({ end: table, count });
      total += count;
    }
  });
  gzip.end();
  await once(out, 'finish');
  return { tables: tables.length, rows: total };
}

/**
 * Replaces the whole content of the database with a backup, in one transaction: nothing changes
 * unless every row restores. The backup must come from the same schema version.
 */
export async function restoreDatabase(database: Database, file: string, onProgress?: (table: string, rows: number) => void): Promise<{ tables: number; rows: number }> {
  const lines = readline.createInterface({ input: fs.createReadStream(file).pipe(createGunzip()), crlfDelay: Infinity });
  const iter = lines[Symbol.asyncIterator]();
  const first = await iter.next();
  let header: Header;
  try {
    header = JSON.parse(first.value ?? '') as Header;
  } catch {
    throw new Error(`${file} 不是落实备份文件 (not a Luoshi backup)`);
  }
  if (header.format !== FORMAT) throw new Error(`${file} 不是落实备份文件 (not a Luoshi backup)`);
  const ours = [...(await appliedMigrations(database)).keys()];
  if (ours.join(',') !== header.migrations.join(',')) {
    throw new Error(`备份的数据库版本（${header.migrations.at(-1)}）与当前程序（${ours.at(-1)}）不同，不能恢复 / schema version differs`);
  }
  const tables = await tablesInDependencyOrder(database.db);
  let total = 0;
  let tableCount = 0;
  await database.db.transaction().execute(async (tx) => {
    await sql`TRUNCATE ${sql.join(tables.map(ident))} CASCADE`.execute(tx);
    let table: string | null = null;
    let batch: string[] = [];
    let count = 0;
    const flush = async () => {
      if (!table || batch.length === 0) return;
      await sql`INSERT INTO ${ident(`luoshi_stage_${table}`)} SELECT * FROM jsonb_populate_recordset(NULL::${ident(table)}, ${`[${batch.join(',')}]`}::jsonb)`.execute(tx);
      count += batch.length;
      batch = [];
      onProgress?.(table, count);
    };
    for (;;) {
      const next = await iter.next();
      if (next.done) break;
      const line = next.value;
      if (!line) continue;
      if (line.startsWith('{"table":')) {
        table = (JSON.parse(line) as { table: string }).table;
        if (!tables.includes(table)) throw new Error(`备份中的表 ${table} 在当前数据库中不存在`);
        // Rows go to a constraint-free staging copy first; one INSERT … SELECT then checks
        // foreign keys at statement end, so self-references (parent units) need no ordering.
        await sql`CREATE TEMP TABLE ${ident(`luoshi_stage_${table}`)} (LIKE ${ident(table)} INCLUDING DEFAULTS) ON COMMIT DROP`.execute(tx);
        count = 0;
        continue;
      }
      if (line.startsWith('{"end":')) {
        await flush();
        const end = JSON.parse(line) as { end: string; count: number };
        if (end.count !== count) throw new Error(`备份文件不完整：表 ${end.end} 应有 ${end.count} 行，读到 ${count} 行`);
        await sql`INSERT INTO ${ident(table!)} SELECT * FROM ${ident(`luoshi_stage_${table}`)}`.execute(tx);
        total += count;
        tableCount++;
        table = null;
        continue;
      }
      batch.push(line);
      if (batch.length >= BATCH) await flush();
    }
    if (table) throw new Error(`备份文件不完整：表 ${table} 没有结束标记`);
    // The dashboard's counters are rebuilt from the restored tasks.
    await sql`TRUNCATE ${sql.join(DERIVED_TABLES.map(ident))}`.execute(tx);
    await recountAll(tx, shanghaiDate(new Date()));
  });
  if (database.engine === 'pglite') await sql`VACUUM ANALYZE`.execute(database.db);
  else await sql`ANALYZE`.execute(database.db);
  return { tables: tableCount, rows: total };
}

/** A digest of every table's content, for comparing two databases. */
export async function tableDigests(db: Kysely<any>): Promise<Record<string, { rows: number; md5: string }>> {
  const out: Record<string, { rows: number; md5: string }> = {};
  for (const table of await tablesInDependencyOrder(db)) {
    const r = await sql<{ n: number; h: string | null }>`SELECT count(*) AS n, md5(coalesce(string_agg(to_jsonb(t)::text, '|' ORDER BY to_jsonb(t)::text), '')) AS h FROM ${ident(table)} t`.execute(db);
    out[table] = { rows: Number(r.rows[0]?.n ?? 0), md5: r.rows[0]?.h ?? '' };
  }
  return out;
}
