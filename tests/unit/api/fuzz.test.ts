/**
 * Random and malformed requests at every route: the answer is never a 500, always the one error shape, and a refused
 * request leaves every table as it was.
 */
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { harness, type Harness } from './harness.js';
import { multipartBody } from './multipart.js';
import { seed, type Seed } from './seed.js';

// api_tokens is left out: last_used_at is touched by any authenticated request, refused or not.
const tables = ['campaigns', 'leads', 'attempts', 'dnc', 'imports', 'flow_versions', 'report_runs', 'audit_log', 'callbacks', 'agents'];

describe('fuzz', () => {
  let h: Harness;
  let s: Seed;
  beforeAll(async () => {
    h = await harness((c) => (c.api.auth.maxFailures = 1_000_000));
    s = seed(h);
  });
  afterAll(async () => h.close());

  // Every row of every table the API writes, hashed: a refusal must leave each one as it was.
  const snapshot = () => {
    const hash = createHash('sha256');
    for (const t of tables) hash.update(JSON.stringify(h.service.db.prepare(`SELECT * FROM ${t}`).raw().all()));
    return hash.digest('hex');
  };
  const routes = (): Array<[string, string]> => [
    ['POST', '/api/v1/campaigns'],
    ['PATCH', `/api/v1/campaigns/${s.main}`],
    ['POST', `/api/v1/campaigns/${s.main}/clone`],
    ['POST', `/api/v1/attempts/${s.attempts.admin}/disposition`],
    ['POST', '/api/v1/dnc'],
    ['POST', '/api/v1/dnc/bulk'],
    ['POST', '/api/v1/callbacks'],
    ['PATCH', `/api/v1/callbacks/${s.leads.callback}`],
    ['POST', '/api/v1/agents'],
    ['PATCH', '/api/v1/agents/1001'],
    ['POST', '/api/v1/agents/1001/pause'],
    ['POST', '/api/v1/flows/validate'],
    ['POST', '/api/v1/flows/demo/versions'],
    ['POST', '/api/v1/reports/run'],
    ['POST', '/api/v1/tokens'],
  ];
  const check = (r: { statusCode: number; body: string }, before: string, what: string) => {
    expect(r.statusCode, what).toBeLessThan(500);
    if (r.statusCode >= 400) {
      expect(JSON.parse(r.body), what).toMatchObject({ code: expect.any(String), message: expect.any(String), details: expect.any(Object) });
      expect(snapshot(), what).toBe(before);
    }
  };

  it('random JSON bodies never give a 500 and a refusal changes nothing', async () => {
    // Bodies shaped like the real ones (known keys with random values) reach the handlers, not only the schemas.
    const keys = ['name', 'settings', 'phone', 'reason', 'campaignId', 'at', 'agentId', 'disposition', 'callbackAt', 'content', 'add', 'remove', 'kind', 'date', 'from', 'to', 'role', 'maxLines', 'windows', 'id', 'skills', 'password'];
    const body = fc.oneof(
      fc.jsonValue(),
      fc.dictionary(fc.constantFrom(...keys), fc.oneof(fc.jsonValue(), fc.string(), fc.integer(), fc.constant(null), fc.date({ noInvalidDate: true }).map((d) => d.toISOString()))),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...routes()), body, async ([method, url], payload) => {
        const before = snapshot();
        const r = await h.as('admin', { method: method as 'POST', url, payload: JSON.stringify(payload), headers: { 'content-type': 'application/json' } });
        check(r, before, `${method} ${url} ${JSON.stringify(payload).slice(0, 200)}`);
      }),
      { numRuns: 400 },
    );
  });

  it('malformed bodies, content types, paths and query strings never give a 500', async () => {
    const raw = fc.oneof(fc.string(), fc.uint8Array({ maxLength: 512 }).map((b) => Buffer.from(b).toString('latin1')), fc.constantFrom('{', '[1,', '{"name":', 'null', '"x"', '\u0000', '{"__proto__":{"a":1}}'));
    const type = fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml', '');
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...routes()), raw, type, async ([method, url], payload, contentType) => {
        const before = snapshot();
        const r = await h.as('admin', { method: method as 'POST', url, payload, headers: contentType ? { 'content-type': contentType } : {} });
        check(r, before, `${method} ${url} ${contentType} ${JSON.stringify(payload).slice(0, 100)}`);
      }),
      { numRuns: 300 },
    );
    const gets = ['/api/v1/leads', '/api/v1/attempts', '/api/v1/calls', '/api/v1/callbacks', '/api/v1/dnc', '/api/v1/dnc/check', '/api/v1/reports/kpis', '/api/v1/audit', '/api/v1/leads/export'];
    const param = fc.constantFrom('campaignId', 'state', 'phone', 'q', 'afterId', 'beforeId', 'limit', 'from', 'to', 'outcome', 'agentId', 'format', 'offset', 'number', 'entity');
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...gets), fc.dictionary(param, fc.oneof(fc.string(), fc.integer().map(String), fc.constant('%'), fc.constant(''))), async (path, query) => {
        const r = await h.as('admin', { method: 'GET', url: path, query });
        expect(r.statusCode, `${path} ${JSON.stringify(query)}`).toBeLessThan(500);
      }),
      { numRuns: 300 },
    );
    await fc.assert(
      fc.asyncProperty(fc.string({ minLength: 1, maxLength: 40 }), async (seg) => {
        for (const url of [`/api/v1/leads/${encodeURIComponent(seg)}`, `/api/v1/calls/${encodeURIComponent(seg)}`, `/api/v1/flows/${encodeURIComponent(seg)}/versions`, `/api/v1/reports/files/${encodeURIComponent(seg)}`, `/api/v1/dnc/${encodeURIComponent(seg)}`]) {
          const r = await h.as('admin', { method: url.startsWith('/api/v1/dnc') ? 'DELETE' : 'GET', url });
          expect(r.statusCode, url).toBeLessThan(500);
        }
      }),
      { numRuns: 100 },
    );
  });

  it('random uploads never give a 500 and a refused one imports nothing', async () => {
    const name = fc.oneof(fc.constantFrom('list.csv', 'list.xlsx', 'list.txt', 'list', '名单.CSV', '../../etc/passwd', 'a.xls', '.csv'), fc.string({ maxLength: 30 }).map((x) => x.replace(/["\r\n]/g, '')));
    const content = fc.oneof(
      fc.uint8Array({ maxLength: 4096 }).map((b) => Buffer.from(b)),
      fc.array(fc.tuple(fc.string({ maxLength: 8 }), fc.oneof(fc.string({ maxLength: 14 }), fc.integer({ min: 13000000000, max: 19999999999 }).map(String))), { maxLength: 20 }).map((rows) => Buffer.from(`name,phone\n${rows.map((r) => r.join(',')).join('\n')}`)),
      fc.constant(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0])),
      fc.constant(Buffer.from([0xff, 0xfe, 0x41, 0])),
    );
    await fc.assert(
      fc.asyncProperty(name, content, async (fileName, bytes) => {
        const before = snapshot();
        const r = await h.as('manager', { method: 'POST', url: `/api/v1/campaigns/${s.main}/lists`, ...multipartBody({ name: fileName, content: bytes }) });
        check(r, before, `${fileName} (${bytes.length} bytes)`);
      }),
      { numRuns: 150 },
    );
  }, 120_000);
});
