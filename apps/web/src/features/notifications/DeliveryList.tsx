import { App, Button, Card, Empty, Segmented, Space, Table, Tag, Typography } from 'antd';
import { useState, type Key } from 'react';
import { ErrorState } from '../../components/ErrorState.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import type { MessageKey } from '../../i18n/zh-CN.ts';
import { errorMessage } from '../../lib/errors.ts';
import { formatDateTime } from '../../lib/format.ts';
import { useAsync } from '../../lib/use-async.ts';
import { usePaging } from '../../lib/use-paging.ts';
import { listDeliveries, retryDeliveries, type Delivery } from './channels.api.ts';
import { useSelectionLabels } from '../../lib/use-selection-labels.ts';

type StatusFilter = 'all' | 'failed' | 'dead';

/** 消息发送 (administrators): deliveries by e-mail or group robot that failed or were given up; send again, several at once after a confirmation. */
export function DeliveryList() {
  const { t } = useI18n();
  const selectionLabels = useSelectionLabels();
  const { message, modal } = App.useApp();
  const [status, setStatus] = useState<StatusFilter>('dead');
  const { page, pageSize, setPage, pagination } = usePaging();
  const [selected, setSelected] = useState<Key[]>([]);
  const [version, setVersion] = useState(0);
  const { data, error, loading, reload } = useAsync((signal) => listDeliveries({ status: status === 'all' ? undefined : status, page, pageSize }, signal), [status, page, pageSize, version]);

  const retry = async (ids: string[]) => {
    try {
      const { retried } = await retryDeliveries(ids);
      message.success(t('deliveries.retried', { count: retried }));
      setSelected([]);
      setVersion((v) => v + 1);
    } catch (err) {
      message.error(errorMessage(err, t));
    }
  };
  const retrySelected = () =>
    modal.confirm({
      title: t('deliveries.retryConfirm', { count: selected.length }),
      okText: t('deliveries.retry'),
      cancelText: t('common.cancel'),
      onOk: () => retry(selected.map(String)),
    });
  const channelLabel = (channel: string) => t(`deliveries.channel.${channel}` as MessageKey) ?? channel;

  return (
    <>
      <PageHeader
        title={t('deliveries.title')}
        extra={
          <Button type="primary" disabled={selected.length === 0} onClick={retrySelected} data-testid="deliveries-retry-selected">
            {t('deliveries.retrySelected', { count: selected.length })}
          </Button>
        }
      />
      <Card>
        <Typography.Paragraph type="secondary">{t('deliveries.hint')}</Typography.Paragraph>
        <Space style={{ marginBottom: 12 }} wrap>
          <Segmented<StatusFilter>
            value={status}
            onChange={(v) => {
              setStatus(v);
              setPage(1);
              setSelected([]);
            }}
            options={[
              { value: 'dead', label: t('deliveries.status.dead') },
              { value: 'failed', label: t('deliveries.status.failed') },
              { value: 'all', label: t('deliveries.all') },
            ]}
          />
        </Space>
        {error ? (
          <ErrorState error={error} onRetry={reload} />
        ) : (
          <Table<Delivery>
            data-testid="delivery-list"
            rowKey="id"
            size="small"
            loading={loading}
            dataSource={data?.data ?? []}
            scroll={{ x: 'max-content' }}
            rowSelection={{ selectedRowKeys: selected, onChange: setSelected, ...selectionLabels }}
            locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('deliveries.empty')} /> }}
            pagination={pagination(data?.page.total ?? 0)}
            columns={[
              { key: 'title', title: t('deliveries.notice'), dataIndex: 'title', width: 260 },
              { key: 'recipient', title: t('deliveries.recipient'), render: (_, d) => [d.user.name, d.user.orgUnitName].filter(Boolean).join(' · ') },
              { key: 'channel', title: t('deliveries.channel'), render: (_, d) => channelLabel(d.channel) },
              { key: 'status', title: t('deliveries.status'), render: (_, d) => <Tag color={d.status === 'dead' ? 'red' : 'orange'}>{t(`deliveries.status.${d.status === 'dead' ? 'dead' : 'failed'}`)}</Tag> },
              { key: 'attempts', title: t('deliveries.attempts'), render: (_, d) => `${d.attempts} / ${d.maxAttempts}` },
              { key: 'error', title: t('deliveries.error'), dataIndex: 'detail', render: (v: string | null) => <Typography.Text type="danger">{v ?? '—'}</Typography.Text> },
              { key: 'at', title: t('deliveries.at'), render: (_, d) => formatDateTime(d.at) },
              { key: 'next', title: t('deliveries.nextAttempt'), render: (_, d) => (d.nextAttemptAt ? formatDateTime(d.nextAttemptAt) : '—') },
              {
                key: 'retry',
                title: '',
                render: (_, d) => (
                  <Button type="link" size="small" onClick={() => void retry([d.id])} data-testid={`delivery-retry-${d.id}`}>
                    {t('deliveries.retry')}
                  </Button>
                ),
              },
            ]}
          />
        )}
      </Card>
    </>
  );
}
