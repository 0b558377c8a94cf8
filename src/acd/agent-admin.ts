/**
 * Agents through the API: create, edit, delete. An agent is three things kept in step: a row in `agents` (the truth,
 * with the audit entry in the same transaction), an agent in the running ACD, and a PJSIP endpoint pushed into
 * Asterisk's memory over ARI. Config agents are the config file's: they are listed, never changed here.
 */
import type { Logger } from 'pino';
import type { AgentEdge } from '../ari/edge-registrar.js';
import type { TelephonyPort } from '../ari/port.js';
import type { Principal } from '../auth/principal.js';
import { HotlineError, isHotlineError } from '../errors.js';
import type { AgentsRepo, StoredAgent } from '../store/agents-repo.js';
import type { AuditRepo } from '../store/audit-repo.js';
import type { Db } from '../store/db.js';
import type { AcdRunner } from './acd-runner.js';
import { agentSipPhone, agentSipRealm, sipDigestHa1 } from './agent-phone.js';
import type { Agent } from './agent-state.js';

export interface AgentAdminDeps {
  db: Db;
  agents: AgentsRepo;
  audit: AuditRepo;
  acd: Pick<AcdRunner, 'agentList' | 'addAgent' | 'updateAgent' | 'removeAgent'>;
  port: Pick<TelephonyPort, 'pushSipPhone' | 'removeSipPhone'>;
  /** The SIP edge in front of several nodes (issue 14): the phone registers there, so the edge gets its credentials. */
  edge?: AgentEdge;
  /** Ids of the agents in the config file. */
  configAgentIds: ReadonlySet<string>;
  /** Skills some skill group routes on; any other skill would never bring a call. */
  skills: ReadonlySet<string>;
  log: Logger;
  now: () => number;
}

export interface NewAgent {
  id: string;
  name: string;
  skills: Record<string, number>;
  /** The phone's SIP digest password; turned into its HA1 at once and never kept. */
  password: string;
}

/** Where an agent comes from: the config file, or the API (stored in `agents`). */
export type AgentSource = 'config' | 'api';

/** Creates, edits and deletes API agents, keeping the store, the ACD and Asterisk in step. */
export class AgentAdmin {
  // Ids whose push to Asterisk is in flight: a second create of the same id must not race the first.
  private readonly creating = new Set<string>();

  constructor(private readonly d: AgentAdminDeps) {}

  /** Where the agent comes from (config wins when both have the id). */
  source(id: string): AgentSource {
    return this.d.configAgentIds.has(id) ? 'config' : 'api';
  }

  /** Stores the agent, pushes their phone to Asterisk and adds them to the ACD, logged out. */
  async create(p: Principal, a: NewAgent): Promise<Agent> {
    if (this.d.configAgentIds.has(a.id)) throw new HotlineError('AGENT_EXISTS', `agent ${a.id} exists in the config`, { key: 'id' });
    if (this.d.agents.get(a.id) || this.creating.has(a.id) || this.inAcd(a.id)) throw new HotlineError('AGENT_EXISTS', `agent ${a.id} exists`, { key: 'id' });
    this.checkSkills(a.skills);
    const ha1 = sipDigestHa1(a.id, agentSipRealm, a.password);
    this.creating.add(a.id);
    try {
      // Asterisk first: an agent the ACD could ring but whose phone Asterisk refuses is worse than no agent.
      try {
        await this.d.port.pushSipPhone(agentSipPhone(a.id, { realm: agentSipRealm, ha1 }, this.d.edge?.contact(a.id)));
        await this.d.edge?.setAgent(a.id, ha1);
      } catch (err) {
        await this.d.port.removeSipPhone(a.id).catch(() => undefined);
        await this.d.edge?.removeAgent(a.id).catch(() => undefined);
        if (isHotlineError(err, 'SIP_ENDPOINT_STATIC')) {
          throw new HotlineError('AGENT_EXISTS', `Asterisk's own config (pjsip.conf) has a SIP endpoint ${a.id}`, { key: 'id', error: err });
        }
        throw err;
      }
      const now = this.d.now();
      try {
        this.d.db.transaction(() => {
          this.d.agents.insert({ id: a.id, name: a.name, skills: a.skills, sipRealm: agentSipRealm, sipHa1: ha1, createdAt: now, createdBy: p.name });
          this.d.audit.record(p, { action: 'agent.create', entity: 'agent', entityId: a.id, summary: `agent ${a.id} (${a.name}) created`, after: { id: a.id, name: a.name, skills: a.skills } }, now);
        })();
      } catch (err) {
        await this.d.port.removeSipPhone(a.id).catch(() => undefined);
        throw err;
      }
      const agent = this.d.acd.addAgent({ id: a.id, name: a.name, skills: a.skills });
      if (agent instanceof Error) throw agent;
      return agent;
    } finally {
      this.creating.delete(a.id);
    }
  }

  /** Changes an API agent's name or skills; their state and call are kept. */
  edit(p: Principal, id: string, change: { name?: string; skills?: Record<string, number> }): Agent {
    const before = this.stored(id);
    if (change.skills) this.checkSkills(change.skills);
    const now = this.d.now();
    const after = this.d.db.transaction(() => {
      const row = this.d.agents.update(id, change, now)!;
      this.d.audit.record(
        p,
        { action: 'agent.edit', entity: 'agent', entityId: id, summary: `agent ${id} edited`, before: { name: before.name, skills: before.skills }, after: { name: row.name, skills: row.skills } },
        now,
      );
      return row;
    })();
    const agent = this.d.acd.updateAgent(id, { name: after.name, skills: after.skills });
    if (agent instanceof Error) throw agent;
    return agent;
  }

