import { Alert, Button, Card } from 'antd';
import { useLocation, useNavigate } from 'react-router-dom';
import { BrandMark } from '../components/BrandMark.tsx';
import { ChangePasswordForm } from '../features/auth/ChangePasswordForm.tsx';
import { nextPath, useAuth, useMe } from '../features/auth/AuthProvider.tsx';
import { useI18n } from '../i18n/I18nProvider.tsx';

/** The forced password change after an administrator set or reset the password. */
export function ChangePasswordPage() {
  const { t } = useI18n();
  const me = useMe();
  const { refresh, signOut } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const next = nextPath(location.search);

  return (
    <div className="login-page">
      <Card className="login-card" style={{ maxWidth: 460 }}>
        <div className="login-brand">
          <BrandMark className="mark" />
          <h1>{t('password.forcedTitle')}</h1>
          <p>
            {me.user.displayName}({me.user.username})· {me.user.orgUnit.name}
          </p>
        </div>
        {me.mustChangePassword ? <Alert type="warning" showIcon title={t('password.forcedText')} style={{ marginBottom: 16 }} /> : null}
        <ChangePasswordForm
          onDone={async () => {
            await refresh();
            navigate(next, { replace: true });
          }}
        />
        <Button
          type="link"
          style={{ padding: 0, marginTop: 12 }}
          onClick={async () => {
            await signOut();
            navigate('/login', { replace: true });
          }}
        >
          {t('header.logout')}
        </Button>
      </Card>
    </div>
  );
}
