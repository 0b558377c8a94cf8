/**
 * The live feed's shell: on a timer it looks at the live calls, the ACD's queues and agents, and the running
 * campaigns, and tells each subscriber what changed. It also logs agent state changes (agent-hours for the reports),
 * so that runs whether or not anyone watches. Campaign progress is a database count, taken every fifth look.
 */
import type { AcdRunner } from '../acd/acd-runner.js';
import type { LiveCalls } from '../calls/live-calls.js';
import type { SupervisorMode } from '../calls/supervision-policy.js';
import type { Clock } from '../clock.js';
import { campaignConnects, type ProgressStore } from './campaign-progress.js';
import type { AgentStateChange, AgentStatesRepo } from '../store/agent-states-repo.js';
import type { AttemptsRepo } from '../store/attempts-repo.js';
import type { CallsRepo } from '../store/calls-repo.js';
import type { CampaignsRepo } from '../store/campaigns-repo.js';
import type { LeadsRepo } from '../store/leads-repo.js';
import { applyChange, diffSnapshots, type AgentView, type CampaignView, type LiveCallView, type LiveChange, type LiveSnapshot, type QueueWaitView } from './live-snapshot.js';

/** What the hub reads and writes in the store. */
export interface LiveStore extends ProgressStore {
  campaigns: Pick<CampaignsRepo, 'get' | 'inStates'>;
  leads: Pick<LeadsRepo, 'countsByState'>;
  attempts: Pick<AttemptsRepo, 'answeredGroups' | 'countOf'>;
  agentStates: Pick<AgentStatesRepo, 'add' | 'latest'>;
}

export interface LiveHubDeps {
  store: LiveStore;
  clock: Clock;
  calls: LiveCalls;
  repo: CallsRepo;
  acd: Pick<AcdRunner, 'agentList' | 'queueEntries'>;
  intervalMs: number;
  /** Issue 13: the mode a supervisor monitors the agent's call in now (CallSupervision.monitoredMode). */
  monitoredMode?: (agentId: string) => SupervisorMode | null;
}

export type LiveListener = (change: LiveChange) => void;

const campaignEvery = 5;

/** Watches the service and fans changes out to feed subscribers. */
export class LiveHub {
  private readonly listeners = new Set<LiveListener>();
  private readonly lastState: Map<string, string>;
  private last: LiveSnapshot | null = null;
  private ticks = 0;
  private timer: ReturnType<Clock['setInterval']> | null = null;

  constructor(private readonly d: LiveHubDeps) {
    this.lastState = d.store.agentStates.latest();
  }

  /** Starts looking every intervalMs; returns the stop function (which logs every agent out for agent-hours). */
  start(): () => void {
    this.tick();
    this.timer = this.d.clock.setInterval(() => this.tick(), this.d.intervalMs);
    return () => {
      if (this.timer) this.d.clock.clearInterval(this.timer);
      this.timer = null;
      const now = this.d.clock.now();
      this.d.store.agentStates.add([...this.lastState.entries()].filter(([, s]) => s !== 'logged-out').map(([agentId]) => ({ agentId, state: 'logged-out', reason: 'service stopped', at: now })));
      this.lastState.clear();
    };
  }

  /** The full picture now and a subscription to its changes. */
  subscribe(listener: LiveListener): { snapshot: LiveSnapshot; unsubscribe: () => void } {
    // The first watcher gets a fresh look; later ones the picture the others' changes are relative to.
    if (!this.listeners.size || !this.last) this.last = this.look(true);
    this.listeners.add(listener);
    return {
      snapshot: this.last,
      unsubscribe: () => {
        this.listeners.delete(listener);
        if (!this.listeners.size) this.last = null;
      },
    };
  }

  /** Subscribers now (tests, metrics). */
  get subscribers(): number {
    return this.listeners.size;
  }

  /** One look: agent states are logged; subscribers hear what changed. */
  tick(): void {
    this.ticks++;
    const agents = this.agents();
    this.logAgentStates(agents);
    if (!this.listeners.size) {
      this.last = null;
      return;
    }
    const withCampaigns = this.ticks % campaignEvery === 0;
    const next = this.look(withCampaigns, agents);
    const prev = this.last ?? next;
    const change = diffSnapshots(prev, next);
    if (!change) return;
    this.last = applyChange(prev, change);
    for (const l of this.listeners) l(change);
  }

  private look(withCampaigns: boolean, agents = this.agents()): LiveSnapshot {
    return { at: this.d.clock.now(), calls: this.calls(), queues: this.queues(), agents, campaigns: withCampaigns ? this.campaigns() : (this.last?.campaigns ?? this.campaigns()) };
  }

  private agents(): AgentView[] {
    return this.d.acd
      .agentList()
      .map((a) => ({ id: a.id, name: a.name, state: a.state, since: a.since, pauseReason: a.pauseReason ?? null, callId: a.callId ?? null, monitored: this.d.monitoredMode?.(a.id) ?? null }))
      .sort((a, b) => a.id.localeCompare(b.id, 'en', { numeric: true }));
  }

  private calls(): LiveCallView[] {
    return this.d.repo
      .openCalls()
      .filter((r) => this.d.calls.get(r.channelId) !== undefined)
      .map((r) => ({
        channelId: r.channelId,
        direction: r.direction,
        callerNumber: r.callerNumber,
        calledNumber: r.calledNumber,
        startedAt: r.startedAt,
        answeredAt: r.answeredAt,
        node: r.ivrPath[r.ivrPath.length - 1]?.node ?? null,
        agentId: r.agentId,
        campaignId: r.campaignId,
      }))
      .sort((a, b) => a.channelId.localeCompare(b.channelId, 'en', { numeric: true }));
  }

  private queues(): QueueWaitView[] {
    return this.d.acd
      .queueEntries()
      .map((e) => ({ channelId: e.callId, group: e.groupId, priority: e.priority, queuedAt: e.queuedAt, ringing: e.ringing ?? null }))
      .sort((a, b) => a.channelId.localeCompare(b.channelId, 'en', { numeric: true }));
  }

  private campaigns(): CampaignView[] {
    const { store } = this.d;
    return store.campaigns.inStates(['scheduled', 'running', 'paused']).map((c) => ({
      id: c.id,
      name: c.name,
      state: c.state,
      leads: store.leads.countsByState(c.id),
      attempts: store.attempts.countOf(c.id),
      ...campaignConnects(store, c.id, this.d.clock.now()),
    }));
  }

  private logAgentStates(agents: readonly AgentView[]): void {
    const now = this.d.clock.now();
    const changes: AgentStateChange[] = [];
    for (const a of agents) {
      if (this.lastState.get(a.id) === a.state) continue;
      this.lastState.set(a.id, a.state);
      changes.push({ agentId: a.id, state: a.state, reason: a.pauseReason, at: now });
    }
    this.d.store.agentStates.add(changes);
  }
}
