import { GlobalOutlined } from '@ant-design/icons';
import { Select } from 'antd';
import { LANGUAGES, useI18n, type Language } from '../i18n/I18nProvider.tsx';

/** A small select that switches the interface language (remembered in this browser). */
export function LanguageSwitch({ compact = false }: { compact?: boolean }) {
  const { language, setLanguage, t } = useI18n();
  return (
    <Select<Language>
      aria-label={t('header.language')}
      data-testid="language-switch"
      value={language}
      onChange={setLanguage}
      variant="borderless"
      prefix={compact ? undefined : <GlobalOutlined />}
      popupMatchSelectWidth={false}
      options={LANGUAGES.map((l) => ({ value: l.code, label: compact ? l.label.slice(0, 2) : l.label }))}
    />
  );
}
