/**
 * Child-process entry for outbound staffing: the simulator can take many seconds of CPU, which the service's event
 * loop (live calls) must not give. Receives {params, target} over IPC, answers {ok, result} or {ok: false, error}.
 */
import { isHotlineError } from '../errors.js';
import type { SimParams } from '../sim/sim-params.js';
import { outboundAgents, type OutboundTarget } from './outbound-staffing.js';

process.once('message', (msg: { params: SimParams; target: OutboundTarget }) => {
  try {
    const result = outboundAgents(msg.params, msg.target);
    process.send!({ ok: true, result }, () => process.exit(0));
  } catch (err) {
    const error = isHotlineError(err) ? { code: err.code, message: err.message, key: err.key } : { code: 'INTERNAL', message: (err as Error).message };
    process.send!({ ok: false, error }, () => process.exit(0));
  }
});
