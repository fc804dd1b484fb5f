import dayjs from 'dayjs';
import 'dayjs/locale/vi';
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from './en';
import { vi } from './vi';

export const LANGUAGES = ['vi', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

const STORAGE_KEY = 'baocao.language';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof vi };
  }
}

function storedLanguage(): Language {
  const saved = globalThis.localStorage?.getItem(STORAGE_KEY);
  return saved === 'en' ? 'en' : 'vi';
}

/** Whose system this is (GET /about), once known: part of the window's title. */
let organisation = '';

function applyLanguage(lng: string) {
  dayjs.locale(lng === 'en' ? 'en' : 'vi');
  document.documentElement.lang = lng;
  document.title = organisation ? `${i18n.t('app.name')} — ${organisation}` : i18n.t('app.name');
}

/** Names the organisation in the window's title (the city, or the Government). */
export function setOrganisation(name: string): void {
  organisation = name;
  applyLanguage(i18n.language);
}

void i18n.use(initReactI18next).init({
  resources: { vi: { translation: vi }, en: { translation: en } },
  lng: storedLanguage(),
  fallbackLng: 'vi',
  supportedLngs: [...LANGUAGES],
  interpolation: { escapeValue: false }, // React escapes already
  initAsync: false, // resources are bundled: ready before the first render
});
applyLanguage(i18n.language);

i18n.on('languageChanged', (lng) => {
  applyLanguage(lng);
  localStorage.setItem(STORAGE_KEY, lng);
});

export function currentLanguage(): Language {
  return i18n.language === 'en' ? 'en' : 'vi';
}

/** Translation of a key built at run time (an error code, an audit action), or undefined when none exists. */
export function translateOptional(key: string, options?: Record<string, unknown>): string | undefined {
  if (!i18n.exists(key)) return undefined;
  const value: unknown = i18n.t(key as never, options as never);
  return typeof value === 'string' ? value : undefined;
}

export { i18n };
