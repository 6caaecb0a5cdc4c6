import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { messages, type Lang, type MessageKey } from './messages.js';
import type { LocalizedText } from '../api/types.js';
import { formatOfficeDate } from './office-time.js';

/** What components need for language: the catalogue lookup and formatters. */
export interface I18n {
  lang: Lang;
  setLang: (lang: Lang) => void;
  /** A message of the catalogue with `{name}` placeholders filled. */
  t: (key: MessageKey, params?: Record<string, string | number>) => string;
  /** A localized text from the server (`{ de, en }`), German when English is missing. */
  lt: (text: LocalizedText | string | null | undefined, fallback?: string) => string;
  /** A date as dd.mm.yyyy (German) or the English short date. */
  date: (iso: string | null | undefined) => string;
  /** Date and time. */
  dateTime: (iso: string | null | undefined) => string;
  /** A count with the locale's grouping. */
  num: (n: number) => string;
}

const STORAGE_KEY = 'agora.lang';
const I18nContext = createContext<I18n | null>(null);

function initialLang(): Lang {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    if (stored === 'de' || stored === 'en') return stored;
  } catch {
    // Storage may be blocked; German is the default anyway.
  }
  return 'de';
}

/** Fills `{name}` placeholders. */
export function fill(template: string, params: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (m, name: string) => (params[name] === undefined ? m : String(params[name])));
}

/** Picks the language's text from a localized object, falling back to German. */
export function pickText(text: LocalizedText | string | null | undefined, lang: Lang, fallback = ''): string {
  if (text === null || text === undefined) return fallback;
  if (typeof text === 'string') return text;
  return (lang === 'en' ? text.en : undefined) || text.de || fallback;
}

/** Provides language state; German is the default, the choice is remembered. */
export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(initialLang);
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
  const setLang = useCallback((next: Lang) => {
    setLangState(next);
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // Not remembered; fine.
    }
  }, []);
  const value = useMemo<I18n>(() => {
    const locale = lang === 'de' ? 'de-DE' : 'en-GB';
    const numFmt = new Intl.NumberFormat(locale);
    // Moments in the office's zone (deadlines are Berlin midnights), plain dates as the day they name.
    const safe = (options: Intl.DateTimeFormatOptions) => (iso: string | null | undefined) => (iso ? formatOfficeDate(iso, locale, options) : '');
    const dayOptions: Intl.DateTimeFormatOptions = { day: '2-digit', month: '2-digit', year: 'numeric' };
    return {
      lang,
      setLang,
      t: (key, params) => fill(messages[lang][key] ?? messages.de[key] ?? key, params),
      lt: (text, fallback) => pickText(text, lang, fallback),
      date: safe(dayOptions),
      dateTime: safe({ ...dayOptions, hour: '2-digit', minute: '2-digit' }),
      num: (n) => numFmt.format(n),
    };
  }, [lang, setLang]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

/** The current language tools; components re-render when the language changes. */
export function useI18n(): I18n {
  const ctx = useContext(I18nContext);
  if (!ctx) throw new Error('useI18n outside I18nProvider');
  return ctx;
}
