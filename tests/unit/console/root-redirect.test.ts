/** A person who opens the service's address lands on the console (issue 15 item 8), not a 404. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { harness, type Harness } from '../api/harness.js';

describe('the root address', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness();
  });
  afterAll(async () => h.close());

  it('redirects / to the console, keeping unknown paths a 404', async () => {
    const root = await h.app.inject({ url: '/' });
    expect(root.statusCode).toBe(302);
    expect(root.headers.location).toBe('/console/');
    expect((await h.app.inject({ url: '/console/' })).statusCode).toBe(200);
    expect((await h.app.inject({ url: '/nothing-here' })).statusCode).toBe(404);
  });
});
