import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../../src/clock.js';
import { createLogger } from '../../../src/log/logger.js';
import { PromptWarmer } from '../../../src/prompts/prompt-warmer.js';
import { ttsFileName } from '../../../src/prompts/tts-cache.js';

const dir = mkdtempSync(join(tmpdir(), 'hotline-warm-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('pre-warming the prompts of a flow version', () => {
  it('has every TTS prompt of each version in the cache once ready() resolves', async () => {
    const warmer = new PromptWarmer({ promptsDir: dir, clock: systemClock, log: createLogger('silent') });
    warmer.warm([{ text: '您好', lang: 'zh' }], { name: 'hotline', version: 'v1' });
    warmer.warm([{ text: 'Hello', lang: 'en' }], { name: 'hotline', version: 'v2' });
    await warmer.ready();
    expect(existsSync(join(dir, ttsFileName('您好', 'zh')))).toBe(true);
    expect(existsSync(join(dir, ttsFileName('Hello', 'en')))).toBe(true);
  });
});
