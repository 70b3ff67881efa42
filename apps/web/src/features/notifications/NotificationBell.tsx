import { BellOutlined } from '@ant-design/icons';
import { App, Badge, Button, Empty, List, Popover, Spin, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import type { Notice } from '../../api/types.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { errorMessage } from '../../lib/errors.ts';
import { formatDateTime } from '../../lib/format.ts';
import { listNotifications, markAllRead, markRead } from './notifications.api.ts';
import { notificationsChanged, useUnreadCount } from './use-unread.ts';

/** The header bell: the unread count (polled every minute) and a dropdown of the latest messages with 全部已读. */
export function NotificationBell() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const { unread } = useUnreadCount();
  const [open, setOpen] = useState(false);
  const [items, setItems] = useState<Notice[]>();
  const [loading, setLoading] = useState(false);

  const load = () => {
    setLoading(true);
    listNotifications({ pageSize: 8 }).then(
      (r) => {
        setItems(r.data);
        setLoading(false);
      },
      (err: unknown) => {
        setLoading(false);
        message.error(errorMessage(err, t));
      },
    );
  };

  const readAll = async () => {
    try {
      await markAllRead();
      message.success(t('notice.readAllDone'));
      notificationsChanged();
      load();
    } catch (err) {
      message.error(errorMessage(err, t));
    }
  };

  const openNotice = (n: Notice) => {
    setOpen(false);
    if (!n.readAt) void markRead(n.id).then(notificationsChanged, () => undefined);
    if (n.taskId) navigate(`/tasks/${n.taskId}`);
    else if (n.link) navigate(n.link);
    else navigate('/notifications');
  };

  const content = (
    <div className="notice-popover" data-testid="notice-popover">
      <div className="notice-popover-head">
        <Typography.Text strong>{t('notice.title')}</Typography.Text>
        <Button type="link" size="small" disabled={unread === 0} onClick={readAll} data-testid="notice-read-all">
          {t('notice.readAll')}
        </Button>
      </div>
      {loading && !items ? (
        <Spin style={{ display: 'block', margin: '24px auto' }} />
      ) : (
        <List<Notice>
          size="small"
          dataSource={items ?? []}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('notice.empty')} /> }}
          renderItem={(n) => (
            <List.Item className={n.readAt ? 'notice-item' : 'notice-item notice-unread'} onClick={() => openNotice(n)}>
              <List.Item.Meta
                title={
                  <span>
                    {n.readAt ? null : <Badge status="processing" style={{ marginRight: 6 }} />}
                    {n.title}
                  </span>
                }
                description={
                  <>
                    {n.body ? <div className="notice-body">{n.body}</div> : null}
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
      <div className="notice-popover-foot">
        <Link to="/notifications" onClick={() => setOpen(false)}>
          {t('notice.viewAll')}
        </Link>
      </div>
    </div>
  );

  return (
    <Popover
      content={content}
      trigger="click"
      placement="bottomRight"
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (next) load();
      }}
      styles={{ container: { padding: 0 } }}
    >
      <Button type="text" aria-label={t('notice.bell')} data-testid="notice-bell">
        <Badge count={unread} size="small" overflowCount={99} data-testid="notice-count">
          <BellOutlined style={{ fontSize: 18 }} />
        </Badge>
      </Button>
    </Popover>
  );
}
