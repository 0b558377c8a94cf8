import { join } from 'node:path';
import type { Config } from '../../src/config/schema.js';
import { agentPorts, startAgentPhone, type AgentPhone } from '../../src/lab/sipp-agents.js';

/**
 * The SIPp phone of an agent created through the API, registering at the lab's SIP address (the edge, in this tier):
 * it answers at once and hangs up after `talkMs`. `slot` picks its ports past the config agents' phones; `dir` names
 * its trace folder under the lab's sipp folder.
 */
export function apiAgentPhone(config: Config, o: { id: string; password: string; slot: number; talkMs: number; dir: string }): Promise<AgentPhone> {
  return startAgentPhone({
    id: o.id,
    password: o.password,
    registrar: config.lab.sip,
    host: config.lab.agentsHost,
    ...agentPorts(config.lab.agents.length + o.slot),
    behaviour: { answer: { kind: 'after', ms: 0 }, talk: { kind: 'hangup-after', ms: o.talkMs } },
    dir: join(config.lab.dir, 'sipp', o.dir),
  });
}
