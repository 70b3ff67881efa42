import { api } from '../../api/client.ts';
import type { PageInfo } from '../../api/types.ts';

export type ChoosableChannel = 'email' | 'webhook';

/** My e-mail and the channels I chose beside the in-app centre; what can deliver now. */
export interface NotifySettings {
  email: string | null;
  channels: ChoosableChannel[];
  available: Record<ChoosableChannel, boolean>;
}

/** A delivery that failed (still retried) or was given up (dead). */
export interface Delivery {
  id: string;
  notificationId: string;
  title: string;
  channel: string;
  status: 'pending' | 'sending' | 'failed' | 'sent' | 'dead';
  attempts: number;
  maxAttempts: number;
  detail: string | null;
  at: string | null;
  nextAttemptAt: string | null;
  user: { id: string | null; name: string | null; orgUnitName: string | null };
}

export const getNotifySettings = (signal?: AbortSignal) => api<NotifySettings>('/api/me/notification-settings', { signal });
export const saveNotifySettings = (body: { email: string | null; channels: ChoosableChannel[] }) => api<NotifySettings>('/api/me/notification-settings', { method: 'PUT', body });
export const listDeliveries = (query: { status?: 'failed' | 'dead' | undefined; page: number; pageSize: number }, signal?: AbortSignal) =>
  api<{ data: Delivery[]; page: PageInfo }>('/api/notification-deliveries', { query, signal });
export const retryDeliveries = (ids: string[]) => api<{ retried: number }>('/api/notification-deliveries/retry', { method: 'POST', body: { ids } });

/** A unit's work group robot as an administrator sees it (the key or token masked). */
export interface UnitRobot {
  kind: 'dingtalk' | 'wecom';
  url: string;
  hasSecret: boolean;
}

export const getUnitRobot = (unitId: string, signal?: AbortSignal) => api<{ webhook: UnitRobot | null }>(`/api/org/units/${unitId}/webhook`, { signal }).then((r) => r.webhook);
/** `secret` undefined keeps the stored one. */
export const saveUnitRobot = (unitId: string, body: { kind: UnitRobot['kind']; url: string; secret?: string | null }) => api<{ ok: true }>(`/api/org/units/${unitId}/webhook`, { method: 'PUT', body });
export const removeUnitRobot = (unitId: string) => api<{ ok: true }>(`/api/org/units/${unitId}/webhook`, { method: 'DELETE' });
