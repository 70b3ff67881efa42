import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createDatabase } from '../src/db/database.ts';
import { DataDirLockedError } from '../src/lib/lock-file.ts';

describe('PGlite data folder lock', () => {
  it('stops a second opener at once, naming the pid that holds the folder', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-lock-'));
    const holder = spawn('sleep', ['30']);
    try {
      fs.writeFileSync(path.join(dir, 'luoshi.lock'), String(holder.pid));
      const err = await createDatabase({ dataDir: dir }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(DataDirLockedError);
      expect((err as Error).message).toContain(String(holder.pid));
      expect(fs.existsSync(path.join(dir, 'pglite'))).toBe(false);
    } finally {
      holder.kill();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('takes over a lock left by a dead process, holds it while open and releases it on close', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-lock-'));
    fs.writeFileSync(path.join(dir, 'luoshi.lock'), '999999');
    const database = await createDatabase({ dataDir: dir });
    try {
      expect(fs.readFileSync(path.join(dir, 'luoshi.lock'), 'utf8')).toBe(String(process.pid));
    } finally {
      await database.close();
    }
    expect(fs.existsSync(path.join(dir, 'luoshi.lock'))).toBe(false);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
