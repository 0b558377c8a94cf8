/**
 * The times the ACD writes on a caller's call record, from the moments the runner sees. Wait runs from the first
 * entry into any queue (an overflow keeps it) to the moment the caller leaves the queue: answered, abandoned, sent to
 * a callback or out of the queue. Talk runs from the agent's answer to the end of the call less the time on hold
 * (issue 13: hold with music through ARI); after-call work is the group's wrap-up (agents cannot end it early). Handle time = talk + hold + ACW
 * (docs/domain.md §KPIs and reports: AHT).
 */

export interface QueueWait {
  queueGroup: string;
  queueWaitMs: number;
}

export interface HandledTimes {
  talkMs: number;
  holdMs: number;
  acwMs: number;
  /** Talk + hold + ACW: the sample the group's wait estimates learn from. */
  handleMs: number;
}

/** The wait of a caller who leaves the queue of `groupId` at `leftAt`, having first queued at `queuedAt`. */
export function queueWait(groupId: string, queuedAt: number, leftAt: number): QueueWait {
  return { queueGroup: groupId, queueWaitMs: leftAt - queuedAt };
}

/** Talk, hold and after-call work of a call an agent answered at `answeredAt` and that ended at `endedAt`. */
export function handledTimes(answeredAt: number, endedAt: number, wrapUpS: number, holdMs = 0): HandledTimes {
  const span = endedAt - answeredAt;
  const hold = Math.min(Math.max(0, holdMs), Math.max(0, span));
  const talkMs = span - hold;
  const acwMs = wrapUpS * 1000;
  return { talkMs, holdMs: hold, acwMs, handleMs: talkMs + hold + acwMs };
}
