/** What a caller waiting in a queue hears, in their language; spoken through TTS for development, like the flows' prompts. */

export type QueueLang = 'zh' | 'en';

/** The callers ahead and, when an estimate exists, the minutes to wait. */
export function positionAnnouncement(pos: number, minutes: number | null, lang: QueueLang): string {
  const ahead = pos - 1;
  return lang === 'zh'
    ? `您前面还有${ahead}位客户在等待${minutes === null ? '' : `，预计等待约${minutes}分钟`}。`
    : `There ${ahead === 1 ? 'is' : 'are'} ${ahead} caller${ahead === 1 ? '' : 's'} ahead of you${minutes === null ? '' : `, about ${minutes} minute${minutes === 1 ? '' : 's'} to wait`}.`;
}

/** The offer of a call back instead of waiting on (key 1). */
export function callbackOfferAnnouncement(lang: QueueLang): string {
  return lang === 'zh' ? '如需我们稍后回电，请按1。' : 'To be called back later, press 1.';
}
