import { api } from '../../api/client.ts';
import type { DashboardView } from '../../api/types.ts';

/** The leaders' dashboard for a unit's subtree (default: the top of the caller's scope). */
export const getDashboard = (unitId: string | undefined, signal?: AbortSignal) => api<{ data: DashboardView }>('/api/dashboard', { query: { unitId }, signal }).then((r) => r.data);
