/** For runners: the media URIs Asterisk plays for an interpreter's play command. */
import { createHash } from 'node:crypto';
import type { Media } from './commands.js';
import type { Lang } from './flow-schema.js';

export interface MediaResolver {
  /** URI of a recorded prompt file, e.g. promptUri(baseUrl, file) from src/http/prompts.ts. */
  file(name: string): string;
  /** URI of spoken text; the runner makes (and caches) the audio before playing. */
  tts(text: string, lang: Lang): string;
}

/** The cache file name for a TTS text: stable across runs, so each text is synthesised once. */
export function ttsFileName(text: string, lang: Lang): string {
  return `tts-${lang}-${createHash('sha256').update(`${lang}\0${text}`).digest('hex').slice(0, 20)}.wav`;
}

/** The TTS pieces of a play command (what the runner must have synthesised before it plays). */
export function ttsPieces(media: readonly Media[]): Array<{ text: string; lang: Lang }> {
  return media.flatMap((m) => (typeof m === 'object' && 'tts' in m ? [m.tts] : []));
}

/** Media as URIs for TelephonyPort.play. */
export function mediaUris(media: readonly Media[], resolve: MediaResolver): string[] {
  return media.map((m) => (typeof m === 'string' ? m : 'tts' in m ? resolve.tts(m.tts.text, m.tts.lang) : resolve.file(m.file)));
}
