/**
 * Leads decided again when an announcement gets a label that closes a number. A lead whose last dial heard an
 * unknown announcement waits on the `announcement` retry rule; once a supervisor says that announcement means the
 * number is vacant (空号) or suspended (停机), dialing it again can only hear the same thing, so the lead closes now.
 * Pure: the shell reads the waiting leads and applies the changes in the labelling's transaction.
 */
import type { AnnouncementLabel } from '../announcements/labels.js';
import type { LeadWaitingOnAnnouncement } from '../store/announcements-repo.js';

export interface LabelClosure {
  readonly state: 'invalid-number' | 'done-failed';
  /** The attempt outcome the label stands for (CORE's outcomeForLabel gives the same for a new dial). */
  readonly outcome: string;
  readonly why: string;
}

/** Labels that close a waiting lead, and how; the others leave it to its retry (its next dial hears the label). */
export const closingLabels: Readonly<Partial<Record<AnnouncementLabel, LabelClosure>>> = {
  vacant: { state: 'invalid-number', outcome: 'vacant', why: 'vacant number (空号)' },
  suspended: { state: 'invalid-number', outcome: 'suspended', why: 'suspended number (停机)' },
};

export interface LeadClosure {
  readonly leadId: number;
  readonly state: LabelClosure['state'];
  readonly lastOutcome: string;
}

/** What becomes of each waiting lead under the new label: closed, or (not listed) left waiting. */
export function reDecide(label: AnnouncementLabel | null, waiting: readonly LeadWaitingOnAnnouncement[]): LeadClosure[] {
  const closure = label === null ? undefined : closingLabels[label];
  if (!closure) return [];
  return waiting.filter((l) => l.state === 'retry-wait').map((l) => ({ leadId: l.leadId, state: closure.state, lastOutcome: closure.outcome }));
}
