import { AgentAdmin } from '../acd/agent-admin.js';
import { FailedAuthLimiter } from '../auth/failed-auth-limiter.js';
import type { Principal } from '../auth/principal.js';
import type { Permission } from '../auth/roles.js';
import type { FlowAdminDeps } from '../ivr/flow-admin.js';
import { LiveHub } from '../live/live-hub.js';
import { Reports } from '../reports/reports.js';
import type { Service } from '../service/service.js';
import { AuditRepo } from '../store/audit-repo.js';
import { FlowVersionsRepo } from '../store/flow-versions-repo.js';
import { TokensRepo } from '../store/tokens-repo.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** What the route needs; a route under /api/v1 without one is refused to everyone. */
    permission?: Permission;
  }
  interface FastifyRequest {
    principal?: Principal;
  }
}

/** Everything the API's routes use: the service and the API's own stores, limiter, reports and live feed. */
export interface ApiContext {
  service: Service;
  now: () => number;
  tokens: TokensRepo;
  audit: AuditRepo;
  limiter: FailedAuthLimiter;
  flowAdmin: FlowAdminDeps;
  reports: Reports;
  live: LiveHub;
  agents: AgentAdmin;
}

/** Builds the API's context over a service; nothing runs until the service starts the hub and the report schedule. */
export function createApiContext(service: Service): ApiContext {
  const { config, db, clock } = service;
  const audit = new AuditRepo(db);
  return {
    service,
    now: () => clock.now(),
    tokens: new TokensRepo(db),
    audit,
    limiter: new FailedAuthLimiter(config.api.auth.maxFailures, config.api.auth.windowS * 1000),
    flowAdmin: { dir: config.ivr.dir, registry: service.flows, loadOptions: service.flowOptions, versions: new FlowVersionsRepo(db) },
    reports: new Reports({
      db,
      clock,
      config: config.api.reports,
      agentIds: () => service.acd.agentList().map((a) => a.id),
      log: service.log.child({ component: 'reports' }),
      flushCalls: () => service.repo.flush(),
    }),
    live: new LiveHub({ db, clock, calls: service.calls, repo: service.repo, acd: service.acd, intervalMs: config.api.live.intervalMs }),
    agents: new AgentAdmin({
      db,
      agents: service.agentsRepo,
      audit,
      acd: service.acd,
      port: service.port,
      configAgentIds: service.configAgentIds,
      skills: new Set(config.acd.groups.map((g) => g.skill)),
      log: service.log.child({ component: 'agents' }),
      now: () => clock.now(),
    }),
  };
}
