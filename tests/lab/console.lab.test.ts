/**
 * The console's three flows with real lab calls (Asterisk, the SIPp carrier, SIPp agent phones), in headless Chromium:
 * a manager uploads a list, starts the campaign and watches its progress move; an agent receives a call on their lab
 * phone, dispositions it as a callback at a time and sees it in their callbacks; a supervisor's wallboard follows the
 * calls and agents. Screenshots go to test-artifacts/screenshots/lab-*.png.
 */
import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/config/load.js';
import { buildHttp } from '../../src/http/app.js';
import { startAgentPhones, type AgentPhone } from '../../src/lab/sipp-agents.js';
import { carrierOptions, startCarrier, type Carrier } from '../../src/lab/sipp-carrier.js';
import type { Service } from '../../src/service/service.js';
import { TokensRepo } from '../../src/store/tokens-repo.js';
import { launchChromium, openAs, screenshot } from '../browser/support.js';
import { freePort, labConfig, startLabService, waitFor } from './support.js';

const allDay = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [{ from: '00:00', to: '24:00' }]]));

describe('the web console on the lab', () => {
  let service: Service | undefined;
  let http: ReturnType<typeof buildHttp> | undefined;
  let carrier: Carrier | undefined;
  let phones: AgentPhone[] = [];
  let browser: { context: BrowserContext; close: () => Promise<void> } | undefined;

  afterEach(async () => {
    await browser?.close();
    await Promise.all(phones.map((p) => p.stop()));
    phones = [];
    await http?.close();
    await service?.stop();
    await carrier?.stop();
  });

  it('a manager starts a list and watches it move, an agent dispositions a lab call as a callback, a supervisor watches the floor', async () => {
    const port = await freePort();
    const config = labConfig((c) => {
      c.service.port = port;
      c.ivr.dir = join(projectRoot, 'config/ivr');
      c.prompts.dir = join(c.lab.dir, 'prompts');
      c.dialer.tickMs = 100;
      c.api.live.intervalMs = 250;
      c.acd.agents = [{ id: '1001', name: '座席1001', skills: { general: 5 } }];
      // Long enough after each call for the agent to pick a result before the next call comes.
      for (const g of c.acd.groups) g.wrapUpS = 20;
    });
    carrier = await startCarrier(carrierOptions(config));
    ({ service } = await startLabService(config));
    const s = service;
    await s.promptsReady();
    http = buildHttp(s);
    await http.listen({ host: '127.0.0.1', port });
    const url = `http://127.0.0.1:${port}`;
    // The agent's phone answers after 1 s and talks 8 s, so the call is on the agent's screen for a while.
    phones = await startAgentPhones(config, { answer: { kind: 'after', ms: 1000 }, talk: { kind: 'hangup-after', ms: 8000 } }, { ids: ['1001'] });
    const tokens = new TokensRepo(s.db);
    const mint = (role: 'manager' | 'supervisor' | 'agent', name: string, agentId?: string) => tokens.create({ name, role, ...(agentId ? { agentId } : {}) }, Date.now()).token;
    const manager = mint('manager', 'wang-manager');
    const supervisor = mint('supervisor', 'li-supervisor');
    const agent = mint('agent', 'agent-1001', '1001');

    browser = await launchChromium();
    const { context } = browser;
    const m = await openAs(context, url, manager, 'zh', 'campaigns');
    const board = await openAs(context, url, supervisor, 'zh', 'wallboard');
    const a = await openAs(context, url, agent, 'zh', 'agent');
    await a.getByTestId('agent-state').waitFor();
    await board.getByTestId('wallboard').waitFor();

    // The manager makes the campaign in the form (progressive, every hour open, no AMD so answers connect at once).
    await m.locator('[data-action=new]').click();
    const form = m.getByTestId('campaign-form');
    await form.locator('input[name=name]').fill('实验室回访');
    await form.locator('select[name=mode]').selectOption('progressive');
    for (const d of Object.keys(allDay)) await form.locator(`input[name="windows.${d}"]`).fill('00:00-24:00');
    await form.locator('input[name=quietHours]').fill('');
    await form.locator('input[name=ringTimeoutS]').fill('15');
    await form.locator('input[name=amd]').uncheck();
    await form.locator('textarea[name=script]').fill('您好，这里是400热线回访。');
    await form.getByRole('button', { name: '保存' }).click();
    const row = m.locator('tr[data-campaign="实验室回访"]');
    await row.waitFor();

    // The list: two people who answer (00), a busy number (03), and a number that is not one.
    await row.locator('[data-action=upload]').click();
    const csv = ['姓名,手机,工单号', '陈先生,13900000000,WO-1', '李女士,+86 139 1000 0000,WO-2', '忙线,13900000003,WO-3', '错号,12345,WO-4'].join('\n');
    await m.locator('input[type=file]').setInputFiles({ name: '名单.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await m.getByRole('button', { name: '上传并导入' }).click();
    const report = m.getByTestId('import-report');
    await report.waitFor();
    expect(await report.locator('[data-count=imported] dd').textContent()).toBe('3');
    expect(await report.locator('[data-testid=invalid-rows] tbody tr').count()).toBe(1);
    await screenshot(m, 'lab-upload-report');
    await report.getByRole('button', { name: '外呼活动' }).click();
    await row.locator('[data-action=start]').click();
    const campaign = s.campaigns.list().find((c) => c.name === '实验室回访')!;
    await waitFor(() => s.campaigns.get(campaign.id).state === 'running', 10_000, 'the campaign to run');

    // The agent's phone rings: the call and the customer show on the agent's screen.
    const current = a.getByTestId('current-call');
    await waitFor(async () => /陈先生|李女士/.test((await current.textContent()) ?? ''), 60_000, 'a lab call on the agent console');
    const onScreen = (await current.textContent())!;
    expect(onScreen).toContain('您好，这里是400热线回访。');
    expect(onScreen).toMatch(/WO-[12]/);
    await screenshot(a, 'lab-agent-on-call');

    // The supervisor sees the call and the agent on it; the manager sees dials and a connect.
    await waitFor(async () => (await board.locator('[data-call]').count()) > 0 || (await board.locator('[data-agent="1001"]').textContent())?.includes('话后'), 20_000, 'the wallboard to show the call');
    await waitFor(async () => !(await board.locator('[data-agent="1001"]').textContent())?.includes('就绪'), 20_000, 'agent 1001 off ready on the wallboard');
    await screenshot(board, 'lab-wallboard');
    await waitFor(async () => Number(await row.getByTestId('connects').textContent()) >= 1, 30_000, 'a connect in the campaign list');
    expect(Number(await row.getByTestId('dials').textContent())).toBeGreaterThanOrEqual(1);
    await screenshot(m, 'lab-campaign-progress');

    // The agent agrees a callback at a time; it appears in their callbacks.
    const disp = a.getByTestId('disposition');
    await disp.waitFor({ timeout: 30_000 });
    await disp.locator('textarea[name=notes]').fill('客户下周再谈');
    await disp.locator('input[name=callbackAt]').fill('2031-01-06T10:30');
    await disp.locator('[data-disposition=callback-at]').click();
    // The panel says it is recorded, then goes once the attempt is read again; the call card keeps the result.
    await waitFor(async () => /已记录：(预约回呼|约定时间回呼)/.test((await current.textContent()) ?? ''), 10_000, 'the disposition to be recorded');
    const attempt = s.attempts.ofCampaign(campaign.id).find((x) => x.disposition === 'callback-at')!;
    expect(attempt).toMatchObject({ agentId: '1001', notes: '客户下周再谈' });
    expect(s.leads.get(attempt.leadId)).toMatchObject({ state: 'callback-scheduled', callbackAt: Date.parse('2031-01-06T10:30:00+08:00'), callbackAgent: '1001' });
    const callbacks = a.getByTestId('callbacks');
    await waitFor(async () => (await callbacks.locator(`tr[data-lead="${attempt.leadId}"]`).count()) === 1, 15_000, 'the callback in the agent console');
    expect(await callbacks.textContent()).toContain('2031/01/06 10:30');
    await screenshot(a, 'lab-agent-callback');

    // Progress keeps moving as the other leads are dialed: the busy number and the second person.
    await waitFor(async () => Number(await row.getByTestId('dials').textContent()) >= 3, 90_000, 'three dials in the campaign list');
    await m.locator('[data-action=pause]').first().click();
    await waitFor(() => s.campaigns.get(campaign.id).state === 'paused', 10_000, 'the campaign to pause');
    // The wallboard's calls drain as the lab calls end.
    await waitFor(() => s.dialer.liveCount(campaign.id) === 0, 60_000, 'the calls to end');
    await waitFor(async () => (await board.locator('[data-call]').count()) === 0, 10_000, 'the wallboard to empty');
  }, 300_000);
});
