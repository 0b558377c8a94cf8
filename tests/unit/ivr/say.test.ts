import { describe, expect, it } from 'vitest';
import { sayMedia } from '../../../src/ivr/say.js';

const zh = (text: string) => ({ tts: { text, lang: 'zh' } });
const tz = 'Asia/Shanghai';

describe('sayMedia', () => {
  it.each([
    ['digits', '4008-001 234', 'zh', ['digits:4008001234']],
    ['digits', 'abc', 'en', []],
    ['number', '42', 'en', ['number:42']],
    ['number', '007', 'zh', ['number:7']],
    ['number', '-3', 'en', ['number:-3']],
    ['number', '3.25', 'zh', ['number:3', zh('点'), 'digits:25']],
    ['number', '3.25', 'en', ['number:3', { tts: { text: 'point', lang: 'en' } }, 'digits:25']],
    ['number', 'many', 'en', []],
    ['date', '2026-11-23', 'zh', ['digits:2026', zh('年'), 'number:11', zh('月'), 'number:23', zh('日')]],
    ['date', '2026-11-23', 'en', ['sound:digits/mon-10', 'number:20', 'sound:digits/h-3', 'number:2026']],
    ['date', '2026-01-01', 'en', ['sound:digits/mon-0', 'sound:digits/h-1', 'number:2026']],
    ['date', '2026-03-30', 'en', ['sound:digits/mon-2', 'sound:digits/h-30', 'number:2026']],
    // An instant from a lookup is said in the flow's time zone: 16:30 UTC is 00:30 the next day in Shanghai.
    ['date', '2026-11-23T16:30:00Z', 'zh', ['digits:2026', zh('年'), 'number:11', zh('月'), 'number:24', zh('日')]],
    ['date', 'yesterday', 'zh', []],
    ['time', '14:05', 'zh', ['number:14', zh('点'), 'number:5', zh('分')]],
    ['time', '09:00', 'zh', ['number:9', zh('点')]],
    ['time', '14:05', 'en', ['number:2', 'sound:digits/oh', 'number:5', 'sound:digits/p-m']],
    ['time', '00:30', 'en', ['number:12', 'number:30', 'sound:digits/a-m']],
    ['time', '12:00', 'en', ['number:12', 'sound:digits/oclock', 'sound:digits/p-m']],
  ] as const)('%s %s in %s', (as, value, lang, media) => {
    expect(sayMedia(as, value, lang, tz)).toEqual(media);
  });
});
