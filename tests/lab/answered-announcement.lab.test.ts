/**
 * Issue 11 item 5 on the lab: a carrier that answers (200 OK, no ring) to play its announcement never reaches an
 * agent, with AMD off and with AMD on; people who answer after ring-back, colour ring-back or a 180 still reach an
 * agent within the 2 s rule (their answer is not held). Agents are SIPp phones that pick up 1 s after they ring.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { changeCampaign, createCampaign } from '../../src/dialer/campaign-commands.js';
import type { CampaignSettingsInput } from '../../src/dialer/campaign-settings.js';
import { earlyMediaNumber, type EarlyMediaScene } from '../../src/lab/early-media-plan.js';
import { startAgentPhones, type AgentPhone } from '../../src/lab/sipp-agents.js';
import { carrierOptions, startCarrier, type Carrier } from '../../src/lab/sipp-carrier.js';
import type { Service } from '../../src/service/service.js';
import { storeOf } from '../../src/store/store.js';
import { ariBridges, labConfig, startLabService, waitFor } from './support.js';

const allDay = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [{ from: '00:00', to: '24:00' }]]));
const answered = (cls: 'vacant' | 'powered-off'): EarlyMediaScene => ({ kind: 'announcement', cls, delivery: 'answered', variant: 'clean' });
const e164 = (scene: EarlyMediaScene, block: number) => `+86${earlyMediaNumber(scene, block)}`;

describe('answered announcements and the agents', () => {
  let carrier: Carrier | undefined;
  let service: Service | undefined;
  let phones: AgentPhone[] = [];

  afterEach(async () => {
    await Promise.all(phones.map((p) => p.stop()));
    phones = [];
    await service?.stop();
    await carrier?.stop();
  });

  it('never hands an answered announcement to an agent (AMD off, then on); people after a ring reach an agent within 2 s', async () => {
    const config = labConfig((c) => {
      c.dialer.tickMs = 100;
      c.prompts.dir = join(c.lab.dir, 'prompts');
      c.acd.agents = ['1001', '1002', '1003', '1004'].map((id) => ({ id, name: `座席${id}`, skills: { general: 5 } }));
    });
    carrier = await startCarrier(carrierOptions(config));
    const started = await startLabService(config);
    service = started.service;
    const s = service;
    await s.promptsReady();
    phones = await startAgentPhones(config, { answer: { kind: 'after', ms: 1000 }, talk: { kind: 'hangup-after', ms: 3000 } });
    const bridgesBefore = await ariBridges(config);

    const pass = async (name: string, amd: boolean, block: number) => {
      const announcements = [e164(answered('powered-off'), block), e164(answered('vacant'), block)];
      const people = [e164({ kind: 'ring-back-then-person' }, block), e164({ kind: 'music-then-person' }, block), `+8613900000000`];
      const settings: CampaignSettingsInput = { mode: 'progressive', amd, windows: allDay, quietHours: [], ringTimeoutS: 20, maxLines: 8, maxCallsPerSecond: 10 };
      const campaign = createCampaign(storeOf(s.db), name, settings, Date.now());
      for (const phone of [...announcements, ...people]) s.leads.insert({ campaignId: campaign.id, phone, now: Date.now() });
      // Every agent ready (the last pass's calls wrapped up), so a person's wait is the hold's and the phone's only.
      await waitFor(() => s.acd.readyAgents('general').length === 4, 30_000, 'every agent to be ready');
      const agentCallsBefore = phones.reduce((n, p) => n + p.calls().length, 0);
      changeCampaign(storeOf(s.db), campaign.id, 'start', Date.now());
      const attemptOf = (phone: string) => s.attempts.ofCampaign(campaign.id).find((a) => a.phone === phone);
      await waitFor(
        () => [...announcements, ...people].every((p) => attemptOf(p)?.endedAt) && s.dialer.liveCount() === 0,
        90_000,
        () => `every attempt of ${name} to end: ${JSON.stringify(s.attempts.ofCampaign(campaign.id).map((a) => [a.phone, a.outcome]))}`,
      );
      changeCampaign(storeOf(s.db), campaign.id, 'pause', Date.now());
      const report: string[] = [];
      const checks: Array<() => void> = [];
      for (const phone of announcements) {
        const a = attemptOf(phone)!;
        report.push(`${name} ${phone}: ${a.outcome}, sip ${a.sipCode}, amd ${a.amdStatus ?? '-'}, ended ${(a.endedAt! - a.answeredAt!) / 1000} s after the answer`);
        // Cancelled by hotline on hearing it; never connected, never an agent's, never abandoned or a machine.
        expect([phone, a.outcome, a.connectedAt, a.agentId, a.sipCode]).toEqual([phone, 'announcement', null, null, 200]);
      }
      for (const phone of people) {
        const a = attemptOf(phone)!;
        const waitedMs = a.connectedAt === null || a.answeredAt === null ? NaN : a.connectedAt - a.answeredAt;
        report.push(`${name} ${phone}: ${a.outcome}, agent ${a.agentId}, connected ${waitedMs} ms after the answer, amd ${a.amdStatus ?? '-'}`);
        checks.push(() => {
          expect([phone, a.connectedAt !== null, a.agentId !== null, a.outcome === 'abandoned']).toEqual([phone, true, true, false]);
          // AMD off: the 2 s rule counts from the answer, and an answer after a ring is not held.
          if (!amd) expect([phone, waitedMs < 2000]).toEqual([phone, true]);
        });
      }
      console.log(report.join('\n'));
      const why = /"msg":"(hanging up|answer classified|suspect answer held for the hearing|suspect answer heard|announcement heard; leg cancelled|no agent in time: abandoned|call ended)"/;
      console.log(started.logs().split('\n').filter((l) => why.test(l) && l.includes(`"campaignId":${campaign.id}`)).join('\n'));
      for (const c of checks) c();
      // The agents' phones rang for the people only.
      expect(phones.reduce((n, p) => n + p.calls().length, 0) - agentCallsBefore).toBe(people.length);
      return { campaign };
    };

    await pass('AMD off', false, 5);
    const held = () => started.logs().split('\n').filter((l) => l.includes('"suspect answer held for the hearing"')).length;
    // Both announcements were held (no ring before their answer); none of the people were.
    expect(held()).toBe(2);
    await pass('AMD on', true, 6);

    await waitFor(async () => (await ariBridges(config)) === bridgesBefore, 5000, 'the hearing bridges to go');
    await waitFor(async () => (await s.port.appChannels()).length === 0, 5000, 'every channel to leave the app');
  });

  it('the test call (API and CLI) reports an announced number as an announcement; a person is still greeted', async () => {
    const config = labConfig();
    carrier = await startCarrier(carrierOptions(config));
    ({ service } = await startLabService(config));
    const s = service;
    const plan: Array<[string, boolean, string]> = [
      [earlyMediaNumber({ kind: 'announcement', cls: 'vacant', delivery: 'then-480', variant: 'clean' }, 7), false, 'announcement'],
      [earlyMediaNumber(answered('powered-off'), 7), false, 'announcement'],
      [earlyMediaNumber(answered('vacant'), 7), true, 'announcement'],
      [earlyMediaNumber({ kind: 'ring-back-then-person' }, 7), false, 'human'],
    ];
    const ids = await Promise.all(plan.map(([number, amd]) => s.originate(number, { amd })));
    const rows = await waitFor(() => (ids.every((id) => s.repo.get(id)?.endedAt) ? ids.map((id) => s.repo.get(id)!) : null), 40_000, 'every test call to end');
    console.log(rows.map((r) => `test call ${r.calledNumber}: ${r.outcome}, hung up by ${r.hangupBy}, ${(r.endedAt! - r.startedAt) / 1000} s`).join('\n'));
    expect(rows.map((r) => [r.calledNumber, r.outcome])).toEqual(plan.map(([n, , outcome]) => [n, outcome]));
    // Hung up by hotline on hearing the announcement, before the carrier's own end (480 after 10-18 s, or its BYE).
    for (const r of rows.slice(0, 3)) expect([r.calledNumber, r.hangupBy]).toEqual([r.calledNumber, 'hotline']);
    await waitFor(async () => (await s.port.appChannels()).length === 0, 10_000, 'every channel to leave the app');
  });
});
