import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isNotInAppYet } from '../../../src/ari/ari-errors.js';
import { AriRest } from '../../../src/ari/ari-rest.js';
import { systemClock } from '../../../src/clock.js';
import { HotlineError } from '../../../src/errors.js';

// A stand-in for Asterisk's HTTP server: the adapter's own test, so the wire format is what is checked.
let server: Server;
let rest: AriRest;
const seen: Array<{ method: string; url: string; auth: string; body: string }> = [];

function body(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    req.on('data', (c) => (text += c));
    req.on('end', () => resolve(text));
  });
}

beforeAll(async () => {
  server = createServer(async (req, res) => {
    seen.push({ method: req.method!, url: req.url!, auth: req.headers.authorization ?? '', body: await body(req) });
    if (req.url!.startsWith('/ari/channels/gone')) return res.writeHead(404).end('{"message":"Channel not found"}');
    if (req.url!.startsWith('/ari/channels/early')) return res.writeHead(409).end('{"message":"Channel not in Stasis application"}');
    if (req.url!.startsWith('/ari/channels/broken')) return res.writeHead(500).end('{"message":"Internal Server Error"}');
    if (req.url!.startsWith('/ari/channels/slow')) return; // never answers
    if (req.url!.startsWith('/ari/bridges')) return res.writeHead(200, { 'content-type': 'application/json' }).end('{"id":"b1"}');
    res.writeHead(204).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  rest = new AriRest(`http://127.0.0.1:${port}`, 'hotline', 'secret', systemClock, 300);
});

afterAll(async () => {
  rest.close();
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

describe('AriRest', () => {
  it('sends the ARI path, comma-separated lists, a JSON body and basic auth, and parses the answer', async () => {
    await rest.call('POST', '/channels/c1/play/pb1', { media: ['sound:a', 'sound:b'], lang: undefined }, undefined, 'channel c1');
    const bridge = await rest.call<{ id: string }>('POST', '/bridges', { type: 'mixing' }, { variables: { A: '1' } }, 'bridge');
    expect(bridge).toEqual({ id: 'b1' });
    expect(seen.at(-2)).toMatchObject({ method: 'POST', url: '/ari/channels/c1/play/pb1?media=sound%3Aa%2Csound%3Ab', body: '' });
    expect(seen.at(-1)).toMatchObject({ url: '/ari/bridges?type=mixing', body: '{"variables":{"A":"1"}}' });
    expect(seen.at(-1)!.auth).toBe(`Basic ${Buffer.from('hotline:secret').toString('base64')}`);
  });

  it('turns Asterisk errors, silence and a closed port into catalogue codes', async () => {
    const codeOf = (p: Promise<unknown>) => p.then(() => 'resolved', (e: unknown) => (e instanceof HotlineError ? e.code : String(e)));
    expect(await codeOf(rest.call('DELETE', '/channels/gone', {}, undefined, 'channel gone'))).toBe('CHANNEL_GONE');
    expect(await codeOf(rest.call('POST', '/channels/broken/answer', {}, undefined, 'channel broken'))).toBe('ARI_REQUEST_FAILED');
    expect(await codeOf(rest.call('POST', '/channels/slow/answer', {}, undefined, 'channel slow'))).toBe('ARI_UNAVAILABLE');
    const closed = new AriRest('http://127.0.0.1:1', 'u', 'p', systemClock, 300);
    expect(await codeOf(closed.call('GET', '/asterisk/info', {}, undefined, 'asterisk'))).toBe('ARI_UNAVAILABLE');
    closed.close();
  });

  it('tells a channel that has not joined the app yet (409) from one that is gone (404)', async () => {
    const errorOf = (p: Promise<unknown>) => p.then(() => undefined, (e: unknown) => e);
    const early = await errorOf(rest.call('POST', '/channels/early/dial', {}, undefined, 'channel early'));
    const gone = await errorOf(rest.call('POST', '/channels/gone/dial', {}, undefined, 'channel gone'));
    expect(early).toBeInstanceOf(HotlineError);
    expect([isNotInAppYet(early), isNotInAppYet(gone)]).toEqual([true, false]);
  });
});

describe('AriRest on a pooled connection the server drops', () => {
  it('sends the request again on a new connection, once', async () => {
    // The server drops any connection on its second request without answering, as Asterisk does when its
    // keep-alive time runs out just as the request arrives.
    const served = new WeakMap<object, number>();
    let connections = 0;
    let requests = 0;
    const dropping = createServer((req, res) => {
      requests += 1;
      const n = (served.get(req.socket) ?? 0) + 1;
      served.set(req.socket, n);
      if (n > 1) return req.socket.destroy();
      res.writeHead(204).end();
    });
    dropping.on('connection', () => (connections += 1));
    await new Promise<void>((r) => dropping.listen(0, '127.0.0.1', r));
    const { port } = dropping.address() as AddressInfo;
    const client = new AriRest(`http://127.0.0.1:${port}`, 'u', 'p', systemClock, 1000);
    try {
      await client.call('POST', '/channels/c1/answer', {}, undefined, 'channel c1');
      await client.call('POST', '/channels/c1/dial', { timeout: 15 }, undefined, 'channel c1');
      expect({ requests, connections }).toEqual({ requests: 3, connections: 2 });
    } finally {
      client.close();
      dropping.closeAllConnections();
      await new Promise((r) => dropping.close(r));
    }
  });
});
