import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/config/load.js';
import { systemClock } from '../../src/clock.js';
import { buildHttp } from '../../src/http/app.js';
import { Reports } from '../../src/reports/reports.js';
import { changeCampaign, createCampaign } from '../../src/dialer/campaign-commands.js';
import { startAgentPhones, type AgentPhone } from '../../src/lab/sipp-agents.js';
import { carrierOptions, startCarrier, type Carrier } from '../../src/lab/sipp-carrier.js';
import type { Service } from '../../src/service/service.js';
import { freePort, labConfig, printLogsIfFailed, startLabService, waitFor } from './support.js';
import { storeOf } from '../../src/store/store.js';

const allDay = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [{ from: '00:00', to: '24:00' }]]));
// How long the campaign runs: long enough for the model to learn from its own calls and pace ahead of the agents.
const runMs = Number(process.env.HOTLINE_PREDICTIVE_RUN_MS ?? 120_000);

describe('a predictive campaign on the lab', () => {
  let service: Service | undefined;
  let http: ReturnType<typeof buildHttp> | undefined;
  let carrier: Carrier | undefined;
  let phones: AgentPhone[] = [];
  let serviceLogs: () => string = () => '';

  afterEach(async (ctx) => {
    printLogsIfFailed(ctx, serviceLogs);
    if (process.env.HOTLINE_TEST_LOGS) writeFileSync(`${process.env.HOTLINE_TEST_LOGS}-predictive.log`, serviceLogs());
    await Promise.all(phones.map((p) => p.stop()));
    phones = [];
    await http?.close();
    await service?.stop();
    await carrier?.stop();
  });

  it('keeps 5 agents talking, abandons under the limit with the message, and SQLite agrees with what SIPp saw', async () => {
    const ids = ['1001', '1002', '1003', '1004', '1005'];
    const port = await freePort();
    const config = labConfig((c) => {
      c.service.port = port;
      c.ivr.dir = join(projectRoot, 'config/ivr');
      c.prompts.dir = join(c.lab.dir, 'prompts');
      c.dialer.tickMs = 100;
      c.acd.agents = ids.map((id) => ({ id, name: id, skills: { general: 5 } }));
      for (const g of c.acd.groups) g.wrapUpS = 1;
    });
    carrier = await startCarrier(carrierOptions(config));
    let logs: () => string;
    ({ service, logs } = await startLabService(config));
    serviceLogs = logs;
    const s = service;
    await s.promptsReady();
    // Asterisk fetches prompts (the identification message) from the service over HTTP.
    http = buildHttp(s);
    await http.listen({ host: '127.0.0.1', port });
    // Agents answer in 0.3 s and talk 4 s: short calls, so a few minutes hold many pacing cycles.
    phones = await startAgentPhones(config, { answer: { kind: 'after', ms: 300 }, talk: { kind: 'hangup-after', ms: 4000 } }, { ids });

    // The list: half answer (a person), 30% busy, 20% reject, each number distinct (the carrier's load range).
    const behaviours = ['00', '00', '00', '00', '00', '03', '03', '03', '09', '09'];
    const campaign = createCampaign(
      storeOf(s.db),
      'predictive',
      {
        mode: 'predictive',
        skillGroup: 'general',
        amd: false,
        windows: allDay,
        quietHours: [],
        ringTimeoutS: 15,
        maxLines: 15,
        maxCallsPerSecond: 5,
        retry: { default: { delayS: 3600, maxPerDay: 1, maxTotal: 1 }, byOutcome: {} },
        pacing: { abandonLimit: 0.03, abandonTarget: 0.02, complianceWindow: 'since-start', prior: { answerRate: 0.5, talkMeanS: 5, talkCv: 0.3, wrapMeanS: 1 } },
      },
      Date.now(),
    );
    for (let i = 0; i < 600; i++) {
      const xyz = String(i).padStart(3, '0');
      s.leads.insert({ campaignId: campaign.id, phone: `+861391${xyz}00${behaviours[i % behaviours.length]}`, now: Date.now() });
    }
    const startedAt = Date.now();
    changeCampaign(storeOf(s.db), campaign.id, 'start', startedAt);
    await new Promise((r) => setTimeout(r, runMs));
    changeCampaign(storeOf(s.db), campaign.id, 'pause', Date.now());
    await waitFor(() => s.dialer.liveCount(campaign.id) === 0, 30_000, () => `calls to end (${s.dialer.liveCount(campaign.id)} live)`);

    const attempts = s.attempts.ofCampaign(campaign.id);
    const decision = s.dialer.lastPacing(campaign.id);
    expect(decision?.algorithm).toBe('model');
    const connected = attempts.filter((a) => a.connectedAt !== null);
    const abandoned = attempts.filter((a) => a.outcome === 'abandoned');
    const lives = connected.length + abandoned.length;
    // Calls reach agents: about one per agent every 6 s of the run at full occupancy; ask for half of that.
    const byOutcome: Record<string, number> = {};
    for (const a of attempts) byOutcome[a.outcome ?? 'open'] = (byOutcome[a.outcome ?? 'open'] ?? 0) + 1;
    expect(connected.length, `attempts by outcome ${JSON.stringify(byOutcome)}; last pacing ${JSON.stringify(decision)}`).toBeGreaterThan((ids.length * runMs) / 6000 / 2);
    // Within 2 s of the answer, or counted as abandoned.
    for (const a of connected) expect(a.connectedAt! - a.answeredAt!).toBeLessThan(2000);
    const rate = abandoned.length / lives;
    expect(rate, `${abandoned.length} abandoned of ${lives} live answers`).toBeLessThanOrEqual(0.03);
    // Abandoned calls heard the identification message to its end before hotline hung up.
    for (const a of abandoned) {
      const row = s.repo.get(a.channelId!)!;
      const said = () => logs().split('\n').filter((l) => l.includes(a.channelId!)).join('\n');
      expect(row.hangupBy, said()).toBe('hotline');
      expect(row.endedAt! - row.answeredAt!, said()).toBeGreaterThan(2000 + 1500);
    }

    // The phone network's view: one INVITE per attempt, an answer for every answered attempt; the agents' phones took
    // every connected call.
    const net = carrier.calls().filter((c) => /^\+?(86)?1391\d{3}00\d\d$/.test(c.dialed ?? ''));
    const seen = new Set(net.map((c) => c.dialed!.slice(-11)));
    const unseen = attempts.filter((a) => !seen.has(a.phone.slice(-11)));
    expect(net.length, `attempts the carrier never saw: ${JSON.stringify(unseen)}`).toBe(attempts.length);
    expect(net.filter((c) => c.status === 200).length).toBe(attempts.filter((a) => a.answeredAt !== null).length);
    expect(net.filter((c) => c.status === 486).length).toBe(attempts.filter((a) => a.outcome === 'busy').length);
    const picked = phones.flatMap((p) => p.calls().filter((c) => c.answeredAt !== undefined));
    // An agent who picks up just as the 2 s run out is let go at once: that caller was abandoned and hears the message.
    const released = picked.filter((c) => c.hungUpBy !== 'phone');
    for (const c of released) expect(c.endedAt! - c.answeredAt!, JSON.stringify(c)).toBeLessThan(1000);
    const agentCalls = picked.length - released.length;
    expect(agentCalls).toBe(connected.length);

    // The outbound report over the run says what the phone network and the agents' phones saw.
    const reports = new Reports({ store: storeOf(s.db), clock: systemClock, config: config.api.reports, agentIds: () => ids, log: pino({ level: 'silent' }) });
    const kpis = reports.compute({ kind: 'range', label: 'lab', from: startedAt, to: Date.now() + 1000 }).outbound;
    const answeredByNet = net.filter((c) => c.status === 200).length;
    expect(kpis).toMatchObject({ dials: net.length, connects: answeredByNet, abandoned: answeredByNet - agentCalls, deadNumbers: 0 });
    expect(kpis.contactRate).toBeCloseTo(answeredByNet / net.length, 2);
    expect(kpis.abandonRate).toBeCloseTo((answeredByNet - agentCalls) / answeredByNet, 2);
  }, runMs + 120_000);
});

