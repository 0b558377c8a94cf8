/**
 * The browser phone's messages in headless Chromium, without Asterisk: a microphone the browser refuses, and a SIP
 * WebSocket that cannot be reached (the socket drops), each say so in plain words; the desk phone stays the default.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { launchChromium, openAs, screenshot, startConsoleService, type ConsoleService } from './support.js';

describe('the browser phone card', () => {
  let s: ConsoleService | undefined;
  let browser: Awaited<ReturnType<typeof launchChromium>> | undefined;
  afterEach(async () => {
    await browser?.close();
    await s?.close();
  });

  it('is off (desk phone) until the agent turns it on, and says when the microphone is refused', async () => {
    s = await startConsoleService({ agents: 1, tune: (c) => (c.phone.browser.wsUrl = 'wss://127.0.0.1:9/ws') });
    browser = await launchChromium();
    await browser.context.clearPermissions();
    const page = await openAs(browser.context, s.url, s.tokens.agent, 'en', 'agent');
    await page.locator('[data-testid=phone-conn][data-conn=off]').waitFor();
    expect(await page.locator('select[name=phoneKind]').inputValue()).toBe('desk');
    await page.locator('select[name=phoneKind]').selectOption('browser');
    const problem = page.locator('[data-testid=phone-problem][data-problem=mic-refused]');
    await problem.waitFor({ timeout: 15_000 });
    expect(await problem.textContent()).toContain('microphone was refused');
    await screenshot(page, 'phone-mic-refused');
  });

  it('says when the connection to the phone server drops', async () => {
    s = await startConsoleService({ agents: 1, tune: (c) => (c.phone.browser.wsUrl = 'wss://127.0.0.1:9/ws') });
    browser = await launchChromium({ args: ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'] });
    const page = await openAs(browser.context, s.url, s.tokens.agent, 'en', 'agent');
    await page.locator('select[name=phoneKind]').selectOption('browser');
    await page.locator('[data-testid=phone-problem][data-problem=socket-lost]').waitFor({ timeout: 15_000 });
    await page.locator('[data-testid=phone-conn][data-conn=disconnected]').waitFor();
    // The credential was issued for the agent even so: calls ring the browser once it reconnects.
    expect(s.service.phones.kindOf('1001')).toBe('browser');
  });
});
