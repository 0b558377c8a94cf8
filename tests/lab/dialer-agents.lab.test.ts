import { afterEach, describe, expect, it } from 'vitest';
import { changeCampaign, createCampaign, recordDisposition } from '../../src/dialer/campaign-commands.js';
import type { CampaignSettingsInput } from '../../src/dialer/campaign-settings.js';
import { startAgentPhones } from '../../src/lab/sipp-agents.js';
import type { Service } from '../../src/service/service.js';
import { storeOf } from '../../src/store/store.js';
import { DialerLab, testSettings } from './dialer-lab.js';
import { waitFor } from './support.js';

// The agent's side of an outbound call: their word during the call, and the 2 s rule when no agent takes it.
describe('the outbound dialer and its agents on the lab', () => {
  const lab = new DialerLab();
  afterEach(async (ctx) => lab.stop(ctx.task.name));

  it("keeps the agent's word given during the call once the customer hangs up: a callback at a time with that agent, not interested, wrong party", async () => {
    const { config, service: s } = await lab.start((c) => {
      c.acd.agents = [{ id: '1001', name: 'A', skills: { general: 5 } }];
      for (const g of c.acd.groups) g.wrapUpS = 0;
    });
    // The agent stays on the line: only the customer ends these calls.
    lab.phones = await startAgentPhones(config, { answer: { kind: 'after', ms: 200 }, talk: { kind: 'far-end' } }, { ids: ['1001'] });
    const campaign = createCampaign(storeOf(s.db), 'agent word', testSettings({ mode: 'progressive', skillGroup: 'general', amd: false }), Date.now());
    // Three people (139 1XYZ 0000 answers like 139 0000 0000), one call at a time for the one agent.
    const said = { '+8613900000000': 'callback-at', '+8613910010000': 'not-interested', '+8613910020000': 'wrong-party' } as const;
    for (const phone of Object.keys(said)) s.leads.insert({ campaignId: campaign.id, phone, now: Date.now() });
    changeCampaign(storeOf(s.db), campaign.id, 'start', Date.now());
    const callbackAt = Date.now() + lab.shift + 3_600_000;
    for (let n = 1; n <= 3; n += 1) {
      const talking = await lab.until(() => s.attempts.ofCampaign(campaign.id).find((a) => a.connectedAt !== null && a.endedAt === null), 30_000, `call ${n} to reach the agent`, campaign.id);
      const disposition = said[talking.phone as keyof typeof said];
      // While the customer is still on the line, as the console's buttons do.
      recordDisposition(storeOf(s.db), { attemptId: talking.id, disposition, ...(disposition === 'callback-at' ? { callbackAt, ownedBy: '1001' } : {}) }, Date.now() + lab.shift);
      await new Promise((r) => setTimeout(r, 500));
      await lab.hangUpCustomer(config, talking.channelId!);
      await lab.until(() => s.attempts.get(talking.id)!.endedAt !== null || null, 10_000, `call ${n} to end`, campaign.id);
    }
    const leadOf = (phone: string) => s.leads.byPhone(campaign.id, phone)!;
    expect(leadOf('+8613900000000')).toMatchObject({ state: 'callback-scheduled', dueAt: callbackAt, callbackAt, callbackAgent: '1001', lastOutcome: 'callback-at' });
    expect(leadOf('+8613910010000')).toMatchObject({ state: 'done-failed', lastOutcome: 'not-interested' });
    expect(leadOf('+8613910020000')).toMatchObject({ state: 'wrong-party', lastOutcome: 'wrong-party' });
    for (const a of s.attempts.ofCampaign(campaign.id)) expect(a).toMatchObject({ disposition: said[a.phone as keyof typeof said], agentId: '1001' });
    // At its time the callback is dialed, for its agent.
    lab.shift += 3_600_000;
    const callback = await lab.until(() => s.attempts.ofLead(leadOf('+8613900000000').id).find((a) => a.attemptNo === 2 && a.connectedAt !== null), 30_000, 'the callback to reach its agent', campaign.id);
    expect(callback).toMatchObject({ reason: 'callback', agentId: '1001' });
    // The customer ends the callback too (the lab carrier never hangs up an answered call), so no call outlives the test.
    await lab.hangUpCustomer(config, callback.channelId!);
    await lab.until(() => s.attempts.get(callback.id)!.endedAt !== null || null, 10_000, 'the callback to end', campaign.id);
  });

  /**
   * Dials one person (00) with agent 1001's phone set up by the caller, and checks what an abandon must be: the
   * lead waits for its retry, the attempt never connected, and hotline hung up after the message played to its end.
   */
  async function abandonOnce(s: Service, name: string, over: CampaignSettingsInput = {}): Promise<void> {
    const campaign = createCampaign(storeOf(s.db), name, testSettings({ mode: 'progressive', skillGroup: 'general', amd: false, ...over }), Date.now());
    const id = s.leads.insert({ campaignId: campaign.id, phone: '+8613900000000', now: Date.now() });
    changeCampaign(storeOf(s.db), campaign.id, 'start', Date.now());
    const lead = await lab.until(() => {
      const l = s.leads.get(id)!;
      return l.attempts === 1 && l.state !== 'dialing' ? l : null;
    }, 30_000, 'the abandoned call to end', campaign.id);
    expect(lead).toMatchObject({ state: 'retry-wait', lastOutcome: 'abandoned' });
    const [a] = s.attempts.ofLead(id);
    expect(a!.connectedAt).toBeNull();
    const row = s.repo.get(a!.channelId!)!;
    expect(row.hangupBy).toBe('hotline');
    expect(row.endedAt! - row.answeredAt!).toBeGreaterThan(2000 + 1500);
  }

  it('abandons a live answer no agent takes within 2 s: the identification message, then a retry', async () => {
    const { config, service: s } = await lab.start((c) => {
      c.acd.agents = [{ id: '1001', name: 'A', skills: { general: 5 } }];
    });
    // The agent's phone refuses the call: the agent is paused for missing it and nobody else is there.
    lab.phones = await startAgentPhones(config, { answer: { kind: 'reject', status: 486 }, talk: { kind: 'far-end' } }, { ids: ['1001'] });
    await abandonOnce(s, 'abandon');
    expect(s.acd.agentList()[0]!.state).toBe('paused');
  });

  it('calls off an agent phone still ringing at 2 s: the call is abandoned with the message, the agent is not blamed', async () => {
    const { config, service: s } = await lab.start((c) => {
      c.acd.agents = [{ id: '1001', name: 'A', skills: { general: 5 } }];
    });
    // The agent would pick up after 4 s: too late for a live answer, which must reach someone within 2 s.
    lab.phones = await startAgentPhones(config, { answer: { kind: 'after', ms: 4000 }, talk: { kind: 'far-end' } }, { ids: ['1001'] });
    // Its retry waits an hour: the phone must see this one call only.
    const retry = { default: { delayS: 3600, maxPerDay: 2, maxTotal: 3 }, byOutcome: {} };
    await abandonOnce(s, 'late agent', { retry });
    // The phone rang and was cancelled (487), never answered; the agent is still ready for the next call.
    const rung = await waitFor(() => {
      const c = lab.phones[0]!.calls();
      return c.length === 1 && c[0]!.status !== undefined ? c : null;
    }, 5000, 'the agent phone to see the CANCEL');
    expect(rung[0]).toMatchObject({ status: 487 });
    expect(rung[0]!.answeredAt).toBeUndefined();
    expect(s.acd.agentList()[0]!.state).toBe('ready');
  });
});
