/**
 * An agent created through the API, who has no line in pjsip.conf: hotline pushes their phone to the running Asterisk
 * over ARI (sorcery's memory wizard), a SIPp phone registers with the password the API was given, the agent logs in
 * through the API, and a caller to the hotline who presses 1 reaches that phone. Asterisk is never restarted or
 * reloaded. Deleting the agent takes the phone out of Asterisk again.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Config } from '../../src/config/schema.js';
import { labCli } from '../../src/lab/lab.js';
import { agentPorts, startAgentPhone } from '../../src/lab/sipp-agents.js';
import type { AgentPhoneBehaviour } from '../../src/lab/agent-scenario.js';
import { placeCall } from '../../src/lab/sipp-caller.js';
import { TokensRepo } from '../../src/store/tokens-repo.js';
import { ServiceLab, serviceConfig } from './service-lab.js';
import { callerTarget, closedRecord } from './support.js';

const id = '1010';
const password = 'Api-Agent-1010';

describe('an agent created through the API takes hotline calls on the running lab', () => {
  const lab = new ServiceLab();
  afterEach(() => lab.stop());

  /** A phone for `agentId` on its own ports after the lab's agents (index 10 and up), so no lab phone is disturbed. */
  const phone = (config: Config, agentId: string, pw: string, slot: number, behaviour: AgentPhoneBehaviour) =>
    startAgentPhone({
      id: agentId,
      password: pw,
      registrar: config.lab.sip,
      host: config.lab.agentsHost,
      ...agentPorts(config.lab.agents.length + 5 + slot),
      behaviour,
      dir: join(config.lab.dir, 'sipp', `api-agent-${agentId}-${slot}`),
    });

  it('create, register, log in, take a call, then delete', async () => {
    const config = await serviceConfig((c) => {
      // Nobody else can take the call: only the agent the API creates.
      c.acd.agents = [];
      c.dialer.enabled = false;
    });
    const service = await lab.start(config);
    const http = lab.http!;
    const token = new TokensRepo(service.db).create({ name: 'lab-admin', role: 'admin' }, Date.now()).token;
    const api = (method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object) =>
      http.inject({ method, url: `/api/v1${url}`, headers: { authorization: `Bearer ${token}` }, ...(payload ? { payload } : {}) });
    const answers: AgentPhoneBehaviour = { answer: { kind: 'after', ms: 1000 }, talk: { kind: 'hangup-after', ms: 3000 } };

    // Before the API creates it, Asterisk has no such endpoint and refuses the phone.
    expect(await labCli(config, `pjsip show endpoint ${id}`)).not.toMatch(new RegExp(`Endpoint:\\s+${id}\\b`));
    await expect(phone(config, id, password, 1, answers)).rejects.toThrow(/agent 1010/);

    const created = await api('POST', '/agents', { id, name: 'Agent 1010', skills: { general: 5 }, password });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ id, source: 'api', state: 'logged-out' });
    expect(await labCli(config, `pjsip show endpoint ${id}`)).toMatch(new RegExp(`Endpoint:\\s+${id}\\b`));

    // Asterisk checks the digest it was given: a wrong password is refused, the right one registers.
    await expect(phone(config, id, 'not-the-password', 2, answers)).rejects.toThrow(/agent 1010/);
    lab.phones.push(await phone(config, id, password, 0, answers));

    const login = await api('POST', `/agents/${id}/login`);
    expect(login.json().state).toBe('ready');

    const report = await placeCall({ ...callerTarget(config), number: '4008001234', from: '13800138000', keys: '1', firstKeyAfterMs: 1500, hangup: { kind: 'far-end', maxMs: 40_000 } });
    expect(report.hungUpBy).toBe('far-end');
    const inbound = service.repo.recent(5).find((r) => r.direction === 'inbound')!;
    const caller = await closedRecord(service, inbound.channelId);
    expect(caller).toMatchObject({ endedIn: 'agent', agentId: id, queueGroup: 'consult' });
    const taken = lab.phones[0]!.calls();
    expect(taken).toHaveLength(1);
    expect(taken[0]).toMatchObject({ dialed: id });
    expect(taken[0]!.answeredAt).toBeDefined();

    // An id pjsip.conf already has (the lab's phone 1005) is refused by Asterisk itself, and nothing is kept.
    const clash = await api('POST', '/agents', { id: '1005', name: 'Clash', skills: { general: 1 }, password });
    expect([clash.statusCode, clash.json().code]).toEqual([409, 'AGENT_EXISTS']);
    expect(clash.json().message).toContain('pjsip.conf');
    expect(service.agentsRepo.get('1005')).toBeUndefined();

    // Delete: logged in is refused; logged out, the agent and their endpoint are gone and the phone cannot come back.
    expect((await api('DELETE', `/agents/${id}`)).statusCode).toBe(409);
    await lab.phones[0]!.stop();
    lab.phones = [];
    expect((await api('POST', `/agents/${id}/logout`)).json().state).toBe('logged-out');
    const deleted = await api('DELETE', `/agents/${id}`);
    expect(deleted.statusCode, deleted.body).toBe(200);
    expect(await labCli(config, `pjsip show endpoint ${id}`)).not.toMatch(new RegExp(`Endpoint:\\s+${id}\\b`));
    await expect(phone(config, id, password, 3, answers)).rejects.toThrow(/agent 1010/);
  }, 120_000);
});
