/**
 * What a supervisor's request does to a monitored call (issue 13): the ARI steps from the current mode to the next,
 * read off supervisorModes. Listen and whisper share one snoop and differ only by the supervisor's leg being muted, so
 * a switch between them is a mute or an unmute; the snoop is made when a monitor enters them (start, or back from
 * barge) and hung up once when it leaves them (barge, stop). Pure: the shell (call-supervision.ts) runs the steps in
 * order.
 */
import { HotlineError } from '../errors.js';
import { monitorSnoop, supervisorModes, type SupervisorMode } from './supervision-policy.js';

export type MonitorRequest = { kind: 'start'; mode: SupervisorMode } | { kind: 'switch'; mode: SupervisorMode } | { kind: 'stop' };

export type MonitorStep =
  /** Ring the supervisor's phone; once answered it sits, unmuted, in a bridge of its own. */
  | { op: 'dial' }
  /** The monitor's snoop on the agent's leg, added to the supervisor's bridge. */
  | { op: 'snoop'; spy: typeof monitorSnoop.spy; whisper: typeof monitorSnoop.whisper }
  /** The snoop hung up (it leaves the supervisor's bridge with it). */
  | { op: 'unsnoop' }
  /** What the supervisor's phone sends is dropped (mute direction in), or let through again. */
  | { op: 'mute' }
  | { op: 'unmute' }
  /** The supervisor's leg moves from their own bridge into the conversation's: all three talk. */
  | { op: 'join-call' }
  /** Back from the conversation's bridge to their own. */
  | { op: 'leave-call' }
  /** The supervisor's leg hung up and their bridge destroyed. */
  | { op: 'hang-up' };

const snoopStep: MonitorStep = { op: 'snoop', ...monitorSnoop };

/**
 * From `from` (null: a phone just answered, unmuted, in its own bridge) to `to`. A mute comes first, so the supervisor
 * is never heard a moment longer than asked; an unmute comes only once the old way is left.
 */
function transition(from: SupervisorMode | null, to: SupervisorMode): MonitorStep[] {
  const a = from === null ? null : supervisorModes[from];
  const b = supervisorModes[to];
  const mutedBefore = a?.muted ?? false;
  const steps: MonitorStep[] = [];
  if (b.muted && !mutedBefore) steps.push({ op: 'mute' });
  if (a && a.via !== b.via) steps.push(a.via === 'snoop' ? { op: 'unsnoop' } : { op: 'leave-call' });
  if (!b.muted && mutedBefore) steps.push({ op: 'unmute' });
  if (!a || a.via !== b.via) steps.push(b.via === 'snoop' ? snoopStep : { op: 'join-call' });
  return steps;
}

/**
 * The steps for `req` when the call is monitored in `current` (null: not monitored). One supervisor per call: a
 * second start is MONITOR_ACTIVE; a switch or stop of an unmonitored call is MONITOR_NOT_ACTIVE; a switch to the mode
 * already on is no step at all.
 */
export function monitorSteps(current: SupervisorMode | null, req: MonitorRequest): MonitorStep[] | HotlineError {
  if (req.kind === 'start') {
    if (current !== null) return new HotlineError('MONITOR_ACTIVE', `the call is already monitored (${current})`, { details: { mode: current } });
    return [{ op: 'dial' }, ...transition(null, req.mode)];
  }
  if (current === null) return new HotlineError('MONITOR_NOT_ACTIVE', 'the call is not monitored', { details: { mode: null } });
  if (req.kind === 'stop') return [...(supervisorModes[current].via === 'snoop' ? [{ op: 'unsnoop' } as const] : []), { op: 'hang-up' }];
  if (req.mode === current) return [];
  return transition(current, req.mode);
}
