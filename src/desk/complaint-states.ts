/**
 * A complaint's life as data (docs/domain.md §Inbound flow: registered, escalated agent → floor supervisor → the
 * business contact, resolved, called back, then confirmed by the customer or reopened). The table is the whole policy;
 * `moveComplaint` adds only the escalation level and the refusals. Pure.
 */
import { HotlineError } from '../errors.js';

export const complaintStates = ['registered', 'in-progress', 'escalated', 'resolved', 'called-back', 'confirmed', 'reopened'] as const;
export type ComplaintState = (typeof complaintStates)[number];

export const complaintActions = ['start', 'escalate', 'resolve', 'call-back', 'confirm', 'reopen'] as const;
export type ComplaintAction = (typeof complaintActions)[number];

/** Every allowed (state, action) pair and where it leads; anything else is COMPLAINT_BAD_TRANSITION. */
export const complaintMoves: ReadonlyArray<{ from: ComplaintState; action: ComplaintAction; to: ComplaintState }> = [
  { from: 'registered', action: 'start', to: 'in-progress' },
  { from: 'registered', action: 'escalate', to: 'escalated' },
  { from: 'registered', action: 'resolve', to: 'resolved' },
  { from: 'in-progress', action: 'escalate', to: 'escalated' },
  { from: 'in-progress', action: 'resolve', to: 'resolved' },
  // Escalated once to the floor supervisor, again to the business contact.
  { from: 'escalated', action: 'escalate', to: 'escalated' },
  { from: 'escalated', action: 'resolve', to: 'resolved' },
  // The resolution ends in a callback to the customer (回访流程), who confirms it or does not.
  { from: 'resolved', action: 'call-back', to: 'called-back' },
  { from: 'called-back', action: 'confirm', to: 'confirmed' },
  { from: 'called-back', action: 'reopen', to: 'reopened' },
  { from: 'reopened', action: 'start', to: 'in-progress' },
  { from: 'reopened', action: 'escalate', to: 'escalated' },
  { from: 'reopened', action: 'resolve', to: 'resolved' },
];

/** Escalation levels above the agent: 1 the floor supervisor (班长), 2 the business contact. */
export const escalationLevels = ['agent', 'supervisor', 'business'] as const;

/** States in which a complaint still waits for its resolution, so its deadline runs. */
export const openStates: ReadonlySet<ComplaintState> = new Set(['registered', 'in-progress', 'escalated', 'reopened']);

export interface ComplaintFacts {
  state: ComplaintState;
  escalation: number;
}

export interface ComplaintMove {
  to: ComplaintState;
  escalation: number;
  /** The move resolves the complaint: its callback to the customer is owed. */
  resolves: boolean;
}

/** The actions allowed from a state (what the console offers). */
export function allowedActions(state: ComplaintState): ComplaintAction[] {
  return complaintMoves.filter((m) => m.from === state).map((m) => m.action);
}

/** Where the action leads from the complaint's state, or the refusal naming the field at fault. */
export function moveComplaint(c: ComplaintFacts, action: ComplaintAction, resolution: string | undefined): ComplaintMove | HotlineError {
  const row = complaintMoves.find((m) => m.from === c.state && m.action === action);
  if (!row) {
    return new HotlineError('COMPLAINT_BAD_TRANSITION', `a complaint cannot ${action} while ${c.state}`, {
      key: 'action',
      details: { state: c.state, action, allowed: allowedActions(c.state) },
    });
  }
  if (action === 'escalate' && c.escalation >= escalationLevels.length - 1) {
    return new HotlineError('COMPLAINT_BAD_TRANSITION', 'the complaint is with the business contact already: there is no one above', {
      key: 'action',
      details: { state: c.state, action, allowed: allowedActions(c.state).filter((a) => a !== 'escalate') },
    });
  }
  if (action === 'resolve' && !resolution?.trim()) return new HotlineError('BAD_REQUEST', 'a resolution says how it was resolved', { key: 'resolution' });
  return { to: row.to, escalation: action === 'escalate' ? c.escalation + 1 : c.escalation, resolves: action === 'resolve' };
}
