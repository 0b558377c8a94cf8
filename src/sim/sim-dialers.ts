import { emptyWindow, recordLiveAnswer, type AbandonWindow } from '../dialer/pacing/abandon-window.js';
import { initialStats, learn, type DialStats } from '../dialer/pacing/dial-stats.js';
import type { DialResult } from '../dialer/pacing/outcome-tally.js';
import { capLaunches, pace, ratioLaunches, type PaceConfig } from '../dialer/pacing/pace.js';
import type { PacingState } from '../dialer/pacing/pacing-state.js';
import { erlangDialRate } from './erlang-reference.js';
import { answerRateAt, type SimParams } from './sim-params.js';
import { adaptDials, adaptSample, defaultAdaptSettings, initialAdapt, type AdaptState } from './vicidial-adapt.js';

/**
 * The dialers the simulator compares. Each is a small imperative shell around pure decisions, made fresh for each
 * replication: hotline's own `pace` (progressive and predictive), a fixed ratio, VICIdial's ADAPT_HARD_LIMIT and the
 * open-loop Erlang reference.
 */
export type AlgorithmSpec =
  | { readonly kind: 'progressive' }
  | { readonly kind: 'ratio'; readonly ratio: number }
  | { readonly kind: 'vicidial' }
  | { readonly kind: 'erlang' }
  | { readonly kind: 'hotline' };

/** What a dialer sees at a tick. */
export interface SimView {
  /** Ms since the start of the run. */
  readonly now: number;
  readonly ready: number;
  readonly onCall: number;
  readonly wrapping: number;
  readonly paused: number;
  readonly ringing: number;
  readonly waiting: number;
  /** The full pacing state (built on demand: only hotline needs the timings). */
  state(): PacingState;
}

/** What happened, for the dialers that learn or count. */
export type SimNews =
  | { readonly type: 'dial-ended'; readonly result: DialResult; readonly seconds: number; readonly hour: number; readonly now: number }
  | { readonly type: 'live'; readonly abandoned: boolean; readonly now: number }
  | { readonly type: 'talk'; readonly seconds: number; readonly now: number }
  | { readonly type: 'wrap'; readonly seconds: number; readonly now: number }
  | { readonly type: 'dialed'; readonly count: number; readonly now: number };

export interface SimDialer {
  /** Calls to launch now, within the caps in the state. */
  decide(view: SimView): number;
  hear(news: SimNews): void;
}

/** The name an algorithm is reported under. */
export function algorithmName(spec: AlgorithmSpec): string {
  switch (spec.kind) {
    case 'progressive':
      return 'progressive';
    case 'ratio':
      return `ratio ${spec.ratio.toFixed(2)}`;
    case 'vicidial':
      return 'vicidial-adapt-hard-limit';
    case 'erlang':
      return 'erlang-open-loop';
    case 'hotline':
      return 'hotline-predictive';
  }
}

const capped = (wanted: number, v: SimView) => capLaunches(wanted, v.state()).launch;

/** A fresh dialer of this kind for one replication. */
export function makeDialer(spec: AlgorithmSpec, p: SimParams): SimDialer {
  switch (spec.kind) {
    case 'progressive': {
      const config: PaceConfig = { mode: 'progressive', pacing: p.pacing, abandonAfterMs: p.patienceS * 1000 };
      const stats = initialStats(p.pacing, 0);
      const window = emptyWindow(p.pacing.complianceWindow);
      // pace() would say 0 whenever every ready agent has a call coming; skip building the state then.
      return { decide: (v) => (v.ready > v.ringing + v.waiting ? pace(v.state(), stats, window, config, v.now).launch : 0), hear: () => undefined };
    }
    case 'ratio':
      return { decide: (v) => capped(ratioLaunches(v.state(), spec.ratio), v), hear: () => undefined };
    case 'erlang':
      return erlangDialer(p);
    case 'vicidial':
      return vicidialDialer();
    case 'hotline':
      return hotlineDialer(p);
  }
}

function hotlineDialer(p: SimParams): SimDialer {
  const config: PaceConfig = { mode: 'predictive', pacing: p.pacing, abandonAfterMs: p.patienceS * 1000 };
  let stats: DialStats = initialStats(p.pacing, 0);
  let window: AbandonWindow = emptyWindow(p.pacing.complianceWindow);
  return {
    decide(v) {
      // Nothing can change the answer when no agent works and nothing is out: skip building the state.
      if (v.ready + v.onCall + v.wrapping === 0) return 0;
      return pace(v.state(), stats, window, config, v.now).launch;
    },
    hear(n) {
      if (n.type === 'dial-ended') stats = learn(stats, { type: 'dial', result: n.result, seconds: n.seconds, hour: n.hour }, n.now, p.pacing);
      else if (n.type === 'talk') stats = learn(stats, { type: 'talk', seconds: n.seconds }, n.now, p.pacing);
      else if (n.type === 'wrap') stats = learn(stats, { type: 'wrap', seconds: n.seconds }, n.now, p.pacing);
      else if (n.type === 'live') {
        window = recordLiveAnswer(window, n.abandoned, n.now);
        if (n.abandoned) stats = learn(stats, { type: 'abandon' }, n.now, p.pacing);
      }
    },
  };
}

function erlangDialer(p: SimParams): SimDialer {
  let credit = 0;
  let last = 0;
  return {
    decide(v) {
      const working = v.ready + v.onCall + v.wrapping;
      const rate = erlangDialRate(working, answerRateAt(p, v.now / 3_600_000), p.talkMeanS + p.wrapS, p.patienceS, p.pacing.abandonTarget);
      credit += (rate * (v.now - last)) / 1000;
      last = v.now;
      const want = Math.floor(credit);
      const n = capped(want, v);
      credit -= n;
      // Open loop: dials the caps refused are not owed later.
      if (n < want) credit = Math.min(credit, 1);
      return n;
    },
    hear: () => undefined,
  };
}

function vicidialDialer(): SimDialer {
  let adapt: AdaptState = initialAdapt();
  let lastSample = -Infinity;
  let callsToday = 0;
  let answersToday = 0;
  let dropsToday = 0;
  // Times of the last minute's dials and drops.
  const recentCalls: number[] = [];
  const recentDrops: number[] = [];
  const trim = (xs: number[], now: number) => {
    while (xs.length > 0 && xs[0]! <= now - 60_000) xs.shift();
  };
  return {
    decide(v) {
      if (v.now - lastSample >= 1000) {
        lastSample = v.now;
        trim(recentCalls, v.now);
        trim(recentDrops, v.now);
        adapt = adaptSample(
          adapt,
          { ready: v.ready, waiting: v.waiting, agents: v.ready + v.onCall + v.wrapping + v.paused },
          { callsToday, answersToday, dropsToday, callsLastMinute: recentCalls.length, dropsLastMinute: recentDrops.length },
          defaultAdaptSettings,
        );
      }
      return capped(adaptDials(adapt.level, v.ready + v.onCall, v.ringing + v.waiting + v.onCall), v);
    },
    hear(n) {
      if (n.type === 'dialed') {
        callsToday += n.count;
        for (let i = 0; i < n.count; i++) recentCalls.push(n.now);
      } else if (n.type === 'live') {
        answersToday += 1;
        if (n.abandoned) {
          dropsToday += 1;
          recentDrops.push(n.now);
        }
      }
    },
  };
}
