/**
 * The live facts one pacing decision needs, gathered by the engine (or the simulator) for one campaign. Times are
 * elapsed durations, so the decision itself never reads a clock.
 */
export interface PacingState {
  /** Agents of the campaign's group ready for a call now. */
  readonly ready: number;
  /** Agents on a call: talk time so far, ms. */
  readonly onCall: readonly { readonly talkMs: number }[];
  /** Agents in after-call work: time in it so far and, when the wrap-up is a timer, the time left (ms). */
  readonly wrapping: readonly { readonly elapsedMs: number; readonly remainingMs?: number }[];
  /** Agents logged in but paused: they count as logged in, not as working. */
  readonly paused: number;
  /** Dials placed and not yet answered or ended: how long each has been out, ms. */
  readonly ringing: readonly { readonly ageMs: number }[];
  /** Live answers waiting for an agent: how long each has waited, ms. */
  readonly waiting: readonly { readonly waitedMs: number }[];
  /** The campaign's max concurrent lines minus its live calls. */
  readonly freeLines: number;
  /** Calls-per-second tokens available now (see cpsTokens in dial-selection); only whole tokens dial. */
  readonly cpsTokens: number;
  /** Local hour of day in the campaign's time zone (0–23): the statistics are kept by hour. */
  readonly hour: number;
}

/** Agents ready, on a call or in after-call work. */
export function workingAgents(s: PacingState): number {
  return s.ready + s.onCall.length + s.wrapping.length;
}

/** The state in a log line: counts, and each busy agent's or call's time in whole ms. */
export function pacingStateForLog(s: PacingState): Record<string, unknown> {
  const ms = (x: number) => Math.round(x);
  return {
    ready: s.ready,
    talkMs: s.onCall.map((c) => ms(c.talkMs)),
    wrapLeftMs: s.wrapping.map((w) => (w.remainingMs === undefined ? null : ms(w.remainingMs))),
    paused: s.paused,
    ringingMs: s.ringing.map((r) => ms(r.ageMs)),
    waitingMs: s.waiting.map((w) => ms(w.waitedMs)),
    freeLines: s.freeLines,
  };
}

/** A campaign call on the line, as far as pacing is concerned. */
export interface PacedCall {
  readonly placedAt: number;
  readonly facts: { readonly liveAt: number | null; readonly connectedAt: number | null; readonly abandoned: boolean };
}

/** The campaign's calls out: ringing (no live answer yet) and live answers waiting for an agent. */
export function callsForPacing(calls: readonly PacedCall[], now: number): Pick<PacingState, 'ringing' | 'waiting'> {
  const ringing: { ageMs: number }[] = [];
  const waiting: { waitedMs: number }[] = [];
  for (const l of calls) {
    if (l.facts.liveAt === null) ringing.push({ ageMs: now - l.placedAt });
    else if (l.facts.connectedAt === null && !l.facts.abandoned) waiting.push({ waitedMs: now - l.facts.liveAt });
  }
  return { ringing, waiting };
}
