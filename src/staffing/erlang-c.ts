import { HotlineError } from '../errors.js';

/**
 * Erlang C for inbound staffing (agents needed from call volume and handle time, by hour of day: docs/domain.md
 * §KPIs and reports): calls arrive at random (Poisson), handle times are exponential, callers wait in queue. Erlang B comes from its recursion B(0) = 1, B(n) = A·B(n−1) / (n + A·B(n−1)), which never
 * forms A^N or N! and so stays exact for thousands of agents; Erlang C follows as C = N·B / (N − A·(1 − B)).
 */

/** Erlang B: the probability that all `servers` are busy with `traffic` Erlangs offered and no queue. */
export function erlangB(servers: number, traffic: number): number {
  let b = 1;
  for (let n = 1; n <= servers; n++) b = (traffic * b) / (n + traffic * b);
  return b;
}

/** Erlang C: the probability that a call has to wait; 1 when the agents cannot keep up (traffic ≥ servers). */
export function erlangC(servers: number, traffic: number): number {
  if (traffic <= 0) return 0;
  if (traffic >= servers) return 1;
  const b = erlangB(servers, traffic);
  return (servers * b) / (servers - traffic * (1 - b));
}

/** Share of calls answered within `withinS` seconds. */
export function serviceLevel(servers: number, traffic: number, ahtS: number, withinS: number): number {
  if (traffic >= servers) return 0;
  return 1 - erlangC(servers, traffic) * Math.exp((-(servers - traffic) * withinS) / ahtS);
}

/** Average speed of answer (mean wait of all calls), seconds. */
export function averageSpeedOfAnswer(servers: number, traffic: number, ahtS: number): number {
  if (traffic >= servers) return Infinity;
  return (erlangC(servers, traffic) * ahtS) / (servers - traffic);
}

export interface InboundDemand {
  /** Calls offered in the interval. */
  readonly calls: number;
  /** Interval length, seconds (30 min = 1800). */
  readonly intervalS: number;
  /** Average handle time (talk + hold + after-call work), seconds. */
  readonly ahtS: number;
  /** Service-level target: this share of calls (0–1) answered within targetAnswerS. */
  readonly serviceLevel: number;
  readonly targetAnswerS: number;
  /** Optional ceiling on agent occupancy (0–1); more agents are added until it holds. */
  readonly maxOccupancy?: number;
}

export interface InboundStaffing {
  readonly agents: number;
  /** Offered traffic, Erlangs. */
  readonly traffic: number;
  /** What that many agents achieve. */
  readonly serviceLevel: number;
  readonly pWait: number;
  readonly asaS: number;
  readonly occupancy: number;
}

/** What `agents` agents achieve for the demand. */
export function inboundWith(d: InboundDemand, agents: number): InboundStaffing {
  const traffic = (d.calls * d.ahtS) / d.intervalS;
  if (traffic === 0) return { agents, traffic, serviceLevel: 1, pWait: 0, asaS: 0, occupancy: 0 };
  return {
    agents,
    traffic,
    serviceLevel: serviceLevel(agents, traffic, d.ahtS, d.targetAnswerS),
    pWait: erlangC(agents, traffic),
    asaS: averageSpeedOfAnswer(agents, traffic, d.ahtS),
    occupancy: agents > 0 ? Math.min(1, traffic / agents) : 1,
  };
}

const MAX_AGENTS = 100_000;

/** The fewest agents that meet the service level (and the occupancy ceiling, if any). */
export function inboundAgents(d: InboundDemand): InboundStaffing {
  const bad = (key: string, why: string) => new HotlineError('SIM_INVALID', `${key} ${why}`, { key });
  if (!(d.calls >= 0) || !Number.isFinite(d.calls)) throw bad('calls', 'must be a number of calls, 0 or more');
  if (!(d.intervalS > 0)) throw bad('intervalS', 'must be more than 0 seconds');
  if (!(d.ahtS > 0)) throw bad('ahtS', 'must be more than 0 seconds');
  if (!(d.serviceLevel > 0 && d.serviceLevel < 1)) throw bad('serviceLevel', 'must be between 0 and 1 (exclusive), e.g. 0.8');
  if (!(d.targetAnswerS >= 0)) throw bad('targetAnswerS', 'must be 0 seconds or more');
  if (d.maxOccupancy !== undefined && !(d.maxOccupancy > 0 && d.maxOccupancy <= 1)) throw bad('maxOccupancy', 'must be above 0 and at most 1');
  const traffic = (d.calls * d.ahtS) / d.intervalS;
  if (traffic === 0) return inboundWith(d, 0);
  // The queue is stable only with more agents than Erlangs of traffic.
  for (let n = Math.floor(traffic) + 1; n <= MAX_AGENTS; n++) {
    const r = inboundWith(d, n);
    if (r.serviceLevel >= d.serviceLevel && (d.maxOccupancy === undefined || r.occupancy <= d.maxOccupancy)) return r;
  }
  throw new HotlineError('STAFFING_UNREACHABLE', `no number of agents up to ${MAX_AGENTS} meets the target`, { key: 'serviceLevel' });
}
