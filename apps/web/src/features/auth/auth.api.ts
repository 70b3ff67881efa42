import { api } from '../../api/client.ts';
import type { Me } from '../../api/types.ts';

/** Signs in and returns the new session's profile. */
export const login = (username: string, password: string) => api<Me>('/api/auth/login', { method: 'POST', body: { username, password }, quiet401: true });

/** The current session's profile; rejects with 401 when not signed in. */
export const fetchMe = () => api<Me>('/api/auth/me', { quiet401: true });

/** Ends the session. */
export const logout = () => api<{ ok: true }>('/api/auth/logout', { method: 'POST', quiet401: true });

/** Changes the caller's own password; other sessions are signed out. */
export const changePassword = (currentPassword: string, newPassword: string) =>
  api<{ ok: true }>('/api/auth/password', { method: 'POST', body: { currentPassword, newPassword } });
