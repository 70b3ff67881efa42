import { api } from '../../api/client.ts';
import type { Notice, PageInfo } from '../../api/types.ts';

/** My messages, newest first; `unread` only the unread ones. */
export const listNotifications = (query: { page?: number; pageSize?: number; unread?: boolean }, signal?: AbortSignal) =>
  api<{ data: Notice[]; page: PageInfo; unread: number }>('/api/notifications', { query: { page: query.page, pageSize: query.pageSize, unread: query.unread || undefined }, signal });
export const unreadCount = (signal?: AbortSignal) => api<{ unread: number }>('/api/notifications/unread-count', { signal }).then((r) => r.unread);
export const markAllRead = () => api<{ ok: true }>('/api/notifications/read-all', { method: 'POST' });
export const markRead = (id: string) => api<{ ok: true }>(`/api/notifications/${id}/read`, { method: 'POST' });
