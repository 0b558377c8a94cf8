import { HotlineError } from '../errors.js';
import { runAll } from '../sim/experiment.js';
import { windowBreached } from '../sim/sim-metrics.js';
import type { SimParams } from '../sim/sim-params.js';

/**
 * Outbound staffing from the simulator: the fewest agents with whom hotline's predictive pacing delivers a target of
 * talk hours (or connected contacts) per hour while no replication goes over the abandon limit in its window. There is
 * no closed form for a predictive dialer, so each candidate head count is simulated.
 */
export interface OutboundTarget {
  /** Agent talk hours per clock hour (all agents together). */
  readonly talkHoursPerHour?: number;
  /** Live answers connected to an agent per clock hour. */
  readonly contactsPerHour?: number;
}

export interface OutboundPoint {
  readonly agents: number;
  readonly talkHoursPerHour: number;
  readonly contactsPerHour: number;
  readonly occupancy: number;
  readonly abandonRate: number;
  readonly windowBreaches: number;
}

export interface OutboundStaffing extends OutboundPoint {
  /** Every head count simulated on the way, by agents. */
  readonly tried: readonly OutboundPoint[];
}

const MAX_AGENTS = 2000;

/** What `agents` agents deliver under hotline predictive pacing. */
export function outboundWith(p: SimParams, agents: number): OutboundPoint {
  const params = { ...p, agents };
  const reps = runAll({ kind: 'hotline' }, params);
  let talk = 0;
  let logged = 0;
  let connected = 0;
  let lives = 0;
  let abandons = 0;
  for (const r of reps) {
    talk += r.talkMs;
    logged += r.loggedInMs;
    connected += r.lives - r.abandons;
    lives += r.lives;
    abandons += r.abandons;
  }
  const hours = params.hours * reps.length;
  return {
    agents,
    talkHoursPerHour: talk / 3_600_000 / hours,
    contactsPerHour: connected / hours,
    occupancy: logged > 0 ? talk / logged : 0,
    abandonRate: lives > 0 ? abandons / lives : 0,
    windowBreaches: reps.filter((r) => windowBreached(r, params)).length,
  };
}

/** The fewest agents that meet the target within the abandon limit. */
export function outboundAgents(p: SimParams, target: OutboundTarget): OutboundStaffing {
  const want = target.talkHoursPerHour ?? target.contactsPerHour;
  if (want === undefined || !(want > 0) || (target.talkHoursPerHour !== undefined && target.contactsPerHour !== undefined)) {
    throw new HotlineError('SIM_INVALID', 'give one target above 0: talk hours per hour or contacts per hour', { key: target.talkHoursPerHour !== undefined ? '--talk-hours' : '--contacts' });
  }
  const tried = new Map<number, OutboundPoint>();
  const at = (n: number) => {
    if (!tried.has(n)) tried.set(n, outboundWith(p, n));
    return tried.get(n)!;
  };
  const meets = (pt: OutboundPoint) => pt.windowBreaches === 0 && (target.talkHoursPerHour !== undefined ? pt.talkHoursPerHour >= want : pt.contactsPerHour >= want);
  // Output per agent only grows with the team (pooling), so a guess from a small team overshoots: double, then bisect.
  let hi = Math.max(1, Math.min(MAX_AGENTS, Math.ceil(p.agents)));
  let lo = 0;
  while (!meets(at(hi))) {
    lo = hi;
    if (hi >= MAX_AGENTS) throw new HotlineError('STAFFING_UNREACHABLE', `even ${MAX_AGENTS} agents do not meet the target within the abandon limit`, { key: target.talkHoursPerHour !== undefined ? '--talk-hours' : '--contacts' });
    hi = Math.min(MAX_AGENTS, hi * 2);
  }
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (meets(at(mid))) hi = mid;
    else lo = mid;
  }
  return { ...at(hi), tried: [...tried.values()].sort((a, b) => a.agents - b.agents) };
}
