/** Where a lead is in its life; the last six are final (the dialer never touches it again). */
export const leadStates = [
  'new',
  'queued',
  'dialing',
  'retry-wait',
  'callback-scheduled',
  'done-success',
  'done-failed',
  'invalid-number',
  'wrong-party',
  'dnc',
  'expired',
] as const;
export type LeadState = (typeof leadStates)[number];

export const finalLeadStates: ReadonlySet<LeadState> = new Set(['done-success', 'done-failed', 'invalid-number', 'wrong-party', 'dnc', 'expired']);

/** What one dial attempt ended in: the network's answer, the dialer's, or the agent's disposition. */
export const attemptOutcomes = [
  // network
  'unallocated',
  'invalid-format',
  'number-changed',
  'fax',
  'busy',
  'no-answer',
  'rejected',
  'network-failure',
  'failed',
  'machine',
  'short-call',
  // answered, then cut mid-call by the loss of the hotline service (killed, restarted) or of the media server
  'cut',
  // carrier announcements heard in early media (issue 11)
  'announcement',
  'vacant',
  'suspended',
  'powered-off',
  'unreachable',
  'restricted',
  // dialer
  'abandoned',
  'human',
  // agent dispositions and the agentless flow's end
  'success',
  'not-interested',
  'wrong-party',
  'callback-at',
  'callback-later',
  'dnc',
] as const;
export type AttemptOutcome = (typeof attemptOutcomes)[number];

/** Agent dispositions, as an agent picks them after a connected call. */
export const dispositions = ['success', 'not-interested', 'wrong-party', 'callback-at', 'callback-later', 'dnc'] as const;
export type Disposition = (typeof dispositions)[number];
