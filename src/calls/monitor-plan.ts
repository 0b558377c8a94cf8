/**
 * What a supervisor's request does to a monitored call (issue 13): the ARI steps from the current mode to the next,
 * read off supervisorModes (snoop modes enter and leave by a snoop on the agent's leg, barge by the supervisor's leg
 * joining the conversation's bridge). Pure: the shell (call-supervision.ts) runs the steps in order.
 */
import { HotlineError } from '../errors.js';
import { supervisorModes, type SupervisorMode } from './supervision-policy.js';

export type MonitorRequest = { kind: 'start'; mode: SupervisorMode } | { kind: 'switch'; mode: SupervisorMode } | { kind: 'stop' };

export type MonitorStep =
  /** Ring the supervisor's phone; once answered it sits in a bridge of its own. */
  | { op: 'dial' }
  /** A snoop on the agent's leg, added to the supervisor's bridge. */
  | { op: 'snoop'; spy: 'both'; whisper: 'none' | 'out' }
  /** The current snoop hung up (it leaves the supervisor's bridge with it). */
  | { op: 'unsnoop' }
  /** The supervisor's leg moves from their own bridge into the conversation's: all three talk. */
  | { op: 'join-call' }
  /** Back from the conversation's bridge to their own. */
  | { op: 'leave-call' }
  /** The supervisor's leg hung up and their bridge destroyed. */
  | { op: 'hang-up' };

function enter(mode: SupervisorMode): MonitorStep[] {
  const m = supervisorModes[mode];
  return m.via === 'snoop' ? [{ op: 'snoop', spy: m.spy, whisper: m.whisper }] : [{ op: 'join-call' }];
}

function leave(mode: SupervisorMode): MonitorStep[] {
  return supervisorModes[mode].via === 'snoop' ? [{ op: 'unsnoop' }] : [{ op: 'leave-call' }];
}

/**
 * The steps for `req` when the call is monitored in `current` (null: not monitored). One supervisor per call: a
 * second start is MONITOR_ACTIVE; a switch or stop of an unmonitored call is MONITOR_NOT_ACTIVE; a switch to the mode
 * already on is no step at all.
 */
export function monitorSteps(current: SupervisorMode | null, req: MonitorRequest): MonitorStep[] | HotlineError {
  if (req.kind === 'start') {
    if (current !== null) return new HotlineError('MONITOR_ACTIVE', `the call is already monitored (${current})`, { details: { mode: current } });
    return [{ op: 'dial' }, ...enter(req.mode)];
  }
  if (current === null) return new HotlineError('MONITOR_NOT_ACTIVE', 'the call is not monitored', { details: { mode: null } });
  if (req.kind === 'stop') return [...(supervisorModes[current].via === 'snoop' ? leave(current) : []), { op: 'hang-up' }];
  if (req.mode === current) return [];
  return [...leave(current), ...enter(req.mode)];
}
