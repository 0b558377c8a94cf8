/**
 * Issue 17, "then run": a seeded, bounded fuzz of every route the app serves. The route list is the app's own
 * OpenAPI document (/docs/json), not a hand list, so a new route is fuzzed the day it is added. Per route: plausible
 * and mutated JSON bodies, its own query parameters with edge values, path parameters from the seed or random,
 * multipart uploads for upload routes, and raw garbage. The assertion: never a 5xx, always the one error shape on
 * a refusal, and a refusal leaves every table as it was (all rows hashed, not only counted). Figures: docs/hardening.md.
 */
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bodyOf, queryOf, routesOf, type RouteOp } from './fuzz-arbitraries.js';
import { harness, type Harness } from './harness.js';
import { multipartBody } from './multipart.js';
import { seed, type Seed } from './seed.js';

/** FUZZ_RUNS scales the run (CI: the default; docs/hardening.md gives a longer run). */
const RUNS = Number(process.env.FUZZ_RUNS ?? 800);
const SEED = Number(process.env.FUZZ_SEED ?? 17017);
/** Room for a loaded 2-core machine; a longer run (FUZZ_RUNS) gets more. */
const TIMEOUT = Math.max(120_000, RUNS * 150);
// The live feed is a stream that stays open by design (tested in live.test.ts); inject would wait for its end.
const streaming = new Set(['GET /api/v1/live', 'GET /api/v1/live/own']);

