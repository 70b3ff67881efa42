-- The reminder scan's memory (issue 8, item 19): for each open task, the keys of the automatic
-- reminders already handed to its unit's liaisons. The hourly scan reads them with the task and
-- skips those reminders, instead of probing the notifications for every candidate again (at city
-- scale, 51,200 open tasks, a scan with nothing new due took 2.2 s, almost all of it in the probes).
-- The notifications' own (tenant_id, user_id, dedupe_key) uniqueness stays the guarantee that a
-- person never gets the same reminder twice; this table is only the shortcut. A task's row holds
-- just the keys its current state still produces, so it does not grow.
CREATE TABLE reminder_marks (
  tenant_id uuid NOT NULL,
  task_id uuid NOT NULL,
  keys text[] NOT NULL,
  PRIMARY KEY (tenant_id, task_id),
  FOREIGN KEY (tenant_id, task_id) REFERENCES tasks (tenant_id, id) ON DELETE CASCADE
);
