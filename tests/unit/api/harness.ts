/**
 * One service with the API for a test file: a temporary database and directories, a telephony stub (these tests are
 * about HTTP, not calls), a clock the test sets, and a token for every role.
 */
import type { Logger } from 'pino';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { createApiContext, type ApiContext } from '../../../src/api/api-context.js';
import type { ConnectionEvent, TelephonyPort } from '../../../src/ari/port.js';
import type { Role } from '../../../src/auth/roles.js';
import { systemClock, type Clock } from '../../../src/clock.js';
import { loadConfig } from '../../../src/config/load.js';
import type { Config } from '../../../src/config/schema.js';
import { buildHttp } from '../../../src/http/app.js';
import { createLogger } from '../../../src/log/logger.js';
import { createService, type Service } from '../../../src/service/service.js';
import { TokensRepo } from '../../../src/store/tokens-repo.js';

export function stubPort(): TelephonyPort {
  const conn = new Set<(e: ConnectionEvent) => void>();
  const none = async () => undefined;
  // Cast rather than checked: the port's interface is another issue's, and a member it gains or loses is not ours.
  const stub = {
    connected: false,
    start: none,
    stop: none,
    onEvent: () => () => undefined,
    onConnection: (l: (e: ConnectionEvent) => void) => (conn.add(l), () => conn.delete(l)),
    watchChannel: () => () => undefined,
    follow: none,
    watchedChannels: () => 0,
    answer: none,
    play: async () => 'p',
    stopPlayback: none,
    startMoh: none,
    stopMoh: none,
    record: none,
    recordBridge: none,
    createBridge: async () => 'b',
    addToBridge: none,
    removeFromBridge: none,
    destroyBridge: none,
    originate: none,
    hearEarlyMedia: async () => async () => undefined,
    continueInDialplan: none,
    hangup: none,
    appChannels: async () => [],
    channel: async () => null,
    bridgedChannels: async () => new Set<string>(),
    asteriskVersion: async () => '22.10.1',
    pushSipPhone: none,
    removeSipPhone: none,
  };
  return stub as unknown as TelephonyPort;
}

/** 2026-03-10 10:00 Asia/Shanghai, a Tuesday inside the default calling window. */
export const T0 = Date.parse('2026-03-10T10:00:00+08:00');

export interface Harness {
  service: Service;
  api: ApiContext;
  app: FastifyInstance;
  config: Config;
  dir: string;
  clock: Clock & { set(ms: number): void };
  tokens: Record<Role | 'agent2', string>;
  /** A request as this role (or with this raw Authorization header). */
  as(who: Role | 'agent2' | { authorization?: string }, opts: InjectOptions): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

/** Builds the harness; `tune` edits the config before the service is made. */
export async function harness(tune: (c: Config) => void = () => undefined, opts: { logger?: Logger } = {}): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), 'hotline-api-'));
  const config = loadConfig(undefined, {});
  config.store.path = join(dir, 'h.db');
  config.prompts.dir = join(dir, 'prompts');
  config.ivr.dir = join(dir, 'ivr');
  config.api.reports.dir = join(dir, 'reports');
  config.api.reports.enabled = false;
  config.api.docs = false;
  config.ivr.watch = false;
  config.dialer.enabled = false;
  mkdirSync(config.prompts.dir);
  mkdirSync(config.ivr.dir);
  tune(config);
  let now = T0;
  const clock = { ...systemClock, now: () => now, set: (ms: number) => void (now = ms) };
  const service = createService(config, { port: stubPort(), logger: opts.logger ?? createLogger('silent'), clock });
  const api = createApiContext(service);
  const app = buildHttp(service, api);
  await app.ready();
  const repo = new TokensRepo(service.db);
  const mint = (role: Role, name: string, agentId?: string) => repo.create({ name, role, ...(agentId ? { agentId } : {}) }, T0).token;
  const tokens = {
    admin: mint('admin', 'root'),
    manager: mint('manager', 'wang-manager'),
    supervisor: mint('supervisor', 'li-supervisor'),
    agent: mint('agent', 'agent-1001', '1001'),
    'read-only': mint('read-only', 'viewer'),
    agent2: mint('agent', 'agent-1002', '1002'),
    // Issue 16: a quality inspector.
    qa: mint('qa', 'zhao-qa'),
  };
  return {
    service,
    api,
    app,
    config,
    dir,
    clock,
    tokens,
    as: (who, opts) => {
      const authorization = typeof who === 'string' ? `Bearer ${tokens[who]}` : who.authorization;
      return app.inject({ ...opts, headers: { ...(opts.headers ?? {}), ...(authorization !== undefined ? { authorization } : {}) } });
    },
    close: async () => {
      await app.close();
      await service.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
