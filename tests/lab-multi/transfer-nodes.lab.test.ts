/**
 * Issue 14 item 4: transfers and supervisor monitoring when the parties are on different nodes. The agents' and the
 * supervisor's SIPp phones register at the SIP edge (Kamailio), on no node; a SIPp caller dials node n1 directly (so
 * its call is on n1, while the placement policy would put any leg it placed itself on the emptier n2). Agent 1001
 * answers, a supervisor's phone (1003) listens, then 1001 blind-transfers the caller to 1002. Every leg — the agent's,
 * the supervisor's, the snoop, the new agent's — is originated on n1 and reaches its phone through the edge; n2 never
 * holds a channel. Audio is checked by Asterisk's RTP counters; the records and the transfer chain by the store.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { Config } from '../../src/config/schema.js';
import { labNodes, type LabNode } from '../../src/lab/lab-nodes.js';
import { ulawSilence, ulawWithKeysPcap } from '../../src/lab/pcap.js';
import { startAgentPhones } from '../../src/lab/sipp-agents.js';
import { placeCall } from '../../src/lab/sipp-caller.js';
import { ulawTone } from '../../src/lab/tone.js';
import { TokensRepo } from '../../src/store/tokens-repo.js';
import { TransfersRepo } from '../../src/store/transfers-repo.js';
import { ServiceLab, serviceConfig } from '../lab/service-lab.js';
import { closedRecord, hangUpChannel, waitFor } from '../lab/support.js';

/** A node's own ARI (GET only). */
function nodeAri(config: Config, node: LabNode) {
  const authorization = `Basic ${Buffer.from(`${config.ari.username}:${config.ari.password}`).toString('base64')}`;
  return async <T>(path: string): Promise<T> => {
    const res = await fetch(`${node.ariUrl}/ari${path}`, { headers: { authorization } });
    if (!res.ok) throw new Error(`${node.name} ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };
}

describe('a transfer and a supervisor on the caller’s node, the phones behind the edge', () => {
  const lab = new ServiceLab();
  afterEach((ctx) => lab.printLogsIfFailed(ctx));
  afterAll(() => lab.stop());

  it('dials the supervisor and the new agent from node n1 only; audio flows; the records keep the chain', async () => {
    const config = await serviceConfig((c) => {
      // Phones register at the edge; hotline drives both nodes.
      c.lab.sip = { ...c.lab.edge };
      c.nodes = labNodes(c, 2).map((n) => ({ name: n.name, ari: { url: n.ariUrl }, sip: { host: n.sipHost, port: n.sipPort }, weight: 1, maxCallsPerSecond: 50 }));
      c.dialer.enabled = false;
      c.acd.groups = c.acd.groups.map((g) => ({ ...g, wrapUpS: 0 }));
      c.acd.agents = [
        { id: '1001', name: 'A', skills: { general: 5 } },
        { id: '1002', name: 'B', skills: { general: 5 } },
      ];
    });
    const [n1, n2] = labNodes(config, 2) as [LabNode, LabNode];
    const s = await lab.start(config);
    await waitFor(() => s.health().nodes?.every((n) => n.connected), 15_000, 'both nodes connected');
    const tokens = new TokensRepo(s.db);
    const agent = tokens.create({ name: 'agent-1001', role: 'agent', agentId: '1001' }, Date.now()).token;
    const supervisor = tokens.create({ name: 'supervisor', role: 'supervisor' }, Date.now()).token;
    const on1 = nodeAri(config, n1);
    const on2 = nodeAri(config, n2);
    const channels = async (get: typeof on1) => (await get<{ id: string }[]>('/channels')).map((c) => c.id);
    const sent = async (id: string) => (await on1<{ txcount: number }>(`/channels/${id}/rtp_statistics`)).txcount;

    // 1002 stays out of the queue (paused) so the caller reaches 1001; ready again as the transfer target.
    expect(s.acd.agentEvent('1002', { type: 'pause', reason: 'lab' })).not.toBeInstanceOf(Error);
    lab.phones = await startAgentPhones(config, { answer: { kind: 'after', ms: 300 }, talk: { kind: 'far-end' } }, { ids: ['1001', '1002', '1003'] });

    const media = ulawWithKeysPcap([{ ulaw: ulawSilence(1500) }, { key: '1' }, { ulaw: ulawTone(1000, 30_000) }]);
    // Straight to n1's SIP address, past the edge's dispatcher: the call is on n1 whatever the weights say.
    const placed = placeCall({ target: { host: n1.sipHost, port: n1.sipPort }, callerHost: config.lab.callers.host, number: '4008001234', from: '13800138000', mediaPcap: media, hangup: { kind: 'after-answer', afterMs: 45_000 } });
    const open = () => s.repo.recent(10).filter((r) => r.endedAt === null);
    const leg = await waitFor(() => open().find((r) => r.direction === 'outbound' && r.calledNumber === '1001' && r.answeredAt !== null), 20_000, "1001's answer");
    const caller = open().find((r) => r.direction === 'inbound')!;
    await waitFor(() => s.recordings.conversation(caller.channelId), 5000, 'the bridge');
    expect(caller.channelId.startsWith(`${n1.systemName}-`), `the caller's channel ${caller.channelId} is n1's`).toBe(true);
    expect(await channels(on1)).toEqual(expect.arrayContaining([caller.channelId, leg.channelId]));

    // The supervisor listens: their leg and the snoop are made on n1; their phone receives the conversation.
    const monitor = await lab.api(supervisor, 'POST', `/calls/${caller.channelId}/monitor`, { mode: 'listen', endpoint: '1003' });
    expect(monitor).toMatchObject({ status: 200, json: { mode: 'listen', agentId: '1001' } });
    const onN1 = await channels(on1);
    const svLeg = onN1.find((id) => id.startsWith('sv-leg-'));
    expect(svLeg, 'the supervisor leg on n1').toBeDefined();
    expect(onN1.some((id) => id.startsWith('sv-snoop-')), 'the snoop on n1').toBe(true);
    expect(await channels(on2), 'nothing on n2').toEqual([]);
    const l0 = await sent(svLeg!);
    await sleep(1500);
    expect((await sent(svLeg!)) - l0, 'RTP to the listening supervisor').toBeGreaterThan(40);
    expect((await lab.api(supervisor, 'DELETE', `/calls/${caller.channelId}/monitor`)).status).toBe(200);

    // 1001 blind-transfers the caller to 1002: the new agent's leg is dialled from n1, through the edge.
    expect(s.acd.agentEvent('1002', { type: 'ready' })).not.toBeInstanceOf(Error);
    const blind = await lab.api(agent, 'POST', `/calls/${leg.channelId}/transfer`, { target: { kind: 'agent', agentId: '1002' } });
    expect(blind).toMatchObject({ status: 200, json: { state: 'transferred' } });
    const target = blind.json['legId'] as string;
    expect(await channels(on1)).toEqual(expect.arrayContaining([caller.channelId, target]));
    expect(await channels(on2), 'nothing on n2').toEqual([]);
    await closedRecord(s, leg.channelId, 5000);
    const t0 = await sent(target);
    await sleep(1500);
    expect((await sent(target)) - t0, "the caller's tone reaches 1002 after 1001 left").toBeGreaterThan(40);
    expect(lab.phones.find((p) => p.id === '1002')!.calls().some((c) => c.answeredAt !== undefined), '1002 answered through the edge').toBe(true);

    // 1002 hangs up, which ends the caller's leg too: every record closes; the chain names both agents. (The caller's
    // own timed BYE is far off: a loaded CI run once took longer than its 12 s to get here, ending the call early.)
    await hangUpChannel(config, target, n1.ariUrl);
    await placed;
    await waitFor(() => s.repo.openCalls().length === 0, 10_000, () => `open records: ${s.repo.openCalls().map((r) => r.channelId).join(', ')}`);
    expect(s.repo.get(target)).toMatchObject({ direction: 'outbound', calledNumber: '1002' });
    expect(s.repo.get(target)?.answeredAt).not.toBeNull();
    expect(new TransfersRepo(s.db).ofCall(caller.channelId)).toMatchObject([{ kind: 'blind', targetKind: 'agent', target: '1002', fromAgent: '1001', outcome: 'completed', legId: target }]);
  });
});
