import type { PromptLanguage } from './tts-cache.js';

/**
 * One piece of audio. A string is a media URI Asterisk plays as is (digits:, number:, sound:);
 * {tts} is text spoken through the TTS cache; {file} is a recorded prompt under the prompts directory.
 */
export type Media = string | { tts: { text: string; lang: PromptLanguage } } | { file: string };
