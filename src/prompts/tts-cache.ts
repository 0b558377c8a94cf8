import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { run } from '../process/run.js';
import { HotlineError } from '../errors.js';

export type PromptLanguage = 'zh' | 'en';

/** espeak-ng voices per prompt language (development TTS; recorded files replace them in production). */
export const ttsVoices: Readonly<Record<PromptLanguage, string>> = { zh: 'cmn', en: 'en-us' };

/** The cache file name for a text: the same text and language always map to the same file. Pure. */
export function ttsFileName(text: string, lang: PromptLanguage): string {
  const hash = createHash('sha256').update(`${lang}\n${ttsVoices[lang]}\n${text}`).digest('hex').slice(0, 20);
  return `tts-${lang}-${hash}.wav`;
}

/**
 * Speaks `text` with espeak-ng into an 8 kHz mono 16-bit wav in `dir` (Asterisk's native rate), once:
 * later calls return the cached file. Files appear by rename, so a crash never leaves half a prompt.
 */
export async function ttsPrompt(dir: string, text: string, lang: PromptLanguage): Promise<string> {
  const file = ttsFileName(text, lang);
  const path = join(dir, file);
  if (existsSync(path)) return file;
  // Two calls needing the same new prompt at once (two abandoned answers) share one generation: each would
  // otherwise write, and remove, the same temporary files.
  let pending = generating.get(path);
  if (!pending) {
    pending = speak(dir, path, text, lang).finally(() => generating.delete(path));
    generating.set(path, pending);
  }
  await pending;
  return file;
}

const generating = new Map<string, Promise<void>>();

async function speak(dir: string, path: string, text: string, lang: PromptLanguage): Promise<void> {
  mkdirSync(dir, { recursive: true });
  const raw = `${path}.${process.pid}.espeak.wav`;
  const tmp = `${path}.${process.pid}.tmp.wav`;
  try {
    // The text goes on stdin, never argv: a prompt beginning with "-" (e.g. "-w/etc/x") would be read as an option.
    const spoken = await run('espeak-ng', ['-v', ttsVoices[lang], '-s', '150', '-w', raw, '--stdin'], { input: text });
    if (spoken.code !== 0) throw new HotlineError('PROMPT_FAILED', `espeak-ng failed for a ${lang} prompt: ${spoken.stderr.trim()}`);
    const converted = await run('sox', [raw, '-r', '8000', '-c', '1', '-b', '16', tmp]);
    if (converted.code !== 0) throw new HotlineError('PROMPT_FAILED', `sox failed converting a ${lang} prompt: ${converted.stderr.trim()}`);
    renameSync(tmp, path);
  } finally {
    rmSync(raw, { force: true });
    rmSync(tmp, { force: true });
  }
}
