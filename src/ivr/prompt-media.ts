/** Turning a flow's prompt into the media a play command carries, in the call's language. */
import type { Media } from './commands.js';
import type { Lang, Prompt, PromptItem } from './flow-schema.js';
import { sayMedia } from './say.js';

export interface SpeakContext {
  /** The call's language now. */
  language: Lang;
  /** The flow's language: the fallback when a localized prompt lacks the call's. */
  flowLanguage: Lang;
  vars: Readonly<Record<string, string>>;
  timezone: string;
}

function pick<T>(m: { zh?: T; en?: T }, ctx: SpeakContext): { value: T; lang: Lang } {
  for (const lang of [ctx.language, ctx.flowLanguage, 'zh', 'en'] as const) {
    const value = m[lang];
    if (value !== undefined) return { value, lang };
  }
  // The schema requires at least one language, so this is unreachable for a validated flow.
  throw new TypeError('localized prompt with no language');
}

function itemMedia(item: PromptItem, ctx: SpeakContext): Media[] {
  if (typeof item === 'string') return [{ tts: { text: item, lang: ctx.language } }];
  if ('text' in item) return [{ tts: { text: item.text, lang: item.lang ?? ctx.language } }];
  if ('file' in item) return [{ file: typeof item.file === 'string' ? item.file : pick(item.file, ctx).value }];
  if ('sound' in item) return [`sound:${item.sound}`];
  if ('say' in item) return sayMedia(item.say, item.var !== undefined ? (ctx.vars[item.var] ?? '') : (item.value ?? ''), ctx.language, ctx.timezone);
  const { value, lang } = pick(item, ctx);
  return [{ tts: { text: value, lang } }];
}

/** The media for a prompt (nothing for an absent one). */
export function promptMedia(prompt: Prompt | undefined, ctx: SpeakContext): Media[] {
  if (prompt === undefined) return [];
  return (Array.isArray(prompt) ? prompt : [prompt]).flatMap((item) => itemMedia(item, ctx));
}
