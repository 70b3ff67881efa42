import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { scheduleSupervisionJobs } from '../src/jobs/supervision-jobs.ts';
import { testEngines } from './support/test-database.ts';
import { multipartBody, useTestApp, type Client, type TestContext } from './support/harness.ts';

/** A small PDF of about `kb` KB; `seed` makes its content (and so its stored file) distinct. */
function pdf(kb: number, seed: string): Buffer {
  return Buffer.concat([Buffer.from(`%PDF-1.4\n% ${seed}\n`), Buffer.alloc(kb * 1024, 0x20), Buffer.from('\n%%EOF\n')]);
}

async function upload(client: Client, name: string, bytes: Buffer) {
  const { body, headers } = multipartBody(name, bytes);
  return client.request('POST', '/api/attachments', body, headers);
}

function storedPath(t: TestContext, dir: string, bytes: Buffer): string {
  const sha = createHash('sha256').update(bytes).digest('hex');
  return path.join(dir, t.tenantId, sha.slice(0, 2), sha);
}

async function actorOf(t: TestContext, username: string) {
  const u = await t.container.db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirstOrThrow();
  return t.container.auth.loadActor(t.tenantId, u);
}

async function pendingOf(t: TestContext, username: string) {
  return t.container.db.selectFrom('attachments').select(['id', 'file_name']).where('owner_type', '=', 'pending').where('uploaded_by', '=', t.userId(username)).orderBy('file_name').execute();
}

