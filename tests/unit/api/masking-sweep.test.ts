/**
 * Issue 17, "then run": the masking sweep. A run that uses many features (list upload, DNC, callbacks, dispositions
 * on seeded calls, number searches by the roles that may, report files written, exports) on the HTTP tier: the real
 * app and service on a real SQLite file, requests by fastify inject, the service log written to a file at debug.
 * Then every GET route the app's OpenAPI document lists is asked as supervisor and read-only (the roles that see
 * masks), and the log, every report file (CSV and XLSX cells) and every one of those answers is searched for any full
 * number of the run, with or without +86, spaces or dashes. The count must be 0. Not the lab: no Asterisk, and the
 * live feed (a stream) is left out. Figures: docs/hardening.md.
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/log/logger.js';
import { routesOf } from './fuzz-arbitraries.js';
import { harness, T0, type Harness } from './harness.js';
import { multipartBody } from './multipart.js';
import { phones, seed, type Seed } from './seed.js';

const listNumbers = Array.from({ length: 40 }, (_, i) => `139${String(10_000_000 + i * 7919).padStart(8, '0')}`);
const dncNumbers = ['13712345678', '15887654321'];
const callbackNumber = '18612345670';
/** Every number the run used, as 11 national digits. */
const runNumbers = [...listNumbers, ...dncNumbers, callbackNumber, ...Object.values(phones).map((p) => p.slice(3)), '13900000011', '13900000012', '13900000013', '13912345678'];
/**
 * A number in any shape: the 11 digits with optional spaces, dashes or dots between them, not followed by more digits
 * (a response time of 1.3910000000000764 ms once read as 13910000000); +86 or anything else may come before it.
 */
const shapes = runNumbers.map((n) => new RegExp(`${n.split('').join('[\\s.-]?')}(?!\\d)`));
const hits = (text: string): string[] => shapes.filter((re) => re.test(text)).map((re) => re.source.replace(/\[\\s\.-\]\?|\(\?!\\d\)/g, ''));

describe('masking sweep', () => {
  let h: Harness;
  let s: Seed;
  const logFile = join(mkdtempSync(join(tmpdir(), 'hotline-sweep-')), 'service.log');
  const found: Array<{ where: string; numbers: string[] }> = [];
  const scanned = { logLines: 0, reportFiles: 0, answers: 0, bytes: 0 };
  const scan = (where: string, text: string) => {
    scanned.bytes += text.length;
    const n = hits(text);
    if (n.length) found.push({ where, numbers: n });
  };

  beforeAll(async () => {
    const logger = createLogger('debug', pino.destination({ dest: logFile, sync: true }));
    h = await harness((c) => (c.api.docs = true), { logger });
    s = seed(h);
    // The features, used by the roles that may use them (full numbers go in; what comes out to masks is swept).
    const csv = `name,phone\n${listNumbers.map((n, i) => `客户${i},${i % 3 === 0 ? n.replace(/(\d{3})(\d{4})(\d{4})/, '$1 $2-$3') : n}`).join('\n')}\n`;
    const up = await h.as('manager', { method: 'POST', url: `/api/v1/campaigns/${s.main}/lists`, ...multipartBody({ name: 'list.csv', content: csv }) });
    expect(up.statusCode, up.body).toBe(200);
    for (const n of dncNumbers) {
      const r = await h.as('manager', { method: 'POST', url: '/api/v1/dnc', payload: { phone: n, reason: `asked on ${n}.` } });
      expect(r.statusCode, r.body).toBe(201);
    }
    const cb = await h.as('manager', { method: 'POST', url: '/api/v1/callbacks', payload: { campaignId: s.main, phone: callbackNumber, at: new Date(T0 + 3_600_000).toISOString() } });
    expect(cb.statusCode, cb.body).toBe(201);
    for (const url of [`/api/v1/leads?phone=${listNumbers[1]}`, `/api/v1/leads?q=${listNumbers[2]!.slice(0, 6)}`, `/api/v1/calls?number=13900000011`, `/api/v1/dnc/check?phone=${dncNumbers[0]}`]) {
      expect((await h.as('manager', { method: 'GET', url })).statusCode, url).toBe(200);
    }
    expect((await h.as('supervisor', { method: 'GET', url: `/api/v1/leads?phone=${listNumbers[3]}` })).statusCode).toBe(403);
    const day = new Date(T0 + 8 * 3_600_000).toISOString().slice(0, 10);
    expect((await h.as('manager', { method: 'POST', url: '/api/v1/reports/run', payload: { kind: 'daily', date: day } })).statusCode).toBe(201);
  }, 120_000);
  afterAll(async () => h.close());

  it('finds no full number of the run in the log, the report files, or any answer to supervisor and read-only', async () => {
    const doc = (await h.as('admin', { method: 'GET', url: '/docs/json' })).json();
    const day = new Date(T0 + 8 * 3_600_000).toISOString().slice(0, 10);
    const params: Record<string, string> = { id: String(s.main), channelId: s.calls.agent1001, name: 'hotline', file: '' };
    const gets = routesOf(doc).filter((o) => o.method === 'GET' && o.path !== '/api/v1/live');
    for (const who of ['supervisor', 'read-only'] as const) {
      for (const o of gets) {
        const path = o.path.replace(/\{(\w+)\}/g, (_m, p: string) => encodeURIComponent(params[p] ?? '1'));
        const query: Record<string, string> = {};
        if ('from' in o.query) Object.assign(query, { from: day, to: day });
        if ('campaignId' in o.query) query.campaignId = String(s.main);
        for (const format of 'format' in o.query ? ['json', 'csv'] : [undefined]) {
          const r = await h.as(who, { method: 'GET', url: path, query: format ? { ...query, format } : query });
          scanned.answers += 1;
          scan(`${who} GET ${path} ${format ?? ''} → ${r.statusCode}`, r.body);
        }
      }
      // Every lead and call one by one, as a supervisor pages through them.
      for (const l of h.service.leads.ofCampaign(s.main)) {
        const r = await h.as(who, { method: 'GET', url: `/api/v1/leads/${l.id}` });
        scanned.answers += 1;
        scan(`${who} lead ${l.id}`, r.body);
      }
    }
    const reportDir = h.config.api.reports.dir;
    for (const f of readdirSync(reportDir)) {
      scanned.reportFiles += 1;
      if (f.endsWith('.xlsx')) {
        const book = new ExcelJS.Workbook();
        await book.xlsx.readFile(join(reportDir, f));
        const cells: string[] = [];
        book.eachSheet((ws) => ws.eachRow((row) => cells.push(JSON.stringify(row.values))));
        scan(`report ${f}`, cells.join('\n'));
      } else scan(`report ${f}`, readFileSync(join(reportDir, f), 'utf8'));
    }
    const log = readFileSync(logFile, 'utf8');
    scanned.logLines = log.split('\n').length;
    scan('service log', log);
    console.log(`masking sweep: ${scanned.answers} answers to supervisor and read-only, ${scanned.reportFiles} report files, ${scanned.logLines} log lines, ${scanned.bytes} bytes searched for ${runNumbers.length} numbers: ${found.length} hits`);
    // The sweep searched something real: answers with numbers in them, a log with the requests, report files.
    expect(scanned.answers).toBeGreaterThan(60);
    expect(scanned.reportFiles).toBeGreaterThanOrEqual(2);
    expect(log).toContain('/api/v1/leads?phone=139********');
    expect(found).toEqual([]);
  }, 120_000);
});
