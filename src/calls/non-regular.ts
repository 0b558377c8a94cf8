/**
 * Non-regular inbound calls (非常规来电: misdials, one-ring hang-ups, silent calls; docs/domain.md §Inbound flow), told
 * apart from the facts of a finished call. Pure.
 * On an emergency line one-ring and silent calls must be called back; the runner decides that per line.
 */
/** `harassment` (骚扰) is not inferred from the call's facts: it is a caller on the blocked list, refused by the flow. */
export type NonRegular = 'one-ring' | 'silent' | 'misdial' | 'harassment';

export interface NonRegularRules {
  /** A caller who hangs up before answer, or within this many seconds of it, rang once (响一声挂断). */
  oneRingS: number;
}

export interface FinishedInboundFacts {
  answeredAt: number | null;
  endedAt: number;
  /** Who ended it: only the caller's own hang-up can be non-regular. */
  hungUpBy: 'remote' | 'hotline';
  /** Keys the caller pressed. */
  keys: number;
  /** How many times a menu or collect node timed out waiting for a key. */
  inputTimeouts: number;
  /** The call ended while still in the flow's first menu. */
  endedInFirstMenu: boolean;
}

/** The kind of non-regular call, or null for a regular one. */
export function classifyNonRegular(f: FinishedInboundFacts, rules: NonRegularRules): NonRegular | null {
  if (f.hungUpBy !== 'remote') return null;
  if (f.answeredAt === null || f.endedAt - f.answeredAt < rules.oneRingS * 1000) return 'one-ring';
  if (f.keys > 0) return null;
  // Silence through at least one "we did not hear a key" prompt (接听无声音) is a silent call;
  // leaving the first menu without a key and without waiting it out is a misdial.
  if (f.inputTimeouts > 0) return 'silent';
  if (f.endedInFirstMenu) return 'misdial';
  return null;
}
