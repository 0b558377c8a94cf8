import { erlangC } from '../staffing/erlang-c.js';

/**
 * The open-loop Erlang reference: the classic way to size a dialer from averages alone. Live answers are taken as
 * Poisson arrivals to `agents` servers with handle time talk + wrap (Erlang C, M/M/N); the live-answer rate is the
 * highest whose share of answers waiting longer than the patience, C·e^(−(N−A)·t/AHT), stays within the target.
 * The dialer then dials at that rate divided by the answer rate, whatever happens on the floor.
 */

/** Share of arrivals that wait longer than `t` seconds. */
export function pWaitOver(agents: number, traffic: number, ahtS: number, t: number): number {
  if (traffic >= agents) return 1;
  return erlangC(agents, traffic) * Math.exp((-(agents - traffic) * t) / ahtS);
}

/** Dials per second the reference places. */
export function erlangDialRate(agents: number, answerRate: number, ahtS: number, patienceS: number, target: number): number {
  if (agents <= 0 || answerRate <= 0) return 0;
  let lo = 0;
  let hi = agents;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (pWaitOver(agents, mid, ahtS, patienceS) <= target) lo = mid;
    else hi = mid;
  }
  return lo / ahtS / answerRate;
}
