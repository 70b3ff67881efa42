import type { Role, ScopeKind } from '@luoshi/shared';

/** One role held over one data scope. */
export interface Grant {
  role: Role;
  scopeKind: ScopeKind;
  /** For `units`: the listed units (each with its subtree). */
  unitIds: string[];
}

/**
 * The resolved data scope: everything below any of `subtreeRoots`, plus the single `units`,
 * or the whole tenant when `all`.
 */
export interface Scope {
  all: boolean;
  subtreeRoots: string[];
  units: string[];
}

/** Who is calling: the user, their grants and the union of their scopes. */
export interface Actor {
  tenantId: string;
  userId: string;
  username: string;
  displayName: string;
  orgUnitId: string;
  grants: Grant[];
  scope: Scope;
  /** How the request authenticated; API tokens may be read-only. */
  via: 'session' | 'token' | 'system';
  readOnly: boolean;
  ip?: string | undefined;
  requestId?: string | undefined;
}

/** Scope of a single grant. */
export function grantScope(grant: Grant, ownUnitId: string): Scope {
  switch (grant.scopeKind) {
    case 'all':
      return { all: true, subtreeRoots: [], units: [] };
    case 'subtree':
      return { all: false, subtreeRoots: [ownUnitId], units: [] };
    case 'units':
      return { all: false, subtreeRoots: [...grant.unitIds], units: [] };
    case 'own':
      return { all: false, subtreeRoots: [], units: [ownUnitId] };
  }
}

/** The union of several scopes. */
export function unionScopes(scopes: Scope[]): Scope {
  if (scopes.some((s) => s.all)) return { all: true, subtreeRoots: [], units: [] };
  return {
    all: false,
    subtreeRoots: [...new Set(scopes.flatMap((s) => s.subtreeRoots))],
    units: [...new Set(scopes.flatMap((s) => s.units))],
  };
}

/** The union scope of the grants that carry one of `roles`. */
export function scopeForRoles(actor: Actor, roles: readonly Role[]): Scope {
  return unionScopes(actor.grants.filter((g) => roles.includes(g.role)).map((g) => grantScope(g, actor.orgUnitId)));
}

export function hasRole(actor: Actor, ...roles: Role[]): boolean {
  return actor.grants.some((g) => roles.includes(g.role));
}

/** A system actor for jobs, the CLI and the demo loader. */
export function systemActor(tenantId: string, orgUnitId = ''): Actor {
  return {
    tenantId,
    userId: '',
    username: 'system',
    displayName: '系统',
    orgUnitId,
    grants: [{ role: 'admin', scopeKind: 'all', unitIds: [] }],
    scope: { all: true, subtreeRoots: [], units: [] },
    via: 'system',
    readOnly: false,
  };
}
