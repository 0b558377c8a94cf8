/**
 * The console in a real browser, without Asterisk: the service's HTTP app on 127.0.0.1 over a temporary SQLite file
 * (telephony stubbed), tokens for every role, a live hub the test drives, generated state, and headless Chromium
 * (Debian's package, driven by playwright-core) with the flags a closed network needs.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import type { QueueEntry } from '../../src/acd/queue-entry.js';
import { createApiContext, type ApiContext } from '../../src/api/api-context.js';
import type { Role } from '../../src/auth/roles.js';
import { systemClock } from '../../src/clock.js';
import { loadConfig, projectRoot } from '../../src/config/load.js';
import type { Config } from '../../src/config/schema.js';
import { buildHttp } from '../../src/http/app.js';
import { LiveHub } from '../../src/live/live-hub.js';
import { createLogger } from '../../src/log/logger.js';
import { createService, type Service } from '../../src/service/service.js';
import { TokensRepo } from '../../src/store/tokens-repo.js';
import { stubPort } from '../unit/api/harness.js';
import { storeOf } from '../../src/store/store.js';

export const screenshotDir = join(projectRoot, 'test-artifacts/screenshots');

export interface ConsoleService {
  service: Service;
  api: ApiContext;
  config: Config;
  url: string;
  tokens: Record<Role, string>;
  /** Callers the wallboard shows waiting, beside the ACD's own (the test adds and removes them). */
  queue: QueueEntry[];
  close(): Promise<void>;
}

