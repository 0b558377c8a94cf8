/** The console's two languages: Chinese by default, English on request; the choice is kept in localStorage. */
import { en } from './i18n/en.js';
import { zh, type StringKey } from './i18n/zh.js';

export type Lang = 'zh' | 'en';
export type { StringKey };

const tables: Record<Lang, Record<StringKey, string>> = { zh, en };
const langKey = 'hotline.lang';

let current: Lang = localStorage.getItem(langKey) === 'en' ? 'en' : 'zh';

/** The language in use. */
export function lang(): Lang {
  return current;
}

/** Switches language (the app re-renders after). */
export function setLang(l: Lang): void {
  current = l;
  localStorage.setItem(langKey, l);
  document.documentElement.lang = l === 'zh' ? 'zh-CN' : 'en';
}

/** The string for a key in the current language, `{name}` filled from `vars`. */
export function t(key: StringKey, vars: Record<string, string | number> = {}): string {
  return tables[current][key].replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k] ?? `{${k}}`));
}

/** A string for a dynamic key (a state or an outcome from the API) when the table has it, else the raw value. */
export function tOr(prefix: string, value: string): string {
  const key = `${prefix}.${value}` as StringKey;
  return key in tables[current] ? t(key) : value;
}
