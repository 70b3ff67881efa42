import { useCallback, useEffect, useState } from 'react';
import { unreadCount } from './notifications.api.ts';

const CHANGED = 'luoshi:notifications-changed';
const POLL_MS = 60_000;

/** Tells every unread counter on the page that messages were read (or arrived). */
export function notificationsChanged(): void {
  window.dispatchEvent(new Event(CHANGED));
}

/** The unread count, polled every 60 s, refreshed at once when notificationsChanged() is called or the tab regains focus. */
export function useUnreadCount(): { unread: number; refresh: () => void } {
  const [unread, setUnread] = useState(0);
  const refresh = useCallback(() => {
    unreadCount().then(setUnread, () => undefined);
  }, []);
  useEffect(() => {
    refresh();
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') refresh();
    }, POLL_MS);
    const onVisible = () => {
      if (document.visibilityState === 'visible') refresh();
    };
    window.addEventListener(CHANGED, refresh);
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      clearInterval(timer);
      window.removeEventListener(CHANGED, refresh);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [refresh]);
  return { unread, refresh };
}
