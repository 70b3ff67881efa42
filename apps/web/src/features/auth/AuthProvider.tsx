import { useQueryClient } from '@tanstack/react-query';
import { Button, Spin } from 'antd';
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import { ApiError, forgetPrefetched, setAuthEvents, setCsrfToken } from '../../api/client.ts';
import type { Me } from '../../api/types.ts';
import { LazyResult } from '../../components/LazyResult.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { errorMessage } from '../../lib/errors.ts';
import { fetchMe, logout as logoutCall } from './auth.api.ts';

interface AuthValue {
  /** The signed-in user, or null. */
  me: Me | null;
  /** Stores the profile returned by login. */
  signedIn: (me: Me) => void;
  /** Ends the session on the server and forgets it here. */
  signOut: () => Promise<void>;
  /** Reloads the profile (after a password change, for example). */
  refresh: () => Promise<Me | null>;
}

const AuthContext = createContext<AuthValue | null>(null);

/** The path to return to after signing in, from `?next=`; only same-site paths are accepted. */
export function nextPath(search: string): string {
  const next = new URLSearchParams(search).get('next');
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

/**
 * Holds the session: checks it once on start, and reacts to answers of any later call —
 * 401 sends the user to the login page (keeping the intended address), and a pending
 * forced password change sends them to the change-password screen.
 */
export function AuthProvider({ children }: { children: ReactNode }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const location = useLocation();
  const [me, setMe] = useState<Me | null>(null);
  const [checking, setChecking] = useState(true);
  const [startError, setStartError] = useState<unknown>();
  const here = useRef('');
  here.current = location.pathname + location.search;

  const queryClient = useQueryClient();
  // Whose reads the query cache holds: undefined until the first session check, when it holds only
  // what a first load read ahead with the same session cookie.
  const userId = useRef<string | null | undefined>(undefined);
  const accept = useCallback(
    (profile: Me | null) => {
      setCsrfToken(profile?.csrfToken ?? '');
      const next = profile?.user.id ?? null;
      if (!profile || profile.mustChangePassword) {
        // What was read ahead on a first load belongs to a session that turned out gone or locked.
        forgetPrefetched();
        queryClient.clear();
      } else if (userId.current !== undefined && next !== userId.current) {
        // What one person's session read (lists, counts) is never shown to the next one.
        queryClient.clear();
      }
      userId.current = next;
      setMe(profile);
    },
    [queryClient],
  );

  const refresh = useCallback(async () => {
    try {
      const profile = await fetchMe();
      accept(profile);
      return profile;
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) {
        accept(null);
        return null;
      }
      throw err;
    }
  }, [accept]);

  const start = useCallback(() => {
    setChecking(true);
    setStartError(undefined);
    refresh()
      .catch(setStartError)
      .finally(() => setChecking(false));
  }, [refresh]);

  useEffect(start, [start]);

  useEffect(() => {
    setAuthEvents({
      onUnauthenticated: () => {
        accept(null);
        if (!here.current.startsWith('/login')) navigate(`/login?next=${encodeURIComponent(here.current)}`, { replace: true, state: { expired: true } });
      },
      onPasswordChangeRequired: () => setMe((m) => (m ? { ...m, mustChangePassword: true } : m)),
    });
    return () => setAuthEvents(undefined);
  }, [accept, navigate]);

  const signOut = useCallback(async () => {
    try {
      await logoutCall();
    } finally {
      accept(null);
    }
  }, [accept]);

  const value = useMemo<AuthValue>(() => ({ me, signedIn: accept, signOut, refresh }), [me, accept, signOut, refresh]);

  if (checking) {
    return (
      <div className="full-center">
        <Spin size="large" description={t('common.loading')} />
      </div>
    );
  }
  if (startError) {
    return (
      <div className="full-center">
        <LazyResult status="warning" title={t('common.loadFailed')} subTitle={errorMessage(startError, t)} extra={<Button type="primary" onClick={start}>{t('common.retry')}</Button>} />
      </div>
    );
  }
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

/** The session and its actions. */
export function useAuth(): AuthValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth must be used inside <AuthProvider>');
  return value;
}

/** The signed-in user; only for screens behind <RequireAuth>. */
export function useMe(): Me {
  const { me } = useAuth();
  if (!me) throw new Error('useMe needs a signed-in user');
  return me;
}
