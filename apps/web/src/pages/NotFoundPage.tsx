import { Button, Result } from 'antd';
import { Link } from 'react-router-dom';
import { useI18n } from '../i18n/I18nProvider.tsx';

/** Shown for addresses the app does not know. */
export function NotFoundPage() {
  const { t } = useI18n();
  return (
    <Result
      status="404"
      title={t('error.pageNotFound')}
      extra={
        <Link to="/">
          <Button type="primary">{t('error.backHome')}</Button>
        </Link>
      }
    />
  );
}
