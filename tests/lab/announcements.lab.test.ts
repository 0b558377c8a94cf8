import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/config/load.js';
import { changeCampaign, createCampaign } from '../../src/dialer/campaign-commands.js';
import type { CampaignSettingsInput } from '../../src/dialer/campaign-settings.js';
import { buildHttp } from '../../src/http/app.js';
import { earlyMediaNumber, type EarlyMediaClass, type EarlyMediaScene, type EarlyMediaVariant } from '../../src/lab/early-media-plan.js';
import { carrierOptions, startCarrier, type Carrier } from '../../src/lab/sipp-carrier.js';
import type { Service } from '../../src/service/service.js';
import { storeOf } from '../../src/store/store.js';
import { TokensRepo } from '../../src/store/tokens-repo.js';
import { ariBridges, labConfig, startLabService, waitFor } from './support.js';

const allDay = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [{ from: '00:00', to: '24:00' }]]));
const settings: CampaignSettingsInput = { mode: 'agentless', kind: 'survey', flow: 'survey', amd: true, windows: allDay, quietHours: [], ringTimeoutS: 30, maxLines: 12, maxCallsPerSecond: 10 };
const classes: EarlyMediaClass[] = ['vacant', 'suspended', 'powered-off', 'unreachable', 'busy', 'restricted'];
const said = (cls: EarlyMediaClass, delivery: 'then-480' | 'until-cancelled' | 'answered' = 'then-480', variant: EarlyMediaVariant = 'clean'): EarlyMediaScene => ({ kind: 'announcement', cls, delivery, variant });
const e164 = (scene: EarlyMediaScene, block: number) => `+86${earlyMediaNumber(scene, block)}`;

/** What each label makes of the attempt and the lead (src/announcements/announcement-outcome.ts, retry-decision.ts). */
const expected: Record<EarlyMediaClass, { outcome: string; state: string }> = {
  vacant: { outcome: 'vacant', state: 'invalid-number' },
  suspended: { outcome: 'suspended', state: 'invalid-number' },
  'powered-off': { outcome: 'powered-off', state: 'retry-wait' },
  unreachable: { outcome: 'unreachable', state: 'retry-wait' },
  busy: { outcome: 'busy', state: 'retry-wait' },
  restricted: { outcome: 'restricted', state: 'done-failed' },
};

