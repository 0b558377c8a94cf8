import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { harness, type Harness } from './harness.js';

// Issue 17 item 7: behind a reverse proxy, 10 bad requests from anyone locked out every user.
describe('failed authentications behind a trusted proxy', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness((c) => {
      c.api.auth.maxFailures = 3;
      c.api.trustProxy = ['127.0.0.1'];
    });
  });
  afterAll(async () => h.close());
  // Every request comes from the proxy on 127.0.0.1; the client is in X-Forwarded-For.
  const from = (client: string, token: string) =>
    h.app.inject({ method: 'GET', url: '/api/v1/campaigns', remoteAddress: '127.0.0.1', headers: { authorization: `Bearer ${token}`, 'x-forwarded-for': client } });

  it('counts failures per client, and never locks out a valid token', async () => {
    for (let i = 0; i < 3; i++) expect((await from('203.0.113.5', 'nope')).statusCode).toBe(401);
    expect((await from('203.0.113.5', 'nope')).statusCode).toBe(429);
    expect((await from('203.0.113.6', 'nope')).statusCode).toBe(401);
    expect((await from('203.0.113.5', h.tokens.manager)).statusCode).toBe(200);
  });

  it('is off by default: an address that is not a trusted proxy cannot claim another', async () => {
    const plain = await harness((c) => (c.api.auth.maxFailures = 1));
    try {
      const r = (client: string) => plain.app.inject({ method: 'GET', url: '/api/v1/campaigns', remoteAddress: '10.0.0.9', headers: { authorization: 'Bearer nope', 'x-forwarded-for': client } });
      expect((await r('203.0.113.7')).statusCode).toBe(401);
      expect((await r('203.0.113.8')).statusCode).toBe(429);
    } finally {
      await plain.close();
    }
  });
});
