import { useI18n } from '../i18n/I18nProvider.tsx';
import { scopeInChinese, scopeInEnglish } from './scope-text.ts';

/** The caller's data scope (described by the server in Chinese) in the interface language. */
export function useScopeText(): (description: string) => string {
  const { language } = useI18n();
  return (description) => (language === 'en' ? scopeInEnglish(description) : scopeInChinese(description));
}
