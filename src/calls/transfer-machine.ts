/**
 * A transfer's states and the moves between them (pure data; issue 13 item 3). Every kind runs on the conversation's
 * one bridge: the caller is held with music, the target's leg is dialled and joins the agent; then the agent leaves
 * (complete, and a blind transfer completes by itself on the answer), the target leaves (cancel), or the caller joins
 * the two (conference). A target that does not answer puts the caller back with the agent.
 */
import { HotlineError } from '../errors.js';

export const transferStates = ['talking', 'ringing-blind', 'ringing-consult', 'consulting', 'conference', 'transferred'] as const;
export type TransferState = (typeof transferStates)[number];

export const transferEvents = ['blind', 'consult', 'answered', 'not-answered', 'complete', 'cancel', 'conference', 'target-gone'] as const;
export type TransferEvent = (typeof transferEvents)[number];

/** Allowed moves; a pair that is not here is refused with TRANSFER_BAD_TRANSITION. */
export const transferMoves: Readonly<Record<TransferState, Partial<Record<TransferEvent, TransferState>>>> = {
  talking: { blind: 'ringing-blind', consult: 'ringing-consult' },
  // The agent stays bridged until the target answers, so a target that does not answer loses no caller.
  'ringing-blind': { answered: 'transferred', 'not-answered': 'talking', cancel: 'talking' },
  'ringing-consult': { answered: 'consulting', 'not-answered': 'talking', cancel: 'talking' },
  consulting: { complete: 'transferred', cancel: 'talking', conference: 'conference', 'target-gone': 'talking' },
  // The third party leaving a conference leaves the caller and the agent talking.
  conference: { 'target-gone': 'talking', complete: 'transferred' },
  transferred: {},
};

/** The next state, or the refusal naming what the state allows. */
export function transferStep(state: TransferState, event: TransferEvent): TransferState | HotlineError {
  const next = transferMoves[state][event];
  if (next !== undefined) return next;
  const allowed = Object.keys(transferMoves[state]);
  return new HotlineError('TRANSFER_BAD_TRANSITION', `a transfer in state ${state} cannot ${event}`, { details: { state, event, allowed } });
}

/** True while the caller is held and hears music (the target rings, or the agent consults). */
export function callerHeld(state: TransferState): boolean {
  return state === 'ringing-blind' || state === 'ringing-consult' || state === 'consulting';
}