describe('fuzz: every route of the app', () => {
  let h: Harness;
  let s: Seed;
  let ops: RouteOp[] = [];
  let tables: string[] = [];
  const stats = { requests: 0, byStatus: new Map<number, number>(), refusals: 0, routes: 0 };
  beforeAll(async () => {
    h = await harness((c) => {
      c.api.auth.maxFailures = 1_000_000;
      c.api.docs = true;
    });
    s = seed(h);
    ops = routesOf((await h.app.inject({ method: 'GET', url: '/docs/json' })).json()).filter((o) => !streaming.has(`${o.method} ${o.path}`));
    // Every table but the tokens' (last_used_at moves on any authenticated request, refused or not) and the agents'
    // state log, which the live hub's tick writes as time passes (a wrap-up ending makes an agent ready), not a request.
    tables = h.service.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT IN ('api_tokens', 'agent_states', 'sqlite_sequence') ORDER BY name").pluck().all() as string[];
  });
  afterAll(async () => {
    console.log(`fuzz: ${stats.requests} requests over ${stats.routes} routes, ${stats.refusals} refusals; statuses ${JSON.stringify(Object.fromEntries([...stats.byStatus].sort((a, b) => a[0] - b[0])))}`);
    await h.close();
  });

  // One hash per table, so a failure names the table a refusal wrote to.
  const snapshot = () =>
    tables.map((t) => `${t}:${createHash('sha256').update(JSON.stringify(h.service.db.prepare(`SELECT * FROM "${t}"`).raw().all())).digest('hex').slice(0, 12)}`).join(' ');
  const check = (r: { statusCode: number; body: string }, before: string, what: string, apiShape = true) => {
    stats.requests += 1;
    stats.byStatus.set(r.statusCode, (stats.byStatus.get(r.statusCode) ?? 0) + 1);
    expect(r.statusCode, what).toBeLessThan(500);
    // A 401 would mean a request took the fuzzer's own token away, and every later request would test nothing.
    expect(r.statusCode, what).not.toBe(401);
    if (r.statusCode >= 400) {
      stats.refusals += 1;
      if (apiShape) expect(JSON.parse(r.body), what).toMatchObject({ code: expect.any(String), message: expect.any(String), details: expect.any(Object) });
      expect(snapshot(), what).toBe(before);
    }
  };
  const known = () => [String(s.main), String(s.leads.fresh), String(s.leads.callback), String(s.attempts.admin), s.calls.agent1001, '1001', 'demo', 'hotline', 'vip', '0'];
  const pathOf = (o: RouteOp, values: string[]) => o.pathParams.reduce((p, name, i) => p.replace(`{${name}}`, encodeURIComponent(values[i] ?? 'x')), o.path);
  const param = (o: RouteOp) =>
    // A token route with a seeded id could revoke the fuzzer's own token and turn the rest into 401s.
    o.path.includes('/tokens/')
      ? fc.oneof(fc.string({ maxLength: 20 }).map((x) => `x${x}`), fc.integer({ min: 100_000, max: 2 ** 31 }).map(String))
      : fc.oneof(fc.constantFrom(...known()), fc.string({ minLength: 1, maxLength: 30 }), fc.integer({ min: -5, max: 2 ** 31 }).map(String), fc.constantFrom('..', '%2e%2e', '\u0000', ' '));

  it('derives the routes from the app', () => {
    expect(ops.length).toBeGreaterThanOrEqual(60);
    expect(ops.map((o) => `${o.method} ${o.path}`)).toEqual(expect.arrayContaining(['POST /api/v1/campaigns', 'GET /api/v1/reports/dial-refusals', 'POST /api/v1/campaigns/{id}/lists']));
    stats.routes = ops.length;
  });

  it('bodies, queries and path parameters at every route: no 5xx, a refusal writes nothing', async () => {
    const request = fc.constantFrom(...ops).chain((o) =>
      fc.record({
        o: fc.constant(o),
        params: fc.tuple(...o.pathParams.map(() => param(o))),
        query: queryOf(o.query),
        body: bodyOf(o.body),
        raw: fc.option(fc.oneof(fc.string({ maxLength: 200 }), fc.constantFrom('{', '[1,', '{"name":', '\u0000', '{"__proto__":{"a":1}}')), { freq: 6, nil: undefined }),
        type: fc.constantFrom('application/json', 'application/json', 'application/json', 'text/plain', 'multipart/form-data; boundary=x', ''),
      }),
    );
    await fc.assert(
      fc.asyncProperty(request, async ({ o, params, query, body, raw, type }) => {
        const before = snapshot();
        const url = pathOf(o, params as string[]);
        const hasBody = !['GET', 'DELETE', 'HEAD'].includes(o.method);
        const payload = raw ?? JSON.stringify(body);
        const r = await h.as('admin', { method: o.method as 'POST', url, query, ...(hasBody ? { payload, headers: type ? { 'content-type': type } : {} } : {}) });
        check(r, before, `${o.method} ${url} ${JSON.stringify(query).slice(0, 100)} ${payload.slice(0, 200)}`);
      }),
      { numRuns: RUNS, seed: SEED },
    );
  }, TIMEOUT);

  it('uploads at every upload route: no 5xx, a refused one writes nothing', async () => {
    const uploads = ops.filter((o) => o.multipart);
    expect(uploads.length).toBeGreaterThanOrEqual(2);
    const name = fc.oneof(fc.constantFrom('list.csv', 'list.xlsx', 'a.wav', 'list', '名单.CSV', '../../etc/passwd', '.csv'), fc.string({ maxLength: 20 }).map((x) => x.replace(/["\r\n]/g, '')));
    const content = fc.oneof(
      fc.uint8Array({ maxLength: 2048 }).map((b) => Buffer.from(b)),
      fc.array(fc.tuple(fc.string({ maxLength: 8 }), fc.integer({ min: 13000000000, max: 19999999999 }).map(String)), { maxLength: 10 }).map((rows) => Buffer.from(`name,phone\n${rows.map((r) => r.join(',')).join('\n')}`)),
      fc.constant(Buffer.from('RIFF\x24\x00\x00\x00WAVEfmt ', 'latin1')),
      fc.constant(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0])),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...uploads), fc.tuple(param(uploads[0]!), param(uploads[0]!)), name, content, fc.boolean(), async (o, params, fileName, bytes, cut) => {
        const before = snapshot();
        const url = pathOf(o, o.pathParams.map((_, i) => (i === 0 && params[0] === 'x' ? String(s.main) : params[i]!)));
        const mp = multipartBody({ name: fileName, content: bytes });
        // Half the time the body is cut before its closing boundary.
        const whole = mp.payload as Buffer;
        const payload = cut ? whole.subarray(0, Math.max(10, whole.length - 20)) : whole;
        const r = await h.as('admin', { method: o.method as 'POST', url, headers: mp.headers, payload });
        check(r, before, `${o.method} ${url} ${fileName} (${bytes.length} bytes${cut ? ', cut' : ''})`);
      }),
      { numRuns: Math.round(RUNS / 10), seed: SEED },
    );
  }, TIMEOUT);

  it('random paths under the API: 404 or 405, never a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE'), fc.array(fc.oneof(fc.constantFrom('campaigns', 'leads', 'reports', 'dnc', '1', '..', '%00'), fc.string({ maxLength: 10 })), { minLength: 1, maxLength: 5 }), async (method, segs) => {
        const before = snapshot();
        const url = `/api/v1/${segs.map(encodeURIComponent).join('/')}`;
        const r = await h.as('admin', { method: method as 'GET', url });
        // A '..' can leave /api/v1 (it is resolved before routing): outside the API, fastify's own 404 shape answers.
        check(r, before, `${method} ${url}`, new URL(url, 'http://x').pathname.startsWith('/api/v1/'));
      }),
      { numRuns: Math.round(RUNS / 5), seed: SEED },
    );
  }, TIMEOUT);

  it('the fuzzer was admin to the end (no request revoked its token)', async () => {
    expect((await h.as('admin', { method: 'GET', url: '/api/v1/campaigns' })).statusCode).toBe(200);
  });
});