/** Starts the HTTP app on 127.0.0.1 with a fresh database; `agents` ACD agents (ids 1001…) in group general. */
export async function startConsoleService(opts: { agents?: number; liveIntervalMs?: number; tune?: (c: Config) => void } = {}): Promise<ConsoleService> {
  const dir = mkdtempSync(join(tmpdir(), 'hotline-console-'));
  const config = loadConfig(undefined, {});
  config.store.path = join(dir, 'h.db');
  config.prompts.dir = join(dir, 'prompts');
  config.ivr.dir = join(dir, 'ivr');
  config.recordings.dir = join(dir, 'rec');
  config.api.reports.dir = join(dir, 'reports');
  config.api.reports.enabled = false;
  config.api.docs = false;
  config.ivr.watch = false;
  config.dialer.enabled = false;
  config.api.live.intervalMs = opts.liveIntervalMs ?? 200;
  // Every test signs in many times from one address.
  config.api.auth.maxFailures = 10_000;
  if (opts.agents !== undefined) config.acd.agents = Array.from({ length: opts.agents }, (_, i) => ({ id: String(1001 + i), name: `座席${1001 + i}`, skills: { general: 5 } }));
  for (const d of [config.prompts.dir, config.ivr.dir, config.recordings.dir]) mkdirSync(d);
  opts.tune?.(config);
  const service = createService(config, { port: stubPort(), logger: createLogger('silent'), clock: systemClock });
  const api = createApiContext(service);
  const queue: QueueEntry[] = [];
  // The same hub the service would run, reading the ACD's queues plus the ones the test made up.
  api.live = new LiveHub({
    store: storeOf(service.db),
    clock: systemClock,
    calls: service.calls,
    repo: service.repo,
    acd: { agentList: () => service.acd.agentList(), queueEntries: () => [...service.acd.queueEntries(), ...queue] },
    intervalMs: config.api.live.intervalMs,
    // Issue 13: through the API context's supervision, as the service's own hub does (a test may stub it).
    monitoredMode: (id) => api.supervision.monitoredMode(id),
  });
  const app = buildHttp(service, api);
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  const repo = new TokensRepo(service.db);
  const now = Date.now();
  const mint = (role: Role, name: string, agentId?: string) => repo.create({ name, role, ...(agentId ? { agentId } : {}) }, now).token;
  const tokens: Record<Role, string> = {
    admin: mint('admin', 'root'),
    manager: mint('manager', 'wang-manager'),
    supervisor: mint('supervisor', 'li-supervisor'),
    agent: mint('agent', 'agent-1001', '1001'),
    'read-only': mint('read-only', 'viewer'),
    // Issue 16: a quality inspector.
    qa: mint('qa', 'zhao-qa'),
  };
  return {
    service,
    api,
    config,
    url,
    tokens,
    queue,
    close: async () => {
      await app.close();
      await service.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Headless Chromium with a fresh profile; the flags keep it from reaching for a network it does not have. */
export async function launchChromium(opts: { args?: string[]; ignoreHTTPSErrors?: boolean } = {}): Promise<{ context: BrowserContext; close: () => Promise<void> }> {
  const profile = mkdtempSync(join(tmpdir(), 'hotline-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.HOTLINE_CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', ...(opts.args ?? [])],
    ...(opts.ignoreHTTPSErrors ? { ignoreHTTPSErrors: true } : {}),
    viewport: { width: 1400, height: 900 },
    timezoneId: 'Asia/Shanghai',
    locale: 'zh-CN',
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** A new tab already signed in with `token`, in `lang`, at the console's `page` (hash route). */
export async function openAs(context: BrowserContext, url: string, token: string, lang: 'zh' | 'en', page: string): Promise<Page> {
  const p = await context.newPage();
  await p.addInitScript(
    ([t, l]) => {
      sessionStorage.setItem('hotline.token', t!);
      localStorage.setItem('hotline.lang', l!);
    },
    [token, lang],
  );
  await p.goto(`${url}/console/#/${page}`);
  return p;
}

/** Keeps a full-page screenshot as a test artifact. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage: true });
}

/**
 * Generated live state: `calls` calls in progress (a third inbound in the IVR, a third with agents, a third outbound
 * with agents), agents on calls, paused and ready, `waiting` callers in queues, and `campaigns` running campaigns with
 * leads and answered attempts. Returns the channel ids of the calls.
 */
export function generateState(s: ConsoleService, n: { calls: number; waiting: number; campaigns: number }): string[] {
  const { service } = s;
  const now = Date.now();
  const log = createLogger('silent');
  const agents = service.acd.agentList().map((a) => a.id);
  const campaignIds: number[] = [];
  for (let c = 0; c < n.campaigns; c++) {
    const id = service.campaigns.create(`活动-${c + 1}`, {}, now).id;
    service.campaigns.setState(id, 'running', now);
    campaignIds.push(id);
    const insertAttempt = service.db.prepare(
      `INSERT INTO attempts (campaign_id, lead_id, phone, attempt_no, reason, queued_at, dialed_at, answered_at, connected_at, ended_at, outcome)
       VALUES (?, ?, ?, 1, 'new', ?, ?, ?, ?, ?, ?)`,
    );
    service.db.transaction(() => {
      for (let l = 0; l < 200; l++) {
        const phone = `+86139${String(c).padStart(2, '0')}${String(l).padStart(6, '0')}`;
        const lead = service.leads.insert({ campaignId: id, phone, name: `客户${l}`, now });
        if (l < 60) {
          const outcome = l % 25 === 0 ? 'abandoned' : l % 3 === 0 ? 'busy' : 'human';
          const answered = outcome !== 'busy';
          insertAttempt.run(id, lead, phone, now - 60_000, now - 60_000, answered ? now - 55_000 : null, outcome === 'human' ? now - 54_000 : null, now - 10_000, outcome);
        }
      }
    })();
  }
  const ids: string[] = [];
  let agentIndex = 0;
  for (let i = 0; i < n.calls; i++) {
    const channelId = `gen-${i}`;
    const kind = i % 3;
    const inbound = kind !== 2;
    const agentId = kind === 0 || agentIndex >= agents.length ? null : agents[agentIndex++]!;
    const started = now - (i % 600) * 1000;
    const number = `1390000${String(i).padStart(4, '0')}`;
    service.repo.insert({
      channelId,
      direction: inbound ? 'inbound' : 'outbound',
      startedAt: started,
      callerNumber: inbound ? number : '4008001234',
      calledNumber: inbound ? '4008001234' : number,
      answeredAt: started + 2000,
      agentId,
      campaignId: inbound ? null : (campaignIds[i % Math.max(1, campaignIds.length)] ?? null),
      ivrPath: [{ node: kind === 0 ? 'main_menu' : 'agent_queue', at: started }],
    });
    service.calls.add({ channelId, direction: inbound ? 'inbound' : 'outbound', startedAt: started, answeredAt: started + 2000, amd: false, hangupRequested: false, digits: '', path: [], log, cleanup: [] });
    if (agentId) {
      service.acd.agentEvent(agentId, { type: 'offer', callId: channelId });
      service.acd.agentEvent(agentId, { type: 'answer', callId: channelId });
    }
    ids.push(channelId);
  }
  // A tenth of the agents left free are paused (for lunch), the rest stay ready.
  for (const id of agents.slice(agentIndex).filter((_, i) => i % 10 === 0)) service.acd.agentEvent(id, { type: 'pause', reason: 'lunch' });
  for (let q = 0; q < n.waiting; q++) {
    s.queue.push({ callId: `wait-${q}`, groupId: q % 2 ? 'general' : 'vip', priority: 0, queuedAt: now - q * 7000, groupSince: now - q * 7000, tried: [] });
  }
  service.repo.flush();
  return ids;
}

/** An agent-screen browser test's start: the console service, Chromium, and tokens for agents 1001 and 1002. */
export async function startAgentConsole(opts: Parameters<typeof startConsoleService>[0]): Promise<{ s: ConsoleService; browser: { context: BrowserContext; close: () => Promise<void> }; agentToken: Record<string, string> }> {
  const s = await startConsoleService(opts);
  const browser = await launchChromium();
  const agent1002 = new TokensRepo(s.service.db).create({ name: 'agent-1002', role: 'agent', agentId: '1002' }, Date.now()).token;
  return { s, browser, agentToken: { '1001': s.tokens.agent, '1002': agent1002 } };
}

/** Closes the pages a test opened, then what startAgentConsole started. */
export async function closeAgentConsole(pages: readonly Page[], browser?: { close: () => Promise<void> }, s?: ConsoleService): Promise<void> {
  for (const p of pages) await p.close().catch(() => undefined);
  await browser?.close();
  await s?.close();
}
