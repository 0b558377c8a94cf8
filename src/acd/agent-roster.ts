/**
 * The ACD's agents in memory: their states as the pure state machine (agent-state.ts) moves them, the agents held for
 * a call placed for them, and the views of a group that routing and pacing read.
 */
import type { Clock } from '../clock.js';
import { defined } from '../defined.js';
import { HotlineError } from '../errors.js';
import type { AcdAgentConfig, AcdGroup } from './acd-config.js';
import { newAgent, settle, transition, type Agent, type AgentEvent } from './agent-state.js';
import { groupLoad, type GroupLoad } from './group-load.js';

type AgentFields = { id: string; name: string; skills: Readonly<Record<string, number>> };

const noAgent = (id: string) => new HotlineError('NOT_FOUND', `no agent ${id}`, { key: 'id' });

export class AgentRoster {
  private readonly agents = new Map<string, Agent>();
  private readonly reserved = new Map<string, number>();

  /** The config's agents start logged in and ready; agents created through the API are added logged out. */
  constructor(
    private readonly clock: Clock,
    configAgents: readonly AcdAgentConfig[],
  ) {
    const now = clock.now();
    for (const a of configAgents) {
      const agent = transition(newAgent(a, now), { type: 'login' }, now);
      if (!(agent instanceof Error)) this.agents.set(a.id, agent);
    }
  }

  /** Every agent as they are now (timed states such as after-call work settled), without storing it. */
  list(): Agent[] {
    const now = this.clock.now();
    return [...this.agents.values()].map((a) => settle(a, now));
  }

  /** Settles every agent and stores the result: what routing starts from. */
  settleAll(): Agent[] {
    const agents = this.list();
    for (const a of agents) this.agents.set(a.id, a);
    return agents;
  }

  /** The agent as last stored. */
  get(id: string): Agent | undefined {
    return this.agents.get(id);
  }

  set(agent: Agent): void {
    this.agents.set(agent.id, agent);
  }

  /** Applies an event to the agent as they are now; NOT_FOUND, or the state machine's error when the state does not allow it. */
  apply(id: string, event: AgentEvent): Agent | HotlineError {
    const agent = this.agents.get(id);
    if (!agent) return noAgent(id);
    const now = this.clock.now();
    const next = transition(settle(agent, now), event, now);
    if (next instanceof HotlineError) return next;
    this.agents.set(id, next);
    return next;
  }

  /** Adds an agent logged out (AGENT_EXISTS when the id is taken). */
  add(a: AgentFields): Agent | HotlineError {
    if (this.agents.has(a.id)) return new HotlineError('AGENT_EXISTS', `agent ${a.id} exists`, { key: 'id' });
    const agent = newAgent(a, this.clock.now());
    this.agents.set(a.id, agent);
    return agent;
  }

  /** Changes an agent's name and skills, keeping their state and call. */
  update(id: string, change: { name?: string; skills?: Readonly<Record<string, number>> }): Agent | HotlineError {
    const agent = this.agents.get(id);
    if (!agent) return noAgent(id);
    const next: Agent = { ...agent, ...defined({ name: change.name }), ...(change.skills ? { skills: { ...change.skills } } : {}) };
    this.agents.set(id, next);
    return next;
  }

  /** Removes a logged-out agent; a logged-in one stays (AGENT_LOGGED_IN): they may be on a call or being offered one. */
  remove(id: string): Agent | HotlineError {
    const agent = this.agents.get(id);
    if (!agent) return noAgent(id);
    const current = settle(agent, this.clock.now());
    if (current.state !== 'logged-out') {
      return new HotlineError('AGENT_LOGGED_IN', `agent ${id} is ${current.state}: log them out first`, { key: 'id', details: { state: current.state } });
    }
    this.agents.delete(id);
    return current;
  }

  /** Holds an agent for a call placed for them until the returned release is called; `released` runs after a release. */
  reserve(id: string, released: () => void): () => void {
    this.reserved.set(id, (this.reserved.get(id) ?? 0) + 1);
    let done = false;
    return () => {
      if (done) return;
      done = true;
      const n = (this.reserved.get(id) ?? 1) - 1;
      if (n > 0) this.reserved.set(id, n);
      else this.reserved.delete(id);
      released();
    };
  }

  /** Agents held for calls placed for them: routing offers them only their own calls. */
  reservedIds(): Set<string> {
    return new Set(this.reserved.keys());
  }

  /** Ids of the agents ready now who have the group's skill. */
  readyIn(group: AcdGroup): string[] {
    return this.list()
      // A transfer's target (reserved) is not free for the dialer's calls either.
      .filter((a) => a.state === 'ready' && !this.reserved.has(a.id) && (a.skills[group.skill] ?? 0) >= 1)
      .map((a) => a.id);
  }

  /** The group's agents as pacing needs them (see groupLoad). */
  loadOf(group: AcdGroup): GroupLoad {
    return groupLoad(this.list(), group.skill, group.wrapUpS, this.clock.now(), this.reservedIds());
  }
}
