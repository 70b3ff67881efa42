import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { counterDrift } from '../src/supervision/counters.ts';
import { backupDatabase, restoreDatabase, tableDigests } from '../src/db/backup.ts';
import { seedScale } from '../src/seed/generate.ts';
import { createTestDatabase, testEngines } from './support/test-database.ts';
import { useTestApp } from './support/harness.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-backup-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe.each(testEngines())('backup and restore from %s', (engine) => {
  const t = useTestApp(engine);

  it.each(testEngines())('round-trips every table into a fresh %s database', async (target) => {
    const admin = await t.login('admin');
    await admin.post('/api/org-units', { parentId: t.unit('SFS-DC'), kind: 'other', code: `BK-${target}`, name: '备份测试' });
    const seeded = await seedScale(t.container.database, 'district', t.container.audit);
    // The seeded tenant's audit row is written with the server's key: its chain verifies.
    expect((await t.container.audit.verify(seeded.tenantId)).ok).toBe(true);
    const sup = await t.container.auth.loadActor(t.tenantId, await t.container.db.selectFrom('users').selectAll().where('username', '=', 'supervisor').executeTakeFirstOrThrow());
    await t.container.tasks.create(sup, { title: '备份计数', leadUnitIds: [t.unit('SFS-DC')], coUnitIds: [t.unit('SFS-XC')], category: '民生保障', deadline: '2026-02-01' });
    const file = path.join(dir, `${engine}-to-${target}.jsonl.gz`);
    const saved = await backupDatabase(t.container.database, file);
    expect(saved.rows).toBeGreaterThan(400);
    const fresh = await createTestDatabase(target);
    try {
      const restored = await restoreDatabase(fresh, file);
      expect(restored.rows).toBe(saved.rows);
      expect(await tableDigests(fresh.db)).toEqual(await tableDigests(t.container.db));
      // The dashboard's counters are not in the file: the restore recounts them from the tasks.
      expect(await counterDrift(fresh.db, t.tenantId)).toEqual([]);
      expect(Number((await sql<{ n: number }>`SELECT coalesce(sum(n), 0) AS n FROM unit_task_counts WHERE tenant_id = ${t.tenantId}::uuid`.execute(fresh.db)).rows[0]!.n)).toBeGreaterThanOrEqual(2);
      // The restored audit chain still verifies.
      const { AuditService } = await import('../src/modules/audit/audit.service.ts');
      expect((await new AuditService({ db: fresh.db, clock: t.clock, key: t.container.auditKey }).verify(t.tenantId)).ok).toBe(true);
    } finally {
      await fresh.drop();
    }
  });

  it('leaves the database unchanged when the backup file is truncated', async () => {
    const file = path.join(dir, `${engine}-full.jsonl.gz`);
    await backupDatabase(t.container.database, file);
    const { gunzipSync, gzipSync } = await import('node:zlib');
    const lines = gunzipSync(fs.readFileSync(file)).toString('utf8').split('\n');
    const broken = path.join(dir, `${engine}-broken.jsonl.gz`);
    fs.writeFileSync(broken, gzipSync(lines.slice(0, Math.floor(lines.length * 0.6)).join('\n')));
    const before = await tableDigests(t.container.db);
    await expect(restoreDatabase(t.container.database, broken)).rejects.toThrow(/不完整/);
    expect(await tableDigests(t.container.db)).toEqual(before);
  });

  it('refuses a file that is not a backup', async () => {
    const file = path.join(dir, 'junk.gz');
    const { gzipSync } = await import('node:zlib');
    fs.writeFileSync(file, gzipSync('hello\n'));
    await expect(restoreDatabase(t.container.database, file)).rejects.toThrow(/不是落实备份文件/);
  });
});
