import { App as AntApp, ConfigProvider } from 'antd';
import type { Locale } from 'antd/es/locale';
import zhCNLocale from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { cspNonce } from '../lib/csp.ts';
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
const DAYJS_LOCALES: Record<Language, string> = { 'zh-CN': 'zh-cn', 'zh-TW': 'zh-tw', en: 'en' };

/** A language's messages and the antd locale that goes with them. */
interface Catalogue {
  messages: Record<string, string>;
  antd: Locale;
}

/**
 * zh-CN is in the first chunk; the other languages are fetched when chosen (each is about 50 kB of
 * messages plus its antd and dayjs locales), so a first visit does not download all three.
 */
const CATALOGUES: Partial<Record<Language, Catalogue>> = { 'zh-CN': { messages: zhCN, antd: zhCNLocale } };
const LOADERS: Record<Exclude<Language, 'zh-CN'>, () => Promise<Catalogue>> = {
  'zh-TW': async () => {
    const [messages, antd] = await Promise.all([import('virtual:luoshi/zh-TW'), import('antd/locale/zh_TW'), import('dayjs/locale/zh-tw')]);
    return { messages: messages.default, antd: antd.default };
  },
  en: async () => {
    const [messages, antd] = await Promise.all([import('./en.ts'), import('antd/locale/en_US'), import('dayjs/locale/en')]);
    return { messages: messages.en, antd: antd.default };
  },
};

/** Fetches a language's catalogue if it is not here yet; resolves once it can be shown. */
export async function loadLanguage(language: Language): Promise<void> {
  if (language === 'zh-CN' || CATALOGUES[language]) return;
  CATALOGUES[language] = await LOADERS[language]();
}

/** The language the person chose last time on this browser (zh-CN when none). */
export function storedLanguage(): Language {
  const saved = localStorage.getItem(STORAGE_KEY);
  return LANGUAGES.some((l) => l.code === saved) ? (saved as Language) : 'zh-CN';
}

/** Replaces `{name}` placeholders with values. */
export type Translate = (key: MessageKey, values?: Record<string, string | number>) => string;

interface I18nValue {
  language: Language;
  setLanguage: (language: Language) => void;
  t: Translate;
}

const I18nContext = createContext<I18nValue | null>(null);

/**
 * Provides the chosen language, its messages, and the matching antd and dayjs locales. The stored
 * language's catalogue is loaded before the first render (main.tsx); until a switch's catalogue has
 * arrived the page stays in the language it is in.
 */
export function I18nProvider({ children }: { children: ReactNode }) {
  const [language, setLanguageState] = useState<Language>(() => {
    const stored = storedLanguage();
    return CATALOGUES[stored] ? stored : 'zh-CN';
  });
  const setLanguage = useCallback((next: Language) => {
    void loadLanguage(next).then(() => {
      localStorage.setItem(STORAGE_KEY, next);
      setLanguageState(next);
    });
  }, []);

  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);

  const value = useMemo<I18nValue>(() => {
    const messages = (CATALOGUES[language] ?? CATALOGUES['zh-CN']!).messages;
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
        locale={(CATALOGUES[language] ?? CATALOGUES['zh-CN']!).antd}
        csp={CSP}
        // zeroRuntime: antd's component styles come from its prebuilt style sheet (antd/dist/antd.css,
        // imported in main.tsx), not generated in the browser on each component's first render
        // (before, about half of a first load's script time); only the theme's variables are.
        theme={{ zeroRuntime: true, token: { colorPrimary: '#1f5fbf', borderRadius: 6, fontFamily: FONT_STACK, motion: !REDUCED_MOTION } }}
      >
        <AntApp>{children}</AntApp>
      </ConfigProvider>
    </I18nContext.Provider>
  );
}

/**
 * Someone who asked their system for less motion gets no sliding dialogs or zooming menus: antd's
 * animations are off. (The test browser asks for it too, so that no click lands on a moving button.)
 */
const REDUCED_MOTION = typeof window !== 'undefined' && window.matchMedia?.('(prefers-reduced-motion: reduce)').matches === true;

/** System fonts first, then the CJK fonts common on Windows, macOS and Linux desktops. */
const FONT_STACK =
  "-apple-system, BlinkMacSystemFont, 'Segoe UI', 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Source Han Sans SC', 'WenQuanYi Micro Hei', 'Helvetica Neue', Arial, sans-serif";

/** The current language and the translate function. */
export function useI18n(): I18nValue {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n must be used inside <I18nProvider>');
  return value;
}
