// i18n: a small typed dictionary per language (decided over i18next: ~6 KB for three languages, key
// typos are compile errors, no runtime plugin chain on the login screen's critical path).
// The language is remembered in localStorage and, once signed in, on the user (PATCH /api/v1/me),
// and the user's stored locale wins at login.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { en, type Key } from './en';
import { es } from './es';
import { fr } from './fr';
import type { Locale } from '../api/types';
import { setRequestLocale, setServerMessageTranslator } from '../api/http';
import { formatLocalDate, formatLocalTime } from '../lib/format';

export type { Key };
export const LOCALES: Locale[] = ['es', 'en', 'fr'];
export const LOCALE_NAMES: Record<Locale, string> = { es: 'Español', en: 'English', fr: 'Français' };
const DICTS: Record<Locale, Record<Key, string>> = { en, es, fr };
const STORAGE_KEY = 'paseo.locale';

export function isLocale(s: unknown): s is Locale {
  return s === 'en' || s === 'es' || s === 'fr';
}

export function translate(
  locale: Locale,
  key: Key,
  vars?: Record<string, string | number>,
): string {
  const text = DICTS[locale][key] ?? en[key] ?? key;
  if (!vars) return text;
  return text.replace(/\{(\w+)\}/g, (m, name: string) =>
    name in vars ? String(vars[name]) : m,
  );
}

/** OCTO unit types (ADULT, CHILD, ...) as the screens name them; unknown types stay as sent. */
export function unitTypeLabel(locale: Locale, type: string): string {
  return translateMaybe(locale, `unit.${type}`, type);
}

/** Translate a dynamic key (a server status) with a fallback to the raw value. */
export function translateMaybe(locale: Locale, key: string, fallback: string): string {
  return key in en ? translate(locale, key as Key) : fallback;
}

/** A server error's text in `locale` from its message key ("server.<key>"), or null when the
 *  dictionaries do not know the key (the server's English message is shown then). Params that
 *  are a local date (YYYY-MM-DD) or a wall time (HH:MM) are written the locale's way. */
export function serverMessage(
  locale: string | null,
  key: string,
  params: Record<string, string>,
): string | null {
  const k = `server.${key}`;
  if (!(k in en)) return null;
  const lang = isLocale(locale) ? locale : 'en';
  const shown: Record<string, string> = {};
  for (const [name, value] of Object.entries(params)) {
    const text = String(value);
    if (/^\d{4}-\d{2}-\d{2}$/.test(text)) shown[name] = formatLocalDate(text, lang, 'long');
    else if (/^\d{2}:\d{2}$/.test(text)) shown[name] = formatLocalTime(text, lang);
    else shown[name] = text;
  }
  return translate(lang, k as Key, shown);
}
setServerMessageTranslator(serverMessage);

export function initialLocale(): Locale {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (isLocale(saved)) return saved;
  } catch {
    /* storage blocked */
  }
  const nav = (typeof navigator !== 'undefined' ? navigator.language : 'en').slice(0, 2);
  return isLocale(nav) ? nav : 'en';
}

interface I18nValue {
  locale: Locale;
  setLocale: (l: Locale) => void;
  t: (key: Key, vars?: Record<string, string | number>) => string;
  /** For server-provided codes: t('status.' + s) falling back to s. */
  tx: (key: string, fallback?: string) => string;
}
const I18nContext = createContext<I18nValue | null>(null);

export function I18nProvider({
  children,
  initial,
  onChange,
}: {
  children: ReactNode;
  initial?: Locale;
  onChange?: (l: Locale) => void;
}) {
  const [locale, setLocaleState] = useState<Locale>(initial ?? initialLocale);
  const setLocale = useCallback(
    (l: Locale) => {
      setLocaleState(l);
      try {
        localStorage.setItem(STORAGE_KEY, l);
      } catch {
        /* ignore */
      }
      document.documentElement.lang = l;
      onChange?.(l);
    },
    [onChange],
  );
  // <html lang> follows the language from the first render (screen readers, hyphenation), not
  // only after the picker is used.
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);
  // Requests carry the UI language (Accept-Language) so the server's catalogue texts match it.
  // Set during render, before the children's effects fetch with it.
  setRequestLocale(locale);
  const value = useMemo<I18nValue>(
    () => ({
      locale,
      setLocale,
      t: (key, vars) => translate(locale, key, vars),
      tx: (key, fallback) => translateMaybe(locale, key, fallback ?? key.split('.').pop() ?? key),
    }),
    [locale, setLocale],
  );
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18nValue {
  const v = useContext(I18nContext);
  if (!v) throw new Error('useI18n outside I18nProvider');
  return v;
}
