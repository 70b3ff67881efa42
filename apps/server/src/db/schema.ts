import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { OrgKind, Role, ScopeKind } from '@luoshi/shared';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type UpdatedAt = ColumnType<Date, Date | string | undefined, Date | string>;

export interface TenantsTable {
  id: string;
  code: string;
  name: string;
  is_demo: Generated<boolean>;
  created_at: CreatedAt;
}

export interface OrgUnitsTable {
  tenant_id: string;
  id: Generated<string>;
  parent_id: string | null;
  kind: OrgKind;
  code: string;
  name: string;
  short_name: string | null;
  sort_order: Generated<number>;
  depth: Generated<number>;
  active: Generated<boolean>;
  search_key: Generated<string>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface OrgClosureTable {
  tenant_id: string;
  ancestor_id: string;
  descendant_id: string;
  depth: number;
}

export interface UsersTable {
  tenant_id: string;
  id: Generated<string>;
  username: string;
  display_name: string;
  phone: string | null;
  org_unit_id: string;
  password_hash: string;
  must_change_password: Generated<boolean>;
  failed_logins: Generated<number>;
  locked_until: Timestamp | null;
  active: Generated<boolean>;
  search_key: Generated<string>;
  last_login_at: Timestamp | null;
  password_changed_at: Timestamp | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface RoleGrantsTable {
  tenant_id: string;
  id: Generated<string>;
  user_id: string;
  role: Role;
  scope_kind: ScopeKind;
  scope_unit_ids: ColumnType<string[], string[] | undefined, string[]>;
  created_at: CreatedAt;
}

export interface SessionsTable {
  tenant_id: string;
  id: string;
  user_id: string;
  csrf_token: string;
  ip: string | null;
  user_agent: string | null;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  expires_at: Timestamp;
}

export interface ApiTokensTable {
  tenant_id: string;
  id: Generated<string>;
  user_id: string;
  name: string;
  token_hash: string;
  prefix: string;
  access: 'read' | 'write';
  expires_at: Timestamp | null;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
  created_at: CreatedAt;
}

export interface SettingsTable {
  tenant_id: string;
  key: string;
  value: unknown;
  updated_at: UpdatedAt;
}

export interface AuditLogTable {
  tenant_id: string;
  seq: ColumnType<number, number, never>;
  at: Timestamp;
  actor_id: string | null;
  actor_name: string | null;
  actor_org_unit_id: string | null;
  ip: string | null;
  action: string;
  entity_type: string | null;
  entity_id: string | null;
  summary: string | null;
  before: unknown;
  after: unknown;
  request_id: string | null;
  prev_hash: string;
  hash: string;
}

export interface AuditHeadsTable {
  tenant_id: string;
  seq: number;
  hash: string;
}

export interface SchemaMigrationsTable {
  name: string;
  checksum: string;
  applied_at: Generated<Date>;
}

/** The whole database as Kysely sees it. */
export interface DB {
  tenants: TenantsTable;
  org_units: OrgUnitsTable;
  org_closure: OrgClosureTable;
  users: UsersTable;
  role_grants: RoleGrantsTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  settings: SettingsTable;
  audit_log: AuditLogTable;
  audit_heads: AuditHeadsTable;
  schema_migrations: SchemaMigrationsTable;
}

export type OrgUnitRow = Selectable<OrgUnitsTable>;
export type NewOrgUnit = Insertable<OrgUnitsTable>;
export type OrgUnitUpdate = Updateable<OrgUnitsTable>;
export type UserRow = Selectable<UsersTable>;
export type RoleGrantRow = Selectable<RoleGrantsTable>;
export type SessionRow = Selectable<SessionsTable>;
export type ApiTokenRow = Selectable<ApiTokensTable>;
export type AuditRow = Selectable<AuditLogTable>;
