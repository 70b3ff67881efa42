import { App, Badge, Button, Card, Empty, List, Segmented, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import type { Notice } from '../../api/types.ts';
import { ErrorState } from '../../components/ErrorState.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import type { MessageKey } from '../../i18n/zh-CN.ts';
import { errorMessage } from '../../lib/errors.ts';
import { formatDateTime } from '../../lib/format.ts';
import { useAsync } from '../../lib/use-async.ts';
import { usePaging } from '../../lib/use-paging.ts';
import { listNotifications, markAllRead, markRead } from './notifications.api.ts';
import { notificationsChanged } from './use-unread.ts';
import { useScreens } from '../../lib/use-screens.ts';

const KIND_COLORS: Record<string, string> = { reminder: 'orange', assignment: 'blue', order: 'red', instruction: 'purple', review: 'cyan', extension: 'gold', report: 'green' };

/** 消息: my messages, all or unread only, each marked read on its own or all at once, linked to its task. */
export function NotificationList() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const screens = useScreens();
  const [unreadOnly, setUnreadOnly] = useState(false);
  const { page, pageSize, setPage, pagination } = usePaging();
  const [version, setVersion] = useState(0);
  const { data, error, loading, reload } = useAsync((signal) => listNotifications({ unread: unreadOnly, page, pageSize }, signal), [unreadOnly, page, pageSize, version]);
  const changed = () => {
    notificationsChanged();
    setVersion((v) => v + 1);
  };

  const read = async (n: Notice) => {
    try {
      await markRead(n.id);
      changed();
    } catch (err) {
      message.error(errorMessage(err, t));
    }
  };
  const readAll = async () => {
    try {
      await markAllRead();
      message.success(t('notice.readAllDone'));
      changed();
    } catch (err) {
      message.error(errorMessage(err, t));
    }
  };
  const kindLabel = (kind: string) => {
    const key = `notice.kind.${kind}` as MessageKey;
    return t(key) ?? kind;
  };

  return (
    <>
      <PageHeader
        title={t('notice.title')}
        extra={
          <Button onClick={readAll} disabled={!data || data.unread === 0} data-testid="notice-page-read-all">
            {t('notice.readAll')}
          </Button>
        }
      />
      <Card>
        <Space style={{ marginBottom: 12 }} wrap>
          <Segmented<string>
            value={unreadOnly ? 'unread' : 'all'}
            onChange={(v) => {
              setUnreadOnly(v === 'unread');
              setPage(1);
            }}
            options={[
              { value: 'all', label: t('notice.all') },
              { value: 'unread', label: t('notice.unread') },
            ]}
          />
          {data ? <Typography.Text type="secondary">{t('notice.unreadCount', { count: data.unread })}</Typography.Text> : null}
        </Space>
        {error ? (
          <ErrorState error={error} onRetry={reload} />
        ) : (
          <List<Notice>
            data-testid="notice-list"
            // On phones the links go under the message so the title keeps the width.
            itemLayout={screens.md ? 'horizontal' : 'vertical'}
            loading={loading}
            dataSource={data?.data ?? []}
            locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={unreadOnly ? t('notice.emptyUnread') : t('notice.empty')} /> }}
            pagination={pagination(data?.page.total ?? 0)}
            renderItem={(n) => (
              <List.Item
                className={n.readAt ? 'notice-row' : 'notice-row notice-unread'}
                actions={[
                  ...(n.taskId ? [<Link key="task" to={`/tasks/${n.taskId}`} onClick={() => (n.readAt ? undefined : void read(n))}>{t('notice.openTask')}</Link>] : []),
                  ...(!n.taskId && n.link ? [<Link key="link" to={n.link} onClick={() => (n.readAt ? undefined : void read(n))} data-testid="notice-open-link">{t('notice.open')}</Link>] : []),
                  ...(n.readAt ? [] : [<Button key="read" type="link" size="small" onClick={() => void read(n)} style={{ padding: 0 }}>{t('notice.markRead')}</Button>]),
                ]}
              >
                <List.Item.Meta
                  title={
                    <Space size={6} wrap>
                      {n.readAt ? null : <Badge status="processing" />}
                      <Tag color={KIND_COLORS[n.kind]}>{kindLabel(n.kind)}</Tag>
                      <span>{n.title}</span>
                    </Space>
                  }
                  description={
                    <>
                      {n.body ? <div>{n.body}</div> : null}
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {formatDateTime(n.createdAt)}
                      </Typography.Text>
                    </>
                  }
                />
              </List.Item>
            )}
          />
        )}
      </Card>
    </>
  );
}
