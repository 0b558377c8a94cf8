/**
 * What issue 13's lab benchmarks share: the lab up, one service on it (tests/lab/service-lab.ts) with SIPp agents and
 * a supervisor's SIPp desk phone, a supervisor token, a caller to the 400 hotline bridged to an agent, and plain ARI
 * requests. Each bench runs in slot 0 of the lab (see docs/benchmarks.md for the lock it takes).
 */
import type { Config } from '../src/config/schema.js';
import { startAgentPhones } from '../src/lab/sipp-agents.js';
import { ulawSilence, ulawWithKeysPcap } from '../src/lab/pcap.js';
import { placeCall, type CallReport } from '../src/lab/sipp-caller.js';
import type { Service } from '../src/service/service.js';
import { TokensRepo } from '../src/store/tokens-repo.js';
import { ServiceLab, serviceConfig } from '../tests/lab/service-lab.js';
import { callerTarget, waitFor } from '../tests/lab/support.js';

/** ARI with the lab's credentials: the JSON answer, or an error naming the request. */
export function ariOf(config: Config) {
  const authorization = `Basic ${Buffer.from(`${config.ari.username}:${config.ari.password}`).toString('base64')}`;
  return async <T>(method: string, path: string): Promise<T> => {
    const res = await fetch(`${config.ari.url}/ari${path}`, { method, headers: { authorization } });
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    const text = await res.text();
    return (text ? JSON.parse(text) : undefined) as T;
  };
}

export interface PhoneLab {
  lab: ServiceLab;
  config: Config;
  s: Service;
  /** A supervisor token: may transfer any call and monitor. */
  supervisor: string;
  ari: ReturnType<typeof ariOf>;
  /** An API call; the status, the JSON and the wall time of the request in ms. */
  api(method: string, path: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown>; ms: number }>;
  /** Places a caller (pressing 1 for the consult queue, then sending `voice`) and waits until an agent talks to them. */
  bridgedCall(from: string, voice: Uint8Array, talkMs: number): Promise<{ caller: string; leg: string; agentId: string; done: Promise<CallReport> }>;
}

/**
 * The service with ACD agents `agents` (wrap-up 0, so a transferred agent is ready at once), their SIPp phones
 * answering at once, and SIPp phone `supervisorPhone` (a lab phone that is no ACD agent) for the supervisor.
 */
export async function startPhoneLab(agents: readonly string[], supervisorPhone: string): Promise<PhoneLab> {
  const config = await serviceConfig((c) => {
    c.dialer.enabled = false;
    c.service.logLevel = 'warn';
    c.acd.groups = c.acd.groups.map((g) => ({ ...g, wrapUpS: 0 }));
    c.acd.agents = agents.map((id) => ({ id, name: id, skills: { general: 5 } }));
  });
  const lab = new ServiceLab();
  const s = await lab.start(config);
  const supervisor = new TokensRepo(s.db).create({ name: 'bench-supervisor', role: 'supervisor' }, Date.now()).token;
  lab.phones = await startAgentPhones(config, { answer: { kind: 'after', ms: 0 }, talk: { kind: 'far-end' } }, { ids: [...agents, supervisorPhone] });
  const api = async (method: string, path: string, body?: unknown) => {
    const t0 = performance.now();
    const r = await lab.api(supervisor, method, path, body);
    return { ...r, ms: performance.now() - t0 };
  };
  const bridgedCall = async (from: string, voice: Uint8Array, talkMs: number) => {
    const media = ulawWithKeysPcap([{ ulaw: ulawSilence(1500) }, { key: '1' }, { ulaw: voice }]);
    const done = placeCall({ ...callerTarget(config), number: '4008001234', from, mediaPcap: media, hangup: { kind: 'after-answer', afterMs: talkMs } });
    // By the caller's number, so calls placed at once each find their own.
    const caller = await waitFor(() => s.repo.recent(50).find((r) => r.direction === 'inbound' && r.endedAt === null && (r.callerNumber ?? '').endsWith(from)), 20_000, `the call from ${from}`);
    const conv = await waitFor(() => s.recordings.conversation(caller.channelId), 30_000, `an agent talking to ${from}`);
    return { caller: caller.channelId, leg: conv.legId, agentId: conv.agentId ?? '', done };
  };
  return { lab, config, s, supervisor, ari: ariOf(config), api, bridgedCall };
}
