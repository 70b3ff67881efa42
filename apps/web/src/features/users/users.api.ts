import type { Role, ScopeKind } from '@luoshi/shared';
import { api } from '../../api/client.ts';
import type { Paged, User, UserPolicies } from '../../api/types.ts';

export interface UserListQuery {
  page?: number;
  pageSize?: number;
  q?: string;
  orgUnitId?: string;
  role?: Role;
  active?: boolean;
  /** Only accounts locked now for at least one address. */
  locked?: boolean;
}

export interface GrantInput {
  role: Role;
  scopeKind: ScopeKind;
  unitIds?: string[];
}

export interface NewUser {
  username: string;
  displayName: string;
  phone?: string | null;
  orgUnitId: string;
  password: string;
  grants: GrantInput[];
}

export interface UserPatch {
  displayName?: string;
  phone?: string | null;
  orgUnitId?: string;
  active?: boolean;
}

type One = { data: User; policies: UserPolicies };

/** Accounts in the caller's scope, filtered and paged. */
export const listUsers = (query: UserListQuery, signal?: AbortSignal) => api<Paged<User>>('/api/users', { query: { ...query }, signal });
/** An account with its grants and what the caller may do with it. */
export const getUser = (id: string, signal?: AbortSignal) => api<One>(`/api/users/${id}`, { signal });
export const createUser = (input: NewUser) => api<One>('/api/users', { method: 'POST', body: input });
export const updateUser = (id: string, patch: UserPatch) => api<One>(`/api/users/${id}`, { method: 'PATCH', body: patch });
export const setUserGrants = (id: string, grants: GrantInput[]) => api<One>(`/api/users/${id}/grants`, { method: 'PUT', body: { grants } });
export const resetUserPassword = (id: string, password: string) => api<{ ok: true }>(`/api/users/${id}/reset-password`, { method: 'POST', body: { password } });
export const unlockUser = (id: string) => api<{ ok: true }>(`/api/users/${id}/unlock`, { method: 'POST' });
