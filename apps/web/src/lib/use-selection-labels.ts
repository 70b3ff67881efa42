import { useMemo } from 'react';
import { useI18n } from '../i18n/I18nProvider.tsx';

/**
 * Names for a table's selection check boxes in the interface language, to spread into its
 * `rowSelection`: antd names them "Select row 1" and "Select all" in English whatever the locale.
 */
export function useSelectionLabels() {
  const { t } = useI18n();
  return useMemo(() => ({ getCheckboxProps: () => ({ 'aria-label': t('list.select') }), getTitleCheckboxProps: () => ({ 'aria-label': t('list.selectAll') }) }), [t]);
}
