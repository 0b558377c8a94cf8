import { existsSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ttsFileName, ttsPrompt } from '../../../src/prompts/tts-cache.js';

describe('TTS prompt cache', () => {
  it('names a prompt by its language and text', () => {
    expect(ttsFileName('欢迎致电', 'zh')).toBe(ttsFileName('欢迎致电', 'zh'));
    expect(ttsFileName('欢迎致电', 'zh')).not.toBe(ttsFileName('欢迎致电', 'en'));
    expect(ttsFileName('欢迎致电', 'zh')).toMatch(/^tts-zh-[0-9a-f]{20}\.wav$/);
  });

  it('speaks Mandarin once into an 8 kHz wav and reuses it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hotline-tts-'));
    const file = await ttsPrompt(dir, '欢迎致电客服热线', 'zh');
    const path = join(dir, file);
    expect(existsSync(path)).toBe(true);
    const first = statSync(path).mtimeMs;
    expect(await ttsPrompt(dir, '欢迎致电客服热线', 'zh')).toBe(file);
    expect(statSync(path).mtimeMs).toBe(first);
    const { execFileSync } = await import('node:child_process');
    expect(execFileSync('soxi', ['-r', path]).toString().trim()).toBe('8000');
  });

  it('serves calls that need the same new prompt at once (two abandoned answers) from one generation', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hotline-tts-'));
    const files = await Promise.all([1, 2, 3].map(() => ttsPrompt(dir, '您好，我们稍后再与您联系。', 'zh')));
    expect(new Set(files).size).toBe(1);
    expect(existsSync(join(dir, files[0]!))).toBe(true);
  });
});
