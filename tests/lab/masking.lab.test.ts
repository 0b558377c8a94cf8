/**
 * Issue 17, the masking sweep on the lab: real calls (two callers through the IVR to an agent's phone, two dials to
 * the SIPp carrier) on a service whose supervisor sees masked numbers. While they run, a supervisor's live feed
 * (SSE) is read; after them, every GET route of the OpenAPI document is asked as supervisor (CSV too where a route
 * has it). The feed, every answer and the service's whole log (debug) are searched for the run's numbers, with or
 * without +86, spaces, dots or dashes: none may be found. The HTTP-tier sweep (tests/unit/api/masking-sweep.test.ts)
 * covers the features with no call; this one covers what real calls write. One service start.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../../src/config/schema.js';
import { carrierOptions, startCarrier, type Carrier } from '../../src/lab/sipp-carrier.js';
import { startAgentPhones } from '../../src/lab/sipp-agents.js';
import { placeCall } from '../../src/lab/sipp-caller.js';
import type { Service } from '../../src/service/service.js';
import { TokensRepo } from '../../src/store/tokens-repo.js';
import { ServiceLab, serviceConfig } from './service-lab.js';
import { callerTarget, waitFor } from './support.js';

const callers = ['13800138000', '13712345678'];
// The carrier's plan: 00 answers (a person), 03 is busy.
const dialed = ['13900000000', '13900000003'];
const runNumbers = [...callers, ...dialed];
// Not followed by more digits: a float such as 1.3900000000000003 in a log line is not 13900000000.
const shapes = runNumbers.map((n) => new RegExp(`${n.split('').join('[\\s.-]?')}(?!\\d)`));
const hits = (text: string) => shapes.filter((re) => re.test(text)).map((re) => re.source.replace(/\[\\s\.-\]\?|\(\?!\\d\)/g, ''));

type Op = { method: string; path: string; query: string[] };
const routesOf = (doc: { paths: Record<string, Record<string, { parameters?: Array<{ in: string; name: string }> }>> }): Op[] =>
  Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({ method: method.toUpperCase(), path, query: (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name) })),
  );

describe('masking sweep on the lab', () => {
  const lab = new ServiceLab();
  let service: Service;
  let config: Config;
  let carrier: Carrier;
  let supervisor = '';
  let admin = '';

  beforeAll(async () => {
    config = await serviceConfig((c) => {
      c.acd.agents = [{ id: '1001', name: 'A', skills: { general: 5 } }];
      c.telephony.originateTimeoutS = 8;
      c.api.docs = true;
    });
    carrier = await startCarrier(carrierOptions(config));
    service = await lab.start(config);
    const repo = new TokensRepo(service.db);
    supervisor = repo.create({ name: 'li', role: 'supervisor' }, Date.now()).token;
    admin = repo.create({ name: 'root', role: 'admin' }, Date.now()).token;
  });
  afterAll(async () => {
    // The carrier first: a SIPp left running would hold this slot's carrier address for every later file.
    await carrier?.stop();
    await lab.stop();
  });

  it('finds no full number of the calls in the live feed, any supervisor answer or CSV, or the service log', async () => {
    // The supervisor's live feed, read while the calls run.
    const feed = new AbortController();
    let live = '';
    const res = await fetch(`${lab.url}/api/v1/live`, { headers: { authorization: `Bearer ${supervisor}` }, signal: feed.signal });
    expect(res.status).toBe(200);
    const reading = (async () => {
      const reader = res.body!.getReader();
      for (;;) {
        const { done, value } = await reader.read().catch(() => ({ done: true, value: undefined }));
        if (done) return;
        live += Buffer.from(value!).toString('utf8');
      }
    })();
    lab.phones = await startAgentPhones(config, { answer: { kind: 'after', ms: 500 }, talk: { kind: 'hangup-after', ms: 1500 } }, { ids: ['1001'] });
    const outbound = await Promise.all(dialed.map((n) => service.originate(n, { amd: false })));
    // The sample IVR: 0 is an agent, 1001 answers.
    await Promise.all(callers.map((from, i) => placeCall({ ...callerTarget(config), number: '4008001234', from, keys: '0', firstKeyAfterMs: 1500 + i * 3000, hangup: { kind: 'far-end', maxMs: 30_000 } })));
    // The callers' records (the agent's phone legs are records of their own).
    const callersRows = () => service.repo.recent(50).filter((r) => r.direction === 'inbound' && callers.some((n) => r.callerNumber?.endsWith(n)));
    try {
      await waitFor(() => callersRows().length === 2 && [...outbound, ...callersRows().map((r) => r.channelId)].every((id) => service.repo.get(id)?.endedAt), 20_000, 'every call to end');
    } finally {
      // An open stream would keep the HTTP server from closing.
      feed.abort();
      await reading;
    }
    const inbound = callersRows();
    expect(inbound.some((r) => r.agentId === '1001')).toBe(true);

    const found: Array<{ where: string; numbers: string[] }> = [];
    let answers = 0;
    const scan = (where: string, text: string) => {
      const n = hits(text);
      if (n.length) found.push({ where, numbers: n });
    };
    scan('live feed', live);
    const doc = (await (await fetch(`${lab.url}/docs/json`, { headers: { authorization: `Bearer ${admin}` } })).json()) as Parameters<typeof routesOf>[0];
    const today = new Date().toISOString().slice(0, 10);
    const params: Record<string, string> = { channelId: outbound[0]!, id: '1', agentId: '1001', name: 'hotline' };
    for (const o of routesOf(doc).filter((r) => r.method === 'GET' && r.path !== '/api/v1/live')) {
      const path = o.path.replace(/\{(\w+)\}/g, (_m, p: string) => encodeURIComponent(params[p] ?? '1'));
      const q = new URLSearchParams();
      if (o.query.includes('from')) (q.set('from', today), q.set('to', today));
      for (const format of o.query.includes('format') ? ['json', 'csv'] : [undefined]) {
        if (format) q.set('format', format);
        const r = await fetch(`${lab.url}${path}${q.size ? `?${q}` : ''}`, { headers: { authorization: `Bearer ${supervisor}` } });
        answers += 1;
        scan(`GET ${path} ${format ?? ''} → ${r.status}`, await r.text());
      }
    }
    // Each call record, as a supervisor opens them one by one.
    for (const r of [...inbound, ...outbound.map((id) => service.repo.get(id)!)]) {
      const a = await fetch(`${lab.url}/api/v1/calls/${encodeURIComponent(r.channelId)}`, { headers: { authorization: `Bearer ${supervisor}` } });
      answers += 1;
      scan(`GET call ${r.channelId} → ${a.status}`, await a.text());
    }
    const log = lab.logs();
    scan('service log', log);
    console.log(`lab masking sweep: ${live.length} bytes of live feed, ${answers} answers, ${log.split('\n').length} log lines: ${found.length} places with a full number`);
    // The sweep searched something real: the feed saw the calls, the log has them (masked).
    expect(live).toContain('1001');
    expect(log).toContain('138****8000');
    expect(answers).toBeGreaterThan(40);
    expect(found).toEqual([]);
  }, 90_000);
});
