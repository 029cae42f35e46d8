import i18next from 'i18next';

export const LANG_KEY = 'jifen-console.lang';
export type Lang = 'zh-CN' | 'en';

export function setLanguage(lang: Lang): void {
  localStorage.setItem(LANG_KEY, lang);
  document.documentElement.lang = lang;
  void i18next.changeLanguage(lang);
}

export function currentLanguage(): Lang {
  return i18next.language === 'en' ? 'en' : 'zh-CN';
}

/** Server text in both languages (errors, refusals) in the language on screen. */
export function pick(text: { zh: string; en: string }): string {
  return currentLanguage() === 'en' ? text.en : text.zh;
}
