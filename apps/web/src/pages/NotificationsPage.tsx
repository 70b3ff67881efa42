import { NotificationList } from '../features/notifications/NotificationList.tsx';

/** 消息: the notification centre. */
export default function NotificationsPage() {
  return <NotificationList />;
}
