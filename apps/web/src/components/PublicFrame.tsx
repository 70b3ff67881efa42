import type { UseQueryResult } from '@tanstack/react-query';
import { Result, Spin } from 'antd';
import type { ReactNode } from 'react';
import { ApiError } from '../api/client.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { BrandMark } from './BrandMark.tsx';
import { ErrorState } from './ErrorState.tsx';
import { LanguageSwitch } from './LanguageSwitch.tsx';

/**
 * A page read without login: the platform's name and the language switch above what the query
 * loaded — a spinner first, "not found" (with `notFound`) for a missing or unpublished page, an
 * error with a retry for anything else.
 */
export function PublicFrame<T>({ query, notFound, children }: { query: UseQueryResult<T>; notFound: string; children: (data: T) => ReactNode }) {
  const { t } = useI18n();
  const body = () => {
    if (query.isPending) return <Spin className="page-spin" />;
    if (query.isError) {
      if (query.error instanceof ApiError && (query.error.status === 404 || query.error.status === 400)) return <Result status="404" title={notFound} data-testid="public-not-found" />;
      return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
    }
    return children(query.data);
  };
  return (
    <div className="public-page">
      <div className="public-page-header">
        <span className="public-page-brand">
          <BrandMark className="mark" />
          {t('app.fullName')}
        </span>
        <LanguageSwitch />
      </div>
      <div className="public-page-body">{body()}</div>
    </div>
  );
}
