import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadFlowFileOrThrow } from '../../../src/ivr/load-flow.js';
import { shanghai, TestCall } from '../ivr-harness.js';

const everyNode = loadFlowFileOrThrow(join(import.meta.dirname, '../../fixtures/flows/good/every-node.yaml'));

function atOffer(caller: string): TestCall {
  const call = new TestCall(everyNode, shanghai('2026-11-23T10:00:00'));
  call.start(caller, '4008000002');
  call.played();
  call.key('2');
  return call;
}

// Issue 17 item 4: "another number" took any 7-15 digits, so a caller could have the dialer ring a number abroad
// (00…) or a premium or 400 line as often as they liked.
describe('callbackOffer: the number a caller keys', () => {
  it.each([
    ['an international number', '0012125551234'],
    ['a 400 number', '4008001234'],
    ['digits that are no number', '1234567'],
  ])('%s is refused like a wrong entry, and no callback is made', (_what, digits) => {
    const call = atOffer('13800138000');
    expect(call.state.sub).toBe('offer');
    call.key('2');
    call.played();
    call.keys(`${digits}#`);
    expect(call.find('createCallback', call.all)).toBeUndefined();
    expect(call.state.sub).toBe('number');
  });

  it('a national mobile or fixed line is taken', () => {
    const call = atOffer('13800138000');
    call.key('2');
    call.played();
    call.keys('02112345678#');
    expect(call.get('createCallback')).toEqual({ type: 'createCallback', number: '02112345678', reason: 'ivr' });
  });

  it('a caller ID from abroad is not offered as the callback number: the caller is asked for one', () => {
    const call = atOffer('+12125551234');
    expect(call.state.sub).toBe('number');
    call.played();
    call.keys('13800138000#');
    expect(call.get('createCallback')).toEqual({ type: 'createCallback', number: '13800138000', reason: 'ivr' });
  });
});
