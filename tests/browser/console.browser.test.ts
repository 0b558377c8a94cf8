/**
 * The web console in headless Chromium against the real HTTP app (telephony stubbed): token login, every page in
 * Chinese and English, a manager's list upload and campaign start, the wallboard following the live hub, an agent's
 * ready/pause and a callback-at disposition, and what a role may not do. A screenshot of each page is kept in
 * test-artifacts/screenshots/.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log/logger.js';
import { launchChromium, openAs, screenshot, startConsoleService, type ConsoleService } from './support.js';

const headings = {
  campaigns: ['外呼活动', 'Campaigns'],
  wallboard: ['监控大屏', 'Wallboard'],
  reports: ['报表', 'Reports'],
  flows: ['IVR流程', 'IVR flows'],
  agent: ['座席工作台', 'Agent console'],
  qa: ['质检', 'QA'],
  announcements: ['运营商提示音', 'Announcements'],
} as const;

const flowText = (greeting: string) =>
  `name: demo\nentryNumbers: ['4008009999']\nstart: hello\nnodes:\n  hello:\n    type: prompt\n    prompt: '${greeting}'\n    next: menu\n  menu:\n    type: menu\n    prompt: '请按1'\n    options:\n      '1': bye\n    onExhausted: bye\n  bye:\n    type: hangup\n`;

describe('web console in Chromium', () => {
  let s: ConsoleService;
  let browser: { context: BrowserContext; close: () => Promise<void> };
  const pages: Page[] = [];
  const open = async (role: keyof ConsoleService['tokens'], lang: 'zh' | 'en', page: string) => {
    const p = await openAs(browser.context, s.url, s.tokens[role], lang, page);
    pages.push(p);
    return p;
  };

  beforeAll(async () => {
    s = await startConsoleService({ agents: 4 });
    browser = await launchChromium();
    // Something to draw on each page: a flow with a version, a campaign with a script, a finished call.
    writeFileSync(join(s.config.ivr.dir, 'demo.yaml'), flowText('您好'));
    s.service.flows.loadAll();
    s.service.campaigns.create('回访-三月', { script: '您好，我是400热线的回访专员。' }, Date.now());
    s.service.repo.insert({ channelId: 'done-1', direction: 'inbound', startedAt: Date.now() - 300_000, callerNumber: '13900000077', calledNumber: '4008001234', answeredAt: Date.now() - 299_000, endedAt: Date.now() - 200_000, agentId: '1002', endedIn: 'agent', queueGroup: 'general', queueWaitMs: 4000, talkMs: 90_000, holdMs: 0, acwMs: 5000, ivrPath: [{ node: 'hello', at: Date.now() - 299_000 }] });
    s.service.repo.flush();
  });
  afterAll(async () => {
    for (const p of pages) await p.close().catch(() => undefined);
    await browser?.close();
    await s?.close();
  });

  it('logs in with a token, refuses a bad one, and logs out', async () => {
    const p = await browser.context.newPage();
    pages.push(p);
    await p.goto(`${s.url}/console/`);
    await p.getByRole('heading', { name: '登录控制台' }).waitFor();
    await screenshot(p, 'login-zh');
    await p.locator('input[name=token]').fill('hl_not-a-real-token');
    await p.getByRole('button', { name: '登录' }).click();
    await expect.poll(() => p.getByRole('alert').textContent()).toContain('令牌无效');
    await p.locator('input[name=token]').fill(s.tokens.manager);
    await p.getByRole('button', { name: '登录' }).click();
    await p.getByRole('heading', { name: '外呼活动' }).waitFor();
    expect(await p.getByTestId('who').textContent()).toContain('wang-manager');
    expect(await p.evaluate(() => sessionStorage.getItem('hotline.token'))).toBe(s.tokens.manager);
    // A manager's menu: no agent console, no wallboard hidden (managers watch the floor too).
    expect(await p.locator('header nav a').evaluateAll((as) => as.map((a) => a.getAttribute('data-page')))).toEqual(['campaigns', 'wallboard', 'reports', 'flows', 'qa', 'announcements', 'complaints', 'kb', 'roster']);
    await p.getByRole('button', { name: '退出' }).click();
    await p.getByRole('heading', { name: '登录控制台' }).waitFor();
    expect(await p.evaluate(() => sessionStorage.getItem('hotline.token'))).toBeNull();
  });

  it('renders every page in Chinese and in English, switching language in place', async () => {
    const p = await open('admin', 'zh', 'campaigns');
    for (const [page, [zh, en]] of Object.entries(headings)) {
      await p.goto(`${s.url}/console/#/${page}`);
      await p.evaluate(() => localStorage.setItem('hotline.lang', 'zh'));
      await p.reload();
      await p.getByRole('heading', { name: zh, exact: true }).waitFor();
      await expect.poll(() => p.getByText('加载中…').count(), { timeout: 10_000 }).toBe(0);
      expect(await p.locator('html').getAttribute('lang')).toBe('zh-CN');
      await screenshot(p, `${page}-zh`);
      await p.getByTestId('lang').click();
      await p.getByRole('heading', { name: en, exact: true }).waitFor();
      await expect.poll(() => p.getByText('Loading…').count(), { timeout: 10_000 }).toBe(0);
      expect(await p.locator('html').getAttribute('lang')).toBe('en');
      await screenshot(p, `${page}-en`);
      // No page shows an error on its own data for an admin.
      expect(await p.locator('.notice.error').count(), `${page}: ${await p.locator('.notice.error').allTextContents()}`).toBe(0);
    }
  });

  it('lets a manager create a campaign, upload a list and read the report row by row, then start it', async () => {
    const p = await open('manager', 'zh', 'campaigns');
    await p.locator('[data-action=new]').click();
    const form = p.getByTestId('campaign-form');
    await form.locator('input[name=name]').fill('销售-测试');
    await form.locator('select[name=mode]').selectOption('predictive');
    await form.locator('input[name="windows.sat"]').fill('10:00-16:00');
    await form.locator('input[name="windows.sun"]').fill('');
    await form.locator('input[name=quietHours]').fill('12:00-13:00');
    await form.getByRole('button', { name: '添加规则' }).click();
    await form.locator('input[name="retry.2.delayMin"]').fill('30');
    await form.locator('textarea[name=script]').fill('您好，打扰一分钟。');
    // A window that is not a time range is caught before the request, naming the field.
    await form.locator('input[name="windows.mon"]').fill('9-12');
    await form.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => form.getByRole('alert').textContent()).toContain('windows.mon');
    await form.locator('input[name="windows.mon"]').fill('09:00-12:00, 13:30-20:00');
    await screenshot(p, 'campaign-form-zh');
    await form.getByRole('button', { name: '保存' }).click();
    await p.locator('tr[data-campaign="销售-测试"]').waitFor();
    const saved = s.service.campaigns.list().find((c) => c.name === '销售-测试')!;
    expect(saved.settings).toMatchObject({ mode: 'predictive', script: '您好，打扰一分钟。', quietHours: [{ from: '12:00', to: '13:00' }] });
    expect(saved.settings.windows).toMatchObject({ mon: [{ from: '09:00', to: '12:00' }, { from: '13:30', to: '20:00' }], sat: [{ from: '10:00', to: '16:00' }], sun: [] });
    expect(Object.values(saved.settings.retry.byOutcome).some((r) => r?.delayS === 1800)).toBe(true);

    const row = p.locator('tr[data-campaign="销售-测试"]');
    await row.locator('[data-action=upload]').click();
    const csv = ['姓名,手机,备注', '甲,13800138000,老客户', '乙,12345,', '丙,13800138001,', '丁,13800138000,重复', '戊,abc,'].join('\n');
    await p.locator('input[type=file]').setInputFiles({ name: '客户名单.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await p.getByRole('button', { name: '上传并导入' }).click();
    const report = p.getByTestId('import-report');
    await report.waitFor();
    expect(await report.locator('[data-count=rows] dd').textContent()).toBe('5');
    expect(await report.locator('[data-count=imported] dd').textContent()).toBe('2');
    expect(await report.locator('[data-count=duplicates] dd').textContent()).toBe('1');
    expect(await report.locator('[data-count=invalidCount] dd').textContent()).toBe('2');
    const invalid = await report.locator('[data-testid=invalid-rows] tbody tr').evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('td')].slice(0, 2).map((td) => td.textContent)));
    expect(invalid).toEqual([
      ['3', '12345'],
      ['6', 'abc'],
    ]);
    await screenshot(p, 'campaign-upload-report-zh');
    await report.getByRole('button', { name: '外呼活动' }).click();
    await row.locator('[data-action=start]').click();
    // Started: running inside its calling window, scheduled (armed) outside it; the badge says which.
    await expect.poll(() => s.service.campaigns.get(saved.id).state).not.toBe('draft');
    const started = s.service.campaigns.get(saved.id).state;
    expect(['running', 'scheduled']).toContain(started);
    await expect.poll(() => row.locator('.badge').textContent()).toBe(started === 'running' ? '进行中' : '已排期');
    // Its progress now comes from the live feed: two new leads, nothing dialed yet.
    await expect.poll(() => row.textContent(), { timeout: 10_000 }).toContain('共 2 条');
    expect(await row.getByTestId('dials').textContent()).toBe('0');
    // No live answer yet: no rate, against the limit over the campaign's compliance window.
    expect(await row.getByTestId('abandon').textContent()).toMatch(/^–\s*\/\s*3(\.0)?%\s*30天$/);
    await screenshot(p, 'campaigns-running-zh');
  });

  it('shows a supervisor the live floor, updating as the hub sees changes, numbers masked', async () => {
    const p = await open('supervisor', 'zh', 'wallboard');
    const board = p.getByTestId('wallboard');
    await board.waitFor();
    await expect.poll(() => p.locator('[data-agent="1003"]').textContent()).toContain('就绪');
    const before = Number(await board.getByTestId('tile-calls').locator('.tile-value').textContent());

    const now = Date.now();
    s.service.repo.insert({ channelId: 'live-a', direction: 'inbound', startedAt: now - 5000, callerNumber: '13900000031', calledNumber: '4008001234', answeredAt: now - 4000, ivrPath: [{ node: 'main_menu', at: now - 4000 }] });
    s.service.calls.add({ channelId: 'live-a', direction: 'inbound', startedAt: now - 5000, answeredAt: now - 4000, amd: false, hangupRequested: false, digits: '', path: [], log: createLogger('silent'), cleanup: [] });
    s.service.acd.agentEvent('1003', { type: 'pause', reason: 'lunch' });
    s.queue.push({ callId: 'wait-a', groupId: 'general', priority: 0, queuedAt: now - 42_000, groupSince: now - 42_000, tried: [] });

    const call = p.locator('[data-call="live-a"]');
    await call.waitFor({ timeout: 5000 });
    expect(await call.textContent()).toContain('139****0031');
    expect(await call.textContent()).toContain('main_menu');
    await expect.poll(() => p.locator('[data-agent="1003"]').textContent()).toContain('小休');
    await expect.poll(async () => Number(await board.getByTestId('tile-calls').locator('.tile-value').textContent())).toBe(before + 1);
    expect(await board.getByTestId('tile-waiting').locator('.tile-value').textContent()).toBe('1');
    expect(await p.getByTestId('queues').textContent()).toContain('general');
    await screenshot(p, 'wallboard-live-zh');

    s.service.calls.remove('live-a');
    s.service.acd.agentEvent('1003', { type: 'ready' });
    s.queue.splice(0);
    await call.waitFor({ state: 'detached', timeout: 5000 });
    await expect.poll(() => p.locator('[data-agent="1003"]').textContent()).toContain('就绪');
    expect(await board.getByTestId('tile-waiting').locator('.tile-value').textContent()).toBe('0');
  });

  it('lets an agent pause and get ready, then disposition a call as a callback at a time that shows in their callbacks', async () => {
    const p = await open('agent', 'zh', 'agent');
    const state = p.getByTestId('agent-state');
    await state.waitFor();
    // An agent's menu: their own screen, QA of their own calls, the knowledge base and the roster (issue 16).
    expect(await p.locator('header nav a').evaluateAll((as) => as.map((a) => a.getAttribute('data-page')))).toEqual(['agent', 'qa', 'kb', 'roster']);
    await state.locator('select[name=reason]').selectOption('lunch');
    await state.locator('[data-action=pause]').click();
    await expect.poll(() => state.textContent()).toContain('小休');
    expect(s.service.acd.agentList().find((a) => a.id === '1001')).toMatchObject({ state: 'paused', pauseReason: 'lunch' });
    await state.locator('[data-action=ready]').click();
    await expect.poll(() => state.textContent()).toContain('就绪');
    expect(s.service.acd.agentList().find((a) => a.id === '1001')!.state).toBe('ready');

    // A dialed customer connected to agent 1001: the lead, its attempt and the call as the dialer would leave them.
    const { service } = s;
    const now = Date.now();
    const campaign = service.campaigns.list().find((c) => c.name === '回访-三月')!.id;
    service.campaigns.setState(campaign, 'running', now);
    const leadId = service.leads.insert({ campaignId: campaign, phone: '+8613900000123', name: '陈先生', now });
    service.db.prepare('UPDATE leads SET fields = ? WHERE id = ?').run(JSON.stringify({ 工单号: 'WO-2026-0311', 备注: '上次报修空调' }), leadId);
    const attemptId = Number(
      service.db
        .prepare(
          `INSERT INTO attempts (campaign_id, lead_id, phone, attempt_no, reason, channel_id, queued_at, dialed_at, answered_at, connected_at, outcome, agent_id)
           VALUES (?, ?, '+8613900000123', 1, 'new', 'cust-1', ?, ?, ?, ?, 'human', '1001')`,
        )
        .run(campaign, leadId, now - 20_000, now - 20_000, now - 12_000, now - 11_000).lastInsertRowid,
    );
    service.db.prepare("UPDATE leads SET state = 'dialing' WHERE id = ?").run(leadId);
    service.repo.insert({ channelId: 'cust-1', direction: 'outbound', startedAt: now - 20_000, callerNumber: '4008001234', calledNumber: '+8613900000123', answeredAt: now - 12_000, agentId: '1001', campaignId: campaign, leadId });
    service.repo.flush();
    service.acd.agentEvent('1001', { type: 'offer', callId: 'cust-1' });
    service.acd.agentEvent('1001', { type: 'answer', callId: 'cust-1' });

    const current = p.getByTestId('current-call');
    await expect.poll(() => current.textContent(), { timeout: 10_000 }).toContain('陈先生');
    expect(await current.textContent()).toContain('WO-2026-0311');
    expect(await current.textContent()).toContain('您好，我是400热线的回访专员。');
    expect(await state.textContent()).toContain('通话');
    await screenshot(p, 'agent-on-call-zh');

    // Without a time, callback-at is refused in the page; with one it is recorded for the lead.
    const disp = p.getByTestId('disposition');
    await disp.locator('[data-disposition=callback-at]').click();
    await expect.poll(() => disp.getByRole('alert').textContent()).toContain('请选择回呼时间');
    await disp.locator('textarea[name=notes]').fill('客户周五下午方便');
    await disp.locator('input[name=callbackAt]').fill('2030-03-15T15:30');
    await disp.locator('[data-disposition=callback-at]').click();
    // Recorded: the panel says so, then the call card keeps the result once the attempt is read again (the panel goes).
    await expect.poll(() => current.textContent()).toMatch(/已记录：(预约回呼|约定时间回呼)/);
    const lead = service.leads.get(leadId)!;
    expect(lead).toMatchObject({ state: 'callback-scheduled', callbackAt: Date.parse('2030-03-15T15:30:00+08:00'), callbackAgent: '1001' });
    expect(service.attempts.get(attemptId)).toMatchObject({ disposition: 'callback-at', notes: '客户周五下午方便' });
    const callbacks = p.getByTestId('callbacks');
    await expect.poll(() => callbacks.locator(`tr[data-lead="${leadId}"]`).textContent()).toContain('2030/03/15 15:30');
    expect(await callbacks.textContent()).toContain('陈先生');
    await screenshot(p, 'agent-callback-zh');
    service.acd.agentEvent('1001', { type: 'hangup', callId: 'cust-1', wrapUpS: 0 });
  });

  it('shows flow validation errors on upload, keeps a good version, draws it, and activates one', async () => {
    const p = await open('manager', 'en', 'flows');
    await p.getByTestId('versions').waitFor();
    const upload = p.getByTestId('flow-upload');
    await upload.locator('textarea[name=content]').fill(flowText('hi').replace("'1': bye", "'1': nowhere"));
    await upload.locator('[data-action=validate]').click();
    const errors = upload.getByTestId('flow-errors');
    await errors.waitFor();
    expect(await errors.textContent()).toContain('nodes.menu.options.1');
    await upload.locator('[data-action=upload]').click();
    await expect.poll(() => errors.textContent()).toContain('FLOW_UNKNOWN_TARGET');
    await screenshot(p, 'flows-errors-en');
    expect(s.service.db.prepare("SELECT COUNT(*) FROM flow_versions WHERE name = 'demo' AND content LIKE '%nowhere%'").pluck().get()).toBe(0);

    await upload.locator('textarea[name=content]').fill(flowText('Welcome back'));
    await upload.locator('[data-action=upload]').click();
    await expect.poll(() => upload.locator('.notice.ok').textContent()).toContain('Uploaded version');
    const versions = p.getByTestId('versions');
    await expect.poll(() => versions.locator('tbody tr').count()).toBe(2);
    const diagram = p.getByTestId('flow-diagram');
    expect(await diagram.locator('[data-node]').evaluateAll((ns) => ns.map((n) => n.getAttribute('data-node')))).toEqual(['hello', 'menu', 'bye']);
    await versions.locator('tbody tr:not(:has(.badge)) [data-action=activate]').click();
    await expect.poll(() => versions.locator('tbody tr:first-child').textContent()).toContain('live');
    expect(s.service.flows.forNumber('4008009999')!.flow.flow.nodes.hello).toMatchObject({ prompt: 'Welcome back' });
  });

  it('keeps what a role may not do out of reach, and says so when the API refuses', async () => {
    const viewer = await open('read-only', 'en', 'campaigns');
    await viewer.getByTestId('campaigns').waitFor();
    expect(await viewer.locator('[data-action]').count()).toBe(0);
    await viewer.goto(`${s.url}/console/#/flows`);
    await viewer.getByTestId('versions').waitFor();
    expect(await viewer.getByTestId('flow-upload').count()).toBe(0);
    // A recording a viewer may see listed but not hear: the player shows the role's limit instead of failing.
    s.service.recordingsRepo.insert({ name: 'rec-done-1', channelId: 'done-1', legChannelId: null, bridgeId: null, attemptId: null, campaignId: null, agentId: '1002', direction: 'inbound', mode: 'all', startedBy: null, startedAt: Date.now() - 299_000, path: join(s.config.recordings.dir!, 'rec-done-1.wav') });
    await viewer.goto(`${s.url}/console/#/qa`);
    const row = viewer.locator('tr[data-call="done-1"]');
    await row.waitFor();
    expect(await row.textContent()).toContain('139****0077');
    await row.locator('[data-action=play]').click();
    await expect.poll(() => row.getByTestId('forbidden').textContent()).toBe('Your role may not see this.');
    await screenshot(viewer, 'qa-forbidden-en');
  });
});
