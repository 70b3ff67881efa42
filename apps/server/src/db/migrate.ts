import fs from 'node:fs';
import { sql } from 'kysely';
import { sha256 } from '../lib/crypto.ts';
import type { Database } from './database.ts';

const MIGRATIONS_DIR = new URL('./migrations/', import.meta.url);

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

/** The migrations shipped with this build, in order. */
export function listMigrations(): Migration[] {
  return fs
    .readdirSync(MIGRATIONS_DIR)
    .filter((f) => /^\d{4}_.+\.sql$/.test(f))
    .sort()
    .map((name) => {
      const text = fs.readFileSync(new URL(name, MIGRATIONS_DIR), 'utf8');
      return { name, sql: text, checksum: sha256(text) };
    });
}

/**
 * Applies the migrations not yet applied, each in its own transaction, and returns the names
 * applied now. Refuses to run when an applied migration's text has changed (they are forward-only).
 */
export async function migrate(database: Database): Promise<string[]> {
  await database.execScript(
    `CREATE TABLE IF NOT EXISTS schema_migrations (name text PRIMARY KEY, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
  );
  const applied = await appliedMigrations(database);
  const done: string[] = [];
  for (const m of listMigrations()) {
    const prior = applied.get(m.name);
    if (prior) {
      if (prior !== m.checksum) throw new Error(`迁移 ${m.name} 在应用后被修改过 (checksum mismatch); migrations are forward-only`);
      continue;
    }
    // The advisory lock makes concurrent starters on PostgreSQL wait; the ON CONFLICT makes the loser a no-op.
    const lock = database.engine === 'postgresql' ? `SELECT pg_advisory_xact_lock(7734201);\n` : '';
    const guarded = `${lock}DO $luoshi$ BEGIN IF EXISTS (SELECT 1 FROM schema_migrations WHERE name = '${m.name}') THEN RAISE EXCEPTION 'luoshi-migration-already-applied'; END IF; END $luoshi$;\n${m.sql}\nINSERT INTO schema_migrations (name, checksum) VALUES ('${m.name}', '${m.checksum}');`;
    try {
      await database.execScript(guarded);
      done.push(m.name);
    } catch (err) {
      if (String((err as Error).message).includes('luoshi-migration-already-applied')) continue;
      throw new Error(`迁移 ${m.name} 失败：${(err as Error).message}`, { cause: err });
    }
  }
  return done;
}

/** Names and checksums of the applied migrations. */
export async function appliedMigrations(database: Database): Promise<Map<string, string>> {
  const rows = await sql<{ name: string; checksum: string }>`SELECT name, checksum FROM schema_migrations ORDER BY name`.execute(database.db);
  return new Map(rows.rows.map((r) => [r.name, r.checksum]));
}
