import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labTierConfig } from './lab-slot.js';
import { placeCall } from '../../src/lab/sipp-caller.js';
import { carrierNumbers, startCarrier, type Carrier } from '../../src/lab/sipp-carrier.js';
import { startAgentPhones, type AgentPhone } from '../../src/lab/sipp-agents.js';
import { udpPortFree } from '../../src/lab/sipp-ports.js';
import { waitFor } from './support.js';

// The lab's SIPp phone network against the real Asterisk, watched through raw ARI (REST + events WebSocket) under
// the app name the dialplan sends calls to. No hotline service runs here: the test plays the app itself.

interface AriEvent {
  type: string;
  channel?: { id: string; name: string };
  args?: string[];
  digit?: string;
  cause?: number;
}

const config = labTierConfig();
const ari = new URL(config.ari.url);
const auth = `Basic ${Buffer.from(`${config.ari.username}:${config.ari.password}`).toString('base64')}`;
const events: AriEvent[] = [];
const handlers = new Set<(e: AriEvent) => void>();
let socket: WebSocket;
let carrier: Carrier | undefined;
let phones: AgentPhone[] = [];
const traces = mkdtempSync(join(tmpdir(), 'hotline-phones-test-'));

async function rest(method: string, path: string, query: Record<string, string> = {}): Promise<unknown> {
  const url = new URL(`/ari${path}`, ari);
  for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
  const res = await fetch(url, { method, headers: { authorization: auth } });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return text === '' ? undefined : JSON.parse(text);
}

const eventsFor = (channelId: string) => events.filter((e) => e.channel?.id === channelId);

beforeAll(async () => {
  const url = new URL('/ari/events', ari);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  url.searchParams.set('app', config.ari.app);
  url.searchParams.set('subscribeAll', 'true');
  socket = new WebSocket(url, { headers: { authorization: auth } });
  socket.on('message', (data) => {
    const e = JSON.parse(data.toString()) as AriEvent;
    events.push(e);
    for (const h of handlers) h(e);
  });
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  // A carrier the lab already runs on lab.carrier is used as it is.
  if (await udpPortFree(config.lab.carrier.host, config.lab.carrier.port)) {
    carrier = await startCarrier({ host: config.lab.carrier.host, port: config.lab.carrier.port, labDir: config.lab.dir, traceDir: join(traces, 'carrier') });
  }
});

afterAll(async () => {
  socket?.close();
  await Promise.all(phones.map((p) => p.stop()));
  await carrier?.stop();
  rmSync(traces, { recursive: true, force: true });
});

describe('lab callers into Asterisk', () => {
  it('send every key in order, repeated keys included, and report the caller hanging up', async () => {
    const answer = (e: AriEvent) => {
      if (e.type === 'StasisStart' && e.args?.[0] === 'inbound') void rest('POST', `/channels/${e.channel!.id}/answer`);
    };
    handlers.add(answer);
    try {
      const report = await placeCall({
        number: config.telephony.entryNumbers[0]!,
        from: '13800138000',
        keys: '4,11#*0',
        firstKeyAfterMs: 500,
        hangup: { kind: 'after-answer', afterMs: 4000 },
        target: config.lab.sip,
        callerHost: config.lab.callers.host,
      });
      expect(report).toMatchObject({ outcome: 'answered', hungUpBy: 'caller' });
      expect(report.keys.map((k) => k.key).join('')).toBe('411#*0');
      const start = events.find((e) => e.type === 'StasisStart' && e.args?.[0] === 'inbound' && e.channel!.name.includes('callers'));
      await waitFor(() => eventsFor(start!.channel!.id).some((e) => e.type === 'StasisEnd'), 5000, 'StasisEnd');
      const digits = eventsFor(start!.channel!.id).filter((e) => e.type === 'ChannelDtmfReceived').map((e) => e.digit);
      expect(digits.join('')).toBe('411#*0');
    } finally {
      handlers.delete(answer);
    }
  });

  it('report the far end hanging up', async () => {
    const hangUpSoon = (e: AriEvent) => {
      if (e.type !== 'StasisStart' || e.args?.[0] !== 'inbound') return;
      const id = e.channel!.id;
      void rest('POST', `/channels/${id}/answer`).then(() => sleep(1000)).then(() => rest('DELETE', `/channels/${id}`));
    };
    handlers.add(hangUpSoon);
    try {
      const report = await placeCall({
        number: config.telephony.entryNumbers[0]!,
        from: '13800138001',
        hangup: { kind: 'far-end', maxMs: 10_000 },
        target: config.lab.sip,
        callerHost: config.lab.callers.host,
      });
      expect(report).toMatchObject({ outcome: 'answered', hungUpBy: 'far-end' });
      expect(report.durationMs).toBeGreaterThanOrEqual(900);
      expect(report.durationMs).toBeLessThan(3000);
    } finally {
      handlers.delete(hangUpSoon);
    }
  });
});

