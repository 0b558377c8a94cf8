/**
 * The dialer's per-tick decision: which of the due leads to dial now. Pure: the runner gathers the facts
 * (free lines, calls-per-second budget, numbers already on a call, ready agents) and dials what comes back.
 */

export interface DialCandidate {
  readonly leadId: string;
  /** Normalized (E.164) by the importer, so equal numbers are equal strings. */
  readonly phone: string;
  readonly priority: number;
  readonly dueAt: number;
  /** The agent who agreed the callback and should take it; null or absent for anyone. */
  readonly callbackAgent?: string | null;
  /** A retry after an abandoned call: dialed only with a ready agent kept for it (Ofcom: an agent is guaranteed). */
  readonly needsAgent?: boolean;
}

export interface DialSelectionInput {
  readonly now: number;
  readonly freeLines: number;
  /** Calls-per-second tokens available now (see cpsTokens); only whole tokens dial. */
  readonly cpsBudget: number;
  /** Numbers on a call right now, from this campaign or any other. */
  readonly liveNumbers: ReadonlySet<string>;
  /** Already sorted by the store: callbacks first, then retries, then new leads, each by dueAt. */
  readonly candidates: readonly DialCandidate[];
  readonly readyAgents?: ReadonlySet<string>;
  /** How long an agent-owned callback waits for its agent before anyone may take it. */
  readonly callbackGraceMs: number;
  /** isDialAllowed(now) for the campaign. */
  readonly isAllowed: boolean;
}

export interface DialPick {
  readonly leadId: string;
  readonly phone: string;
  /** The callback's own agent, reserved for this call; null when any agent may take it. */
  readonly agentFor: string | null;
}

/**
 * The leads to dial now, in the candidates' order: never a live number, never one number twice, never more than
 * min(freeLines, floor(cpsBudget)). A lead that needs an agent (its own, or any after an abandoned call) goes only
 * with a ready agent reserved for it.
 */
export function selectDials(input: DialSelectionInput): DialPick[] {
  if (!input.isAllowed) return [];
  const cap = Math.max(0, Math.min(Math.floor(input.freeLines), Math.floor(input.cpsBudget)));
  const ready = input.readyAgents ?? new Set<string>();
  const picks: DialPick[] = [];
  const phones = new Set<string>();
  // An agent takes one call at a time: their second callback in a tick waits like one whose agent is busy.
  const reserved = new Set<string>();
  for (const c of input.candidates) {
    if (picks.length >= cap) break;
    if (c.dueAt > input.now || input.liveNumbers.has(c.phone) || phones.has(c.phone)) continue;
    const owner = c.callbackAgent ?? null;
    let agentFor: string | null = null;
    if (c.needsAgent === true && owner === null) {
      agentFor = [...ready].find((a) => !reserved.has(a)) ?? null;
      if (agentFor === null) continue;
    } else if (owner !== null) {
      if (ready.has(owner) && !reserved.has(owner)) agentFor = owner;
      // Within the grace the customer waits for the agent they spoke to; after it, anyone will do.
      else if (c.dueAt + input.callbackGraceMs > input.now) continue;
    }
    if (agentFor !== null) reserved.add(agentFor);
    phones.add(c.phone);
    picks.push({ leadId: c.leadId, phone: c.phone, agentFor });
  }
  return picks;
}

/** A token bucket for the campaign's calls per second, as a value: tokens available as of `at` (epoch ms). */
export interface CpsTokens {
  readonly tokens: number;
  readonly at: number;
}

/** Token-bucket steps for the calls-per-second limit (carriers cap 400 numbers' call rates). */
export const cpsTokens = {
  /** A full bucket at `now`. */
  full(now: number, burst: number): CpsTokens {
    return { tokens: Math.max(0, burst), at: now };
  },
  /** The bucket at `now`: `rate` tokens a second since `state.at`, never more than `burst`; a clock that went back adds nothing. */
  refill(state: CpsTokens, now: number, rate: number, burst: number): CpsTokens {
    const elapsed = Math.max(0, now - state.at);
    return { tokens: Math.min(Math.max(0, burst), state.tokens + (elapsed / 1000) * Math.max(0, rate)), at: Math.max(state.at, now) };
  },
  /** The bucket after `n` dials (never below zero: selectDials takes no more than floor(tokens)). */
  spend(state: CpsTokens, n: number): CpsTokens {
    return { tokens: Math.max(0, state.tokens - n), at: state.at };
  },
};
