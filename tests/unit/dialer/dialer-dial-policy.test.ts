/**
 * The dialer asks the centre-wide dial policy at every dial, after DNC (issue 17 item 11): calls to one number are
 * counted over every campaign, a refusal is recorded with its reason and the lead waits until the reason is gone.
 */
import { describe, expect, it } from 'vitest';
import { dialPolicySchema } from '../../../src/dialer/dial-policy-settings.js';
import { storeOf } from '../../../src/store/store.js';
import { dialerHarness, openSettings, settleMicrotasks, type DialerHarness } from './dialer-harness.js';

const china = dialPolicySchema.parse({});
const victim = '+8613900001111';
const oneTry = { retry: { default: { delayS: 60, maxPerDay: 1, maxTotal: 1 }, byOutcome: {} } };

/** Campaigns that each hold one lead for the same number; the calls ring 10 s and are busy. */
async function sameNumberInCampaigns(h: DialerHarness, n: number) {
  const cs = Array.from({ length: n }, () => h.campaign(openSettings({ mode: 'progressive', ...oneTry }), [victim]));
  await h.engine.reconcile();
  h.engine.start();
  return cs;
}

async function runFor(h: DialerHarness, ms: number) {
  for (let t = 0; t < ms; t += 1000) {
    h.clock.advance(1000);
    await settleMicrotasks();
    for (const r of h.tel.originated) {
      const a = h.attempts.byChannel(r.channelId)!;
      if (a.endedAt === null && h.clock.now() - a.queuedAt >= 10_000) h.tel.emit({ type: 'hung-up', channelId: r.channelId, cause: 17, causeText: '', at: h.clock.now() });
    }
  }
}

describe('the dial policy at dial time', () => {
  it('without the policy, four campaigns call one number four times in a minute (the defect)', async () => {
    const h = dialerHarness();
    await sameNumberInCampaigns(h, 4);
    await runFor(h, 60_000);
    expect(h.tel.originated).toHaveLength(4);
  });

  it('with China caps, the fourth call within 5 min is refused, recorded as cap, and placed when the first is 5 min old', async () => {
    const h = dialerHarness({ policy: china });
    const cs = await sameNumberInCampaigns(h, 4);
    await runFor(h, 60_000);
    expect(h.tel.originated).toHaveLength(3);
    // Never two calls to the number at once, though four campaigns wanted it.
    const spans = h.tel.originated.map((r) => h.attempts.byChannel(r.channelId)!).map((a) => [a.queuedAt, a.endedAt!] as const);
    for (let i = 1; i < spans.length; i += 1) expect(spans[i]![0]).toBeGreaterThanOrEqual(spans[i - 1]![1]);
    const fourth = cs.find((c) => h.attempts.ofLead(c.leads[0]!).length === 0)!;
    const refusals = storeOf(h.db).dialRefusals.ofLead(fourth.leads[0]!);
    expect(refusals).toEqual([expect.objectContaining({ reason: 'cap', campaignId: fourth.id, why: 'at most 3 calls to one number within 300 s', retryAt: spans[0]![0] + 300_000 })]);
    expect(h.leads.get(fourth.leads[0]!)).toMatchObject({ state: 'new', dueAt: spans[0]![0] + 300_000 });
    // Time moves on without the tick timer (a quicker test): the next tick after the retry time dials it.
    h.engine.stop();
    h.clock.advance(spans[0]![0] + 300_000 - 1 - h.clock.now());
    h.engine.tick();
    await settleMicrotasks();
    expect(h.tel.originated).toHaveLength(3);
    h.clock.advance(1);
    h.engine.tick();
    await settleMicrotasks();
    expect(h.tel.originated).toHaveLength(4);
    expect(storeOf(h.db).dialRefusals.counts(0, h.clock.now() + 1)).toEqual([{ campaignId: fourth.id, reason: 'cap', n: 1 }]);
  });

  it('never calls a blocked region: the lead closes as do-not-call with the region recorded', async () => {
    const h = dialerHarness({ policy: dialPolicySchema.parse({ blockedPrefixes: [{ prefix: '+86139', region: 'test region' }] }) });
    const [c] = await sameNumberInCampaigns(h, 1);
    await runFor(h, 5000);
    expect(h.tel.originated).toEqual([]);
    expect(h.leads.get(c!.leads[0]!)!.state).toBe('dnc');
    expect(storeOf(h.db).dialRefusals.ofLead(c!.leads[0]!)).toEqual([expect.objectContaining({ reason: 'region', retryAt: null, why: expect.stringContaining('test region') })]);
  });

  it('outside 08:00–21:00 Shanghai nothing is dialed, though the campaign window is open all day; the lead waits for 08:00', async () => {
    const h = dialerHarness({ policy: china });
    h.clock.advance(12 * 3_600_000); // 22:00 in Shanghai
    const [c] = await sameNumberInCampaigns(h, 1);
    await runFor(h, 60_000);
    expect(h.tel.originated).toEqual([]);
    h.engine.stop();
    const eight = Date.parse('2026-11-25T08:00:00+08:00');
    expect(h.leads.get(c!.leads[0]!)).toMatchObject({ state: 'new', dueAt: eight });
    // One refusal for the night, not one per tick.
    expect(storeOf(h.db).dialRefusals.ofLead(c!.leads[0]!)).toEqual([expect.objectContaining({ reason: 'hours', retryAt: eight })]);
    h.clock.advance(eight - 1 - h.clock.now());
    h.engine.tick();
    await settleMicrotasks();
    expect(h.tel.originated).toEqual([]);
    h.clock.advance(1);
    h.engine.tick();
    await settleMicrotasks();
    expect(h.tel.originated).toHaveLength(1);
  });
});
