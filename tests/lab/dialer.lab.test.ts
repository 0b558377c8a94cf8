import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import { afterEach, describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/config/load.js';
import type { Config } from '../../src/config/schema.js';
import { localDay } from '../../src/dialer/calling-window.js';
import { changeCampaign, createCampaign, recordDisposition } from '../../src/dialer/campaign-commands.js';
import type { CampaignSettingsInput } from '../../src/dialer/campaign-settings.js';
import { importLeads } from '../../src/dialer/import/import-leads.js';
import { previewDial, previewNext } from '../../src/dialer/preview.js';
import { buildHttp } from '../../src/http/app.js';
import { labCli } from '../../src/lab/lab.js';
import { startAgentPhones, type AgentPhone } from '../../src/lab/sipp-agents.js';
import { carrierOptions, startCarrier, type Carrier } from '../../src/lab/sipp-carrier.js';
import type { Service } from '../../src/service/service.js';
import { freePort, labConfig, startLabService, waitFor } from './support.js';
import { storeOf } from '../../src/store/store.js';

const day = 86_400_000;

// Compressed for the test: a retry 2 s later, two dials a day, three in all; every hour of every day is open.
const allDay = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [{ from: '00:00', to: '24:00' }]]));
const fast = { delayS: 2, maxPerDay: 2, maxTotal: 3 };
const testSettings = (over: CampaignSettingsInput): CampaignSettingsInput => ({
  windows: allDay,
  quietHours: [],
  ringTimeoutS: 15,
  retry: { default: fast, byOutcome: { 'network-failure': { ...fast, flag: true } } },
  maxLines: 20,
  maxCallsPerSecond: 20,
  ...over,
});

