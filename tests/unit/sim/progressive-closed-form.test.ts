import { describe, expect, it } from 'vitest';
import { runAll } from '../../../src/sim/experiment.js';
import { summarize } from '../../../src/sim/sim-metrics.js';
import { BUSY_S, INVALID_S, simParamsSchema, type SimParams } from '../../../src/sim/sim-params.js';

/**
 * Progressive occupancy in closed form (renewal–reward).
 *
 * In progressive mode every ready agent has exactly one call out for them, so each agent runs through cycles of
 *   idle (waiting for a live answer) → talk T → after-call work W → ready,
 * and occupancy = E[T] / (E[T] + W + E[idle]) by the renewal–reward theorem (logged-in time per cycle is the sum).
 * Idle time per cycle: the agent frees at a continuous time, and the dialer places the call at its next tick, on
 * average tick/2 later. Each dial is live with probability p (answered after A, connected at once), so a cycle has
 * (1 − p)/p failed dials on average, each lasting its own time D plus the wait for the next tick: tick/2, except a
 * dial nobody answers, which ends exactly on a tick (it started on one and rings a whole number of seconds), so the
 * next dial goes out at once. Hence
 *   E[idle] = tick/2 + (1 − p)/p · Σ_o share_o · (E[D_o] + lag_o) + E[A]
 * with E[D] = (a+b)/2 for a machine, busy and invalid their uniform ranges' middles, the ring time-out for no answer.
 */
function closedForm(p: SimParams): number {
  const tick = p.tickS;
  const answer = (p.answerMinS + p.answerMaxS) / 2;
  const total = p.machineShare + p.busyShare + p.noAnswerShare + p.invalidShare;
  const failed =
    (p.machineShare * (answer + tick / 2) +
      p.busyShare * ((BUSY_S[0] + BUSY_S[1]) / 2 + tick / 2) +
      p.noAnswerShare * p.ringTimeoutS +
      p.invalidShare * ((INVALID_S[0] + INVALID_S[1]) / 2 + tick / 2)) /
    total;
  const idle = tick / 2 + ((1 - p.answerRate) / p.answerRate) * failed + answer;
  return p.talkMeanS / (p.talkMeanS + p.wrapS + idle);
}

describe('the simulator against the closed form for progressive occupancy', () => {
  it.each([
    { answerRate: 0.3 },
    { answerRate: 0.5, talkMeanS: 60, wrapS: 5, noAnswerShare: 0.2 },
  ])('within 2%: %o', (over) => {
    const p = simParamsSchema.parse({ agents: 20, hours: 8, replications: 3, seed: 7, ...over });
    const expected = closedForm(p);
    const got = summarize('progressive', runAll({ kind: 'progressive' }, p), p).occupancy;
    expect(Math.abs(got - expected) / expected).toBeLessThan(0.02);
  });
});