describe('lab carrier behind Asterisk', () => {
  const originate = (number: string, extra: Record<string, string>) => {
    const channelId = `phones-test-${number}-${Date.now()}`;
    return rest('POST', '/channels', {
      endpoint: `PJSIP/${number}@${config.telephony.trunk}`,
      channelId,
      callerId: config.telephony.callerId,
      ...extra,
    }).then(() => channelId);
  };

  it('gives AMD a human, a machine and a fax tone', async () => {
    const amd = new Map<string, string[]>();
    const collect = (e: AriEvent) => {
      if (e.type === 'StasisStart' && e.args?.[0] === 'dialer') {
        amd.set(e.channel!.id, e.args);
        void rest('DELETE', `/channels/${e.channel!.id}`);
      }
    };
    handlers.add(collect);
    try {
      const dial = { context: config.telephony.dialerContext, extension: 'amd', priority: '1', timeout: '10' };
      const [human, machine, fax] = await Promise.all(
        [carrierNumbers.human, carrierNumbers.machine, carrierNumbers.fax].map((n) => originate(n, dial)),
      );
      await waitFor(() => amd.size === 3, 20_000, 'AMD results for three calls');
      // Stasis args: dialer, AMDSTATUS, AMDCAUSE, TONE_DETECT(rx)
      expect(amd.get(human!)?.[1]).toBe('HUMAN');
      expect(amd.get(machine!)?.[1]).toBe('MACHINE');
      expect(amd.get(fax!)?.[3]).toBe('1');
      expect(amd.get(human!)?.[3]).toBe('0');
    } finally {
      handlers.delete(collect);
    }
  });

  it('fails each unanswered number with the Q.850 cause of its SIP response', async () => {
    const cases: Array<[string, number]> = [
      [carrierNumbers.unallocated, 1],
      [carrierNumbers.busy, 17],
      [carrierNumbers.rejected, 21],
      [carrierNumbers.numberChanged, 22],
      [carrierNumbers.invalidFormat, 28],
      [carrierNumbers.congestion, 34],
      [carrierNumbers.noAnswer, 19],
    ];
    const ids = await Promise.all(cases.map(([n]) => originate(n, { app: config.ari.app, timeout: '3' })));
    const causeOf = (id: string) => eventsFor(id).find((e) => e.type === 'ChannelDestroyed')?.cause;
    await waitFor(() => ids.every((id) => causeOf(id) !== undefined), 15_000, 'every call destroyed');
    expect(ids.map(causeOf)).toEqual(cases.map(([, cause]) => cause));
  });
});

describe('lab agent phones', () => {
  it('register, answer after the delay, hang up after the talk time, and unregister when stopped', async () => {
    phones = await startAgentPhones(config, { answer: { kind: 'after', ms: 300 }, talk: { kind: 'hangup-after', ms: 1000 } }, {
      ids: [config.lab.agents[0]!.id],
      dir: join(traces, 'agents'),
    });
    const [phone] = phones;
    const endpoint = `/endpoints/PJSIP/${phone!.id}`;
    // Asterisk marks the endpoint online a moment after it answers the REGISTER (its contact status is updated apart).
    await waitFor(async () => ((await rest('GET', endpoint)) as { state: string }).state === 'online', 5000, 'the agent endpoint online');

    const channelId = `phones-test-agent-${Date.now()}`;
    await rest('POST', '/channels', { endpoint: `PJSIP/${phone!.id}`, app: config.ari.app, channelId, callerId: '13800138000', timeout: '10' });
    await waitFor(() => eventsFor(channelId).some((e) => e.type === 'ChannelDestroyed'), 10_000, 'the agent call to end');
    const [call] = phone!.calls();
    expect(call).toMatchObject({ dialed: phone!.id, from: '13800138000', status: 200, hungUpBy: 'phone' });
    expect(call!.answeredAt! - call!.invitedAt).toBeGreaterThanOrEqual(300);
    expect(call!.endedAt! - call!.answeredAt!).toBeGreaterThanOrEqual(900);

    await phone!.stop();
    phones = [];
    // The same apart update on the way out (CI under load read 'online' right after the un-REGISTER's 200 OK).
    await waitFor(async () => ((await rest('GET', endpoint)) as { state: string }).state === 'offline', 5000, 'the agent endpoint offline');
  });
});
