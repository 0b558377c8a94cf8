/**
 * What one dial attempt ended in, from the leg's network outcome and what the dialer did with the answer.
 * Pure, so the whole mapping is testable as a table.
 */
import type { CallOutcome } from '../calls/outcome.js';
import type { AttemptOutcome } from './lead-state.js';

export interface AttemptFacts {
  /** The recorder's classification of the leg (cause, AMD, fax tones, talk time). */
  leg: CallOutcome | 'failed';
  /** An answered call no agent took within the abandon time: the identification message was played. */
  abandoned: boolean;
  /** An agent or the campaign's IVR flow had the call. */
  connected: boolean;
  agentless: boolean;
  /** Agentless: the caller answered the flow's question (pressed a key). */
  answeredFlow: boolean;
  /**
   * The answered call lost its handler to a service loss (the process that ran it was killed or restarted, so the
   * next one hung the leg up) or to a media-server loss: neither party ended it (issue 17).
   */
  cut?: boolean;
}

// Network outcomes that pass through unchanged; 'answered' and 'caller-abandoned' belong to inbound legs.
const fromLeg: Partial<Record<CallOutcome | 'failed', AttemptOutcome>> = {
  unallocated: 'unallocated',
  'invalid-format': 'invalid-format',
  'number-changed': 'number-changed',
  fax: 'fax',
  busy: 'busy',
  'no-answer': 'no-answer',
  rejected: 'rejected',
  'network-failure': 'network-failure',
  machine: 'machine',
  failed: 'failed',
  announcement: 'announcement',
  vacant: 'vacant',
  suspended: 'suspended',
  'powered-off': 'powered-off',
  unreachable: 'unreachable',
  restricted: 'restricted',
};

/** The attempt's outcome; an agent's disposition may replace 'human' later. */
export function attemptOutcome(f: AttemptFacts): AttemptOutcome {
  if (f.abandoned) return 'abandoned';
  const passed = fromLeg[f.leg];
  if (passed) return passed;
  // Cut before an agent or the flow had its answer: not a short call (the person did not hang up), and not a success.
  if (f.cut && !(f.connected && (f.answeredFlow || !f.agentless))) return 'cut';
  if (f.agentless) return f.connected && f.answeredFlow ? 'success' : 'short-call';
  // A live answer that hung up before any agent could take it is a short call, retried like no answer.
  return f.connected ? 'human' : 'short-call';
}