describe('the outbound dialer on the lab', () => {
  let service: Service | undefined;
  let http: ReturnType<typeof buildHttp> | undefined;
  let carrier: Carrier | undefined;
  let phones: AgentPhone[] = [];
  // The time campaign schedules see: the test moves it a day ahead to pass the daily cap.
  let shift = 0;
  let serviceLogs: () => string = () => '';

  afterEach(async (ctx) => {
    if (process.env.HOTLINE_TEST_LOGS) writeFileSync(`${process.env.HOTLINE_TEST_LOGS}-${ctx.task.name.slice(0, 20).replace(/\W/g, '_')}.log`, serviceLogs());
    await Promise.all(phones.map((p) => p.stop()));
    phones = [];
    await http?.close();
    await service?.stop();
    await carrier?.stop();
    shift = 0;
  });

  async function start(setup: (c: Config) => void = () => undefined): Promise<{ config: Config; service: Service }> {
    const port = await freePort();
    const config = labConfig((c) => {
      c.service.port = port;
      c.ivr.dir = join(projectRoot, 'config/ivr');
      c.prompts.dir = join(c.lab.dir, 'prompts');
      c.dialer.tickMs = 100;
      setup(c);
    });
    carrier = await startCarrier(carrierOptions(config));
    let logs: () => string;
    ({ service, logs } = await startLabService(config, { dialerNow: () => Date.now() + shift }));
    if (process.env.HOTLINE_TEST_LOGS) process.on('beforeExit', () => writeFileSync(`${process.env.HOTLINE_TEST_LOGS}-${port}.log`, logs()));
    serviceLogs = logs;
    await service.promptsReady();
    http = buildHttp(service);
    await http.listen({ host: '127.0.0.1', port });
    return { config, service };
  }

  /** waitFor, failing with every lead and attempt of the campaign so a timeout says where things stood. */
  async function until<T>(check: () => T, ms: number, what: string, campaignId: number): Promise<NonNullable<T>> {
    try {
      return await waitFor(check, ms, what);
    } catch (err) {
      const leads = service!.leads.ofCampaign(campaignId).map((l) => `${l.phone} ${l.state} x${l.attempts} ${l.lastOutcome ?? ''}`);
      const attempts = service!.attempts.ofCampaign(campaignId).map((a) => `#${a.id} ${a.phone} ${a.reason} ${a.outcome ?? 'open'} agent=${a.agentId ?? '-'}`);
      throw new Error(`${(err as Error).message}\nleads:\n${leads.join('\n')}\nattempts:\n${attempts.join('\n')}`);
    }
  }

  const invitesTo = (nn: string) => carrier!.calls().filter((c) => c.dialed?.endsWith(`139000000${nn}`)).length;

  it('works every carrier behaviour to its final state through the survey flow, dialing dead numbers once', async () => {
    const { service: s } = await start((c) => {
      c.acd.agents = [];
    });
    const campaign = createCampaign(storeOf(s.db), 'survey-all-behaviours', testSettings({ mode: 'agentless', kind: 'survey', flow: 'survey' }), Date.now());
    // The list as a campaign manager exports it: mixed number formats, Chinese headers.
    const dir = mkdtempSync(join(tmpdir(), 'hotline-list-'));
    const rows = ['姓名,手机,备注', '甲,+86 139 0000 0011,satisfied', '乙,0086-13900000012,unsatisfied', '丙,13900000002,fax'];
    for (const nn of ['03', '04', '05', '06', '07', '08', '09', '10']) rows.push(`客户${nn},139000000${nn},`);
    writeFileSync(join(dir, 'list.csv'), `${rows.join('\n')}\n`);
    const report = await importLeads(storeOf(s.db), { campaign: campaign.id, file: join(dir, 'list.csv'), now: Date.now() });
    expect(report).toMatchObject({ rows: 11, imported: 11, duplicates: 0, dnc: 0, invalidCount: 0 });

    changeCampaign(storeOf(s.db), campaign.id, 'start', Date.now() + shift);
    const settled = (states: string[]) => () => {
      const leads = s.leads.ofCampaign(campaign.id);
      return leads.every((l) => states.includes(l.state)) && s.dialer.liveCount() === 0 ? leads : null;
    };
    // Day one: dead numbers end, the survey is answered, the rest use up today's two dials.
    await until(settled(['retry-wait', 'done-success', 'invalid-number']), 90_000, 'day one to settle', campaign.id);
    const waiting = s.leads.ofCampaign(campaign.id).filter((l) => l.state === 'retry-wait');
    expect(waiting.map((l) => l.attempts)).toEqual(waiting.map(() => 2));
    // The daily cap rolls them into tomorrow's list (the campaign's day, in Shanghai), not 2 s later.
    const today = localDay(Date.now(), 'Asia/Shanghai');
    for (const l of waiting) expect(localDay(l.dueAt, 'Asia/Shanghai') > today).toBe(true);
    shift = day;
    const leads = await until(settled(['done-success', 'done-failed', 'invalid-number']), 60_000, 'every lead to end', campaign.id);

    const byNn = Object.fromEntries(leads.map((l) => [l.phone.slice(-2), l]));
    const expected: Record<string, [state: string, attempts: number, outcome: string]> = {
      '11': ['done-success', 1, 'success'],
      '12': ['done-success', 1, 'success'],
      '02': ['invalid-number', 1, 'fax'],
      '05': ['invalid-number', 1, 'unallocated'],
      '06': ['invalid-number', 1, 'number-changed'],
      '07': ['invalid-number', 1, 'invalid-format'],
      '03': ['done-failed', 3, 'busy'],
      '04': ['done-failed', 3, 'no-answer'],
      '08': ['done-failed', 3, 'network-failure'],
      '09': ['done-failed', 3, 'rejected'],
      '10': ['done-failed', 3, 'short-call'],
    };
    for (const [nn, [state, attempts, outcome]] of Object.entries(expected)) {
      expect([nn, byNn[nn]!.state, byNn[nn]!.attempts, byNn[nn]!.lastOutcome]).toEqual([nn, state, attempts, outcome]);
      // What the phone network saw: one INVITE per attempt, never more.
      const mine = s.attempts.ofCampaign(campaign.id).filter((a) => a.phone.endsWith(`139000000${nn}`));
      const seen = carrier!.calls().filter((c) => c.dialed?.endsWith(`139000000${nn}`));
      expect([nn, invitesTo(nn)], `attempts ${JSON.stringify(mine)}\ncarrier ${JSON.stringify(seen)}`).toEqual([nn, attempts]);
    }
    expect(byNn['08']!.flagged).toBe(true);
    const attempts = s.attempts.ofCampaign(campaign.id);
    expect(attempts.every((a) => a.endedAt !== null && a.outcome !== null && a.causeCode !== null)).toBe(true);
    const survey = (nn: string) => attempts.find((a) => a.phone.endsWith(nn))!;
    expect(survey('11')).toMatchObject({ keys: '1', amdStatus: 'HUMAN' });
    expect(survey('12')).toMatchObject({ keys: '2' });
    expect(survey('11').connectedAt).not.toBeNull();
    // The survey's branch and recording are on the call record, as for any IVR call.
    const row = s.repo.get(survey('11').channelId!)!;
    expect(row.flowName).toBe('survey');
    expect(row.ivrPath.map((p) => p.node)).toEqual(expect.arrayContaining(['rate', 'satisfied', 'thanks_satisfied']));
    expect(s.repo.get(survey('12').channelId!)!.ivrPath.map((p) => p.node)).toContain('unsatisfied');
    s.dialer.checkCampaigns();
    expect(s.campaigns.get(campaign.id).state).toBe('finished');
  });

  it('connects a live answer to a ready agent, and an agent-owned callback reaches its agent before new leads', async () => {
    const { config, service: s } = await start((c) => {
      c.acd.agents = [
        { id: '1001', name: 'A', skills: { general: 5 } },
        { id: '1002', name: 'B', skills: { general: 5 } },
      ];
      for (const g of c.acd.groups) g.wrapUpS = 0;
    });
    phones = await startAgentPhones(config, { answer: { kind: 'after', ms: 200 }, talk: { kind: 'hangup-after', ms: 2500 } }, { ids: ['1001', '1002'] });
    const campaign = createCampaign(storeOf(s.db), 'sales', testSettings({ mode: 'progressive', skillGroup: 'general', amd: false }), Date.now());
    const first = s.leads.insert({ campaignId: campaign.id, phone: '+8613900000000', name: '甲', now: Date.now() });
    changeCampaign(storeOf(s.db), campaign.id, 'start', Date.now() + shift);
    const done = await waitFor(() => {
      const l = s.leads.get(first)!;
      return l.state === 'done-success' ? l : null;
    }, 30_000, 'the first lead to be reached');
    expect(done.attempts).toBe(1);
    const [attempt] = s.attempts.ofLead(first);
    expect(attempt!.outcome).toBe('human');
    expect(attempt!.agentId).toMatch(/^100[12]$/);
    // Within 2 s of the answer (FCC/Ofcom): no abandon.
    expect(attempt!.connectedAt! - attempt!.answeredAt!).toBeLessThan(2000);

    // The agent agrees a call back in an hour, and keeps it for agent 1002.
    changeCampaign(storeOf(s.db), campaign.id, 'pause', Date.now());
    const at = Date.now() + shift + 3_600_000;
    const decided = recordDisposition(storeOf(s.db), { attemptId: attempt!.id, disposition: 'callback-at', callbackAt: at, ownedBy: '1002' }, Date.now() + shift);
    expect(decided).toMatchObject({ state: 'callback-scheduled', dueAt: at });
    const fresh = ['+8613912345678', '+8613987654321'].map((phone) => s.leads.insert({ campaignId: campaign.id, phone, now: Date.now() }));
    changeCampaign(storeOf(s.db), campaign.id, 'resume', Date.now() + shift);
    // Before its time only new leads go out, and the callback waits.
    await until(() => fresh.every((id) => s.leads.get(id)!.state === 'done-success'), 30_000, 'the new leads to be reached', campaign.id);
    expect(s.leads.get(first)!.state).toBe('callback-scheduled');
    await waitFor(() => s.dialer.liveCount() === 0 && s.acd.readyAgents('general').length === 2, 20_000, () => `agents free again (${JSON.stringify(s.acd.agentList().map((a) => [a.id, a.state]))}, live ${s.dialer.liveCount()})`);

    // At its time it goes first, to its own agent.
    changeCampaign(storeOf(s.db), campaign.id, 'pause', Date.now());
    const later = ['+8613911112222', '+8613933334444'].map((phone) => s.leads.insert({ campaignId: campaign.id, phone, now: Date.now() }));
    shift += 3_600_000;
    changeCampaign(storeOf(s.db), campaign.id, 'resume', Date.now() + shift);
    await until(() => s.leads.get(first)!.state === 'done-success' && later.every((id) => s.leads.get(id)!.state === 'done-success'), 40_000, 'the callback and the later leads', campaign.id);
    const callback = s.attempts.ofLead(first)[1]!;
    expect(callback).toMatchObject({ reason: 'callback', agentId: '1002', outcome: 'human' });
    const laterAttempts = later.map((id) => s.attempts.ofLead(id)[0]!);
    for (const a of laterAttempts) expect(a.id).toBeGreaterThan(callback.id);
    expect(phones.find((p) => p.id === '1002')!.calls().length).toBeGreaterThanOrEqual(1);

    // A callback the IVR owes (a caller who gave up in the queue) is dialed by the callbacks campaign.
    // Its campaign has the default hours (09:00-21:00 less lunch, Shanghai): the schedule clock goes to 10:00 tomorrow.
    const tenTomorrow = DateTime.now().setZone('Asia/Shanghai').plus({ days: 1 }).set({ hour: 10, minute: 0, second: 0, millisecond: 0 }).toMillis();
    shift = tenTomorrow - Date.now();
    s.callbacks.create({ number: '13800138000', reason: 'queue-abandon', now: Date.now() });
    const owed = await waitFor(() => {
      const c = s.campaigns.find('ivr-callbacks');
      const lead = c && s.leads.byPhone(c.id, '+8613800138000');
      return lead?.state === 'done-success' ? lead : null;
    }, 30_000, 'the IVR callback to be made');
    expect(s.attempts.ofLead(owed.id)).toEqual([expect.objectContaining({ reason: 'callback', outcome: 'human' })]);
    expect(s.callbacks.pending()).toEqual([]);
  });

  it('preview: the agent reads the lead, dials it, and the call comes to that agent; a lead nobody chose is not dialed', async () => {
    const { config, service: s } = await start((c) => {
      c.acd.agents = [
        { id: '1001', name: 'A', skills: { general: 5 } },
        { id: '1002', name: 'B', skills: { general: 5 } },
      ];
      for (const g of c.acd.groups) g.wrapUpS = 0;
    });
    phones = await startAgentPhones(config, { answer: { kind: 'after', ms: 200 }, talk: { kind: 'hangup-after', ms: 1500 } }, { ids: ['1001', '1002'] });
    const campaign = createCampaign(storeOf(s.db), 'preview', testSettings({ mode: 'preview', skillGroup: 'general', amd: false }), Date.now());
    const first = s.leads.insert({ campaignId: campaign.id, phone: '+8613900000000', name: '甲', now: Date.now() - 1000 });
    const second = s.leads.insert({ campaignId: campaign.id, phone: '+8613912340000', name: '乙', now: Date.now() });
    changeCampaign(storeOf(s.db), campaign.id, 'start', Date.now());
    const lead = previewNext(storeOf(s.db), campaign.id, '1002', Date.now())!;
    expect(lead).toMatchObject({ id: first, name: '甲', state: 'queued' });
    // While the agent reads, nothing is dialed.
    await new Promise((r) => setTimeout(r, 1500));
    expect(s.attempts.ofCampaign(campaign.id)).toEqual([]);
    previewDial(storeOf(s.db), first, '1002', Date.now());
    const done = await until(() => {
      const l = s.leads.get(first)!;
      return l.state === 'done-success' ? l : null;
    }, 30_000, 'the previewed lead to be reached', campaign.id);
    expect(done.attempts).toBe(1);
    expect(s.attempts.ofLead(first)[0]).toMatchObject({ agentId: '1002', outcome: 'human' });
    expect(phones.find((p) => p.id === '1002')!.calls().length).toBe(1);
    expect(phones.find((p) => p.id === '1001')!.calls().length).toBe(0);
    expect(s.leads.get(second)!.state).toBe('new');
  });

  it("keeps the agent's word given during the call once the customer hangs up: a callback at a time with that agent, not interested, wrong party", async () => {
    const { config, service: s } = await start((c) => {
      c.acd.agents = [{ id: '1001', name: 'A', skills: { general: 5 } }];
      for (const g of c.acd.groups) g.wrapUpS = 0;
    });
    // The agent stays on the line: only the customer ends these calls.
    phones = await startAgentPhones(config, { answer: { kind: 'after', ms: 200 }, talk: { kind: 'far-end' } }, { ids: ['1001'] });
    const campaign = createCampaign(storeOf(s.db), 'agent word', testSettings({ mode: 'progressive', skillGroup: 'general', amd: false }), Date.now());
    // Three people (139 1XYZ 0000 answers like 139 0000 0000), one call at a time for the one agent.
    const said = { '+8613900000000': 'callback-at', '+8613910010000': 'not-interested', '+8613910020000': 'wrong-party' } as const;
    for (const phone of Object.keys(said)) s.leads.insert({ campaignId: campaign.id, phone, now: Date.now() });
    changeCampaign(storeOf(s.db), campaign.id, 'start', Date.now());
    const callbackAt = Date.now() + shift + 3_600_000;
    for (let n = 1; n <= 3; n += 1) {
      const talking = await until(() => s.attempts.ofCampaign(campaign.id).find((a) => a.connectedAt !== null && a.endedAt === null), 30_000, `call ${n} to reach the agent`, campaign.id);
      const disposition = said[talking.phone as keyof typeof said];
      // While the customer is still on the line, as the console's buttons do.
      recordDisposition(storeOf(s.db), { attemptId: talking.id, disposition, ...(disposition === 'callback-at' ? { callbackAt, ownedBy: '1001' } : {}) }, Date.now() + shift);
      await new Promise((r) => setTimeout(r, 500));
      await hangUpCustomer(config, talking.channelId!);
      await until(() => s.attempts.get(talking.id)!.endedAt !== null || null, 10_000, `call ${n} to end`, campaign.id);
    }
    const leadOf = (phone: string) => s.leads.byPhone(campaign.id, phone)!;
    expect(leadOf('+8613900000000')).toMatchObject({ state: 'callback-scheduled', dueAt: callbackAt, callbackAt, callbackAgent: '1001', lastOutcome: 'callback-at' });
    expect(leadOf('+8613910010000')).toMatchObject({ state: 'done-failed', lastOutcome: 'not-interested' });
    expect(leadOf('+8613910020000')).toMatchObject({ state: 'wrong-party', lastOutcome: 'wrong-party' });
    for (const a of s.attempts.ofCampaign(campaign.id)) expect(a).toMatchObject({ disposition: said[a.phone as keyof typeof said], agentId: '1001' });
    // At its time the callback is dialed, for its agent.
    shift += 3_600_000;
    const callback = await until(() => s.attempts.ofLead(leadOf('+8613900000000').id).find((a) => a.attemptNo === 2 && a.connectedAt !== null), 30_000, 'the callback to reach its agent', campaign.id);
    expect(callback).toMatchObject({ reason: 'callback', agentId: '1001' });
    // The customer ends the callback too (the lab carrier never hangs up an answered call), so no call outlives the test.
    await hangUpCustomer(config, callback.channelId!);
    await until(() => s.attempts.get(callback.id)!.endedAt !== null || null, 10_000, 'the callback to end', campaign.id);
  });

  /** The customer hangs up: Asterisk ends their leg (the far end of the carrier trunk) as a normal clearing. */
  async function hangUpCustomer(config: Config, channelId: string): Promise<void> {
    const concise = await labCli(config, 'core show channels concise');
    // The leg's own line (its uniqueid field), not the hearing's snoop or media channels named after it.
    const name = concise.split('\n').find((l) => l.split('!').includes(channelId))?.split('!')[0];
    expect(name, concise).toBeTruthy();
    await labCli(config, `channel request hangup ${name}`);
  }

  /**
   * Dials one person (00) with agent 1001's phone set up by the caller, and checks what an abandon must be: the
   * lead waits for its retry, the attempt never connected, and hotline hung up after the message played to its end.
   */
  async function abandonOnce(s: Service, name: string, over: CampaignSettingsInput = {}): Promise<void> {
    const campaign = createCampaign(storeOf(s.db), name, testSettings({ mode: 'progressive', skillGroup: 'general', amd: false, ...over }), Date.now());
    const id = s.leads.insert({ campaignId: campaign.id, phone: '+8613900000000', now: Date.now() });
    changeCampaign(storeOf(s.db), campaign.id, 'start', Date.now());
    const lead = await until(() => {
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
    const { config, service: s } = await start((c) => {
      c.acd.agents = [{ id: '1001', name: 'A', skills: { general: 5 } }];
    });
    // The agent's phone refuses the call: the agent is paused for missing it and nobody else is there.
    phones = await startAgentPhones(config, { answer: { kind: 'reject', status: 486 }, talk: { kind: 'far-end' } }, { ids: ['1001'] });
    await abandonOnce(s, 'abandon');
    expect(s.acd.agentList()[0]!.state).toBe('paused');
  });

  it('calls off an agent phone still ringing at 2 s: the call is abandoned with the message, the agent is not blamed', async () => {
    const { config, service: s } = await start((c) => {
      c.acd.agents = [{ id: '1001', name: 'A', skills: { general: 5 } }];
    });
    // The agent would pick up after 4 s: too late for a live answer, which must reach someone within 2 s.
    phones = await startAgentPhones(config, { answer: { kind: 'after', ms: 4000 }, talk: { kind: 'far-end' } }, { ids: ['1001'] });
    // Its retry waits an hour: the phone must see this one call only.
    const retry = { default: { delayS: 3600, maxPerDay: 2, maxTotal: 3 }, byOutcome: {} };
    await abandonOnce(s, 'late agent', { retry });
    // The phone rang and was cancelled (487), never answered; the agent is still ready for the next call.
    const rung = await waitFor(() => {
      const c = phones[0]!.calls();
      return c.length === 1 && c[0]!.status !== undefined ? c : null;
    }, 5000, 'the agent phone to see the CANCEL');
    expect(rung[0]).toMatchObject({ status: 487 });
    expect(rung[0]!.answeredAt).toBeUndefined();
    expect(s.acd.agentList()[0]!.state).toBe('ready');
  });
});
