import type { OrgKind } from '@luoshi/shared';
import { api, download } from '../../api/client.ts';
import type { OrgPolicies, OrgUnit, Paged } from '../../api/types.ts';

export interface OrgListQuery {
  page?: number;
  pageSize?: number;
  parentId?: string;
  q?: string;
  kind?: OrgKind;
  active?: boolean;
}

export interface OrgUnitInput {
  parentId: string | null;
  kind: OrgKind;
  code: string;
  name: string;
  shortName?: string | null;
  sortOrder?: number;
}

type One = { data: OrgUnit; policies: OrgPolicies };

/** Units in the caller's scope, filtered and paged. */
export const listOrgUnits = (query: OrgListQuery, signal?: AbortSignal) => api<Paged<OrgUnit>>('/api/org-units', { query: { ...query }, signal });

/** One level of the tree: a unit's children, or the caller's visible roots. */
export const orgChildren = (parentId?: string) => api<{ data: OrgUnit[] }>('/api/org-units/tree', { query: { parentId } }).then((r) => r.data);

/** A unit with its ancestors and what the caller may do with it. */
export const getOrgUnit = (id: string, signal?: AbortSignal) => api<One>(`/api/org-units/${id}`, { signal });

export const createOrgUnit = (input: OrgUnitInput) => api<One>('/api/org-units', { method: 'POST', body: input });
export const updateOrgUnit = (id: string, patch: Partial<Omit<OrgUnitInput, 'parentId'>>) => api<One>(`/api/org-units/${id}`, { method: 'PATCH', body: patch });
export const moveOrgUnit = (id: string, parentId: string) => api<One>(`/api/org-units/${id}/move`, { method: 'POST', body: { parentId } });
export const setOrgUnitActive = (id: string, active: boolean) => api<One>(`/api/org-units/${id}/${active ? 'activate' : 'deactivate'}`, { method: 'POST' });
export const deleteOrgUnit = (id: string) => api<{ ok: true }>(`/api/org-units/${id}`, { method: 'DELETE' });

/** Uploads an .xlsx of units; all rows are written or none. */
export function importOrgUnits(file: File) {
  const form = new FormData();
  form.append('file', file);
  return api<{ data: { created: number; updated: number } }>('/api/org-units/import', { method: 'POST', body: form }).then((r) => r.data);
}

/** Downloads the units in scope as .xlsx. */
export const exportOrgUnits = () => download('/api/org-units/export', undefined, '组织机构.xlsx');

/** Active units of the administrator's scope with no active liaison account: work given to them waits for nobody. */
export const unitsWithoutLiaison = (query: { page?: number; pageSize?: number; q?: string }, signal?: AbortSignal) => api<Paged<OrgUnit>>('/api/org-units/without-liaison', { query: { ...query }, signal });
