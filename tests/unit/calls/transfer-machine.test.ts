import { describe, expect, it } from 'vitest';
import { isHotlineError } from '../../../src/errors.js';
import { callerHeld, transferStates, transferStep, type TransferEvent, type TransferState } from '../../../src/calls/transfer-machine.js';

const moves: Array<[TransferState, TransferEvent, TransferState]> = [
  ['talking', 'blind', 'ringing-blind'],
  ['talking', 'consult', 'ringing-consult'],
  ['ringing-blind', 'answered', 'transferred'],
  ['ringing-blind', 'not-answered', 'talking'],
  ['ringing-blind', 'cancel', 'talking'],
  ['ringing-consult', 'answered', 'consulting'],
  ['ringing-consult', 'not-answered', 'talking'],
  ['ringing-consult', 'cancel', 'talking'],
  ['consulting', 'complete', 'transferred'],
  ['consulting', 'cancel', 'talking'],
  ['consulting', 'conference', 'conference'],
  ['consulting', 'target-gone', 'talking'],
  ['conference', 'target-gone', 'talking'],
  ['conference', 'complete', 'transferred'],
];

const refusals: Array<[TransferState, TransferEvent]> = [
  ['talking', 'complete'],
  ['talking', 'cancel'],
  ['talking', 'conference'],
  ['ringing-consult', 'complete'],
  ['ringing-blind', 'conference'],
  ['consulting', 'blind'],
  ['conference', 'consult'],
  ['transferred', 'cancel'],
  ['transferred', 'blind'],
];

describe('transfer state machine', () => {
  it.each(moves)('%s + %s → %s', (from, event, to) => {
    expect(transferStep(from, event)).toBe(to);
  });

  it.each(refusals)('%s + %s is refused with what the state allows', (from, event) => {
    const r = transferStep(from, event);
    expect(isHotlineError(r, 'TRANSFER_BAD_TRANSITION')).toBe(true);
    if (isHotlineError(r)) expect(r.details).toMatchObject({ state: from, event });
  });

  it('a transferred call is final: no move leaves it', () => {
    const r = transferStep('transferred', 'complete');
    expect(isHotlineError(r) && r.details?.['allowed']).toEqual([]);
  });

  it('the caller hears music exactly while the target rings or the agent consults', () => {
    expect(transferStates.filter(callerHeld)).toEqual(['ringing-blind', 'ringing-consult', 'consulting']);
  });
});
