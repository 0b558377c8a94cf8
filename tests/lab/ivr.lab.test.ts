import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/config/load.js';
import { buildHttp } from '../../src/http/app.js';
import type { FlowActivation } from '../../src/ivr/flow-registry.js';
import { placeCall, type PlaceCallOptions } from '../../src/lab/sipp-caller.js';
import type { Service } from '../../src/service/service.js';
import type { CallRow } from '../../src/store/calls-repo.js';
import { callerTarget, closedRecord, freePort, labConfig, startLabService, waitFor } from './support.js';

// A Tuesday, 10:00 in Shanghai: open. Each test moves the flows' clock where it needs it.
const tuesday10 = Date.parse('2026-11-24T02:00:00Z');
let flowTime = tuesday10;

const steps = (row: CallRow) => row.ivrPath.map((s) => [s.node, s.key, s.note].filter(Boolean).join(':'));

describe('the sample 400 hotline on the lab', () => {
  const flowsDir = mkdtempSync(join(tmpdir(), 'hotline-flows-'));
  const flowFile = join(flowsDir, 'hotline.yaml');
  copyFileSync(join(projectRoot, 'config/ivr/hotline.yaml'), flowFile);
  let service: Service;
  let http: Awaited<ReturnType<typeof buildHttp>>;
  let config: ReturnType<typeof labConfig>;
  const activations: FlowActivation[] = [];

  beforeAll(async () => {
    const port = await freePort();
    config = labConfig((c) => {
      c.service.port = port;
      c.ivr.dir = flowsDir;
      c.ivr.callBackNonRegular = ['4008001234'];
      c.acd.agents = [];
      // The callbacks these calls owe are asserted as owed; the dialer (which would dial them) is tested on its own.
      c.dialer.enabled = false;
      // One TTS cache for the whole tier: prompts are content-addressed, so sharing is safe and made once.
      c.prompts.dir = join(c.lab.dir, 'prompts');
    });
    ({ service } = await startLabService(config, { flowNow: () => flowTime + (Date.now() % 60_000) }));
    await service.promptsReady();
    service.flows.onActivation((a) => activations.push(a));
    http = buildHttp(service);
    await http.listen({ host: '127.0.0.1', port });
  });

  afterAll(async () => {
    await http?.close();
    await service?.stop();
  });

  /** One SIPp call; `from` tells concurrent calls apart, so their records are found by caller number. */
  async function call(keys: string, hangupAfterMs: number, extra: Partial<PlaceCallOptions> = {}): Promise<CallRow> {
    const from = extra.from ?? '13800138000';
    const before = Math.max(0, ...service.repo.recent(50).filter((r) => r.callerNumber === from).map((r) => r.id));
    await placeCall({ ...callerTarget(config), number: '4008001234', from, keys, firstKeyAfterMs: 1500, hangup: { kind: 'after-answer', afterMs: hangupAfterMs }, ...extra });
    return waitFor(() => service.repo.recent(50).find((r) => r.callerNumber === from && r.id > before && r.endedAt), 10_000, `the record of the call from ${from} to close`);
  }

  // Independent calls run at once (each from its own number): the menu waits are real time, and one at a time they
  // made this file the longest in the lab tier.
  it('option 4 reads back the status of a known work order, and says so for an unknown one', async () => {
    flowTime = tuesday10;
    const [row, unknown] = await Promise.all([call('4,,,20260002#', 24_000, { from: '13800138001' }), call('4,,,99999999#', 20_000, { from: '13800138002' })]);
    expect(row.digits).toBe('420260002#');
    expect(steps(row)).toEqual(expect.arrayContaining(['main_menu:4:chosen', 'order_number', 'order_lookup', 'status_in_progress']));
    expect(row.flowName).toBe('hotline');
    expect(row.flowVersion).toMatch(/^[0-9a-f]{12}$/);
    expect(steps(unknown)).toContain('order_unknown');
    expect(steps(unknown)).not.toContain('status_in_progress');
  });

  it('options 1, 2, 3, 0 and 5 reach their queues, 9 the English menu, and invalid keys the retries then the fallback', async () => {
    const options = [
      ['1', 'consult_queue'],
      ['2', 'repair_queue'],
      ['3', 'complaint_queue'],
      ['0', 'agent_queue'],
      ['5', 'new_business'],
    ] as const;
    const [english, invalid, ...rows] = await Promise.all([
      call('9', 5000, { from: '13800138009' }),
      call('7,,,,7,,,,7', 16_000, { from: '13800138007' }),
      ...options.map(([key], i) => call(key, 12_000, { from: `1380013801${i}` })),
    ]);
    options.forEach(([key, node], i) => {
      expect(steps(rows[i]!), `option ${key}`).toContain(`main_menu:${key}:chosen`);
      expect(rows[i]!.ivrPath.map((s) => s.node), `option ${key}`).toContain(node);
    });
    expect(steps(english)).toEqual(expect.arrayContaining(['main_menu:9:chosen', 'to_english', 'en_menu']));
    const menu = steps(invalid).filter((s) => s.startsWith('main_menu:7'));
    expect(menu).toHaveLength(3);
    expect(steps(invalid)).toContain('agent');
  });

  it('after hours takes the after-hours branch, a holiday the holiday branch', async () => {
    flowTime = Date.parse('2026-11-24T14:00:00Z'); // 22:00 in Shanghai
    expect(steps(await call('', 4000))).toEqual(expect.arrayContaining(['hours:closed', 'after_hours']));
    flowTime = Date.parse('2026-10-01T02:00:00Z'); // National Day, 10:00
    expect(steps(await call('', 4000))).toEqual(expect.arrayContaining(['hours:holiday', 'holiday_greeting']));
    flowTime = tuesday10;
  });

  it('classifies a one-ring hang-up and a misdial', async () => {
    const oneRing = await call('', 800);
    expect(oneRing.nonRegular).toBe('one-ring');
    const misdial = await call('', 5000);
    expect(misdial.nonRegular).toBe('misdial');
    expect(misdial.endedIn).toBe('caller-hangup');
    // This line calls one-ring callers back; a misdial is only logged.
    const owed = service.callbacks.pending().filter((c) => c.sourceChannelId === oneRing.channelId || c.sourceChannelId === misdial.channelId);
    expect(owed).toEqual([expect.objectContaining({ reason: 'one-ring', number: '13800138000', sourceChannelId: oneRing.channelId })]);
  });

  it('an edit while a call is in the menu: that call keeps its version, the next gets the new one, a broken edit is refused', async () => {
    const first = await call('9', 3000);
    const oldVersion = first.flowVersion;
    const inMenu = placeCall({ ...callerTarget(config), number: '4008001234', from: '13800138000', keys: ',,,,,,9', firstKeyAfterMs: 1000, hangup: { kind: 'after-answer', afterMs: 10_000 } });
    // The new call's own row (a later id): the previous call's row has been through the menu too.
    await waitFor(() => service.repo.recent(5).some((r) => r.id > first.id && r.ivrPath.some((s) => s.node === 'main_menu')), 8000, 'the call to reach the menu');
    const text = readFileSync(flowFile, 'utf8');
    writeFileSync(flowFile, text.replace('欢迎致电400服务热线', '欢迎致电400客户服务热线'));
    const activated = await waitFor(() => activations.find((a) => a.ok && a.version !== oldVersion), 5000, 'the new version');
    await inMenu;
    const during = await closedRecord(service);
    expect(during.flowVersion).toBe(oldVersion);
    expect(steps(during)).toContain('en_menu');
    expect((await call('9', 3000)).flowVersion).toBe(activated.version);

    writeFileSync(flowFile, text.replace("'1': consult", "'1': no_such_node"));
    const refused = await waitFor(() => activations.find((a) => !a.ok), 5000, 'the broken edit to be refused');
    expect(refused.errors?.map((e) => e.code)).toContain('FLOW_UNKNOWN_TARGET');
    expect((await call('9', 3000)).flowVersion).toBe(activated.version);
  });
});