  /** Deletes a logged-out API agent and removes their phone from Asterisk. */
  async remove(p: Principal, id: string): Promise<void> {
    const before = this.stored(id);
    const current = this.d.acd.agentList().find((x) => x.id === id);
    if (current && current.state !== 'logged-out') {
      throw new HotlineError('AGENT_LOGGED_IN', `agent ${id} is ${current.state}: log them out first`, { key: 'id', details: { state: current.state } });
    }
    const now = this.d.now();
    // No await from the state check to here: nothing can log the agent in between.
    this.d.db.transaction(() => {
      this.d.agents.remove(id);
      this.d.audit.record(p, { action: 'agent.delete', entity: 'agent', entityId: id, summary: `agent ${id} (${before.name}) deleted`, before: { id, name: before.name, skills: before.skills } }, now);
    })();
    this.d.acd.removeAgent(id);
    // The row is the truth; a phone Asterisk still holds is never rung (the ACD no longer has the agent) and goes
    // with Asterisk's next restart, since nothing pushes it again.
    await this.d.port.removeSipPhone(id).catch((err) => this.d.log.warn({ err, agentId: id }, "agent deleted but Asterisk still has their phone"));
    await this.d.edge?.removeAgent(id).catch((err) => this.d.log.warn({ err, agentId: id }, 'agent deleted but the SIP edge still has their credentials'));
  }

  private stored(id: string): StoredAgent {
    if (this.d.configAgentIds.has(id)) throw new HotlineError('AGENT_IN_CONFIG', `agent ${id} comes from the config file: change it there`, { key: 'id' });
    const row = this.d.agents.get(id);
    if (!row) throw new HotlineError('NOT_FOUND', `no agent ${id}`, { key: 'id' });
    return row;
  }

  private inAcd(id: string): boolean {
    return this.d.acd.agentList().some((x) => x.id === id);
  }

  private checkSkills(skills: Record<string, number>): void {
    const unknown = Object.keys(skills).find((s) => !this.d.skills.has(s));
    if (unknown !== undefined) {
      const known = [...this.d.skills].sort().join(', ') || 'none';
      throw new HotlineError('BAD_REQUEST', `skills.${unknown}: no skill group routes on "${unknown}" (skills in use: ${known})`, { key: `skills.${unknown}` });
    }
  }
}

/** Adds the stored agents to the ACD at start, logged out; one whose id the config also has is the config's. */
export function loadStoredAgents(d: { agents: AgentsRepo; acd: Pick<AcdRunner, 'addAgent'>; configAgentIds: ReadonlySet<string>; log: Logger }): StoredAgent[] {
  const loaded: StoredAgent[] = [];
  for (const a of d.agents.list()) {
    if (d.configAgentIds.has(a.id)) {
      d.log.warn({ agentId: a.id }, 'an agent created through the API is now also in the config; the config one is used');
      continue;
    }
    const added = d.acd.addAgent(a);
    if (added instanceof Error) d.log.warn({ err: added, agentId: a.id }, 'stored agent not loaded');
    else loaded.push(a);
  }
  return loaded;
}

type StoredAgentsDeps = { agents: AgentsRepo; configAgentIds: ReadonlySet<string>; log: Logger };

/**
 * Runs `push` for every stored API agent (config agents' phones are in Asterisk's own config), one after another,
 * skipping one deleted meanwhile: pushing it then would bring its phone back. Resolves with the ids that failed
 * (logged), never rejects.
 */
async function forStoredAgents(d: StoredAgentsDeps, push: (a: StoredAgent) => Promise<void>, say: { failed: string; notDone: string; done: string }): Promise<string[]> {
  const failed: string[] = [];
  let pushed = 0;
  try {
    for (const a of d.agents.list()) {
      if (d.configAgentIds.has(a.id) || !d.agents.get(a.id)) continue;
      try {
        await push(a);
        pushed += 1;
      } catch (err) {
        failed.push(a.id);
        d.log.error({ err, agentId: a.id }, say.failed);
      }
    }
  } catch (err) {
    // The store closed under us (the service is stopping): nothing left to push.
    d.log.warn({ err }, say.notDone);
  }
  if (pushed || failed.length) d.log.info({ pushed, failed: failed.length }, say.done);
  return failed;
}

/**
 * Pushes every stored agent's phone to Asterisk (and their digest to the SIP edge, if any). Pushed objects live in
 * Asterisk's memory only, so this runs on every ARI (re)connection: after an Asterisk restart they are gone until
 * pushed again.
 */
export function pushStoredAgents(d: StoredAgentsDeps & { port: Pick<TelephonyPort, 'pushSipPhone'>; edge?: AgentEdge | undefined }): Promise<string[]> {
  return forStoredAgents(
    d,
    async (a) => {
      await d.port.pushSipPhone(agentSipPhone(a.id, { realm: a.sipRealm, ha1: a.sipHa1 }, d.edge?.contact(a.id)));
      await d.edge?.setAgent(a.id, a.sipHa1);
    },
    { failed: "agent's phone could not be pushed to Asterisk; it cannot register until the next connection", notDone: "agents' phones not pushed", done: "agents' phones pushed to Asterisk" },
  );
}

/**
 * Sets every stored API agent's digest at the SIP edge again, and nothing on the nodes: the edge restarted and forgot
 * them while the nodes kept their phones (src/ari/edge-watch.ts).
 */
export function pushStoredAgentsToEdge(d: StoredAgentsDeps & { edge: Pick<AgentEdge, 'setAgent'> }): Promise<string[]> {
  return forStoredAgents(d, (a) => d.edge.setAgent(a.id, a.sipHa1), {
    failed: "agent's digest could not be set at the SIP edge; its phone is refused there until the next try",
    notDone: "agents' digests not set at the SIP edge",
    done: "agents' digests set at the SIP edge again",
  });
}
