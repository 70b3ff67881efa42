-- Escalation by rule (issue 8, item 11): the nightly pass proposes blue, then yellow, then red
-- supervision orders for overdue work; the office accepts (which issues the order) or dismisses
-- each one, so nothing goes out unseen. One proposal per task and level: a dismissed level is not
-- proposed again.

CREATE TABLE escalation_proposals (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  task_id uuid NOT NULL,
  level text NOT NULL CHECK (level IN ('blue', 'yellow', 'red')),
  overdue_workdays integer NOT NULL,
  reason text NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'accepted', 'dismissed')),
  created_at timestamptz NOT NULL,
  decided_by uuid,
  decided_at timestamptz,
  order_id uuid,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, task_id, level),
  FOREIGN KEY (tenant_id, task_id) REFERENCES tasks (tenant_id, id)
);
-- The home page counts orders by status over the whole scope.
CREATE INDEX supervision_orders_status_idx ON supervision_orders (tenant_id, status);
CREATE INDEX escalation_proposals_status_idx ON escalation_proposals (tenant_id, status);
