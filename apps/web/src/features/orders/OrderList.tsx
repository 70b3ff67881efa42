import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Card, Checkbox, Input, Select, Space, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import type { OrderLevel } from '../../api/types.ts';
import { ListPage, type ListColumn } from '../../components/ListPage.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { formatDate, formatDateTime, tenantToday } from '../../lib/format.ts';
import { pick, useListAddress } from '../../lib/list-params.ts';
import { exportOrders, listOrders, ORDER_STATUSES, type OrderFilter, type OrderRow } from './orders.api.ts';
import { CellText } from '../../components/TipHost.tsx';

const LEVELS: OrderLevel[] = ['blue', 'yellow', 'red'];
const LEVEL_COLORS = { blue: 'blue', yellow: 'gold', red: 'red' } as const;
const STATUS_COLORS: Record<OrderRow['status'], string> = { pending_signoff: 'purple', open: 'orange', replied: 'blue', closed: 'default', refused: 'default' };

/** An unanswered order past its reply deadline (`today` in the tenant's zone, YYYY-MM-DD). */
const replyLate = (o: OrderRow, today: string) => o.status === 'open' && o.replyDeadline < today;

/**
 * 督办单台账: every supervision order on the tasks the caller may see — the ones waiting (待签发,
 * 待回复) first — searchable by number, matter and task, filtered by status, level and 回复逾期,
 * and exported as the printable sheet. Each row opens its task's 督办单 tab.
 */
export function OrderList() {
  const { t } = useI18n();
  const [params] = useSearchParams();
  const status = pick(ORDER_STATUSES, params.get('status'));
  const level = pick(LEVELS, params.get('level'));
  const filter: OrderFilter = { q: params.get('q') ?? '', status, level, replyOverdue: params.get('replyOverdue') === 'true' };
  const { page, pageSize, setQuery, onPage } = useListAddress(filter);
  const [search, setSearch] = useState(filter.q ?? '');
  useEffect(() => setSearch(filter.q ?? ''), [filter.q]);
  const query = useQuery({ queryKey: ['orders', 'list', filter, page, pageSize], queryFn: ({ signal }) => listOrders({ ...filter, page, pageSize }, signal), placeholderData: keepPreviousData });

  const activeFilters = (filter.q ? 1 : 0) + (status ? 1 : 0) + (level ? 1 : 0) + (filter.replyOverdue ? 1 : 0);

  const taskLink = (o: OrderRow) => <Link to={`/tasks/${o.taskId}?tab=orders`}>{o.taskTitle}</Link>;
  const levelTag = (o: OrderRow) => <Tag color={LEVEL_COLORS[o.level]}>{t(`order.level.${o.level}`)}</Tag>;
  const statusTag = (o: OrderRow) => <Tag color={STATUS_COLORS[o.status]}>{t(`order.status.${o.status}`)}</Tag>;
  const today = tenantToday().format('YYYY-MM-DD');
  const deadline = (o: OrderRow) => (
    <Typography.Text type={replyLate(o, today) ? 'danger' : undefined} style={{ whiteSpace: 'nowrap' }}>
      {formatDate(o.replyDeadline)}
      {replyLate(o, today) ? ` ${t('orders.replyLate')}` : ''}
    </Typography.Text>
  );
  const columns: ListColumn<OrderRow>[] = [
    { key: 'number', title: t('order.number'), width: 150, fixedShown: true, render: (_: unknown, o) => <span style={{ whiteSpace: 'nowrap' }}>{o.number ?? t('order.pendingNumber')}</span>, text: (o) => o.number ?? '' },
    { key: 'level', title: t('order.level'), width: 100, render: (_: unknown, o) => levelTag(o), text: (o) => t(`order.level.${o.level}`) },
    { key: 'task', title: t('orders.task'), render: (_: unknown, o) => <CellText text={o.taskTitle}>{taskLink(o)}</CellText>, text: (o) => o.taskTitle },
    { key: 'unit', title: t('orders.unit'), width: 140, render: (_: unknown, o) => o.recipientUnitName, text: (o) => o.recipientUnitName },
    { key: 'matter', title: t('order.matter'), render: (_: unknown, o) => <CellText text={o.matter}>{o.matter}</CellText>, text: (o) => o.matter },
    { key: 'deadline', title: t('order.replyDeadline'), width: 150, render: (_: unknown, o) => deadline(o), text: (o) => o.replyDeadline },
    { key: 'status', title: t('common.status'), width: 140, render: (_: unknown, o) => statusTag(o), text: (o) => t(`order.status.${o.status}`) },
    { key: 'issued', title: t('order.issuedAt'), width: 160, defaultHidden: true, render: (_: unknown, o) => formatDateTime(o.issuedAt), text: (o) => o.issuedAt ?? '' },
  ];

  return (
    <ListPage<OrderRow>
      title={t('menu.orders')}
      data-testid="order-table"
      rowTestId="order-row"
      storageKey="orders"
      query={query}
      rowKey={(o) => o.id}
      columns={columns}
      page={page}
      pageSize={pageSize}
      onPage={onPage}
      empty={<div>{activeFilters ? t('orders.noneFound') : t('orders.empty')}</div>}
      activeFilters={activeFilters}
      onExport={() => exportOrders(filter)}
      filters={
        <div className="filter-bar">
          <Input.Search
            allowClear
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            onSearch={(value) => setQuery({ q: value.trim() || undefined })}
            placeholder={t('orders.search')}
            style={{ width: 300 }}
            data-testid="order-search"
          />
          <Select<OrderRow['status']>
            allowClear
            placeholder={t('orders.filterStatus')}
            style={{ width: 160 }}
            value={status}
            onChange={(v) => setQuery({ status: v })}
            options={ORDER_STATUSES.map((s) => ({ value: s, label: t(`order.status.${s}`) }))}
            data-testid="order-status-filter"
          />
          <Select<OrderLevel>
            allowClear
            placeholder={t('orders.filterLevel')}
            style={{ width: 140 }}
            value={level}
            onChange={(v) => setQuery({ level: v })}
            options={LEVELS.map((l) => ({ value: l, label: t(`order.level.${l}`) }))}
          />
          <Checkbox checked={filter.replyOverdue} onChange={(e) => setQuery({ replyOverdue: e.target.checked || undefined })} data-testid="order-reply-overdue">
            {t('orders.replyOverdue')}
          </Checkbox>
        </div>
      }
      card={(o) => (
        <Card size="small" className="task-card">
          <div className="task-card-title">{taskLink(o)}</div>
          <Space size={[6, 6]} wrap style={{ margin: '6px 0' }}>
            {levelTag(o)}
            <span>{o.number ?? t('order.pendingNumber')}</span>
            {statusTag(o)}
          </Space>
          <div>
            {o.recipientUnitName} · {deadline(o)}
          </div>
        </Card>
      )}
    />
  );
}
