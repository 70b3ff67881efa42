import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCNLocale from 'antd/locale/zh_CN';
import zhTWLocale from 'antd/locale/zh_TW';
import dayjs from 'dayjs';
import 'dayjs/locale/en';
import 'dayjs/locale/zh-cn';
import 'dayjs/locale/zh-tw';
import zhTW from 'virtual:luoshi/zh-TW';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { cspNonce } from '../lib/csp.ts';
import { en } from './en.ts';
import { zhCN, type MessageKey } from './zh-CN.ts';

/** Languages the interface offers; zh-CN is the default. */
export const LANGUAGES = [
  { code: 'zh-CN', label: '简体中文' },
  { code: 'zh-TW', label: '繁體中文' },
  { code: 'en', label: 'English' },
] as const;
export type Language = (typeof LANGUAGES)[number]['code'];

const STORAGE_KEY = 'luoshi.language';

/** antd's <style> tags carry the page's CSP nonce. */
const CSP = { nonce: cspNonce() };
const MESSAGES: Record<Language, Record<string, string>> = { 'zh-CN': zhCN, 'zh-TW': zhTW, en };
const ANTD_LOCALES = { 'zh-CN': zhCNLocale, 'zh-TW': zhTWLocale, en: enUS };
const DAYJS_LOCALES: Record<Language, string> = { 'zh-CN': 'zh-cn', 'zh-TW': 'zh-tw', en: 'en' };

/** Replaces `{name}` placeholders with values. */
export type Translate = (key: MessageKey, values?: Record<string, string | number>) => string;

interface I18nValue {
  language: Language;
  setLanguage: (language: Language) => void;
  t: Translate;
}

const I18nContext = createContext<I18nValue | null>(null);

function storedLanguage(): Language {
  const saved = localStorage.getItem(STORAGE_KEY);
  return LANGUAGES.some((l) => l.code === saved) ? (saved as Language) : 'zh-CN';
}

/** Provides the chosen language, its messages, and the matching antd and dayjs locales. */
export function I18nProvider({ children }: { children: ReactNode }) {
  const [language, setLanguageState] = useState<Language>(storedLanguage);
  const setLanguage = useCallback((next: Language) => {
    localStorage.setItem(STORAGE_KEY, next);
    setLanguageState(next);
  }, []);

  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);

  const value = useMemo<I18nValue>(() => {
    const messages = MESSAGES[language];
    const t: Translate = (key, values) => {
      const text = messages[key] ?? zhCN[key];
      return values ? text.replace(/\{(\w+)\}/g, (m, name: string) => (name in values ? String(values[name]) : m)) : text;
    };
    return { language, setLanguage, t };
  }, [language, setLanguage]);

  // Set during render (idempotent) so that the first paint after a switch already formats in the new locale.
  dayjs.locale(DAYJS_LOCALES[language]);
  return (
    <I18nContext.Provider value={value}>
      <ConfigProvider
        locale={ANTD_LOCALES[language]}
        csp={CSP}
        theme={{ token: { colorPrimary: '#1f5fbf', borderRadius: 6, fontFamily: FONT_STACK } }}
      >
        <AntApp>{children}</AntApp>
      </ConfigProvider>
    </I18nContext.Provider>
  );
}

/** System fonts first, then the CJK fonts common on Windows, macOS and Linux desktops. */
const FONT_STACK =
  "-apple-system, BlinkMacSystemFont, 'Segoe UI', 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Source Han Sans SC', 'WenQuanYi Micro Hei', 'Helvetica Neue', Arial, sans-serif";

/** The current language and the translate function. */
export function useI18n(): I18nValue {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n must be used inside <I18nProvider>');
  return value;
}
