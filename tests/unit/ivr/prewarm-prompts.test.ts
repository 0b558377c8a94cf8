import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../../src/config/load.js';
import { loadFlowFileOrThrow } from '../../../src/ivr/load-flow.js';
import { flowTtsPieces } from '../../../src/ivr/prewarm-prompts.js';

describe('flowTtsPieces', () => {
  const pieces = flowTtsPieces(loadFlowFileOrThrow(join(projectRoot, 'config/ivr/hotline.yaml')));
  it('lists every prompt the sample hotline can speak, in both languages, once', () => {
    expect(pieces).toContainEqual({ text: '您好，欢迎致电400服务热线。', lang: 'zh' });
    expect(pieces).toContainEqual({ text: 'Welcome to the 400 service hotline.', lang: 'en' });
    expect(pieces).toContainEqual({ text: 'For English, press 9.', lang: 'en' });
    const keys = pieces.map((p) => `${p.lang}:${p.text}`);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
