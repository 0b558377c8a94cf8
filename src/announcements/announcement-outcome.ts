/**
 * The call outcome a heard announcement gives the leg. Data: the table is the policy. An unlabelled announcement
 * (null) is its own outcome, retried under its own rule until someone labels it.
 */
import type { CallOutcome } from '../calls/outcome.js';
import type { AnnouncementLabel } from './labels.js';

export const outcomeByLabel: Readonly<Record<AnnouncementLabel, CallOutcome>> = {
  vacant: 'vacant',
  suspended: 'suspended',
  'powered-off': 'powered-off',
  unreachable: 'unreachable',
  // The carrier's "is busy" announcement is the same fact as a 486: the busy rule applies.
  busy: 'busy',
  restricted: 'restricted',
  forwarding: 'announcement',
  // Only reached when a 'connecting' leg ends without an answer: the service said it would connect and did not.
  connecting: 'announcement',
  other: 'announcement',
};

export function outcomeForLabel(label: AnnouncementLabel | null): CallOutcome {
  return label === null ? 'announcement' : outcomeByLabel[label];
}

/** Labels after which the leg is left to run (the carrier connects the call after its announcement). */
export const letsItRun = (label: AnnouncementLabel | null): boolean => label === 'connecting';
