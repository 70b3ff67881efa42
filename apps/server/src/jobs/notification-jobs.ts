import { DELIVER_JOB, type OutboxService } from '../modules/notifications/outbox.service.ts';
import type { JobHandler } from './job-runner.ts';

/**
 * The outbox's job: deliver a tenant's due notification rows after their transaction committed.
 * A failing channel does not fail the job; each row keeps its own attempts, backoff and dead state.
 */
export function notificationJobs(outbox: OutboxService): JobHandler[] {
  return [{ kind: DELIVER_JOB, run: (job) => outbox.deliverDue(job.tenant_id!) }];
}
