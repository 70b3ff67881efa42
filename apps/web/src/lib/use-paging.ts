import { LIMITS } from '@luoshi/shared';
import { useState } from 'react';
import { useI18n } from '../i18n/I18nProvider.tsx';

/**
 * A list's page and page size, and the antd `pagination` for a total: "共 N 条", and back to
 * page 1 when the page size changes.
 */
export function usePaging() {
  const { t } = useI18n();
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState<number>(LIMITS.pageSizeDefault);
  const pagination = (total: number) => ({
    current: page,
    pageSize,
    total,
    size: 'small' as const,
    showTotal: (n: number) => t('common.total', { total: n }),
    onChange: (p: number, size: number) => {
      setPage(size === pageSize ? p : 1);
      setPageSize(size);
    },
  });
  return { page, pageSize, setPage, pagination };
}
