import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { PAGES, PUBLIC_PAGES } from '../pages';
import { commonStrings } from './common';
import { LANG_KEY, type Lang } from './language';
import type { PageStrings } from './strings';

/** Same approach as the till (renderer/i18n): i18next, zh-CN first, choice kept per browser. */

const modules: PageStrings<unknown>[] = [
  commonStrings,
  ...PUBLIC_PAGES.map((p) => p.strings),
  ...PAGES.map((p) => p.strings),
];
const bundle = (lang: Lang) => Object.fromEntries(modules.map((m) => [m.ns, m[lang]]));

const saved = localStorage.getItem(LANG_KEY);
const initial: Lang = saved === 'en' ? 'en' : 'zh-CN';

void i18next.use(initReactI18next).init({
  resources: { 'zh-CN': { translation: bundle('zh-CN') }, en: { translation: bundle('en') } },
  lng: initial,
  fallbackLng: 'zh-CN',
  interpolation: { escapeValue: false },
  returnNull: false,
});
document.documentElement.lang = initial;