// Issue 11's must-show, on the lab carrier's early-media numbers (src/lab/early-media-plan.ts): a first pass finds
// every announcement unknown and cancels its leg; a supervisor labels them through the API; a second pass, on new
// numbers and on the variants, gets each label, and leads waiting because of a now-dead number are closed.
describe('carrier announcements on a campaign', () => {
  let carrier: Carrier;
  let service: Service;
  let logs: () => string;
  let http: ReturnType<typeof buildHttp>;
  const config = labConfig((c) => {
    c.ivr.dir = join(projectRoot, 'config/ivr');
    c.prompts.dir = join(c.lab.dir, 'prompts');
    c.dialer.tickMs = 100;
    c.acd.agents = [];
  });

  beforeAll(async () => {
    carrier = await startCarrier(carrierOptions(config));
    ({ service, logs } = await startLabService(config));
    await service.promptsReady();
    http = buildHttp(service);
    await http.ready();
  });

  afterAll(async () => {
    await http?.close();
    await service?.stop();
    await carrier?.stop();
  });

  /** Dials every phone in a new campaign and waits for each attempt to end; people are hung up once in the flow. */
  async function pass(name: string, phones: string[], people: string[] = []) {
    const campaign = createCampaign(storeOf(service.db), name, settings, Date.now());
    for (const phone of [...phones, ...people]) service.leads.insert({ campaignId: campaign.id, phone, now: Date.now() });
    changeCampaign(storeOf(service.db), campaign.id, 'start', Date.now());
    const attemptOf = (phone: string) => service.attempts.ofCampaign(campaign.id).find((a) => a.phone === phone);
    const hungUp = new Set<string>();
    const attempts = await waitFor(
      () => {
        for (const phone of people) {
          const a = attemptOf(phone);
          if (a?.connectedAt && !a.endedAt && !hungUp.has(phone)) {
            hungUp.add(phone);
            void service.port.hangup(a.channelId!).catch(() => undefined);
          }
        }
        const all = [...phones, ...people].map(attemptOf);
        return all.every((a) => a?.endedAt) && service.dialer.liveCount() === 0 ? all.map((a) => a!) : null;
      },
      60_000,
      () => `every attempt of ${name} to end: ${JSON.stringify(service.attempts.ofCampaign(campaign.id).map((a) => [a.phone, a.outcome]))}`,
    );
    return { campaign, attempts: new Map(attempts.map((a) => [a.phone, a])) };
  }

  it('first pass: unknown announcements cancelled within seconds; labelled through the API; second pass: each gets its label and dead numbers end final', async () => {
    const token = new TokensRepo(service.db).create({ name: 'lab-manager', role: 'manager' }, Date.now()).token;
    const api = (method: 'GET' | 'PATCH' | 'POST', url: string, payload?: object) =>
      http.inject({ method, url: `/api/v1${url}`, headers: { authorization: `Bearer ${token}` }, ...(payload ? { payload } : {}) });
    const bridgesBefore = await ariBridges(config);

    // First pass: one number per behaviour.
    const first = Object.fromEntries(classes.map((cls) => [cls, e164(said(cls), 3)])) as Record<EarlyMediaClass, string>;
    const answered = e164(said('powered-off', 'answered'), 3);
    const looping = e164(said('unreachable', 'until-cancelled'), 3);
    const people = [e164({ kind: 'ring-back-then-person' }, 3), e164({ kind: 'music-then-person' }, 3)];
    const one = await pass('first pass', [...Object.values(first), answered, looping], people);
    for (const phone of [...Object.values(first), answered, looping]) {
      const a = one.attempts.get(phone)!;
      expect([phone, a.outcome], JSON.stringify(a)).toEqual([phone, 'announcement']);
      // Hung up by hotline before the carrier's own end: the 183 announcements run 10-18 s before their 480.
      expect([phone, a.sipCode]).toEqual([phone, phone === answered ? 200 : 487]);
      expect([phone, a.connectedAt]).toEqual([phone, null]);
      expect(service.leads.byPhone(one.campaign.id, phone)).toMatchObject({ state: 'retry-wait', lastOutcome: 'announcement' });
    }
    // People reach the flow; hung up before answering its question, the survey calls them a short call, never an announcement.
    for (const phone of people) expect([phone, one.attempts.get(phone)!.connectedAt !== null, one.attempts.get(phone)!.outcome]).toEqual([phone, true, 'short-call']);
    const decided = logs()
      .split('\n')
      .filter((l) => l.includes('"announcement heard; leg cancelled"'))
      .map((l) => (JSON.parse(l) as { afterMs: number }).afterMs);
    console.log(`first pass: announcement decided after ${decided.sort((a, b) => a - b).join(', ')} ms of early media`);
    expect(decided).toHaveLength(8);
    for (const ms of decided) expect(ms).toBeLessThan(12_000);

    // The labelling queue: each announcement with the numbers it was heard on (a manager sees them whole).
    const queue = (await api('GET', '/announcements?status=unknown')).json() as { items: Array<{ id: number; numbers: string[] }> };
    const idOf = (phone: string) => queue.items.find((i) => i.numbers.includes(phone))?.id;
    for (const cls of classes) {
      const res = await api('PATCH', `/announcements/${idOf(first[cls])}`, { label: cls });
      expect([cls, res.statusCode], res.body).toEqual([cls, 200]);
      if (cls === 'vacant' || cls === 'suspended') expect((res.json() as { leadsClosed: number }).leadsClosed).toBe(1);
    }
    // The answered powered-off announcement is the same recording as the 183 one: heard at the same moment it was kept
    // apart (then the supervisor merges it, and it takes the label), or a moment later it matched the one just kept.
    if (idOf(answered) !== idOf(first['powered-off'])) {
      expect((await api('POST', `/announcements/${idOf(answered)}/merge`, { into: idOf(first['powered-off']) })).statusCode).toBe(200);
    }
    expect((await api('PATCH', `/announcements/${idOf(looping)}`, { label: 'unreachable' })).statusCode).toBe(200);
    expect((await api('GET', '/announcements?status=unknown')).json()).toMatchObject({ total: 0 });
    // Leads that waited on a retry because of a vacant or suspended announcement are closed by the label.
    expect(service.leads.byPhone(one.campaign.id, first.vacant)).toMatchObject({ state: 'invalid-number', lastOutcome: 'vacant' });
    expect(service.leads.byPhone(one.campaign.id, first.suspended)).toMatchObject({ state: 'invalid-number', lastOutcome: 'suspended' });

    // Second pass: new numbers for every class, and the variants of two of them.
    const variants: Array<[EarlyMediaClass, EarlyMediaVariant]> = [
      ['vacant', 'minus-12db'],
      ['vacant', 'noise'],
      ['vacant', 'ring-back-lead-in'],
      ['suspended', 'alaw'],
      ['suspended', 'mid-sentence'],
    ];
    const second = new Map<string, EarlyMediaClass>([...classes.map((cls) => [e164(said(cls), 4), cls] as const), ...variants.map(([cls, v]) => [e164(said(cls, 'then-480', v), 4), cls] as const)]);
    const two = await pass('second pass', [...second.keys()]);
    const got = [...second].map(([phone, cls]) => [phone, cls, two.attempts.get(phone)!.outcome, service.leads.byPhone(two.campaign.id, phone)!.state]);
    expect(got).toEqual([...second].map(([phone, cls]) => [phone, cls, expected[cls].outcome, expected[cls].state]));
    // Nothing new for the queue: every leg matched a labelled announcement.
    expect((await api('GET', '/announcements?status=unknown')).json()).toMatchObject({ total: 0 });

    await waitFor(async () => (await ariBridges(config)) === bridgesBefore, 5000, 'the hearing bridges to go');
    await waitFor(async () => (await service.port.appChannels()).length === 0, 5000, 'every channel to leave the app');
    expect(service.port.watchedChannels()).toBe(0);
  });
});
