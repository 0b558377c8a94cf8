/**
 * Records as a principal may see them: numbers masked for roles that do not need them, and fields the API adds
 * (the recording link, null when the call was not recorded or retention removed the file). Pure.
 */
import type { Principal } from '../auth/principal.js';
import { seesFullNumbers, shownNumber } from '../auth/visibility.js';
import { maskNumbersInText } from '../log/mask-rule.js';
import type { AttemptRow } from '../store/attempts-repo.js';
import type { CallRow } from '../store/calls-repo.js';
import type { LeadRow } from '../store/leads-repo.js';
import type { RecordingRow } from '../store/recordings-repo.js';

type Viewer = Pick<Principal, 'role'>;

const text = (p: Viewer, v: string | null) => (v === null || seesFullNumbers(p.role) ? v : maskNumbersInText(v));

/** A lead for this viewer; free-form fields may hold numbers too. */
export function presentLead(p: Viewer, l: LeadRow) {
  const fields = seesFullNumbers(p.role) ? l.fields : Object.fromEntries(Object.entries(l.fields).map(([k, v]) => [k, maskNumbersInText(v)]));
  return { ...l, phone: shownNumber(p, l.phone)!, altPhone: shownNumber(p, l.altPhone), fields };
}

/** The API path of a recording's audio. */
export const recordingLink = (id: number | undefined | null): string | null => (id === undefined || id === null ? null : `/api/v1/recordings/${id}/audio`);

/** An attempt for this viewer; keys pressed may be a number the customer typed. */
export function presentAttempt(p: Viewer, a: AttemptRow, recordingId?: number | null) {
  return { ...a, phone: shownNumber(p, a.phone)!, keys: text(p, a.keys), notes: text(p, a.notes), recording: recordingLink(recordingId) };
}

/**
 * An attempt on a lead an agent may open, as that agent sees it: another agent's attempt keeps its time and outcome
 * (the lead's history) but not what was noted, keyed or recorded on it, which is that agent's conversation.
 */
export function presentAttemptInScope(p: Pick<Principal, 'role' | 'agentId'>, scope: string | undefined, a: AttemptRow, recordingId?: number | null) {
  const shown = presentAttempt(p, a, recordingId);
  return scope === undefined || a.agentId === scope ? shown : { ...shown, notes: null, keys: null, recording: null };
}

/** A call record for this viewer. */
export function presentCall(p: Viewer, c: CallRow, recordingId?: number | null) {
  return { ...c, callerNumber: shownNumber(p, c.callerNumber), calledNumber: shownNumber(p, c.calledNumber), digits: text(p, c.digits) ?? '', recording: recordingLink(recordingId) };
}

/** A recording for this viewer: the customer's number masked where the role needs it; the server path stays inside. */
export function presentRecording(p: Viewer, r: RecordingRow) {
  const { path: _path, ...rest } = r;
  return { ...rest, customerNumber: shownNumber(p, r.customerNumber), audio: r.deletedAt === null ? recordingLink(r.id) : null };
}
