/**
 * Which calls QA listens to (issue 16 item 1, seed 003 §6.3): every complaint call, and N others per agent drawn at
 * random. Pure: the draw comes from a seeded generator, so the same seed picks the same calls (a sample can be
 * reproduced and checked).
 */

import { mulberry32 } from '../sim/prng.js';

export interface SampleCandidate {
  channelId: string;
  agentId: string;
  startedAt: number;
  /** A complaint was registered from the call (its wrap-up or a complaint names it). */
  complaint: boolean;
}

export interface SampleRule {
  /** Random calls per agent in the period, besides the complaint calls. */
  perAgent: number;
}

export interface Picked extends SampleCandidate {
  reason: 'complaint' | 'random';
}

/** The sample's seeded generator: the simulator's mulberry32 (numbers in [0, 1), the same for a seed). */
export const seededRandom = mulberry32;

/**
 * The sample: all complaint calls, then per agent (in id order) `perAgent` of their other calls chosen by a partial
 * Fisher-Yates shuffle (all of them when they have fewer). Candidates are taken in start order so the input's order
 * does not change the draw. Output: by agent, then start time.
 */
export function sampleCalls(candidates: readonly SampleCandidate[], rule: SampleRule, seed: number): Picked[] {
  const rand = seededRandom(seed);
  const sorted = [...candidates].sort((a, b) => a.startedAt - b.startedAt || (a.channelId < b.channelId ? -1 : 1));
  const byAgent = new Map<string, SampleCandidate[]>();
  for (const c of sorted) byAgent.set(c.agentId, [...(byAgent.get(c.agentId) ?? []), c]);
  const picked: Picked[] = [];
  for (const agent of [...byAgent.keys()].sort()) {
    const calls = byAgent.get(agent)!;
    for (const c of calls) if (c.complaint) picked.push({ ...c, reason: 'complaint' });
    const pool = calls.filter((c) => !c.complaint);
    const n = Math.min(rule.perAgent, pool.length);
    for (let i = 0; i < n; i++) {
      const j = i + Math.floor(rand() * (pool.length - i));
      [pool[i], pool[j]] = [pool[j]!, pool[i]!];
      picked.push({ ...pool[i]!, reason: 'random' });
    }
  }
  return picked.sort((a, b) => (a.agentId < b.agentId ? -1 : a.agentId > b.agentId ? 1 : a.startedAt - b.startedAt));
}
