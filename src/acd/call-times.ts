/**
 * The times a call record keeps, computed from the call's ACD events alone, so a record can be
 * rebuilt from the event log. Wait runs from the first queueing to the answer (or to the caller's
 * hang-up: an abandoned call's wait); talk is the answered time minus hold; AHT = talk + hold + ACW.
 * A part that has not ended yet (no hang-up, ACW still running) counts as 0.
 */
export type CallTimeEvent =
  | { type: 'queued'; at: number }
  | { type: 'offered'; at: number; agentId?: string }
  /** Caller and agent bridged. */
  | { type: 'answered'; at: number }
  | { type: 'hold'; at: number }
  | { type: 'unhold'; at: number }
  | { type: 'ended'; at: number }
  /** The agent's after-call work ended (by time, or the agent went ready or paused). */
  | { type: 'acw-ended'; at: number };

export interface CallTimes {
  queuedAt?: number;
  /** First offer to an agent. */
  offeredAt?: number;
  /** Agents offered the call, the answering one included. */
  offers: number;
  answeredAt?: number;
  endedAt?: number;
  waitMs: number;
  talkMs: number;
  holdMs: number;
  acwMs: number;
}

/** Wait, talk, hold and ACW of one call from its events (in any order). */
export function callTimes(events: readonly CallTimeEvent[]): CallTimes {
  const sorted = [...events].sort((a, b) => a.at - b.at);
  const first = (type: CallTimeEvent['type']): number | undefined => sorted.find((e) => e.type === type)?.at;
  const queuedAt = first('queued');
  const offeredAt = first('offered');
  const answeredAt = first('answered');
  const endedAt = first('ended');
  const offers = sorted.filter((e) => e.type === 'offered').length;

  const waitEnd = answeredAt ?? endedAt;
  const waitMs = queuedAt !== undefined && waitEnd !== undefined ? span(queuedAt, waitEnd) : 0;

  let holdMs = 0;
  let talkMs = 0;
  let acwMs = 0;
  if (answeredAt !== undefined && endedAt !== undefined) {
    holdMs = heldBetween(sorted, answeredAt, endedAt);
    talkMs = span(answeredAt, endedAt) - holdMs;
    const acwEnd = sorted.find((e) => e.type === 'acw-ended' && e.at >= endedAt)?.at;
    if (acwEnd !== undefined) acwMs = span(endedAt, acwEnd);
  }
  return {
    ...(queuedAt !== undefined ? { queuedAt } : {}),
    ...(offeredAt !== undefined ? { offeredAt } : {}),
    offers,
    ...(answeredAt !== undefined ? { answeredAt } : {}),
    ...(endedAt !== undefined ? { endedAt } : {}),
    waitMs,
    talkMs,
    holdMs,
    acwMs,
  };
}

/** Time on hold between answer and end; a hold still open at the end runs to the end. */
function heldBetween(sorted: readonly CallTimeEvent[], from: number, to: number): number {
  let held = 0;
  let since: number | undefined;
  for (const e of sorted) {
    if (e.at < from || e.at > to) continue;
    if (e.type === 'hold' && since === undefined) since = e.at;
    if (e.type === 'unhold' && since !== undefined) {
      held += e.at - since;
      since = undefined;
    }
  }
  if (since !== undefined) held += to - since;
  return held;
}

function span(from: number, to: number): number {
  return Math.max(0, to - from);
}
