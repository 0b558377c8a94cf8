import { defined } from '../defined.js';
import type { Logger } from 'pino';
import type { AcdRunner } from '../acd/acd-runner.js';
import { AgentAdmin } from '../acd/agent-admin.js';
import type { CallerLists } from '../desk/caller-lists.js';
import { FailedAuthLimiter } from '../auth/failed-auth-limiter.js';
import type { Principal } from '../auth/principal.js';
import type { BrowserPhones } from '../phone/browser-phones.js';
import type { CallHolds } from '../calls/call-holds.js';
import type { CallTransfers } from '../calls/call-transfers.js';
import type { CallSupervision } from '../calls/call-supervision.js';
import type { Permission } from '../auth/roles.js';
import type { Clock } from '../clock.js';
import type { Config } from '../config/schema.js';
import type { FlowAdminDeps } from '../ivr/flow-admin.js';
import { LiveHub } from '../live/live-hub.js';
import { teamOfSkills } from '../qa/quality-ranking.js';
import type { CallRecordings } from '../recordings/call-recordings.js';
import { Reports } from '../reports/reports.js';
import { ReportThread } from '../reports/report-thread.js';
import type { Service } from '../service/service.js';
import type { AuditRepo } from '../store/audit-repo.js';
import type { CallsRepo } from '../store/calls-repo.js';
import type { RecordingsRepo } from '../store/recordings-repo.js';
import { storeOf, type Store } from '../store/store.js';
import type { TokensRepo } from '../store/tokens-repo.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** What the route needs; a route under /api/v1 without one is refused to everyone. */
    permission?: Permission;
  }
  interface FastifyRequest {
    principal?: Principal;
  }
}

/**
 * Everything the API's routes use, and no more: the store's repositories, the call records (whose writes are
 * queued), recordings, the ACD's agents, and the API's own limiter, reports and live feed. Never the database and
 * never the whole service.
 */
export interface ApiPorts {
  config: Config;
  log: Logger;
  clock: Clock;
  now: () => number;
  store: Store;
  tokens: TokensRepo;
  audit: AuditRepo;
  /** Call records; flush() before reading what the write queue may still hold. */
  calls: CallsRepo;
  recordings: RecordingsRepo;
  /** Starting and finding recordings of live calls. */
  callRecordings: Pick<CallRecordings, 'conversation' | 'startOnDemand'>;
  acd: Pick<AcdRunner, 'agentList' | 'agentEvent'>;
  limiter: FailedAuthLimiter;
  flowAdmin: FlowAdminDeps;
  reports: Reports;
  live: LiveHub;
  agents: AgentAdmin;
  /** The VIP and blocked lists the IVR reads, changed through here so memory and the store agree. */
  callerLists: CallerLists;
  /** Issue 13: the agents' browser phones. */
  phones: Pick<BrowserPhones, 'issue' | 'release' | 'kindOf'>;
  /** Issue 13: hold with music and resume. */
  holds: Pick<CallHolds, 'hold' | 'resume'>;
  /** Issue 13: transfers and the three-way conference. */
  transfers: Pick<CallTransfers, 'transfer' | 'complete' | 'cancel' | 'conference'>;
  /** Issue 13: supervisors listen, whisper and barge. */
  supervision: Pick<CallSupervision, 'start' | 'switch' | 'stop' | 'monitoredMode'>;
}

/** The name the app and tests hold the ports by. */
export type ApiContext = ApiPorts;

/** Builds the API's context over a service; nothing runs until the service starts the hub and the report schedule. */
export function createApiContext(service: Service): ApiContext {
  const { config, db, clock, log } = service;
  const store = storeOf(db);
  const ctx: ApiContext = {
    config,
    log,
    clock,
    now: () => clock.now(),
    store,
    tokens: store.tokens,
    audit: store.audit,
    calls: service.repo,
    recordings: service.recordingsRepo,
    callRecordings: service.recordings,
    acd: service.acd,
    limiter: new FailedAuthLimiter(config.api.auth.maxFailures, config.api.auth.windowS * 1000),
    flowAdmin: { dir: config.ivr.dir, registry: service.flows, loadOptions: service.flowOptions, versions: store.flowVersions },
    reports: new Reports({
      store,
      clock,
      config: config.api.reports,
      agentIds: () => service.acd.agentList().map((a) => a.id),
      quality: { settings: config.kpis, teams: () => Object.fromEntries(service.acd.agentList().map((a) => [a.id, teamOfSkills(a.skills) ?? '-'])) },
      log: log.child({ component: 'reports' }),
      flushCalls: () => service.repo.flush(),
      ...(db.memory ? {} : { thread: new ReportThread(db.name) }),
    }),
    live: new LiveHub({
      store,
      clock,
      calls: service.calls,
      repo: service.repo,
      acd: service.acd,
      intervalMs: config.api.live.intervalMs,
      // Late-bound: the feed shows whatever supervision the context holds (a test may put a stub there).
      monitoredMode: (id) => ctx.supervision.monitoredMode(id),
    }),
    callerLists: service.callerLists,
    phones: service.phones,
    holds: service.holds,
    transfers: service.transfers,
    supervision: service.supervision,
    agents: new AgentAdmin({
      db,
      agents: service.agentsRepo,
      audit: store.audit,
      acd: service.acd,
      port: service.port,
      ...defined({ edge: service.edge }),
      configAgentIds: service.configAgentIds,
      skills: new Set(config.acd.groups.map((g) => g.skill)),
      log: log.child({ component: 'agents' }),
      now: () => clock.now(),
    }),
  };
  return ctx;
}
