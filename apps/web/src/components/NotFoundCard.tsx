import { Button, Card, Result } from 'antd';
import { Link } from 'react-router-dom';
import { useI18n } from '../i18n/I18nProvider.tsx';

/** What a detail page shows for a record that does not exist or lies outside the caller's scope, with a way back to its list. */
export function NotFoundCard({ text, backTo, backLabel, testId }: { text: string; backTo: string; backLabel: string; testId?: string }) {
  const { t } = useI18n();
  return (
    <Card>
      <Result
        status="404"
        title={t('error.notFoundTitle')}
        subTitle={text}
        data-testid={testId}
        extra={
          <Link to={backTo}>
            <Button type="primary">{backLabel}</Button>
          </Link>
        }
      />
    </Card>
  );
}
