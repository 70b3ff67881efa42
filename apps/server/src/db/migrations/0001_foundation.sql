-- Foundation: tenants, organisation tree with closure table, accounts, grants, sessions,
-- API tokens, settings and the hash-chained audit log.
-- Every business table carries tenant_id (the deployment's top organisation) in its keys so
-- that a national deployment can distribute by it on Citus (docs/SCALING.md).

CREATE TABLE tenants (
  id uuid PRIMARY KEY,
  code text NOT NULL UNIQUE,
  name text NOT NULL,
  is_demo boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE org_units (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  parent_id uuid,
  kind text NOT NULL CHECK (kind IN ('province', 'city', 'district', 'street', 'department', 'other')),
  code text NOT NULL,
  name text NOT NULL,
  short_name text,
  sort_order integer NOT NULL DEFAULT 0,
  depth integer NOT NULL DEFAULT 0,
  active boolean NOT NULL DEFAULT true,
  search_key text NOT NULL DEFAULT '',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, code),
  FOREIGN KEY (tenant_id, parent_id) REFERENCES org_units (tenant_id, id)
);
CREATE INDEX org_units_parent_idx ON org_units (tenant_id, parent_id, sort_order);

-- One row per (ancestor, descendant) pair, including each unit with itself at depth 0.
CREATE TABLE org_closure (
  tenant_id uuid NOT NULL,
  ancestor_id uuid NOT NULL,
  descendant_id uuid NOT NULL,
  depth integer NOT NULL,
  PRIMARY KEY (tenant_id, ancestor_id, descendant_id),
  FOREIGN KEY (tenant_id, ancestor_id) REFERENCES org_units (tenant_id, id),
  FOREIGN KEY (tenant_id, descendant_id) REFERENCES org_units (tenant_id, id)
);
CREATE INDEX org_closure_descendant_idx ON org_closure (tenant_id, descendant_id);

CREATE TABLE users (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  username text NOT NULL,
  display_name text NOT NULL,
  phone text,
  org_unit_id uuid NOT NULL,
  password_hash text NOT NULL,
  must_change_password boolean NOT NULL DEFAULT false,
  failed_logins integer NOT NULL DEFAULT 0,
  locked_until timestamptz,
  active boolean NOT NULL DEFAULT true,
  search_key text NOT NULL DEFAULT '',
  last_login_at timestamptz,
  password_changed_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, username),
  FOREIGN KEY (tenant_id, org_unit_id) REFERENCES org_units (tenant_id, id)
);
CREATE INDEX users_org_unit_idx ON users (tenant_id, org_unit_id);
CREATE INDEX users_login_idx ON users (lower(username));

CREATE TABLE role_grants (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL,
  role text NOT NULL CHECK (role IN ('admin', 'supervisor', 'leader', 'liaison', 'deputy', 'viewer')),
  scope_kind text NOT NULL CHECK (scope_kind IN ('own', 'subtree', 'units', 'all')),
  scope_unit_ids uuid[] NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX role_grants_user_idx ON role_grants (tenant_id, user_id);

-- id is the SHA-256 of the secret half of the cookie; the cookie also names the tenant.
CREATE TABLE sessions (
  tenant_id uuid NOT NULL,
  id text NOT NULL,
  user_id uuid NOT NULL,
  csrf_token text NOT NULL,
  ip text,
  user_agent text,
  created_at timestamptz NOT NULL,
  last_seen_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX sessions_user_idx ON sessions (tenant_id, user_id);

CREATE TABLE api_tokens (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL,
  name text NOT NULL,
  token_hash text NOT NULL,
  prefix text NOT NULL,
  access text NOT NULL CHECK (access IN ('read', 'write')),
  expires_at timestamptz,
  last_used_at timestamptz,
  revoked_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, token_hash),
  FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id) ON DELETE CASCADE
);

CREATE TABLE settings (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  key text NOT NULL,
  value jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, key)
);

-- The audit log is a hash chain per tenant: hash = sha256(prev_hash || canonical row).
CREATE TABLE audit_log (
  tenant_id uuid NOT NULL,
  seq bigint NOT NULL,
  at timestamptz NOT NULL,
  actor_id uuid,
  actor_name text,
  actor_org_unit_id uuid,
  ip text,
  action text NOT NULL,
  entity_type text,
  entity_id text,
  summary text,
  before jsonb,
  after jsonb,
  request_id text,
  prev_hash text NOT NULL,
  hash text NOT NULL,
  PRIMARY KEY (tenant_id, seq)
);
CREATE INDEX audit_log_at_idx ON audit_log (tenant_id, at DESC);
CREATE INDEX audit_log_actor_idx ON audit_log (tenant_id, actor_id, at DESC);
CREATE INDEX audit_log_entity_idx ON audit_log (tenant_id, entity_type, entity_id);

-- The head of each tenant's chain; updating it serialises appends per tenant.
CREATE TABLE audit_heads (
  tenant_id uuid PRIMARY KEY,
  seq bigint NOT NULL,
  hash text NOT NULL
);
