/**
 * Issue 13's must-show on the lab: an agent signs in to the console in headless Chromium (a tone file as the fake
 * microphone), turns the browser phone on, and it registers over wss:// with a credential issued at login; a SIPp
 * caller to the 400 hotline presses 1, is queued, and rings the browser (auto-answer is on, and an inbound call still
 * rings); the agent answers and audio flows both ways: the page's WebRTC statistics count audio in and out, and
 * Asterisk counts RTP from the browser's leg and towards the SIPp caller while they are bridged. Then a call the
 * dialer connects arrives answered, with no click. One service, carrier and browser phone for the file.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../../src/config/schema.js';
import { changeCampaign, createCampaign } from '../../src/dialer/campaign-commands.js';
import { ulawSilence, ulawWithKeysPcap } from '../../src/lab/pcap.js';
import { carrierOptions, startCarrier, type Carrier } from '../../src/lab/sipp-carrier.js';
import { placeCall, type CallReport } from '../../src/lab/sipp-caller.js';
import { ulawTone, writeToneWav } from '../../src/lab/tone.js';
import type { Service } from '../../src/service/service.js';
import { storeOf } from '../../src/store/store.js';
import { TokensRepo } from '../../src/store/tokens-repo.js';
import { launchChromium, openAs, screenshot } from '../browser/support.js';
import { testSettings } from './dialer-lab.js';
import { ServiceLab, inBusinessHours, serviceConfig } from './service-lab.js';
import { callerTarget, closedRecord, rtpStats, waitFor } from './support.js';

describe('the browser phone on the lab', () => {
  const lab = new ServiceLab();
  let browser: Awaited<ReturnType<typeof launchChromium>> | undefined;
  let carrier: Carrier | undefined;
  let dir: string | undefined;
  let config: Config;
  let s: Service;
  let page: Page;
  const pageLog: string[] = [];

  beforeAll(async () => {
    config = await serviceConfig((c) => {
      c.dialer.tickMs = 100;
      c.acd.agents = [{ id: '1001', name: '座席1001', skills: { general: 5 } }];
      for (const g of c.acd.groups) g.wrapUpS = 0;
    });
    carrier = await startCarrier(carrierOptions(config));
    s = await lab.start(config, { flowNow: inBusinessHours, dialerNow: () => Date.now() });
    const agentToken = new TokensRepo(s.db).create({ name: 'agent-1001', role: 'agent', agentId: '1001' }, Date.now()).token;

    dir = mkdtempSync(join(tmpdir(), 'hotline-phone-'));
    const mic = join(dir, 'mic.wav');
    writeToneWav(mic, 440, 60_000);
    browser = await launchChromium({
      ignoreHTTPSErrors: true,
      args: ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', `--use-file-for-fake-audio-capture=${mic}`, '--autoplay-policy=no-user-gesture-required', '--ignore-certificate-errors'],
    });
    page = await openAs(browser.context, lab.url, agentToken, 'en', 'agent');
    page.on('console', (m) => pageLog.push(m.text()));
    await page.getByTestId('phone').waitFor();
    // The agent's setting: calls the dialer connects arrive answered.
    await page.locator('input[name=autoAnswer]').check();
    await page.locator('select[name=phoneKind]').selectOption('browser');
    await page.locator('[data-testid=phone-conn][data-conn=registered]').waitFor({ timeout: 20_000 }).catch((err: unknown) => {
      throw new Error(`the browser phone did not register: ${String(err)}\npage: ${pageLog.slice(-20).join('\n')}`);
    });
  });

  afterAll(async () => {
    await browser?.close();
    await lab.stop();
    await carrier?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('registers with a login credential, rings for a queued caller, answers, and audio flows both ways', async () => {
    expect(s.phones.kindOf('1001')).toBe('browser');

    // The caller presses 1 (consult) then keeps sending a 1 kHz tone for the rest of the call.
    const media = ulawWithKeysPcap([{ ulaw: ulawSilence(1500) }, { key: '1' }, { ulaw: ulawTone(1000, 60_000) }]);
    const call: Promise<CallReport> = placeCall({ ...callerTarget(config), number: '4008001234', from: '13800138000', mediaPcap: media, hangup: { kind: 'far-end', maxMs: 70_000 } });

    // Auto-answer is on, but an inbound call rings: the agent answers it.
    await page.getByTestId('phone-ringing').waitFor({ timeout: 40_000 });
    await screenshot(page, 'lab-browser-phone-ringing');
    await page.locator('[data-action=answer]').click();
    await page.locator('[data-testid=phone-call][data-call=talking]').waitFor({ timeout: 10_000 });

    const caller = s.repo.recent(5).find((r) => r.direction === 'inbound')!;
    const leg = await waitFor(() => s.repo.recent(5).find((r) => r.direction === 'outbound' && r.answeredAt !== null), 5000, "the agent leg's answer");
    expect(leg.calledNumber).toBe('1001');
    const before = { caller: await rtpStats(config, caller.channelId), leg: await rtpStats(config, leg.channelId) };
    await sleep(3000);
    const after = { caller: await rtpStats(config, caller.channelId), leg: await rtpStats(config, leg.channelId) };
    // 20 ms packets: 3 s of talk is about 150 each way; half of that proves a stream, not a stray packet.
    expect(after.leg.rxcount - before.leg.rxcount, 'RTP from the browser into Asterisk').toBeGreaterThan(75);
    expect(after.caller.txcount - before.caller.txcount, 'RTP from Asterisk to the SIPp caller while bridged').toBeGreaterThan(75);
    expect(after.caller.rxcount - before.caller.rxcount, "the caller's tone into Asterisk").toBeGreaterThan(75);

    const flow = page.getByTestId('phone-audio');
    await flow.waitFor({ timeout: 5000 });
    await waitFor(async () => Number(await flow.getAttribute('data-in')) > 8000 && Number(await flow.getAttribute('data-out')) > 8000, 10_000, 'audio both ways in the page');
    await screenshot(page, 'lab-browser-phone-talking');

    await page.locator('[data-action=hangup]').click();
    const report = await call;
    expect(report.hungUpBy).toBe('far-end');
    const closed = await closedRecord(s, caller.channelId);
    expect(closed).toMatchObject({ endedIn: 'agent', agentId: '1001', queueGroup: 'consult' });
  });

  it('a call the dialer connects arrives answered in the browser phone, with no click', async () => {
    await waitFor(() => s.acd.agentList().find((a) => a.id === '1001' && a.state === 'ready'), 10_000, 'agent 1001 ready again');
    const campaign = createCampaign(storeOf(s.db), 'auto-answer', testSettings({ mode: 'progressive', skillGroup: 'general', amd: false }), Date.now());
    // 139 0000 0000 answers at the lab carrier.
    s.leads.insert({ campaignId: campaign.id, phone: '+8613900000000', now: Date.now() });
    changeCampaign(storeOf(s.db), campaign.id, 'start', Date.now());
    const connected = await waitFor(() => s.attempts.ofCampaign(campaign.id).find((a) => a.connectedAt !== null), 30_000, 'the dialer call to reach agent 1001');
    // One call is all this test needs: nothing more is dialed.
    changeCampaign(storeOf(s.db), campaign.id, 'pause', Date.now());
    expect(connected.agentId).toBe('1001');
    // Nobody clicked answer: the phone answered the dialer's call by itself.
    await page.locator('[data-testid=phone-call][data-call=talking]').waitFor({ timeout: 10_000 });
    const leg = await waitFor(() => s.repo.recent(10).find((r) => r.direction === 'outbound' && r.calledNumber === '1001' && r.answeredAt !== null && r.endedAt === null), 5000, "the dialer's agent leg answered");
    const before = await rtpStats(config, leg.channelId);
    await sleep(1500);
    const after = await rtpStats(config, leg.channelId);
    expect(after.rxcount - before.rxcount, 'RTP from the auto-answered browser into Asterisk').toBeGreaterThan(35);
    await screenshot(page, 'lab-browser-phone-auto-answered');

    await page.locator('[data-action=hangup]').click();
    await waitFor(() => s.attempts.get(connected.id)!.endedAt !== null, 10_000, 'the dialer call to end');
  });
});
