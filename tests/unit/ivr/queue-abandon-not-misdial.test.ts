/**
 * A caller the flow sends straight to a queue without a menu (a VIP, issue 15) who hangs up while waiting abandoned
 * the queue: the record keeps the queue group and does not call it a misdial, as `hotline call` showed on the lab.
 * A caller who hangs up in the first menu without a key still is one. A stub port plays Asterisk, a fake clock time.
 */
import { describe, expect, it } from 'vitest';
import type { QueueOutcome } from '../../../src/ivr/commands.js';
import { flowFrom } from '../ivr-harness.js';
import { settle } from '../support/shell-stubs.js';
import { startCall } from './runner-call.js';

const flow = flowFrom({
  name: 'vip',
  entryNumbers: ['4008001234'],
  start: 'check',
  lists: { vip: ['13700137000'] },
  nodes: {
    check: { type: 'branch', cases: [{ when: { var: 'callerNumber', inList: 'vip' }, goto: 'vip_queue' }], default: 'menu' },
    vip_queue: { type: 'queue', group: 'vip', priority: 9, next: 'bye' },
    menu: { type: 'menu', prompt: { file: 'menu.wav' }, options: { '1': 'bye' }, timeoutS: 30, onExhausted: 'bye' },
    bye: { type: 'hangup', prompt: { file: 'bye.wav' } },
  },
});

/** A call from `number`, answered at T0, that the caller hangs up after 8 s. */
async function callFrom(number: string) {
  let leave: (o: QueueOutcome) => void = () => undefined;
  const { clock, tel, calls } = await startCall(flow, number, { queue: () => new Promise<QueueOutcome>((r) => (leave = r)) });
  clock.advance(8000);
  // The caller hangs up: the recorder closes the row, the queue lets the caller go, then the call's clean-up runs.
  calls.repo.update('caller-1', { endedAt: clock.now(), hangupBy: 'remote' });
  leave('abandoned');
  tel.end('caller-1');
  await settle();
  return calls.rows.get('caller-1')!;
}

describe('non-regular classification around a queue', () => {
  it('a VIP sent straight to the VIP queue who hangs up waiting is not a misdial', async () => {
    const row = await callFrom('13700137000');
    expect(row.queueGroup).toBe('vip');
    expect(row.nonRegular).toBeNull();
  });

  it('a caller who hangs up in the first menu without a key is a misdial', async () => {
    const row = await callFrom('13800138000');
    expect(row.queueGroup ?? null).toBeNull();
    expect(row.nonRegular).toBe('misdial');
  });
});
