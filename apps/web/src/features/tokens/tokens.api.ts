import { api } from '../../api/client.ts';
import type { ApiToken } from '../../api/types.ts';

export interface NewToken {
  name: string;
  access: 'read' | 'write';
  expiresInDays?: number;
}

/** The caller's own API tokens. */
export const listTokens = () => api<{ data: ApiToken[] }>('/api/tokens').then((r) => r.data);
/** Creates a token; the plain token is in the answer only this once. */
export const createToken = (input: NewToken) => api<{ data: ApiToken; token: string }>('/api/tokens', { method: 'POST', body: input });
export const revokeToken = (id: string) => api<{ ok: true }>(`/api/tokens/${id}`, { method: 'DELETE' });
