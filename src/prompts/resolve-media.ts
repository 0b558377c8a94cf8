import type { Media } from './media.js';
import { promptUri } from './prompt-uri.js';
import { ttsPrompt } from './tts-cache.js';

/** Where prompts are: the directory they are kept in and the base URL Asterisk fetches them from. */
export interface PromptPlace {
  promptsDir: string;
  baseUrl: () => string;
}

/** Turns media into URIs Asterisk can play: TTS text through the cache, recorded files over HTTP. */
export async function resolveMedia(place: PromptPlace, media: readonly Media[]): Promise<string[]> {
  const out: string[] = [];
  for (const m of media) {
    if (typeof m === 'string') out.push(m);
    else if ('tts' in m) out.push(promptUri(place.baseUrl(), await ttsPrompt(place.promptsDir, m.tts.text, m.tts.lang)));
    else out.push(promptUri(place.baseUrl(), m.file));
  }
  return out;
}
