-- Notifications leave the writing transaction. That transaction now writes the notice and one
-- outbox row per notice × channel the recipient chose (notification_deliveries, status
-- 'pending'); the job queue delivers after commit, retries with backoff and, after
-- max_attempts, leaves the row 'dead' for an administrator to see and retry.
--   pending  waiting for its first attempt (next_attempt_at)
--   sending  claimed by a worker until next_attempt_at (a lease: a worker that died is retried)
--   failed   the last attempt failed; retried at next_attempt_at
--   sent     delivered (sent_at)
--   dead     gave up after max_attempts
ALTER TABLE notification_deliveries
  ADD COLUMN user_id uuid,
  ADD COLUMN attempts integer NOT NULL DEFAULT 0,
  ADD COLUMN max_attempts integer NOT NULL DEFAULT 5,
  ADD COLUMN next_attempt_at timestamptz,
  ADD COLUMN sent_at timestamptz;

-- Rows of the in-transaction era: a failure was never retried, so it is dead.
UPDATE notification_deliveries SET status = 'dead' WHERE status = 'failed';
UPDATE notification_deliveries SET sent_at = at WHERE status = 'sent';
UPDATE notification_deliveries d SET user_id = n.user_id FROM notifications n WHERE n.tenant_id = d.tenant_id AND n.id = d.notification_id;

ALTER TABLE notification_deliveries ADD CONSTRAINT notification_deliveries_status_check CHECK (status IN ('pending', 'sending', 'failed', 'sent', 'dead'));
-- The worker's claim: due rows of every tenant.
CREATE INDEX notification_deliveries_due_idx ON notification_deliveries (next_attempt_at) WHERE status IN ('pending', 'sending', 'failed');
-- The administrator's list of failed and dead deliveries.
CREATE INDEX notification_deliveries_trouble_idx ON notification_deliveries (tenant_id, status, at DESC) WHERE status IN ('failed', 'dead');

-- Beside the in-app centre (always on) a person chooses e-mail and the unit's group robot.
ALTER TABLE users ADD COLUMN email text;
ALTER TABLE users ADD COLUMN notify_channels text[] NOT NULL DEFAULT '{}';

-- A unit's work group robot (DingTalk or WeCom). Notices to a person who chose 'webhook' go to
-- the robot of the person's own unit, so a group only hears what its unit's people may see.
CREATE TABLE unit_webhooks (
  tenant_id uuid NOT NULL,
  unit_id uuid NOT NULL,
  kind text NOT NULL CHECK (kind IN ('dingtalk', 'wecom')),
  url text NOT NULL,
  -- DingTalk's signing secret (加签); WeCom carries its key in the URL.
  secret text,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, unit_id),
  FOREIGN KEY (tenant_id, unit_id) REFERENCES org_units (tenant_id, id)
);
