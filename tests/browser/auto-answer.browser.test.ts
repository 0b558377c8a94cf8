/**
 * Issue 13, auto-answer, in headless Chromium with the SIP side faked at the browser phone's WebSocket (no Asterisk):
 * with the agent's auto-answer setting on, an INVITE that hotline marks as a dialer call (X-Hotline-Call: dialer, as
 * src/acd/agent-call.ts adds on the agent leg of an outbound call) is answered by the phone itself, 200 OK with no
 * click, and the call is up; an inbound call still rings for the agent to answer. A monitor call (the supervisor's
 * own) is answered whatever the setting. The lab file tests/lab/browser-phone.lab.test.ts shows it on Asterisk.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeSipServer } from './fake-sip.js';
import { launchChromium, openAs, screenshot, startConsoleService, type ConsoleService } from './support.js';

describe('auto-answer in the browser phone', () => {
  let s: ConsoleService;
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  let page: Page;
  const sip = new FakeSipServer();

  beforeAll(async () => {
    s = await startConsoleService({ agents: 1 });
    browser = await launchChromium({ args: ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'] });
    page = await openAs(browser.context, s.url, s.tokens.agent, 'en', 'agent');
    await sip.attach(page, s.config.phone.browser.wsUrl);
    await page.getByTestId('phone').waitFor({ timeout: 10_000 });
    await page.locator('input[name=autoAnswer]').check();
    await page.locator('select[name=phoneKind]').selectOption('browser');
    await page.locator('[data-testid=phone-conn][data-conn=registered]').waitFor({ timeout: 15_000 });
  });
  afterAll(async () => {
    await page?.close();
    await browser?.close();
    await s?.close();
  });

  it('an inbound call rings for the agent even with auto-answer on', async () => {
    const callId = sip.invite('web1001', '13800138000');
    await page.getByTestId('phone-ringing').waitFor({ timeout: 5000 });
    await sleep(1000);
    // Still ringing a second later: no 200 OK went out.
    expect(sip.answersTo(callId)).not.toContain('200');
    await page.locator('[data-action=reject]').click();
    await expect.poll(() => sip.answersTo(callId).some((c) => Number(c) >= 400), { timeout: 5000 }).toBe(true);
    await page.getByTestId('phone-ringing').waitFor({ state: 'detached', timeout: 5000 });
  });

  it('a call the dialer connects is answered by the phone itself: 200 OK with no click, and the call is up', async () => {
    const callId = sip.invite('web1001', '4008001234', 'dialer');
    await expect.poll(() => sip.answersTo(callId), { timeout: 10_000 }).toContain('200');
    await page.locator('[data-testid=phone-call][data-call=talking]').waitFor({ timeout: 5000 });
    await screenshot(page, 'browser-phone-auto-answered');
    await page.locator('[data-action=hangup]').click();
    await expect.poll(() => sip.received.some((m) => m.first.startsWith('BYE ') && m.headers.get('call-id') === callId), { timeout: 5000 }).toBe(true);
    await page.getByTestId('phone-call').waitFor({ state: 'detached', timeout: 5000 });
  });

  it('with auto-answer off the dialer call rings, and a monitor call is answered all the same', async () => {
    await page.locator('input[name=autoAnswer]').uncheck();
    const dialer = sip.invite('web1001', '4008001234', 'dialer');
    await page.getByTestId('phone-ringing').waitFor({ timeout: 5000 });
    await sleep(1000);
    expect(sip.answersTo(dialer)).not.toContain('200');
    await page.locator('[data-action=reject]').click();
    await page.getByTestId('phone-ringing').waitFor({ state: 'detached', timeout: 5000 });
    const monitor = sip.invite('web1001', 'monitor', 'monitor');
    await expect.poll(() => sip.answersTo(monitor), { timeout: 10_000 }).toContain('200');
    await page.locator('[data-testid=phone-call][data-call=talking]').waitFor({ timeout: 5000 });
    await page.locator('[data-action=hangup]').click();
  });
});
