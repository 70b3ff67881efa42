import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router-dom';
import { ApiError } from '../api/client.ts';
import { BrandMark } from '../components/BrandMark.tsx';
import { LanguageSwitch } from '../components/LanguageSwitch.tsx';
import { login } from '../features/auth/auth.api.ts';
import { nextPath, useAuth } from '../features/auth/AuthProvider.tsx';
import { useI18n, type Translate } from '../i18n/I18nProvider.tsx';
import { errorMessage } from '../lib/errors.ts';
import { minutesUntil } from '../lib/format.ts';

/** Why sign-in failed, in words: wrong password, locked (with minutes left), too many attempts. */
function loginError(err: unknown, t: Translate, chinese: boolean): string {
  if (!(err instanceof ApiError)) return errorMessage(err, t);
  if (err.code === 'LOCKED') {
    const until = (err.details as { lockedUntil?: string } | undefined)?.lockedUntil;
    return until ? t('login.locked', { minutes: minutesUntil(until) }) : err.message;
  }
  if (err.code === 'RATE_LIMITED') return t('login.rateLimited');
  // The server's own words distinguish a wrong password from a disabled account.
  if (err.code === 'UNAUTHENTICATED') return chinese ? err.message : t('login.failed');
  return errorMessage(err, t);
}

/** The sign-in screen. After signing in it returns to the address the user first asked for. */
export function LoginPage() {
  const { t, language } = useI18n();
  const { me, signedIn } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const next = nextPath(location.search);
  const expired = (location.state as { expired?: boolean } | null)?.expired === true;
  const [error, setError] = useState<string>();
  const [submitting, setSubmitting] = useState(false);

  if (me) return <Navigate to={me.mustChangePassword ? `/change-password?next=${encodeURIComponent(next)}` : next} replace />;

  const submit = async (values: { username: string; password: string }) => {
    setSubmitting(true);
    setError(undefined);
    try {
      const profile = await login(values.username.trim(), values.password);
      signedIn(profile);
      navigate(profile.mustChangePassword ? `/change-password?next=${encodeURIComponent(next)}` : next, { replace: true });
    } catch (err) {
      setError(loginError(err, t, language !== 'en'));
      setSubmitting(false);
    }
  };

  return (
    <div className="login-page">
      {/* Panels drawn like antd cards, not Card itself: Card brings tabs, dropdown and menu to the first chunk. */}
      <div className="login-tools">
        <LanguageSwitch />
      </div>
      <div className="login-card">
        <div className="login-brand">
          <BrandMark className="mark" />
          <h1>{t('app.fullName')}</h1>
          <p>{t('app.tagline')}</p>
        </div>
        {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="login-error" /> : expired ? <Alert type="info" showIcon title={t('login.sessionExpired')} style={{ marginBottom: 16 }} /> : null}
        <Form layout="vertical" onFinish={submit} requiredMark={false} size="large">
          <Form.Item name="username" label={t('login.username')} rules={[{ required: true, whitespace: true, message: t('login.usernameRequired') }]}>
            <Input prefix={<UserOutlined />} autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item name="password" label={t('login.password')} rules={[{ required: true, message: t('login.passwordRequired') }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={submitting}>
            {t('login.submit')}
          </Button>
        </Form>
        <Typography.Paragraph type="secondary" style={{ marginTop: 16, marginBottom: 0, fontSize: 12 }}>
          {t('login.footer')}
        </Typography.Paragraph>
      </div>
    </div>
  );
}
