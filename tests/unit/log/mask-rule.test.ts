import { Writable } from 'node:stream';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/log/logger.js';
import { maskNumbersInText } from '../../../src/log/mask-rule.js';
import { maskUrl } from '../../../src/log/mask-url.js';

// Issue 17 item 3: the log mask missed numbers before a period and with spaces or dashes, and over-masked hex.
describe('the mask rule on numbers in every shape', () => {
  it.each([
    ['call 13800138000.', 'call 138****8000.'],
    ['call 13800138000, then', 'call 138****8000, then'],
    ['(13800138000)', '(138****8000)'],
    ['number: 13800138000;', 'number: 138****8000;'],
    ['138 0013 8000 called', '138****8000 called'],
    ['138-0013-8000', '138****8000'],
    ['+86 138 0013 8000', '+86138****8000'],
    ['+86-138-0013-8000.', '+86138****8000.'],
    ['0086 13800138000', '0086138****8000'],
    ['+8613800138000', '+86138****8000'],
    ['010-6552-1234', '010****1234'],
    ['0755 12345678', '075*****5678'],
    ['400-800-1234', '400***1234'],
    ['400 800 1234', '400***1234'],
    ['PJSIP/13900000003@carrier', 'PJSIP/139****0003@carrier'],
    ['Local/13900000003@ctx-00000001;1', 'Local/139****0003@ctx-00000001;1'],
    ['号码13800138000。', '号码138****8000。'],
    ['q=%2B8613800138000', 'q=%2B86138****8000'],
  ])('%s → %s', (input, masked) => {
    expect(maskNumbersInText(input)).toBe(masked);
  });

  it.each([
    ['a flow version hash', 'flow version 4091238178d9 activated'],
    ['a hash that starts with letters', 'version ab40912381782'],
    ['an Asterisk uniqueid', 'channel 1795429371.12 gone'],
    ['a date', 'window opens 2026-03-10 08:00'],
    ['a short extension', 'agent 1001 on 8001'],
    ['a uuid', 'id 7f3e2a10-1234-4567-8901-23456789abcd'],
  ])('leaves %s alone', (_what, text) => {
    expect(maskNumbersInText(text)).toBe(text);
  });
});

describe('request URLs in the log', () => {
  it('masks numbers and parts of numbers in query values', () => {
    expect(maskUrl('/api/v1/leads?phone=13800138000&limit=5')).toBe('/api/v1/leads?phone=138********&limit=5');
    expect(maskUrl('/api/v1/leads?q=%2B861380&afterId=41')).toBe('/api/v1/leads?q=%2B861***&afterId=41');
    expect(maskUrl('/api/v1/calls?number=138-0013-8000')).toBe('/api/v1/calls?number=138-****-****');
    expect(maskUrl('/api/v1/dnc/13800138000')).toBe('/api/v1/dnc/138****8000');
  });

  it("fastify's request log carries no number", async () => {
    const lines: string[] = [];
    const sink = new Writable({ write: (c, _e, cb) => (lines.push(c.toString()), cb()) });
    const app = Fastify({ loggerInstance: createLogger('info', sink) });
    app.get('/leads', async () => ({ ok: true }));
    await app.inject({ method: 'GET', url: '/leads?phone=13800138000&q=%2B861380' });
    await app.inject({ method: 'GET', url: '/nowhere/13800138000' });
    await app.close();
    const out = lines.join('');
    expect(out).toContain('/leads?phone=138');
    expect(out).not.toMatch(/13800138000|861380|0013/);
  });
});
