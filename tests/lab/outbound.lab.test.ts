import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { carrierOptions, startCarrier, type Carrier } from '../../src/lab/sipp-carrier.js';
import type { Service } from '../../src/service/service.js';
import { labConfig, startLabService, waitFor } from './support.js';

// The test numbering plan (README): what the carrier does for 139000000NN and what hotline must record.
const plan: Array<[nn: string, outcome: string, cause: number, answered: boolean]> = [
  ['00', 'human', 16, true],
  ['01', 'machine', 16, true],
  ['02', 'fax', 16, true],
  ['03', 'busy', 17, false],
  ['04', 'no-answer', 19, false],
  ['05', 'unallocated', 1, false],
  ['06', 'number-changed', 22, false],
  ['07', 'invalid-format', 28, false],
  ['08', 'network-failure', 34, false],
  ['09', 'rejected', 21, false],
  ['10', 'short-call', 16, true],
];

describe('originating to every number of the carrier plan', () => {
  let carrier: Carrier;
  let service: Service;
  const config = labConfig((c) => {
    c.telephony.originateTimeoutS = 8;
  });

  beforeAll(async () => {
    carrier = await startCarrier(carrierOptions(config));
    ({ service } = await startLabService(config));
  });

  afterAll(async () => {
    await service?.stop();
    await carrier?.stop();
  });

  it('records the right outcome and Q.850 cause for each, all dialed at once', async () => {
    const ids = await Promise.all(plan.map(([nn]) => service.originate(`139000000${nn}`, { amd: true })));
    const rows = await waitFor(
      () => {
        const all = ids.map((id) => service.repo.get(id));
        return all.every((r) => r?.endedAt) ? all : null;
      },
      40_000,
      'every outbound record to close',
    );
    const seen = rows.map((r) => [r!.calledNumber!.slice(-2), r!.outcome, r!.causeCode, r!.answeredAt !== null]);
    expect(seen).toEqual(plan);
    for (const r of rows) {
      expect(r!.causeText).toBeTruthy();
      expect(r!.startedAt).toBeLessThanOrEqual(r!.endedAt!);
    }
    const byNn = Object.fromEntries(rows.map((r) => [r!.calledNumber!.slice(-2), r!]));
    expect(byNn['00']!.amdStatus).toBe('HUMAN');
    expect(byNn['01']!.amdStatus).toBe('MACHINE');
    expect(byNn['02']!.faxTones).toBeGreaterThan(0);
    expect(byNn['04']!.ringAt).not.toBeNull();
    expect(carrier.calls().length).toBe(plan.length);
    expect(service.calls.size).toBe(0);
    expect(service.port.watchedChannels()).toBe(0);
    const metrics = await service.metrics.registry.metrics();
    expect(metrics).toMatch(/hotline_calls_total\{direction="outbound",outcome="busy"\} 1/);
  });
});