describe.each(testEngines())('pending uploads on %s', (engine) => {
  const filesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-uploads-'));
  const t = useTestApp(engine, { LUOSHI_FILES_DIR: filesDir, LUOSHI_PENDING_UPLOADS_MAX: '3', LUOSHI_PENDING_UPLOAD_MB: '1' });
  afterAll(() => fs.rmSync(filesDir, { recursive: true, force: true }));

  it('lets only the roles that attach files upload: supervisors, liaisons and deputies, not viewers, leaders or administrators', async () => {
    for (const username of ['viewer', 'leader', 'admin_dc', 'admin']) {
      const res = await upload(await t.login(username), '佐证.pdf', pdf(1, username));
      expect(res.status, username).toBe(403);
      expect(res.body.error.message).toBe('只有督查人员、联络员和代表委员可以上传附件');
      expect(await pendingOf(t, username)).toEqual([]);
    }
    for (const username of ['supervisor', 'liaison_dc', 'deputy']) {
      const res = await upload(await t.login(username), '佐证.pdf', pdf(1, username));
      expect(res.status, username).toBe(201);
    }
  });

  it('holds each user to a quota of pending files (count and bytes), named in a Chinese 4xx; attaching frees the room', async () => {
    const xc = await t.login('liaison_xc');
    for (const n of [1, 2, 3]) expect((await upload(xc, `照片${n}.pdf`, pdf(10, `xc${n}`))).status).toBe(201);
    const fourth = await upload(xc, '照片4.pdf', pdf(10, 'xc4'));
    expect(fourth.status).toBe(409);
    expect(fourth.body.error.message).toContain('待使用的上传文件最多 3 个');
    expect(fourth.body.error.details).toEqual([{ field: 'file', message: '待使用的上传文件最多 3 个' }]);
    // Another user's quota is their own.
    const sup = await t.login('supervisor');
    expect((await upload(sup, '方案.pdf', pdf(10, 'sup-own'))).status).toBe(201);

    // Attaching one to a report frees a place.
    const task = await t.container.tasks.create(await actorOf(t, 'supervisor'), { title: '配额测试任务', leadUnitIds: [t.unit('SFS-XC')], deadline: '2026-06-30' });
    const [first] = await pendingOf(t, 'liaison_xc');
    const xcActor = await actorOf(t, 'liaison_xc');
    await t.container.tasks.acknowledge(xcActor, task.id);
    await t.container.tasks.report(xcActor, task.id, { done: '已开展', percent: 10, attachmentIds: [first!.id] });
    expect((await upload(xc, '照片4.pdf', pdf(10, 'xc4'))).status).toBe(201);

    // Bytes: 1 MB in all, however few the files.
    const dc = await t.login('liaison_dc');
    expect((await upload(dc, '大文件1.pdf', pdf(600, 'dc-big1'))).status).toBe(201);
    const tooMuch = await upload(dc, '大文件2.pdf', pdf(600, 'dc-big2'));
    expect(tooMuch.status).toBe(413);
    expect(tooMuch.body.error.message).toContain('待使用的上传文件合计不能超过 1 MB');
    expect(fs.existsSync(storedPath(t, filesDir, pdf(600, 'dc-big2')))).toBe(false);
  });

  it('deletes pending uploads older than a day (rows and stored files, audited) by the hourly job, and keeps attached and recent ones', async () => {
    t.clock.set('2026-05-04T02:00:00Z');
    const sup = await t.login('supervisor');
    const supActor = await actorOf(t, 'supervisor');
    await t.container.db.deleteFrom('attachments').where('owner_type', '=', 'pending').execute();
    const staleBytes = pdf(2, 'stale');
    const sharedBytes = pdf(2, 'shared');
    const stale = (await upload(sup, '过期.pdf', staleBytes)).body.data;
    const staleShared = (await upload(sup, '过期但同内容.pdf', sharedBytes)).body.data;
    const attached = (await upload(sup, '已使用.pdf', sharedBytes)).body.data;
    await t.container.tasks.create(supActor, { title: '带附件的任务(清理测试)', leadUnitIds: [t.unit('SFS-DC')], deadline: '2026-06-30', attachmentIds: [attached.id] });
    t.clock.advance(20 * 3600_000);
    const recent = (await upload(await t.login('supervisor'), '刚上传.pdf', pdf(2, 'recent'))).body.data;
    expect(fs.existsSync(storedPath(t, filesDir, staleBytes))).toBe(true);

    // A day and a bit after the first uploads: the hourly schedule enqueues the cleanup, the runner runs it.
    t.clock.advance(5 * 3600_000);
    await scheduleSupervisionJobs({ db: t.container.db, clock: t.clock, runner: t.container.jobs });
    await t.container.jobs.drain();
    const job = await t.container.db.selectFrom('jobs').select(['status', 'result']).where('kind', '=', 'uploads.cleanup').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(job.status).toBe('done');
    expect(job.result).toMatchObject({ deleted: 2, filesRemoved: 1 });

    const left = await t.container.db.selectFrom('attachments').select('id').where('id', 'in', [stale.id, staleShared.id, attached.id, recent.id]).execute();
    expect(left.map((r) => r.id).sort()).toEqual([attached.id, recent.id].sort());
    // The stale file is gone from disk; the one whose bytes a task still uses stays.
    expect(fs.existsSync(storedPath(t, filesDir, staleBytes))).toBe(false);
    expect(fs.existsSync(storedPath(t, filesDir, sharedBytes))).toBe(true);
    const later = await t.login('supervisor');
    expect((await later.get(`/api/attachments/${attached.id}`)).status).toBe(200);
    expect((await later.get(`/api/attachments/${stale.id}`)).status).toBe(404);
    const audit = await t.container.db.selectFrom('audit_log').select(['entity_id', 'actor_name', 'summary']).where('action', '=', 'attachment.cleanup').execute();
    expect(audit.map((a) => a.entity_id).sort()).toEqual([stale.id, staleShared.id].sort());
    expect(audit.find((a) => a.entity_id === stale.id)).toMatchObject({ actor_name: '系统', summary: '清理超过一天未使用的上传文件 过期.pdf' });

    // The recent one goes when its day is over.
    t.clock.advance(24 * 3600_000);
    await scheduleSupervisionJobs({ db: t.container.db, clock: t.clock, runner: t.container.jobs });
    await t.container.jobs.drain();
    expect(await t.container.db.selectFrom('attachments').select('id').where('id', '=', recent.id).execute()).toEqual([]);
  });
});
