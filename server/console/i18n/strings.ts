/** A page's strings: zh-CN first; `en` must have exactly the same keys. */
export type Strings<T> = { [K in keyof T]: T[K] extends string ? string : Strings<T[K]> };

export interface PageStrings<T> {
  /** Top-level key of the page's strings: t('<ns>.title'). */
  ns: string;
  'zh-CN': T;
  en: Strings<T>;
}

export function defineStrings<T>(ns: string, zhCN: T, en: Strings<T>): PageStrings<T> {
  return { ns, 'zh-CN': zhCN, en };
}
