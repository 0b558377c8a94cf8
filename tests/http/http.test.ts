import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ConnectionEvent, TelephonyPort } from '../../src/ari/port.js';
import { loadConfig } from '../../src/config/load.js';
import { buildHttp } from '../../src/http/app.js';
import { createLogger } from '../../src/log/logger.js';
import { createService } from '../../src/service/service.js';

// An adapter stub: these tests are about HTTP, not telephony; nothing here claims a call works.
function stubPort(): TelephonyPort & { up(): void } {
  const conn = new Set<(e: ConnectionEvent) => void>();
  let connected = false;
  const none = async () => undefined;
  return {
    get connected() {
      return connected;
    },
    up() {
      connected = true;
      for (const l of conn) l({ type: 'connected', reconnect: false, at: Date.now() });
    },
    start: none,
    stop: none,
    onEvent: () => () => undefined,
    onConnection: (l) => (conn.add(l), () => conn.delete(l)),
    watchChannel: () => () => undefined,
    follow: none,
    watchedChannels: () => 0,
    answer: none,
    play: async () => 'p',
    stopPlayback: none,
    startMoh: none,
    stopMoh: none,
    record: none,
    recordBridge: none,
    createBridge: async () => 'b',
    addToBridge: none,
    removeFromBridge: none,
    destroyBridge: none,
    originate: none,
    hearEarlyMedia: async () => async () => undefined,
    continueInDialplan: none,
    hangup: none,
    snoop: none,
    mute: none,
    unmute: none,
    appChannels: async () => [],
    channel: async () => null,
    bridgedChannels: async () => new Set<string>(),
    asteriskVersion: async () => '22.10.1',
    pushSipPhone: none,
    removeSipPhone: none,
  };
}

describe('HTTP', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hotline-http-'));
  const config = loadConfig(undefined, {});
  config.store.path = join(dir, 'h.db');
  config.prompts.dir = join(dir, 'prompts');
  mkdirSync(config.prompts.dir);
  writeFileSync(join(config.prompts.dir, 'welcome.wav'), Buffer.from('RIFF....WAVE'));
  const port = stubPort();
  const service = createService(config, { port, logger: createLogger('silent') });
  const app = buildHttp(service);
  afterAll(async () => {
    await app.close();
    await service.stop();
  });

  it('/health says 503 until ARI is connected, then 200 with the version', async () => {
    await service.start();
    const down = await app.inject({ method: 'GET', url: '/health' });
    expect(down.statusCode).toBe(503);
    expect(down.json()).toMatchObject({ ok: false, ari: { connected: false }, db: { ok: true } });
    port.up();
    await new Promise((r) => setImmediate(r));
    const up = await app.inject({ method: 'GET', url: '/health' });
    expect(up.statusCode).toBe(200);
    expect(up.json()).toMatchObject({ ok: true, asterisk: { version: '22.10.1' } });
  });

  it('/metrics speaks Prometheus text with the hotline series', async () => {
    service.metrics.callsTotal.inc({ direction: 'inbound', outcome: 'answered' });
    const r = await app.inject({ method: 'GET', url: '/metrics' });
    expect(r.headers['content-type']).toMatch(/^text\/plain/);
    expect(r.body).toMatch(/^hotline_calls_total\{direction="inbound",outcome="answered"\} 1$/m);
    expect(r.body).toMatch(/^hotline_calls_in_progress 0$/m);
    expect(r.body).toMatch(/^hotline_ari_reconnects_total 0$/m);
  });

  it('answers the demo work-order look-up', async () => {
    const found = await app.inject({ method: 'GET', url: '/api/work-orders/lookup?orderNo=20260002' });
    expect(found.json()).toEqual({ orderNo: '20260002', status: 'in-progress' });
    expect((await app.inject({ method: 'GET', url: '/api/work-orders/lookup?orderNo=99999999' })).statusCode).toBe(404);
    const bad = await app.inject({ method: 'GET', url: '/api/work-orders/lookup?orderNo=abc' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toMatch(/orderNo/);
  });

  it('serves prompts by name and never a path', async () => {
    const ok = await app.inject({ method: 'GET', url: '/prompts/welcome.wav' });
    expect(ok.statusCode).toBe(200);
    expect(ok.headers['content-type']).toBe('audio/wav');
    // Asterisk's media cache re-downloads a prompt on every play unless told how long it may keep it.
    expect(ok.headers['cache-control']).toBe('public, max-age=60');
    const etag = ok.headers.etag as string;
    expect(etag).toMatch(/^"[0-9a-f]+-[0-9a-f]+"$/);
    const same = await app.inject({ method: 'HEAD', url: '/prompts/welcome.wav', headers: { 'if-none-match': etag } });
    expect(same.statusCode).toBe(304);
    // A recording replaced under the same name is a new version: a new ETag, served in full.
    writeFileSync(join(config.prompts.dir, 'welcome.wav'), Buffer.from('RIFF....WAVE-new-take'));
    const changed = await app.inject({ method: 'GET', url: '/prompts/welcome.wav', headers: { 'if-none-match': etag } });
    expect(changed.statusCode).toBe(200);
    expect(changed.headers.etag).not.toBe(etag);
    expect(changed.body).toBe('RIFF....WAVE-new-take');
    writeFileSync(join(config.prompts.dir, 'tts-zh-0123456789abcdef0123.wav'), Buffer.from('RIFF'));
    const tts = await app.inject({ method: 'GET', url: '/prompts/tts-zh-0123456789abcdef0123.wav' });
    expect(tts.headers['cache-control']).toBe('public, max-age=86400, immutable');
    for (const url of ['/prompts/..%2Fh.db', '/prompts/missing.wav', '/prompts/welcome.txt']) {
      const r = await app.inject({ method: 'GET', url });
      expect(r.statusCode).toBe(404);
      expect(r.json().code).toBe('NOT_FOUND');
    }
  });
});
