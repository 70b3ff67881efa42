import type { OrgKind, Role, ScopeKind } from '@luoshi/shared';

/** Shapes of the server's answers (see apps/server/src/modules/*\/*.routes.ts). */

export interface PageInfo {
  page: number;
  pageSize: number;
  total: number;
}

export interface Paged<T> {
  data: T[];
  page: PageInfo;
}

export interface Grant {
  id?: string;
  role: Role;
  scopeKind: ScopeKind;
  unitIds: string[];
}

export interface Me {
  user: { id: string; username: string; displayName: string; phone: string | null; orgUnit: { id: string; name: string } };
  tenant: { id: string; name: string; isDemo: boolean };
  roles: Role[];
  roleLabels: string[];
  grants: Grant[];
  scopeDescription: string;
  csrfToken: string;
  mustChangePassword: boolean;
  via: string;
}

export interface OrgUnit {
  id: string;
  code: string;
  name: string;
  shortName: string | null;
  kind: OrgKind;
  parentId: string | null;
  parentName?: string | null;
  sortOrder: number;
  depth: number;
  active: boolean;
  childCount?: number;
  path?: { id: string; name: string }[];
  createdAt: string | null;
  updatedAt: string | null;
}

export interface OrgPolicies {
  update: boolean;
  createChild: boolean;
  move: boolean;
  deactivate: boolean;
  remove: boolean;
}

export interface User {
  id: string;
  username: string;
  displayName: string;
  phone: string | null;
  orgUnit: { id: string; name: string };
  active: boolean;
  locked: boolean;
  lockedUntil: string | null;
  lastLoginAt: string | null;
  mustChangePassword: boolean;
  roles: Role[];
  grants?: Grant[];
  createdAt: string | null;
}

export interface UserPolicies {
  update: boolean;
  resetPassword: boolean;
  setGrants: boolean;
  deactivate: boolean;
  unlock: boolean;
}

export interface AuditEntry {
  seq: number;
  at: string | null;
  actorId: string | null;
  actorName: string | null;
  actorOrgUnitId: string | null;
  ip: string | null;
  action: string;
  entityType: string | null;
  entityId: string | null;
  summary: string | null;
  before: unknown;
  after: unknown;
  requestId: string | null;
  hash: string;
}

export interface ApiToken {
  id: string;
  name: string;
  prefix: string;
  access: 'read' | 'write';
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
  createdAt: string | null;
}
