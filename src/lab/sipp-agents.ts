import { randomInt } from 'node:crypto';
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../config/schema.js';
import { HotlineError } from '../errors.js';
import { agentAnswerScenario, agentRegisterScenario, agentUnregisterScenario, type AgentPhoneBehaviour } from './agent-scenario.js';
import { readIfExists, startSipp, waitForSipp, type SippExit, type SippFiles } from './sipp.js';
import { controlPortRange, findFreeUdpPort } from './sipp-ports.js';
import { parseScenarioLog, parseShortMessages, phoneCalls, type PhoneCall } from './sipp-trace.js';

/** One agent phone to start. */
export interface AgentPhoneOptions {
  /** The agent id: SIP user, endpoint and auth name in Asterisk. */
  id: string;
  password: string;
  /** Asterisk's SIP address. */
  registrar: { host: string; port: number };
  /** The phone's own address: one SIP port and one media port pair per phone. */
  host: string;
  sipPort: number;
  mediaPort: number;
  behaviour: AgentPhoneBehaviour;
  /** REGISTER expiry; the phone re-registers at half of it. */
  expiresS?: number;
  /** Scenario files and traces. */
  dir: string;
  /** The seed of the phone's random draws (talk times); phones that take calls side by side need seeds of their own. */
  rngSeed?: number;
  readyTimeoutMs?: number;
}

/** A registered agent phone. */
export interface AgentPhone {
  id: string;
  pid: number;
  /** Where the phone registered from, as host:port. */
  contact: string;
  files: SippFiles;
  done: Promise<SippExit>;
  /** Every call the phone received so far. */
  calls(): PhoneCall[];
  /** Ends the phone (by PID) and, unless told not to, removes its registration so Asterisk stops calling it. */
  stop(opts?: { unregister?: boolean }): Promise<SippExit>;
}

/** Each phone's ports on the agents' address, by its index in lab.agents: SIP 5061+i, RTP 6000+4i (and +2). */
export function agentPorts(index: number): { sipPort: number; mediaPort: number } {
  return { sipPort: 5061 + index, mediaPort: 6000 + 4 * index };
}

function registered(files: SippFiles): boolean {
  return parseScenarioLog(readIfExists(files.log)).some((l) => l.words[0] === 'registered');
}

function registerFailure(files: SippFiles): string | undefined {
  return parseScenarioLog(readIfExists(files.log)).find((l) => l.words[0] === 'register-failed')?.words[1];
}

/**
 * Starts one agent phone and resolves once Asterisk accepted its REGISTER. Fails with LAB_SIPP_FAILED when SIPp
 * cannot start or Asterisk refuses the registration (wrong password, unknown agent).
 */
export async function startAgentPhone(opts: AgentPhoneOptions): Promise<AgentPhone> {
  mkdirSync(opts.dir, { recursive: true });
  const expiresS = opts.expiresS ?? 3600;
  const mainScenario = join(opts.dir, 'register.xml');
  const callScenario = join(opts.dir, 'call.xml');
  writeFileSync(mainScenario, agentRegisterScenario(expiresS));
  writeFileSync(callScenario, agentAnswerScenario(opts.behaviour));
  const control = await findFreeUdpPort(opts.host, controlPortRange);
  const registrar = `${opts.registrar.host}:${opts.registrar.port}`;
  const credentials = ['-s', opts.id, '-au', opts.id, '-ap', opts.password];
  const proc = startSipp({
    scenario: mainScenario,
    oocScenario: callScenario,
    local: { ip: opts.host, port: opts.sipPort },
    media: { ip: opts.host, port: opts.mediaPort },
    control: { ip: opts.host, port: control },
    remote: registrar,
    // One registration "call" that never ends; incoming calls run the out-of-call scenario.
    extra: ['-m', '1', '-aa', ...credentials],
    traceDir: join(opts.dir, 'trace'),
    ...(opts.rngSeed === undefined ? {} : { rngSeed: opts.rngSeed }),
  });
  await waitForSipp(
    proc,
    () => {
      const failure = registerFailure(proc.files);
      if (failure !== undefined) {
        // The status in details: a test tells a refusal from a phone that never got an answer without reading the text.
        throw new HotlineError('LAB_SIPP_FAILED', `agent ${opts.id}: Asterisk refused the REGISTER with ${failure}`, { key: opts.id, details: { registerStatus: Number(failure) } });
      }
      return registered(proc.files);
    },
    opts.readyTimeoutMs ?? 5000,
    `agent ${opts.id} registering at ${registrar}`,
  ).catch(async (error: unknown) => {
    await proc.stop();
    throw error;
  });

  const unregister = async (): Promise<void> => {
    const scenario = join(opts.dir, 'unregister.xml');
    writeFileSync(scenario, agentUnregisterScenario());
    const once = startSipp({
      scenario,
      // The same contact as the registration, or Asterisk would not match it.
      local: { ip: opts.host, port: opts.sipPort },
      media: { ip: opts.host, port: opts.mediaPort },
      control: { ip: opts.host, port: await findFreeUdpPort(opts.host, controlPortRange) },
      remote: registrar,
      extra: ['-m', '1', ...credentials],
      traceDir: join(opts.dir, 'unregister'),
      timeoutS: 10,
    });
    await once.done;
  };

  return {
    id: opts.id,
    pid: proc.pid,
    contact: `${opts.host}:${opts.sipPort}`,
    files: proc.files,
    done: proc.done,
    calls: () => phoneCalls(parseShortMessages(readIfExists(proc.files.messages)), parseScenarioLog(readIfExists(proc.files.log))),
    async stop(stopOpts = {}) {
      const exit = await proc.stop();
      if (stopOpts.unregister !== false) await unregister();
      return exit;
    },
  };
}

/**
 * The seed of each phone's draws: the run's seed plus the phone's index in lab.agents, so no two phones of a run
 * draw the same talk times (unseeded, every SIPp draws the same sequence, and agents who start together stay in
 * step: busy together, free together, which no model of independent agents foresees).
 */
export function agentPhoneSeed(runSeed: number, index: number): number {
  return (runSeed + index) % 2 ** 32;
}

/**
 * Starts a phone for every agent in lab.agents (or the ids given), all with the same behaviour, each on its own
 * ports of lab.agentsHost and with its own random draws (`seed`: the run's, random unless given). On a failure the
 * phones already started are stopped again.
 */
export async function startAgentPhones(
  config: Config,
  behaviour: AgentPhoneBehaviour,
  opts: { ids?: readonly string[]; dir?: string; seed?: number } = {},
): Promise<AgentPhone[]> {
  const runSeed = opts.seed ?? randomInt(2 ** 31);
  const agents = config.lab.agents
    .map((agent, index) => ({ agent, index }))
    .filter(({ agent }) => opts.ids === undefined || opts.ids.includes(agent.id));
  const phones: AgentPhone[] = [];
  try {
    for (const { agent, index } of agents) {
      phones.push(
        await startAgentPhone({
          id: agent.id,
          password: agent.password,
          registrar: config.lab.sip,
          host: config.lab.agentsHost,
          ...agentPorts(index),
          behaviour,
          rngSeed: agentPhoneSeed(runSeed, index),
          // A second lab instance's phones keep their own traces (calls() reads them).
          dir: join(opts.dir ?? join(config.lab.dir, 'sipp', ...(config.lab.instance === undefined ? [] : [config.lab.instance])), `agent-${agent.id}`),
        }),
      );
    }
  } catch (error) {
    await Promise.all(phones.map((p) => p.stop()));
    throw error;
  }
  return phones;
}
