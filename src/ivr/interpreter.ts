/**
 * The pure IVR interpreter: step(state, event, now) → new state and commands. No I/O, no clock, no timers:
 * the runner carries out the commands and feeds back what happened as events.
 */
import { HotlineError } from '../errors.js';
import type { IvrCommand, IvrEvent, StepResult } from './commands.js';
import { initialState, type IvrState } from './ivr-state.js';
import type { LoadedFlow } from './loaded-flow.js';
import { nodeHandlers } from './node-handlers.js';
import { Run } from './run.js';

/** Whether an event answers something this state no longer waits for (a stopped playback, an old timer or lookup). */
function stale(s: IvrState, e: IvrEvent): boolean {
  switch (e.type) {
    case 'prompt-finished':
    case 'prompt-failed':
      return e.id !== s.playing;
    case 'timer':
      return e.id !== s.timer;
    case 'lookup-result':
    case 'lookup-failed':
    case 'recording-finished':
      return e.id !== s.pending;
    default:
      return false;
  }
}

/** What a call ends as when the caller hangs up where it is now. */
function callerLeft(run: Run): void {
  const s = run.s;
  const node = run.current();
  // The ACD and Asterisk keep what the caller left behind: a recording in progress is saved, a queued call is an abandon.
  const endedIn =
    node.type === 'queue' && s.sub === 'queue' ? 'queue-abandon' : node.type === 'record' && s.sub === 'recording' ? 'message' : (s.endHint ?? 'caller-hangup');
  run.log('caller hung up');
  delete s.playing;
  run.finish(endedIn, false);
}

/** Applies one event to a call's state at time `now` (epoch ms); never mutates `state`. */
export function step(flow: LoadedFlow, state: IvrState, event: IvrEvent, now: number): StepResult<IvrState> {
  if (state.flowVersion !== flow.version) {
    throw new HotlineError('FLOW_VERSION_MISMATCH', `call state is on flow version ${state.flowVersion}, asked to run on ${flow.version}`, {
      key: flow.name,
    });
  }
  const unchanged = (): StepResult<IvrState> => ({ state, commands: [] as IvrCommand[] });
  if (state.status === 'ended') return unchanged();
  if (state.status === 'idle' && event.type !== 'start') return unchanged();
  if (state.status === 'running' && (event.type === 'start' || stale(state, event))) return unchanged();

  const run = new Run(flow, structuredClone(state), now, nodeHandlers);
  const s = run.s;
  switch (event.type) {
    case 'start':
      Object.assign(s, { status: 'running', callerNumber: event.callerNumber, calledNumber: event.calledNumber });
      run.enter('', flow.flow.start);
      break;
    case 'hangup':
      callerLeft(run);
      break;
    default: {
      if (event.type === 'dtmf') s.keys += 1;
      if (event.type === 'timer') delete s.timer;
      if (event.type === 'lookup-result' || event.type === 'lookup-failed' || event.type === 'recording-finished') delete s.pending;
      const promptDone = event.type === 'prompt-finished' || event.type === 'prompt-failed';
      if (promptDone) delete s.playing;
      // A failed prompt is logged and treated as played: a missing sound must not strand the caller.
      if (event.type === 'prompt-failed') run.log('prompt failed');
      const e: IvrEvent = promptDone ? { type: 'prompt-finished', id: event.id } : event;
      if (s.sub === 'notice') {
        if (promptDone && s.then) run.carryOn(s.then);
      } else run.dispatch(e);
    }
  }
  return { state: s, commands: run.commands };
}

/** The interpreter bound to one flow version. */
export interface Interpreter {
  readonly flow: LoadedFlow;
  initialState(): IvrState;
  step(state: IvrState, event: IvrEvent, now: number): StepResult<IvrState>;
}

/** Binds step() to a flow, for runners that hold one interpreter per flow version. */
export function interpreterFor(flow: LoadedFlow): Interpreter {
  return { flow, initialState: () => initialState(flow), step: (state, event, now) => step(flow, state, event, now) };
}
