import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PGliteDialect, PostgresDialect, type Transaction } from 'kysely';
import pg from 'pg';
import { acquireDirLock } from '../lib/lock-file.ts';
import type { DB } from './schema.ts';

export type Engine = 'pglite' | 'postgresql';
export type Tx = Transaction<DB>;
export type Executor = Kysely<DB> | Tx;

/** An open database: the Kysely handle plus what migrations, backups and health need. */
export interface Database {
  db: Kysely<DB>;
  engine: Engine;
  /** Runs a multi-statement SQL script inside one transaction. */
  execScript(script: string): Promise<void>;
  /** The server's version string. */
  serverVersion(): Promise<string>;
  /** PGlite only: the whole cluster as a tarball, which `pgliteTemplate` loads. */
  dumpDataDir?(): Promise<Blob>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** A PostgreSQL URL; when absent PGlite is used. */
  databaseUrl?: string | undefined;
  /** PGlite's data folder; absent means in memory. */
  dataDir?: string | undefined;
  /**
   * PGlite only: start from this dumped data folder (`PGlite.dumpDataDir`) instead of an empty
   * cluster. The tests keep one migrated cluster and load it for every database: a fresh
   * cluster's initdb, run in WASM, takes seconds; loading the dump, about a second.
   */
  pgliteTemplate?: Blob | undefined;
  /** Pool size for PostgreSQL. */
  poolSize?: number;
  onPoolError?: (err: Error) => void;
}

const INT8 = 20;
const DATE = 1082;
const NUMERIC = 1700;

// Both engines answer the same JS types: int8 and numeric as number (counts, percents, 万元),
// date as 'YYYY-MM-DD'.
const toNumber = (v: string) => Number(v);
const dateText = (v: string) => v;

/** Opens PGlite (holding a lock on its data folder) or a PostgreSQL pool. */
export async function createDatabase(options: DatabaseOptions): Promise<Database> {
  if (options.databaseUrl) return openPostgres(options.databaseUrl, options);
  return openPglite(options.dataDir, options.pgliteTemplate);
}

async function openPglite(dataDir: string | undefined, template: Blob | undefined): Promise<Database> {
  const release = dataDir ? acquireDirLock(dataDir) : () => {};
  let pglite: PGlite;
  try {
    pglite = await PGlite.create({
      ...(dataDir ? { dataDir: path.join(dataDir, 'pglite') } : {}),
      ...(template ? { loadDataDir: template } : {}),
      parsers: { [INT8]: toNumber, [NUMERIC]: toNumber, [DATE]: dateText },
    });
  } catch (err) {
    release();
    throw err;
  }
  const db = new Kysely<DB>({ dialect: new PGliteDialect({ pglite }) });
  return {
    db,
    engine: 'pglite',
    async execScript(script) {
      await pglite.transaction(async (tx) => {
        await tx.exec(script);
      });
    },
    async serverVersion() {
      const r = await pglite.query<{ v: string }>('select version() as v');
      return r.rows[0]?.v ?? '';
    },
    dumpDataDir: () => pglite.dumpDataDir('none'),
    async close() {
      await db.destroy();
      if (!pglite.closed) await pglite.close();
      release();
    },
  };
}

async function openPostgres(url: string, options: DatabaseOptions): Promise<Database> {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 20,
    // An unreachable server (no answer at all) fails a request after 10 s with a 503 instead of hanging it.
    connectionTimeoutMillis: 10_000,
    // No JIT compilation: its cost model counts correlated subqueries per row, so a read of a few
    // thousand rows (the reporting burden's tasks with their filed periods) spent 1.9 s compiling
    // for 70 ms of work. The app's statements are short; PGlite has no JIT at all.
    options: '-c jit=off',
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
        if (oid === INT8 || oid === NUMERIC) return toNumber;
        if (oid === DATE) return dateText;
        return pg.types.getTypeParser(oid, format as 'text');
      }) as typeof pg.types.getTypeParser,
    },
  });
  // A lost connection (server restart) must not crash the process: idle clients report through
  // the pool, checked-out ones through their own 'error' event; the pool reconnects on demand.
  const onError = (err: Error) => options.onPoolError?.(err);
  pool.on('error', onError);
  pool.on('connect', (client) => client.on('error', onError));
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    engine: 'postgresql',
    async execScript(script) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        await client.query(script);
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK').catch(() => {});
        throw err;
      } finally {
        client.release();
      }
    },
    async serverVersion() {
      const r = await pool.query<{ v: string }>('select version() as v');
      return r.rows[0]?.v ?? '';
    },
    async close() {
      await db.destroy();
    },
  };
}
