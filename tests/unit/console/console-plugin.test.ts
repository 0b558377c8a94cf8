/** The console is served by the app: bundled in memory once, gzipped, cached by content, behind a strict CSP. */
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { harness, type Harness } from '../api/harness.js';

describe('console plugin', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness();
  });
  afterAll(async () => h.close());

  it('serves the page with its hashed assets, no script of any other origin, and the bundle gzipped', async () => {
    expect((await h.app.inject({ url: '/console' })).headers.location).toBe('/console/');
    const page = await h.app.inject({ url: '/console/' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['cache-control']).toBe('no-cache');
    const js = /src="\/console\/(app\.js)\?v=([\w-]+)"/.exec(page.body);
    const css = /href="\/console\/(app\.css)\?v=([\w-]+)"/.exec(page.body);
    expect(js && css).toBeTruthy();
    expect(page.body).not.toMatch(/<script>|https?:\/\//);
    const raw = await h.app.inject({ url: `/console/app.js?v=${js![2]}` });
    expect(raw.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(raw.headers['cache-control']).toContain('immutable');
    expect(raw.body).toContain('外呼活动');
    expect(raw.body).not.toMatch(/from\s*["'](preact|\.\/)/);
    const gz = await h.app.inject({ url: '/console/app.js', headers: { 'accept-encoding': 'gzip, br' } });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.rawPayload).toString()).toBe(raw.body);
    expect(gz.rawPayload.length).toBeLessThan(raw.rawPayload.length / 2);
    const again = await h.app.inject({ url: '/console/app.js', headers: { 'if-none-match': String(raw.headers.etag) } });
    expect(again.statusCode).toBe(304);
    expect((await h.app.inject({ url: '/console/app.css' })).body).toContain('.agents-grid');
    expect((await h.app.inject({ url: '/console/nope.js' })).statusCode).toBe(404);
    expect((await h.app.inject({ url: '/console/index.html' })).statusCode).toBe(404);
  });
});
