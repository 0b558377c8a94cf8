import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ttsPrompt } from '../../../src/prompts/tts-cache.js';

// Issue 17 item 7: TTS text beginning with "-" was read by espeak-ng as an option; "-w<path>" wrote a file there.
describe('TTS text that looks like an option', () => {
  it('is spoken, and writes nothing where it points', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hotline-tts-opt-'));
    const target = join(dir, 'planted.wav');
    const file = await ttsPrompt(dir, `-w${target}`, 'en');
    expect(existsSync(target)).toBe(false);
    expect(existsSync(join(dir, file))).toBe(true);
  });

  it('a text that is only an option name is spoken too', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hotline-tts-opt-'));
    expect(existsSync(join(dir, await ttsPrompt(dir, '--version', 'en')))).toBe(true);
  });
});
