import type { Role } from '@luoshi/shared';
import { Button } from 'antd';
import { LazyResult } from '../../components/LazyResult.tsx';
import type { ReactNode } from 'react';
import { Link, Navigate, useLocation } from 'react-router-dom';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { useAuth } from './AuthProvider.tsx';

/**
 * Lets signed-in users through; others go to the login page with the intended address kept.
 * Users with a pending forced password change go to the change-password screen first.
 */
export function RequireAuth({ children, pendingPasswordScreen = false }: { children: ReactNode; pendingPasswordScreen?: boolean }) {
  const { me } = useAuth();
  const location = useLocation();
  const here = location.pathname + location.search;
  if (!me) return <Navigate to={`/login?next=${encodeURIComponent(here)}`} replace />;
  if (me.mustChangePassword && !pendingPasswordScreen) return <Navigate to={`/change-password?next=${encodeURIComponent(here)}`} replace />;
  return children;
}

/** Shows its content only to users holding one of the roles (when roles are given). */
export function RequireRole({ roles, children }: { roles?: readonly Role[] | undefined; children: ReactNode }) {
  const { me } = useAuth();
  const { t } = useI18n();
  if (roles && !roles.some((r) => me?.roles.includes(r))) {
    return (
      <LazyResult
        status="403"
        title={t('error.forbiddenTitle')}
        subTitle={t('error.forbiddenText')}
        extra={
          <Link to="/">
            <Button type="primary">{t('error.backHome')}</Button>
          </Link>
        }
      />
    );
  }
  return children;
}
