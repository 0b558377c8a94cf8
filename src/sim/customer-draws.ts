import type { DialResult } from '../dialer/pacing/outcome-tally.js';
import { hashSeed, mulberry32, standardNormal } from './prng.js';
import { BUSY_S, INVALID_S, type SimParams } from './sim-params.js';

/**
 * Customer k of replication r: its random draws come from its own stream, so every algorithm meets the same
 * customer whenever it dials them (common random numbers). Only the answer rate in force at the dial can differ.
 */
export interface Customer {
  readonly result: DialResult;
  /** Seconds from the dial to the answer (live, machine) or to the end (busy, invalid, no answer). */
  readonly seconds: number;
  /** Talk time, seconds (used when live and connected). */
  readonly talkS: number;
}

/** The customer the k-th dial of replication `rep` reaches, with the answer rate in force then. */
export function customer(p: SimParams, rep: number, k: number, answerRate: number): Customer {
  const rand = mulberry32(hashSeed(p.seed, rep, k, 0xc0ffee));
  const u = rand();
  const timeU = rand();
  const z = standardNormal(rand(), rand());
  const sigma = Math.sqrt(Math.log(1 + p.talkCv * p.talkCv));
  const talkS = Math.exp(Math.log(p.talkMeanS) - (sigma * sigma) / 2 + sigma * z);
  const answerS = p.answerMinS + (p.answerMaxS - p.answerMinS) * timeU;
  if (u < answerRate) return { result: 'live', seconds: answerS, talkS };
  // The rest of the unit interval is split by the shares, so a change in the answer rate moves only the border.
  const v = (u - answerRate) / (1 - answerRate);
  const total = p.machineShare + p.busyShare + p.noAnswerShare + p.invalidShare;
  let acc = p.machineShare / total;
  if (v < acc) return { result: 'machine', seconds: answerS, talkS };
  acc += p.busyShare / total;
  if (v < acc) return { result: 'busy', seconds: BUSY_S[0] + (BUSY_S[1] - BUSY_S[0]) * timeU, talkS };
  acc += p.noAnswerShare / total;
  if (v < acc) return { result: 'no-answer', seconds: p.ringTimeoutS, talkS };
  return { result: 'invalid', seconds: INVALID_S[0] + (INVALID_S[1] - INVALID_S[0]) * timeU, talkS };
}
