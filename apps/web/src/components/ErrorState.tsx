import { Button, Result } from 'antd';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { errorMessage } from '../lib/errors.ts';

/** What a list or panel shows when its load failed: the reason and a retry button. */
export function ErrorState({ error, onRetry, compact = false }: { error: unknown; onRetry: () => void; compact?: boolean }) {
  const { t } = useI18n();
  return (
    <Result
      status={compact ? 'info' : 'warning'}
      style={compact ? { padding: '24px 8px' } : undefined}
      title={t('common.loadFailed')}
      subTitle={errorMessage(error, t)}
      extra={
        <Button type="primary" onClick={onRetry}>
          {t('common.retry')}
        </Button>
      }
    />
  );
}
