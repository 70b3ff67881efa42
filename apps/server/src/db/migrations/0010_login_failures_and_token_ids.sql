-- Failed logins are counted per account and source address, and a lock holds only for that
-- source: a stranger can no longer lock someone out of their own desk. `username` is the name
-- as typed, lower-cased, so names that do not exist are slowed down alike. The per-user
-- users.failed_logins and users.locked_until are no longer written.
CREATE TABLE login_failures (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  username text NOT NULL,
  source text NOT NULL,
  failures integer NOT NULL DEFAULT 0,
  locked_until timestamptz,
  last_failed_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, username, source)
);
CREATE INDEX login_failures_stale ON login_failures (tenant_id, last_failed_at);

-- A token's shown identifier is its own: new tokens store the first characters of their secret.
-- Older tokens stored the tenant's digits, the same for every token; their secret is not kept,
-- so they get the first characters of their stored hash, marked with '#'.
UPDATE api_tokens SET prefix = '#' || left(token_hash, 8);
