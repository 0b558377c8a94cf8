import { z } from 'zod';
import { pacingSettingsSchema } from '../dialer/pacing/pacing-settings.js';

/**
 * Everything a simulation run is made of: the agents, the customers a list gives, the dialer's caps and the
 * campaign's pacing settings. Durations in seconds.
 */
export const simParamsSchema = z
  .strictObject({
    /** Agents logged in for the whole run. */
    agents: z.number().int().min(1).max(2000).default(20),
    /** Probability that a dial reaches a live person. */
    answerRate: z.number().gt(0).lt(1).default(0.3),
    /** How the other dials end, as relative weights: machine, busy, no answer (rings to the time-out), invalid. */
    machineShare: z.number().min(0).default(0.15),
    busyShare: z.number().min(0).default(0.15),
    noAnswerShare: z.number().min(0).default(0.55),
    invalidShare: z.number().min(0).default(0.15),
    /** Live and machine answers come uniformly between these times after the dial. */
    answerMinS: z.number().min(0).default(5),
    answerMaxS: z.number().min(0).default(25),
    /** A dial nobody answers rings this long (the campaign's ringTimeoutS). */
    ringTimeoutS: z.number().min(1).max(120).default(25),
    /** Talk time is log-normal with this mean and coefficient of variation. */
    talkMeanS: z.number().positive().default(120),
    talkCv: z.number().positive().max(5).default(1),
    /** After-call work, a fixed timer as in the ACD. */
    wrapS: z.number().min(0).default(15),
    /** A live answer waits this long for an agent before it is abandoned (the 2 s rule). */
    patienceS: z.number().min(0.1).max(2).default(2),
    hours: z.number().positive().max(24 * 31).default(8),
    replications: z.number().int().min(1).max(10_000).default(10),
    seed: z.number().int().min(0).default(1),
    /** The campaign's caps: lines at once and calls per second. */
    lines: z.number().int().min(1).max(10_000).default(1000),
    cps: z.number().positive().max(1000).default(100),
    /** How often the dialer decides, seconds. */
    tickS: z.number().positive().max(10).default(1),
    /** Local hour the run starts at (the statistics are kept by hour of day). */
    startHour: z.number().int().min(0).max(23).default(9),
    /** Step changes in the answer rate: from `atHour` (hours into the run) on, it is `answerRate`. */
    answerRateSteps: z.array(z.strictObject({ atHour: z.number().min(0), answerRate: z.number().gt(0).lt(1) })).default([]),
    /** Agents who pause mid-run: `agents` of them go on pause at `atHour` (after their call) for `minutes`. */
    pauses: z.array(z.strictObject({ atHour: z.number().min(0), agents: z.number().int().min(1), minutes: z.number().positive() })).default([]),
    pacing: pacingSettingsSchema.prefault({}),
  })
  .superRefine((p, ctx) => {
    if (p.answerMaxS < p.answerMinS) ctx.addIssue({ code: 'custom', path: ['answerMaxS'], message: `must not be below answerMinS (${p.answerMinS})` });
    if (p.answerMaxS > p.ringTimeoutS) ctx.addIssue({ code: 'custom', path: ['answerMaxS'], message: `must not be above ringTimeoutS (${p.ringTimeoutS}): nobody answers a dial that stopped ringing` });
    if (p.machineShare + p.busyShare + p.noAnswerShare + p.invalidShare <= 0) ctx.addIssue({ code: 'custom', path: ['noAnswerShare'], message: 'the shares of machine, busy, no answer and invalid must not all be 0' });
    for (const [i, s] of p.pauses.entries()) {
      if (s.agents > p.agents) ctx.addIssue({ code: 'custom', path: ['pauses', i, 'agents'], message: `only ${p.agents} agents are logged in` });
    }
  });
export type SimParams = z.infer<typeof simParamsSchema>;
export type SimParamsInput = z.input<typeof simParamsSchema>;

/** Busy and invalid numbers end this soon after the dial (uniform), seconds. */
export const BUSY_S = [2, 6] as const;
export const INVALID_S = [1, 3] as const;

/** The answer rate in force `hoursIn` hours into the run. */
export function answerRateAt(p: SimParams, hoursIn: number): number {
  let rate = p.answerRate;
  let at = -1;
  for (const s of p.answerRateSteps) {
    if (s.atHour <= hoursIn && s.atHour >= at) {
      rate = s.answerRate;
      at = s.atHour;
    }
  }
  return rate;
}
