/**
 * API benchmark (issue 6), through fastify's inject in one process (no sockets: the figures are the service's own
 * time). Three measurements, each on its own fresh database:
 * - list upload: a 100,000-row CSV posted as multipart, streamed to disk and imported (each run into a new campaign);
 * - leads search over 1,000,000 leads in one campaign: a state filter page, an exact number, a name prefix, a deep
 *   keyset page, a number fragment (a scan);
 * - the KPIs on demand for a month with 1,000,000 attempts (and 100,000 inbound calls).
 * Prints p50/p99 per request kind; with few runs p99 is the slowest run. Run:
 * `npx tsx bench/api.ts [--uploads N] [--searches N] [--reports N] [--write]`; --write updates docs/benchmarks.md.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApiContext } from '../src/api/api-context.js';
import { loadConfig } from '../src/config/load.js';
import { buildHttp } from '../src/http/app.js';
import { createLogger } from '../src/log/logger.js';
import { createService } from '../src/service/service.js';
import { TokensRepo } from '../src/store/tokens-repo.js';
import { stubPort } from '../tests/unit/api/harness.js';
import { multipartBody } from '../tests/unit/api/multipart.js';
import { benchCli, writeDocSection } from './cli.js';

const { flag, num, out, lines } = benchCli();
const uploads = num('--uploads', 10);
const searches = num('--searches', 200);
const reports = num('--reports', 10);
const dir = mkdtempSync(join(tmpdir(), 'hotline-bench-api-'));
const surnames = '张王李赵刘陈杨黄周吴徐孙马朱胡郭何高林罗';

function pct(ms: number[], p: number): number {
  const s = [...ms].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
}
const fmt = (ms: number) => (ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms.toFixed(2));

async function app(name: string) {
  const config = loadConfig(undefined, {});
  config.store.path = join(dir, `${name}.db`);
  config.prompts.dir = join(dir, 'prompts');
  config.ivr.dir = join(dir, 'ivr');
  config.api.reports.dir = join(dir, 'reports');
  config.api.reports.enabled = false;
  config.api.docs = false;
  config.api.upload.tmpDir = dir;
  config.dialer.enabled = false;
  config.service.logLevel = 'silent';
  const service = createService(config, { port: stubPort(), logger: createLogger('silent') });
  const http = buildHttp(service, createApiContext(service));
  await http.ready();
  const token = new TokensRepo(service.db).create({ name: 'bench', role: 'admin' }, Date.now()).token;
  const get = async (url: string) => {
    const t0 = performance.now();
    const r = await http.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });
    const ms = performance.now() - t0;
    if (r.statusCode !== 200) throw new Error(`${url}: ${r.statusCode} ${r.body.slice(0, 200)}`);
    return { ms, body: r.body };
  };
  return { service, http, token, get, close: async () => (await http.close(), await service.stop()) };
}

async function benchUpload(): Promise<void> {
  const rows = 100_000;
  const csv = ['姓名,手机,备注'];
  for (let i = 0; i < rows; i++) csv.push(`${surnames[i % surnames.length]}先生${i},13${String(800_000_000 + i).slice(0, 9)},批次${i % 7}`);
  const file = join(dir, 'list-100k.csv');
  writeFileSync(file, csv.join('\n') + '\n');
  const a = await app('upload');
  const ms: number[] = [];
  let imported = 0;
  for (let i = 0; i < uploads; i++) {
    const c = a.service.campaigns.create(`upload-${i}`, {}, Date.now());
    const body = multipartBody({ name: 'list-100k.csv', path: file });
    const t0 = performance.now();
    const r = await a.http.inject({ method: 'POST', url: `/api/v1/campaigns/${c.id}/lists`, headers: { ...body.headers, authorization: `Bearer ${a.token}` }, payload: body.payload });
    ms.push(performance.now() - t0);
    if (r.statusCode !== 200) throw new Error(`upload: ${r.statusCode} ${r.body.slice(0, 200)}`);
    imported = r.json().imported;
  }
  await a.close();
  out(`- list upload, 100,000 rows (${(csv.join('\n').length / 2 ** 20).toFixed(1)} MiB CSV, ${imported.toLocaleString('en')} imported each time), ${uploads} runs: p50 ${fmt(pct(ms, 50))} ms, p99 ${fmt(pct(ms, 99))} ms (${Math.round(rows / (pct(ms, 50) / 1000)).toLocaleString('en')} rows/s)`);
}

async function benchSearch(): Promise<void> {
  const a = await app('search');
  const { db } = a.service;
  const c = a.service.campaigns.create('big', {}, Date.now()).id;
  const t0 = performance.now();
  const states = ['new', 'new', 'new', 'retry-wait', 'done-success', 'done-failed', 'callback-scheduled', 'invalid-number'];
  const insert = db.prepare('INSERT INTO leads (campaign_id, phone, name, state, priority, due_at, created_at, updated_at) VALUES (?, ?, ?, ?, 2, 0, 0, 0)');
  db.transaction(() => {
    for (let i = 0; i < 1_000_000; i++) insert.run(c, `+8613${String(800_000_000 + i)}`, `${surnames[i % surnames.length]}${i % 1000}号`, states[i % states.length]);
  })();
  db.pragma('optimize');
  out(`- leads search over 1,000,000 leads (inserted in ${((performance.now() - t0) / 1000).toFixed(1)} s), ${searches} requests each, 100 leads a page:`);
  const kinds: Array<[string, (i: number) => string]> = [
    ['campaign + state page', (i) => `/api/v1/leads?campaignId=${c}&state=${i % 2 ? 'retry-wait' : 'done-success'}&limit=100`],
    ['exact number', (i) => `/api/v1/leads?phone=13${String(800_000_000 + ((i * 7919) % 1_000_000))}`],
    ['name prefix', (i) => `/api/v1/leads?campaignId=${c}&q=${encodeURIComponent(surnames[i % surnames.length]!)}${i % 10}&limit=100`],
    ['deep page (afterId 900,000)', (i) => `/api/v1/leads?campaignId=${c}&state=new&afterId=${900_000 + i}&limit=100`],
    ['number fragment (scan)', (i) => `/api/v1/leads?campaignId=${c}&q=${String(1000 + i)}0&limit=100`],
  ];
  for (const [name, url] of kinds) {
    const ms: number[] = [];
    for (let i = 0; i < searches; i++) ms.push((await a.get(url(i))).ms);
    out(`  - ${name}: p50 ${fmt(pct(ms, 50))} ms, p99 ${fmt(pct(ms, 99))} ms`);
  }
  await a.close();
}

async function benchReport(): Promise<void> {
  const a = await app('report');
  const { db } = a.service;
  const from = Date.parse('2026-03-01T00:00:00+08:00');
  const month = 31 * 86_400_000;
  const c = a.service.campaigns.create('big', {}, from).id;
  const t0 = performance.now();
  const outcomes = ['busy', 'no-answer', 'human', 'human', 'human', 'machine', 'unallocated', 'abandoned', 'human', 'no-answer'];
  const dispositions = ['success', 'not-interested', 'wrong-party', 'callback-later', null];
  const lead = db.prepare("INSERT INTO leads (campaign_id, phone, state, priority, due_at, created_at, updated_at) VALUES (?, ?, 'done-failed', 3, 0, 0, 0)");
  const attempt = db.prepare(
    `INSERT INTO attempts (campaign_id, lead_id, phone, attempt_no, reason, queued_at, dialed_at, answered_at, connected_at, ended_at, outcome, agent_id, disposition)
     VALUES (?, ?, ?, 1, 'new', ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  db.transaction(() => {
    for (let i = 0; i < 1_000_000; i++) {
      const phone = `+8613${String(800_000_000 + i)}`;
      const leadId = Number(lead.run(c, phone).lastInsertRowid);
      const at = from + Math.floor((i / 1_000_000) * month);
      const outcome = outcomes[i % outcomes.length]!;
      const live = outcome === 'human';
      attempt.run(c, leadId, phone, at, at, live || outcome === 'machine' || outcome === 'abandoned' ? at + 8000 : null, live ? at + 9000 : null, at + 60_000, outcome, live ? `10${String(i % 4 + 1).padStart(2, '0')}` : null, live ? dispositions[i % dispositions.length] : null);
    }
  })();
  const call = db.prepare(
    `INSERT INTO calls (channel_id, direction, caller_number, started_at, answered_at, ended_at, ended_in, queue_group, queue_wait_ms, agent_id, talk_ms, hold_ms, acw_ms, ivr_path, updated_at)
     VALUES (?, 'inbound', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)`,
  );
  db.transaction(() => {
    for (let i = 0; i < 100_000; i++) {
      const at = from + Math.floor((i / 100_000) * month);
      const key = String(1 + (i % 5));
      const answered = i % 5 !== 0;
      const path = JSON.stringify([{ node: 'main_menu', at }, { node: 'main_menu', key, note: 'chosen', at: at + 5000 }, { node: `queue_${key}`, at: at + 6000 }]);
      call.run(`in-${i}`, `139${String(i).padStart(8, '0')}`, at, at + 1000, at + 200_000, answered ? 'agent' : 'queue-abandon', 'general', (i * 37) % 40_000, answered ? `10${String(i % 4 + 1).padStart(2, '0')}` : null, answered ? 120_000 : null, answered ? 5000 : null, answered ? 15_000 : null, path);
    }
  })();
  db.pragma('optimize');
  out(`- KPIs on demand for March 2026 with 1,000,000 attempts and 100,000 inbound calls (inserted in ${((performance.now() - t0) / 1000).toFixed(1)} s), ${reports} requests:`);
  const ms: number[] = [];
  let body = '';
  for (let i = 0; i < reports; i++) {
    const r = await a.get('/api/v1/reports/kpis?from=2026-03-01&to=2026-03-31');
    ms.push(r.ms);
    body = r.body;
  }
  const k = JSON.parse(body) as { outbound: { dials: number; contactRate: number }; inbound: { calls: number; answerRate10s: number } };
  out(`  - p50 ${fmt(pct(ms, 50))} ms, p99 ${fmt(pct(ms, 99))} ms (dials ${k.outbound.dials.toLocaleString('en')}, contact rate ${k.outbound.contactRate}; inbound ${k.inbound.calls.toLocaleString('en')}, 接起率 ${k.inbound.answerRate10s})`);
  await a.close();
}

out(`## API (issue 6, ${new Date().toISOString().slice(0, 10)}, ${process.arch}, node ${process.version})`);
out('');
out('Through fastify inject in one process (no sockets), on a 2-core machine shared with other work, at nice 19:');
try {
  await benchUpload();
  await benchSearch();
  await benchReport();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
if (flag('--write')) writeDocSection('## API (issue 6', lines);
