import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import { afterEach, describe, expect, it } from 'vitest';
import { localDay } from '../../src/dialer/calling-window.js';
import { changeCampaign, createCampaign, recordDisposition } from '../../src/dialer/campaign-commands.js';
import { importLeads } from '../../src/dialer/import/import-leads.js';
import { previewDial, previewNext } from '../../src/dialer/preview.js';
import { startAgentPhones } from '../../src/lab/sipp-agents.js';
import { storeOf } from '../../src/store/store.js';
import { DialerLab, day, testSettings } from './dialer-lab.js';
import { waitFor } from './support.js';

describe('the outbound dialer on the lab', () => {
  const lab = new DialerLab();
  afterEach(async (ctx) => lab.stop(ctx.task.name));

  const invitesTo = (nn: string) => lab.carrier!.calls().filter((c) => c.dialed?.endsWith(`139000000${nn}`)).length;

  it('works every carrier behaviour to its final state through the survey flow, dialing dead numbers once', async () => {
    const { service: s } = await lab.start((c) => {
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

    changeCampaign(storeOf(s.db), campaign.id, 'start', Date.now() + lab.shift);
    const settled = (states: string[]) => () => {
      const leads = s.leads.ofCampaign(campaign.id);
      return leads.every((l) => states.includes(l.state)) && s.dialer.liveCount() === 0 ? leads : null;
    };
    // Day one: dead numbers end, the survey is answered, the rest use up today's two dials.
    await lab.until(settled(['retry-wait', 'done-success', 'invalid-number']), 90_000, 'day one to settle', campaign.id);
    const waiting = s.leads.ofCampaign(campaign.id).filter((l) => l.state === 'retry-wait');
    expect(waiting.map((l) => l.attempts)).toEqual(waiting.map(() => 2));
    // The daily cap rolls them into tomorrow's list (the campaign's day, in Shanghai), not 2 s later.
    const today = localDay(Date.now(), 'Asia/Shanghai');
    for (const l of waiting) expect(localDay(l.dueAt, 'Asia/Shanghai') > today).toBe(true);
    lab.shift = day;
    const leads = await lab.until(settled(['done-success', 'done-failed', 'invalid-number']), 60_000, 'every lead to end', campaign.id);

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
      const seen = lab.carrier!.calls().filter((c) => c.dialed?.endsWith(`139000000${nn}`));
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
    const { config, service: s } = await lab.start((c) => {
      c.acd.agents = [
        { id: '1001', name: 'A', skills: { general: 5 } },
        { id: '1002', name: 'B', skills: { general: 5 } },
      ];
      for (const g of c.acd.groups) g.wrapUpS = 0;
    });
    lab.phones = await startAgentPhones(config, { answer: { kind: 'after', ms: 200 }, talk: { kind: 'hangup-after', ms: 2500 } }, { ids: ['1001', '1002'] });
    const campaign = createCampaign(storeOf(s.db), 'sales', testSettings({ mode: 'progressive', skillGroup: 'general', amd: false }), Date.now());
    const first = s.leads.insert({ campaignId: campaign.id, phone: '+8613900000000', name: '甲', now: Date.now() });
    changeCampaign(storeOf(s.db), campaign.id, 'start', Date.now() + lab.shift);
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
    const at = Date.now() + lab.shift + 3_600_000;
    const decided = recordDisposition(storeOf(s.db), { attemptId: attempt!.id, disposition: 'callback-at', callbackAt: at, ownedBy: '1002' }, Date.now() + lab.shift);
    expect(decided).toMatchObject({ state: 'callback-scheduled', dueAt: at });
    const fresh = ['+8613912345678', '+8613987654321'].map((phone) => s.leads.insert({ campaignId: campaign.id, phone, now: Date.now() }));
    changeCampaign(storeOf(s.db), campaign.id, 'resume', Date.now() + lab.shift);
    // Before its time only new leads go out, and the callback waits.
    await lab.until(() => fresh.every((id) => s.leads.get(id)!.state === 'done-success'), 30_000, 'the new leads to be reached', campaign.id);
    expect(s.leads.get(first)!.state).toBe('callback-scheduled');
    await waitFor(() => s.dialer.liveCount() === 0 && s.acd.readyAgents('general').length === 2, 20_000, () => `agents free again (${JSON.stringify(s.acd.agentList().map((a) => [a.id, a.state]))}, live ${s.dialer.liveCount()})`);

    // At its time it goes first, to its own agent.
    changeCampaign(storeOf(s.db), campaign.id, 'pause', Date.now());
    const later = ['+8613911112222', '+8613933334444'].map((phone) => s.leads.insert({ campaignId: campaign.id, phone, now: Date.now() }));
    lab.shift += 3_600_000;
    changeCampaign(storeOf(s.db), campaign.id, 'resume', Date.now() + lab.shift);
    await lab.until(() => s.leads.get(first)!.state === 'done-success' && later.every((id) => s.leads.get(id)!.state === 'done-success'), 40_000, 'the callback and the later leads', campaign.id);
    const callback = s.attempts.ofLead(first)[1]!;
    expect(callback).toMatchObject({ reason: 'callback', agentId: '1002', outcome: 'human' });
    const laterAttempts = later.map((id) => s.attempts.ofLead(id)[0]!);
    for (const a of laterAttempts) expect(a.id).toBeGreaterThan(callback.id);
    expect(lab.phones.find((p) => p.id === '1002')!.calls().length).toBeGreaterThanOrEqual(1);

    // A callback the IVR owes (a caller who gave up in the queue) is dialed by the callbacks campaign.
    // Its campaign has the default hours (09:00-21:00 less lunch, Shanghai): the schedule clock goes to 10:00 tomorrow.
    const tenTomorrow = DateTime.now().setZone('Asia/Shanghai').plus({ days: 1 }).set({ hour: 10, minute: 0, second: 0, millisecond: 0 }).toMillis();
    lab.shift = tenTomorrow - Date.now();
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
    const { config, service: s } = await lab.start((c) => {
      c.acd.agents = [
        { id: '1001', name: 'A', skills: { general: 5 } },
        { id: '1002', name: 'B', skills: { general: 5 } },
      ];
      for (const g of c.acd.groups) g.wrapUpS = 0;
    });
    lab.phones = await startAgentPhones(config, { answer: { kind: 'after', ms: 200 }, talk: { kind: 'hangup-after', ms: 1500 } }, { ids: ['1001', '1002'] });
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
    const done = await lab.until(() => {
      const l = s.leads.get(first)!;
      return l.state === 'done-success' ? l : null;
    }, 30_000, 'the previewed lead to be reached', campaign.id);
    expect(done.attempts).toBe(1);
    expect(s.attempts.ofLead(first)[0]).toMatchObject({ agentId: '1002', outcome: 'human' });
    expect(lab.phones.find((p) => p.id === '1002')!.calls().length).toBe(1);
    expect(lab.phones.find((p) => p.id === '1001')!.calls().length).toBe(0);
    expect(s.leads.get(second)!.state).toBe('new');
  });

});
