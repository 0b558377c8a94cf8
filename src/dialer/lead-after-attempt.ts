/**
 * Who decides a lead when its attempt ends. An agent may give the disposition while the customer is still on the line
 * (the console and the API take it once the attempt is connected, see recordDisposition in campaign-commands.ts); that
 * decided the lead then, and the end of the call must not decide it again from the network's outcome: a callback
 * agreed for 15:00 would be lost, and "not interested" or "wrong party" would become success. Without a disposition,
 * the outcome decides the lead by the retry policy (retry-decision.ts). Pure: `now` is an argument.
 */
import { decideAfterAttempt, type Decision, type LeadAttempts, type RetrySettings } from './retry-decision.js';
import { dispositions, type AttemptOutcome, type Disposition } from './lead-state.js';

export type LeadVerdict =
  /** The agent's disposition stands: the lead keeps what it decided. */
  | { readonly by: 'agent'; readonly disposition: Disposition }
  /** The attempt's outcome decides the lead. */
  | { readonly by: 'outcome'; readonly decision: Decision };

export interface AttemptEnd {
  readonly lead: LeadAttempts;
  /** What the attempt ended in: from the leg's cause (attempt-outcome.ts) or decided elsewhere (a lost end, a hearing). */
  readonly outcome: AttemptOutcome;
  /** The attempt's disposition as stored; null when no agent gave one. */
  readonly disposition: string | null;
  readonly now: number;
  readonly settings: RetrySettings;
}

const isDisposition = (d: string | null): d is Disposition => d !== null && (dispositions as readonly string[]).includes(d);

/** Whether the agent's word or the outcome decides the lead, and the outcome's decision when it does. */
export function leadAfterAttempt(e: AttemptEnd): LeadVerdict {
  if (isDisposition(e.disposition)) return { by: 'agent', disposition: e.disposition };
  return { by: 'outcome', decision: decideAfterAttempt(e.lead, e.outcome, e.now, e.settings) };
}
