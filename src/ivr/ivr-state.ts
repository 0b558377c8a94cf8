/** A call's place in its flow: plain JSON, so a runner can keep it anywhere and a test can build one by hand. */
import type { EndedIn, Lang } from './flow-schema.js';
import type { LoadedFlow } from './loaded-flow.js';

/** What follows a notice (a prompt played before moving on, e.g. the invalid prompt before a fallback). */
export type Continuation = { kind: 'goto'; target: string } | { kind: 'hangup'; endedIn: EndedIn };

/** Where a subflow returns to: the subflow node that called it. */
export interface Frame {
  scope: string;
  node: string;
}

export interface IvrState {
  /** The flow version the call started on; it finishes on it. */
  flowVersion: string;
  status: 'idle' | 'running' | 'ended';
  /** '' for the main flow, else the subflow's name. */
  scope: string;
  node: string;
  /** The node's own step, e.g. 'prompt' (playing), 'wait' (timer running), 'notice', 'recording'. */
  sub: string;
  then?: Continuation;
  retriesLeft: number;
  /** Keys gathered so far by a collect (or callback number entry). */
  digits: string;
  /** Counter for command ids, so that late events of an earlier play, timer or request are told apart. */
  seq: number;
  /** Id of the playback in progress. */
  playing?: string;
  /** Id of the timer running. */
  timer?: string;
  /** Id of the lookup or recording awaited. */
  pending?: string;
  vars: Record<string, string>;
  language: Lang;
  callerNumber: string;
  calledNumber: string;
  stack: Frame[];
  /** Keys the caller pressed in the IVR (silent-call and misdial classification). */
  keys: number;
  /** What the call ends as if the caller hangs up now: set by the path (after-hours, message, callback). */
  endHint?: EndedIn;
  endedIn?: EndedIn;
}

/** A call not yet started on `flow`; step it with a start event. */
export function initialState(flow: LoadedFlow): IvrState {
  return {
    flowVersion: flow.version,
    status: 'idle',
    scope: '',
    node: flow.flow.start,
    sub: 'idle',
    retriesLeft: 0,
    digits: '',
    seq: 0,
    vars: {},
    language: flow.flow.language,
    callerNumber: '',
    calledNumber: '',
    stack: [],
    keys: 0,
  };
}
