import { api, download } from '../../api/client.ts';
import type { OrderLevel, Paged, SupervisionOrder } from '../../api/types.ts';

export const ORDER_STATUSES = ['pending_signoff', 'open', 'replied', 'closed', 'refused'] as const satisfies readonly SupervisionOrder['status'][];

/** A row of the 督办单 list: the order with its task's title and the unit that answers it. */
export interface OrderRow extends SupervisionOrder {
  taskTitle: string;
  recipientUnitName: string;
}

/** The filters of the 督办单 list, kept in the address; the export uses the same. */
export interface OrderFilter {
  q?: string | undefined;
  status?: SupervisionOrder['status'] | undefined;
  level?: OrderLevel | undefined;
  replyOverdue?: boolean | undefined;
}

const query = (f: OrderFilter) => ({ q: f.q?.trim() || undefined, status: f.status, level: f.level, replyOverdue: f.replyOverdue ? 'true' : undefined });

export const listOrders = (filter: OrderFilter & { page: number; pageSize: number }, signal?: AbortSignal) =>
  api<Paged<OrderRow>>('/api/orders', { query: { ...query(filter), page: filter.page, pageSize: filter.pageSize }, signal });

/** Downloads the filtered list as the printable 督办单台账. */
export const exportOrders = (filter: OrderFilter) => download('/api/orders/export', query(filter), 'orders.xlsx');
