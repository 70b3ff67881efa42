import { api } from '../../api/client.ts';
import type { HomeData, SupervisionOrder } from '../../api/types.ts';

/** The query key of the caller's home counts. */
export const HOME_QUERY = ['home'] as const;
/** The caller's home counts, one group per role. */
export const getHome = (signal?: AbortSignal) => api<{ data: HomeData }>('/api/home', { signal });
/** Accepts an escalation proposal: the proposed order goes out. */
export const acceptProposal = (id: string) => api<{ data: SupervisionOrder }>(`/api/escalations/${id}/accept`, { method: 'POST', body: {} });
/** Dismisses an escalation proposal; that level is not proposed again. */
export const dismissProposal = (id: string, reason: string) => api<{ ok: true }>(`/api/escalations/${id}/dismiss`, { method: 'POST', body: { reason } });
