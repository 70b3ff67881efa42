import { hostname } from 'node:os';
import { sql, type Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { DB, JobRow } from '../db/schema.ts';
import type { Executor } from '../db/database.ts';
import type { Clock } from '../lib/clock.ts';

/** One kind of job: small, idempotent, safe to run again after a crash. */
export interface JobHandler {
  kind: string;
  run(job: JobRow, ctx: { progress(value: unknown): Promise<void> }): Promise<unknown>;
}

export interface EnqueueInput {
  kind: string;
  tenantId?: string | null;
  payload?: unknown;
  runAt?: Date;
  /** At most one job per key ever exists; a second enqueue with it does nothing. */
  dedupeKey?: string;
}

const STALE_MS = 10 * 60_000;

/**
 * A queue on the `jobs` table. Workers claim with FOR UPDATE SKIP LOCKED (on PostgreSQL several
 * servers can share it; PGlite has one connection, where it is simply a queue). A job whose
 * worker died is reclaimed after ten minutes; failures retry with backoff up to max_attempts.
 */
export class JobRunner {
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private readonly handlers: Map<string, JobHandler>;
  readonly workerId = `${hostname()}:${process.pid}`;

  constructor(private readonly deps: { db: Kysely<DB>; clock: Clock; logger: Logger; handlers: JobHandler[] }) {
    this.handlers = new Map(deps.handlers.map((h) => [h.kind, h]));
  }

  /** Adds a job (inside the caller's transaction when given); returns its id, or null when the dedupe key exists. */
  async enqueue(input: EnqueueInput, db: Executor = this.deps.db): Promise<number | null> {
    const row = await db
      .insertInto('jobs')
      .values({ kind: input.kind, tenant_id: input.tenantId ?? null, payload: JSON.stringify(input.payload ?? {}), dedupe_key: input.dedupeKey ?? null, run_at: input.runAt ?? this.deps.clock.now() })
      .onConflict((oc) => oc.column('dedupe_key').doNothing())
      .returning('id')
      .executeTakeFirst();
    return row ? Number(row.id) : null;
  }

  /** Claims the next due job, or undefined. */
  async claim(): Promise<JobRow | undefined> {
    const now = this.deps.clock.now();
    const r = await sql<JobRow>`
      UPDATE jobs SET status = 'running', locked_at = ${now}, locked_by = ${this.workerId}, attempts = attempts + 1
      WHERE id = (SELECT id FROM jobs WHERE status = 'queued' AND run_at <= ${now} ORDER BY run_at, id FOR UPDATE SKIP LOCKED LIMIT 1)
      RETURNING *`.execute(this.deps.db);
    return r.rows[0];
  }

  /** Puts jobs whose worker vanished mid-run back in the queue. */
  async recoverStale(): Promise<number> {
    const cutoff = new Date(this.deps.clock.now().getTime() - STALE_MS);
    const r = await this.deps.db.updateTable('jobs').set({ status: 'queued', locked_at: null, locked_by: null }).where('status', '=', 'running').where('locked_at', '<', cutoff).executeTakeFirst();
    return Number(r.numUpdatedRows);
  }

  /** Runs one due job; false when none was due. */
  async runOnce(): Promise<boolean> {
    const job = await this.claim();
    if (!job) return false;
    const handler = this.handlers.get(job.kind);
    const db = this.deps.db;
    try {
      if (!handler) throw new Error(`unknown job kind ${job.kind}`);
      const result = await handler.run(job, { progress: async (value) => void (await db.updateTable('jobs').set({ progress: JSON.stringify(value) }).where('id', '=', job.id).execute()) });
      await db.updateTable('jobs').set({ status: 'done', result: JSON.stringify(result ?? null), finished_at: this.deps.clock.now(), locked_by: null }).where('id', '=', job.id).execute();
    } catch (err) {
      const message = (err as Error).message ?? String(err);
      const retry = job.attempts < job.max_attempts;
      this.deps.logger.error({ err, job: { id: job.id, kind: job.kind } }, 'job failed');
      await db
        .updateTable('jobs')
        .set({ status: retry ? 'queued' : 'failed', last_error: message.slice(0, 2000), run_at: new Date(this.deps.clock.now().getTime() + 60_000 * 2 ** job.attempts), locked_by: null, ...(retry ? {} : { finished_at: this.deps.clock.now() }) })
        .where('id', '=', job.id)
        .execute();
    }
    return true;
  }

  /** Runs every due job now (tests, the CLI). */
  async drain(limit = 1000): Promise<number> {
    let n = 0;
    while (n < limit && (await this.runOnce())) n++;
    return n;
  }

  /** Polls for due jobs every `intervalMs` until stopped; `tick` runs first each time (scheduling). */
  start(intervalMs: number, tick: () => Promise<void>): void {
    const loop = async () => {
      if (this.running) return;
      this.running = true;
      try {
        await tick();
        await this.recoverStale();
        await this.drain(100);
      } catch (err) {
        this.deps.logger.error({ err }, 'job loop failed; will retry');
      } finally {
        this.running = false;
      }
    };
    this.timer = setInterval(() => void loop(), intervalMs);
    this.timer.unref();
    void loop();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    while (this.running) await new Promise((r) => setTimeout(r, 50));
  }
}
