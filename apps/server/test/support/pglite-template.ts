import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDatabase } from '../../src/db/database.ts';
import { migrate } from '../../src/db/migrate.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A migrated PGlite cluster's tarball (global setup), loaded by every PGlite test database. */
    pgliteTemplate: string;
  }
}

/**
 * Migrates one in-memory PGlite cluster and writes it to a file, once per test run (global setup);
 * every test database then loads that file instead of creating a cluster — PGlite's initdb, run
 * in WASM, took 4–10 s per database on the 2-core CI machine, most of a PGlite test file's start.
 * Answers the file and a function that removes it.
 */
export async function writePgliteTemplate(): Promise<{ file: string; remove: () => void }> {
  const database = await createDatabase({});
  try {
    await migrate(database);
    const tarball = await database.dumpDataDir!();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-pglite-template-'));
    const file = path.join(dir, 'migrated.tar');
    fs.writeFileSync(file, Buffer.from(await tarball.arrayBuffer()));
    return { file, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
  } finally {
    await database.close();
  }
}

/** The template written by global setup, as PGlite loads it; undefined when there is none (a cluster is created). */
export function pgliteTemplate(file: string | undefined): Blob | undefined {
  return file && fs.existsSync(file) ? new Blob([fs.readFileSync(file)]) : undefined;
}
