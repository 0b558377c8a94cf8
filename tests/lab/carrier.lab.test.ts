import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labTierConfig } from './lab-slot.js';
import { placeCall, type PlaceCallOptions } from '../../src/lab/sipp-caller.js';
import { earlyMediaNumber } from '../../src/lab/early-media-plan.js';
import { carrierNumbers, startCarrier, type Carrier } from '../../src/lab/sipp-carrier.js';
import { findFreeUdpPort } from '../../src/lab/sipp-ports.js';

// The carrier on its own, without Asterisk: SIPp callers dial it directly. It runs on a port of its own so that a
// carrier the lab keeps on lab.carrier.port is left alone.
const config = labTierConfig();
const host = config.lab.carrier.host;
const callerHost = config.lab.callers.host;
let carrier: Carrier;
let port: number;
const traces = mkdtempSync(join(tmpdir(), 'hotline-carrier-test-'));

beforeAll(async () => {
  port = await findFreeUdpPort(host, { from: 5170, to: 5199 });
  carrier = await startCarrier({ host, port, mediaPort: await findFreeUdpPort(host, { from: 6200, to: 6398, step: 4, offsets: [0, 2] }), labDir: config.lab.dir, traceDir: traces });
});

afterAll(async () => {
  await carrier?.stop();
  rmSync(traces, { recursive: true, force: true });
});

const call = (number: string, over: Partial<PlaceCallOptions> = {}) =>
  placeCall({ number, from: '13800138000', hangup: { kind: 'after-answer', afterMs: 1500 }, target: { host, port }, callerHost, ...over });

describe('lab carrier (SIPp UAS) by the test numbering plan', () => {
  it('rejects 03 and 05-09 with their SIP codes, concurrently', async () => {
    const cases: Array<[string, number]> = [
      [carrierNumbers.busy, 486],
      [carrierNumbers.unallocated, 404],
      [carrierNumbers.numberChanged, 410],
      [carrierNumbers.invalidFormat, 484],
      [carrierNumbers.congestion, 503],
      [carrierNumbers.rejected, 603],
    ];
    const reports = await Promise.all(cases.map(([number]) => call(number)));
    expect(reports.map((r) => [r.number, r.outcome, r.status])).toEqual(cases.map(([number, status]) => [number, 'rejected', status]));
  });

  it('answers 00, 01, 02 and other numbers after a short ring, takes keys, and lets the caller hang up', async () => {
    const numbers = [carrierNumbers.human, carrierNumbers.machine, carrierNumbers.fax, '13812345678'];
    const reports = await Promise.all(numbers.map((number) => call(number, { keys: '12', firstKeyAfterMs: 200 })));
    for (const r of reports) {
      expect(r).toMatchObject({ outcome: 'answered', status: 200, rang: true, hungUpBy: 'caller' });
      expect(r.keys.map((k) => k.key)).toEqual(['1', '2']);
      expect(r.durationMs).toBeGreaterThanOrEqual(1400);
      expect(r.durationMs).toBeLessThan(2500);
    }
  });

  it('accepts the number with +86, 86 and 0086 in front', async () => {
    const reports = await Promise.all(['+8613900000003', '8613900000003', '008613900000003'].map((n) => call(n)));
    expect(reports.map((r) => r.status)).toEqual([486, 486, 486]);
  });

  it('rings 04 until the caller cancels: 200 for the CANCEL, 487 for the INVITE', async () => {
    const r = await call(carrierNumbers.noAnswer, { hangup: { kind: 'before-answer', afterMs: 1000 } });
    expect(r).toMatchObject({ outcome: 'cancelled', status: 487, rang: true, hungUpBy: 'caller' });
    expect(r.endedAt! - r.invitedAt!).toBeGreaterThanOrEqual(1000);
  });

  it('plays early media on 139 000B BBVV: an announcement until CANCEL (487), an answered one, ring-back then a person', async () => {
    const [looping, answered, person] = await Promise.all([
      call(earlyMediaNumber({ kind: 'announcement', cls: 'vacant', delivery: 'until-cancelled', variant: 'clean' }), { hangup: { kind: 'before-answer', afterMs: 1500 } }),
      call(earlyMediaNumber({ kind: 'announcement', cls: 'busy', delivery: 'answered', variant: 'alaw' }), { hangup: { kind: 'after-answer', afterMs: 1000 } }),
      call(earlyMediaNumber({ kind: 'ring-back-then-person' }, 4), { hangup: { kind: 'after-answer', afterMs: 1000 } }),
    ]);
    expect(looping).toMatchObject({ outcome: 'cancelled', status: 487, hungUpBy: 'caller' });
    expect(answered).toMatchObject({ outcome: 'answered', status: 200, hungUpBy: 'caller' });
    // The person answers when the 5 s ring-back cycle ends, not before.
    expect(person).toMatchObject({ outcome: 'answered', status: 200, hungUpBy: 'caller' });
    expect(person.answeredAt! - person.invitedAt!).toBeGreaterThanOrEqual(4900);
  });

  it('hangs up 10 by itself after about 1 s', async () => {
    const r = await call(carrierNumbers.shortCall, { hangup: { kind: 'far-end', maxMs: 10_000 } });
    expect(r).toMatchObject({ outcome: 'answered', hungUpBy: 'far-end' });
    expect(r.durationMs).toBeGreaterThanOrEqual(900);
    expect(r.durationMs).toBeLessThan(2000);
  });

  it('keeps an answered call until the far end hangs up, whenever that is', async () => {
    const r = await call(carrierNumbers.human, { hangup: { kind: 'after-answer', afterMs: 9000 } });
    expect(r).toMatchObject({ outcome: 'answered', hungUpBy: 'caller' });
    expect(r.durationMs).toBeGreaterThanOrEqual(9000);
  });

  it('records every call it took, with the number dialed', () => {
    const calls = carrier.calls();
    const byNumber = new Map(calls.map((c) => [c.dialed, c]));
    expect(byNumber.get(carrierNumbers.busy)?.status).toBe(486);
    expect(byNumber.get(carrierNumbers.noAnswer)?.status).toBe(487);
    expect(byNumber.get(carrierNumbers.shortCall)).toMatchObject({ status: 200, hungUpBy: 'phone' });
    expect(byNumber.get('13812345678')).toMatchObject({ status: 200, hungUpBy: 'far-end', from: '13800138000' });
  });
});
