-- Leader 签发 of yellow and red supervision orders (issue 8, item 11), when a deployment asks for it
-- (LUOSHI_ORDER_SIGNOFF). An order drafted by the office waits for the task's responsible leader:
-- 待签发 orders have no number yet — the number is taken when the order goes out, so a draft the
-- leader sends back leaves no gap in 督办〔年〕N号 — and light nothing. A sent-back order is 已退回.
ALTER TABLE supervision_orders ALTER COLUMN number DROP NOT NULL;
ALTER TABLE supervision_orders DROP CONSTRAINT supervision_orders_status_check;
ALTER TABLE supervision_orders ADD CONSTRAINT supervision_orders_status_check
  CHECK (status IN ('pending_signoff', 'open', 'replied', 'closed', 'refused'));
ALTER TABLE supervision_orders ADD COLUMN signoff_by uuid;
ALTER TABLE supervision_orders ADD COLUMN signoff_at timestamptz;
ALTER TABLE supervision_orders ADD COLUMN signoff_comment text;
