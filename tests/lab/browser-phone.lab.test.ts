/**
 * Issue 13's must-show on the lab: an agent signs in to the console in headless Chromium (a tone file as the fake
 * microphone), turns the browser phone on, and it registers over wss:// with a credential issued at login; a SIPp
 * caller to the 400 hotline presses 1, is queued, and rings the browser; the agent answers and audio flows both ways:
 * the page's WebRTC statistics count audio in and out, and Asterisk counts RTP from the browser's leg and towards the
 * SIPp caller while they are bridged.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { BrowserContext } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { ulawSilence, ulawWithKeysPcap } from '../../src/lab/pcap.js';
import { placeCall, type CallReport } from '../../src/lab/sipp-caller.js';
import { ulawTone, writeToneWav } from '../../src/lab/tone.js';
import { TokensRepo } from '../../src/store/tokens-repo.js';
import { launchChromium, openAs, screenshot } from '../browser/support.js';
import { ServiceLab, serviceConfig } from './service-lab.js';
import { callerTarget, closedRecord, rtpStats, waitFor } from './support.js';

describe('the browser phone on the lab', () => {
  const lab = new ServiceLab();
  let browser: { context: BrowserContext; close: () => Promise<void> } | undefined;
  let dir: string | undefined;

  afterEach(async () => {
    await browser?.close();
    await lab.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('registers with a login credential, rings for a queued caller, answers, and audio flows both ways', async () => {
    const config = await serviceConfig((c) => {
      c.dialer.enabled = false;
      c.acd.agents = [{ id: '1001', name: '座席1001', skills: { general: 5 } }];
    });
    const s = await lab.start(config);
    const url = lab.url;
    const agentToken = new TokensRepo(s.db).create({ name: 'agent-1001', role: 'agent', agentId: '1001' }, Date.now()).token;

    dir = mkdtempSync(join(tmpdir(), 'hotline-phone-'));
    const mic = join(dir, 'mic.wav');
    writeToneWav(mic, 440, 30_000);
    browser = await launchChromium({
      ignoreHTTPSErrors: true,
      args: ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', `--use-file-for-fake-audio-capture=${mic}`, '--autoplay-policy=no-user-gesture-required', '--ignore-certificate-errors'],
    });
    const page = await openAs(browser.context, url, agentToken, 'en', 'agent');
    const pageLog: string[] = [];
    page.on('console', (m) => pageLog.push(m.text()));
    await page.getByTestId('phone').waitFor();
    await page.locator('select[name=phoneKind]').selectOption('browser');
    await page.locator('[data-testid=phone-conn][data-conn=registered]').waitFor({ timeout: 20_000 }).catch((err: unknown) => {
      throw new Error(`the browser phone did not register: ${String(err)}\npage: ${pageLog.slice(-20).join('\n')}`);
    });
    expect(s.phones.kindOf('1001')).toBe('browser');

    // The caller presses 1 (consult) then keeps sending a 1 kHz tone for the rest of the call.
    const media = ulawWithKeysPcap([{ ulaw: ulawSilence(1500) }, { key: '1' }, { ulaw: ulawTone(1000, 60_000) }]);
    const call: Promise<CallReport> = placeCall({ ...callerTarget(config), number: '4008001234', from: '13800138000', mediaPcap: media, hangup: { kind: 'far-end', maxMs: 70_000 } });

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
});
