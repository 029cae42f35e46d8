import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { counterDay } from './counter-day';
import { en } from './en';
import { lockout } from './lockout';
import { plates } from './plates';
import { points } from './points';
import { setup } from './setup';
import { stock } from './stock';
import { verdicts } from './verdicts';
import { zhCN } from './zh-CN';

const LANG_KEY = 'jifen-till.lang';
export type Lang = 'zh-CN' | 'en';

const saved = localStorage.getItem(LANG_KEY);
const initial: Lang = saved === 'en' ? 'en' : 'zh-CN';

void i18next.use(initReactI18next).init({
  resources: {
    'zh-CN': {
      translation: {
        ...zhCN,
        ...counterDay['zh-CN'],
        ...setup['zh-CN'],
        ...points['zh-CN'],
        ...stock['zh-CN'],
        ...lockout['zh-CN'],
        ...plates['zh-CN'],
        ...verdicts['zh-CN'],
      },
    },
    en: {
      translation: {
        ...en,
        ...counterDay.en,
        ...setup.en,
        ...points.en,
        ...stock.en,
        ...lockout.en,
        ...plates.en,
        ...verdicts.en,
      },
    },
  },
  lng: initial,
  fallbackLng: 'zh-CN',
  interpolation: { escapeValue: false },
  returnNull: false,
});
document.documentElement.lang = initial;

export function setLanguage(lang: Lang): void {
  localStorage.setItem(LANG_KEY, lang);
  document.documentElement.lang = lang;
  void i18next.changeLanguage(lang);
}

export function currentLanguage(): Lang {
  return i18next.language === 'en' ? 'en' : 'zh-CN';
}

/** The till's own bilingual text in the language on screen. */
export function pick(text: { zh: string; en: string }): string {
  return currentLanguage() === 'en' ? text.en : text.zh;
}
