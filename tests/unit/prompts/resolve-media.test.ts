import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveMedia } from '../../../src/prompts/resolve-media.js';
import { ttsFileName } from '../../../src/prompts/tts-cache.js';

const dir = mkdtempSync(join(tmpdir(), 'hotline-media-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('resolving media to what Asterisk plays', () => {
  it('plays URIs as they are, and recorded files and cached TTS from the prompt base URL', async () => {
    // A prompt already in the cache is played without speaking it again (no espeak-ng needed here).
    writeFileSync(join(dir, ttsFileName('您好', 'zh')), 'RIFF');
    const uris = await resolveMedia({ promptsDir: dir, baseUrl: () => 'http://127.0.0.1:8080/' }, [
      'digits:12',
      { tts: { text: '您好', lang: 'zh' } },
      { file: 'welcome.wav' },
    ]);
    expect(uris).toEqual(['digits:12', `sound:http://127.0.0.1:8080/prompts/${ttsFileName('您好', 'zh')}`, 'sound:http://127.0.0.1:8080/prompts/welcome.wav']);
  });

  it('names a TTS file as earlier versions did, so prompts already cached are found again', () => {
    expect(ttsFileName('您好', 'zh')).toBe('tts-zh-99f3242069120ed20756.wav');
    expect(ttsFileName('您好', 'en')).not.toBe(ttsFileName('您好', 'zh'));
  });
});
