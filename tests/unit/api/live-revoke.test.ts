import type { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { harness, type Harness } from './harness.js';

/** The event names of a server-sent event stream, as they come, and whether the stream ended. */
function watch(stream: Readable) {
  const seen: string[] = [];
  let ended = false;
  stream.on('data', (chunk: Buffer) => seen.push(...[...chunk.toString('utf8').matchAll(/^event: (.*)$/gm)].map((m) => m[1]!)));
  stream.on('end', () => (ended = true));
  return { seen, ended: () => ended };
}

const until = async (ok: () => boolean, ms: number) => {
  for (const end = Date.now() + ms; !ok() && Date.now() < end; ) await new Promise((r) => setTimeout(r, 20));
};

// Issue 17 item 7: an open /live stream kept flowing after its token was revoked.
describe('/live and token revocation', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness((c) => {
      c.api.live.intervalMs = 60_000;
      c.api.live.heartbeatS = 1;
    });
  });
  afterAll(async () => h.close());

  it('ends the stream with a revoked event once the token is revoked', async () => {
    const res = await h.app.inject({ method: 'GET', url: '/api/v1/live', headers: { authorization: `Bearer ${h.tokens.supervisor}` }, payloadAsStream: true });
    const feed = watch(res.stream());
    await until(() => feed.seen.includes('snapshot'), 2000);
    const id = (await h.as('admin', { method: 'GET', url: '/api/v1/tokens' })).json().items.find((t: { name: string }) => t.name === 'li-supervisor').id;
    expect((await h.as('admin', { method: 'DELETE', url: `/api/v1/tokens/${id}` })).statusCode).toBe(200);
    await until(() => feed.ended(), 3000);
    expect(feed.seen).toEqual(['snapshot', 'revoked']);
    expect(feed.ended()).toBe(true);
  });
});
