/**
 * Issue 13: hold with music on hold through ARI, from the API. A SIPp caller to the 400 hotline is bridged to a SIPp
 * agent phone; the agent's token holds the call: the caller leaves the bridge and Asterisk keeps sending them RTP
 * (the music, the only thing they can hear out of the bridge) while the agent's leg gets nothing from them; resume puts
 * them back. The call record's hold time is the time on hold, talk excludes it, and AHT counts both.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { startAgentPhones } from '../../src/lab/sipp-agents.js';
import { ulawSilence, ulawWithKeysPcap } from '../../src/lab/pcap.js';
import { placeCall } from '../../src/lab/sipp-caller.js';
import { ulawTone } from '../../src/lab/tone.js';
import { TokensRepo } from '../../src/store/tokens-repo.js';
import { ServiceLab, serviceConfig } from './service-lab.js';
import { callerTarget, closedRecord, rtpStats, waitFor } from './support.js';

describe('hold with music through ARI', () => {
  const lab = new ServiceLab();
  afterEach(() => lab.stop());

  it('holds and resumes from the API; the hold time is on the call record and in its handle time', async () => {
    const config = await serviceConfig((c) => {
      c.dialer.enabled = false;
      c.acd.agents = [{ id: '1001', name: 'A', skills: { general: 5 } }];
    });
    const s = await lab.start(config);
    const url = `${lab.url}/api/v1`;
    const tokens = new TokensRepo(s.db);
    const agent = tokens.create({ name: 'agent-1001', role: 'agent', agentId: '1001' }, Date.now()).token;
    const other = tokens.create({ name: 'agent-1002', role: 'agent', agentId: '1002' }, Date.now()).token;
    const post = (path: string, token: string) => fetch(`${url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });

    lab.phones = await startAgentPhones(config, { answer: { kind: 'after', ms: 500 }, talk: { kind: 'far-end' } }, { ids: ['1001'] });
    // The caller presses 1 and then keeps talking (a tone), so the agent's leg gets RTP exactly while they are bridged.
    const media = ulawWithKeysPcap([{ ulaw: ulawSilence(1500) }, { key: '1' }, { ulaw: ulawTone(1000, 40_000) }]);
    const call = placeCall({ ...callerTarget(config), number: '4008001234', from: '13800138000', mediaPcap: media, hangup: { kind: 'after-answer', afterMs: 26_000 } });
    const leg = await waitFor(() => s.repo.recent(5).find((r) => r.direction === 'outbound' && r.answeredAt !== null), 30_000, "the agent's answer");
    const caller = s.repo.recent(5).find((r) => r.direction === 'inbound')!;
    await waitFor(() => s.recordings.conversation(caller.channelId), 5000, 'the bridge');
    await sleep(1000);

    // Another agent may not touch the call; a call that is not talking to an agent cannot be held.
    expect((await post(`/calls/${caller.channelId}/hold`, other)).status).toBe(404);
    const notBridged = await post('/calls/no-such-call/hold', agent);
    expect(notBridged.status).toBe(409);
    expect(((await notBridged.json()) as { code: string }).code).toBe('CALL_NOT_BRIDGED');

    const l00 = await rtpStats(config, leg.channelId);
    await sleep(1000);
    expect((await rtpStats(config, leg.channelId)).txcount - l00.txcount, 'the caller heard by the agent before the hold').toBeGreaterThan(25);
    const held = await post(`/calls/${leg.channelId}/hold`, agent);
    expect(held.status).toBe(200);
    expect(await held.json()).toMatchObject({ channelId: caller.channelId, held: true });
    const again = await post(`/calls/${caller.channelId}/hold`, agent);
    expect(((await again.json()) as { code: string }).code).toBe('CALL_HOLD_STATE');
    const c0 = await rtpStats(config, caller.channelId);
    const l0 = await rtpStats(config, leg.channelId);
    await sleep(4000);
    const c1 = await rtpStats(config, caller.channelId);
    const l1 = await rtpStats(config, leg.channelId);
    // Music to the caller out of the bridge: about 200 packets in 4 s; the agent's leg hears nothing meanwhile.
    expect(c1.txcount - c0.txcount, 'RTP (music) to the caller on hold').toBeGreaterThan(100);
    expect(l1.txcount - l0.txcount, 'RTP to the agent while the caller is on hold').toBeLessThan(20);
    const resumed = await post(`/calls/${caller.channelId}/resume`, agent);
    expect(await resumed.json()).toMatchObject({ held: false, holds: 1 });
    const l2 = await rtpStats(config, leg.channelId);
    await sleep(2000);
    const l3 = await rtpStats(config, leg.channelId);
    expect(l3.txcount - l2.txcount, 'the caller back with the agent').toBeGreaterThan(50);

    await call;
    const row = await closedRecord(s, caller.channelId, 15_000);
    expect(row.holdMs).toBeGreaterThan(3800);
    expect(row.holdMs).toBeLessThan(6000);
    expect(row.talkMs! + row.holdMs!).toBeGreaterThan(row.endedAt! - leg.answeredAt! - 1000);
    const kpis = await fetch(`${url}/calls/${caller.channelId}`, { headers: { authorization: `Bearer ${agent}` } });
    expect(((await kpis.json()) as { holdMs: number }).holdMs).toBe(row.holdMs);
  });
});
