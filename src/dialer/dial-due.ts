/**
 * When a dial became due, for the dialer's decision latency (due → originate request sent, issue 18). A dial is due
 * at the latest of: its lead's due time, the moment a line was free for it (a leg of the campaign ended, as the
 * engine heard it), and the last moment the dialer had nothing to wait for (a tick that left lines free for want of
 * leads, tokens, the window or the pacing: from then on the wait was not the dialer's). What comes after due is the
 * dialer's own time: the tick interval, the tick's work and the path to the originate. Pure: the engine keeps one
 * LineStamps value per campaign and stamps each claim with what `take` says.
 */

/** A campaign's free lines and since when the dialer owed them a call. */
export interface LineStamps {
  /** When each line now free became free (leg ends heard), oldest first; at most the campaign's line count. */
  readonly free: readonly number[];
  /** A line free without a heard end (the campaign's start, a line freed before an idle tick) counts from here. */
  readonly idleSince: number;
  /** The engine tick that last looked at the campaign; a gap (paused, outside the engine) starts the stamps again. */
  readonly seenAt: number;
  /** The campaign's line count at that tick: no more free lines than this are kept. */
  readonly lines: number;
}

export const lineStamps = {
  /**
   * The stamps at a tick: the kept ones when the previous tick looked at the campaign, else fresh from the later of
   * the campaign's last change (its start or resume) and the previous tick (the engine's own start).
   */
  at(s: LineStamps | undefined, now: number, previousTick: number | null, changedAt: number, lines: number): LineStamps {
    if (s && previousTick !== null && s.seenAt >= previousTick) return { ...s, seenAt: now, lines };
    const since = Math.min(now, Math.max(changedAt, previousTick ?? now));
    return { free: [], idleSince: since, seenAt: now, lines };
  },
  /** A leg of the campaign ended at `at`: one more line free from then (the newest `lines` are kept). */
  freed(s: LineStamps, at: number): LineStamps {
    const free = [...s.free, at];
    return { ...s, free: free.slice(Math.max(0, free.length - Math.max(0, s.lines))) };
  },
  /** The tick left lines free (nothing more it could dial): whatever is dialed later was not waiting on the dialer. */
  idle(s: LineStamps, now: number): LineStamps {
    return { ...s, free: [], idleSince: now };
  },
  /** One dial of a lead due at `leadDueAt`: when it became due, and the stamps without the line it takes. */
  take(s: LineStamps, leadDueAt: number): { dueAt: number; rest: LineStamps } {
    const line = s.free[0] ?? s.idleSince;
    return { dueAt: Math.max(leadDueAt, line, s.idleSince), rest: { ...s, free: s.free.slice(1) } };
  },
};

