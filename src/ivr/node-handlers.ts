/** What each node type does: on entry, and with the events that reach it while it is the call's current node. */
import { defined } from '../defined.js';
import { callbackOfferHandler } from './callback-offer-node.js';
import type { Media } from './commands.js';
import { whenHolds } from './conditions.js';
import { digitsAcceptable } from './digit-collector.js';
import type { NodeOf } from './flow-schema.js';
import { offer, retry, takeDigit, waitForDigit } from './input-steps.js';
import type { NodeHandlers, Run } from './run.js';
import { sayMedia } from './say.js';
import { scheduleState } from './schedule.js';

const ignore = (): void => {};

/** Nodes that play something and move on when it ends. */
function playThenNext(run: Run, media: Media[], next: string): void {
  if (run.play(media, false)) run.s.sub = 'prompt';
  else run.goto(next);
}

function lookupPath(data: unknown, path: string): string | undefined {
  let v: unknown = data;
  for (const part of path.split('.')) {
    if (typeof v !== 'object' || v === null) return undefined;
    v = (v as Record<string, unknown>)[part];
  }
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;
}

// --- menu -------------------------------------------------------------------------------------------------------

function presentMenu(run: Run, node: NodeOf<'menu'>, prefix: Media[]): void {
  offer(run, [...prefix, ...run.speak(node.prompt)], 'prompt', () => waitForKey(run, node));
}

function waitForKey(run: Run, node: NodeOf<'menu'>): void {
  run.s.sub = 'wait';
  run.startTimer(node.timeoutS);
}

// --- collect ----------------------------------------------------------------------------------------------------

function askDigits(run: Run, node: NodeOf<'collect'>, prefix: Media[]): void {
  run.s.digits = '';
  offer(run, [...prefix, ...run.speak(node.prompt)], 'prompt', () => waitForDigit(run, node, 'wait'));
}

function collected(run: Run, node: NodeOf<'collect'>): void {
  if (!digitsAcceptable(node, run.s.digits)) {
    retry(run, node, 'invalid', (p) => askDigits(run, node, p), node.onFail);
    return;
  }
  run.s.vars[node.into] = run.s.digits;
  // The digits themselves stay out of the path: they may be account or phone numbers.
  run.log(`collected ${run.s.digits.length} digits`);
  run.goto(node.next);
}

// --- the table --------------------------------------------------------------------------------------------------

export const nodeHandlers: NodeHandlers = {
  prompt: {
    enter: (run, node) => playThenNext(run, run.speak(node.prompt), node.next),
    on: (run, node, e) => {
      if (e.type === 'prompt-finished') run.goto(node.next);
    },
  },

  say: {
    enter: (run, node) => {
      const value = node.var !== undefined ? (run.vars()[node.var] ?? '') : (node.value ?? '');
      const media = sayMedia(node.as, value, run.s.language, run.flow.flow.timezone);
      if (media.length === 0) run.log('nothing to say');
      playThenNext(run, media, node.next);
    },
    on: (run, node, e) => {
      if (e.type === 'prompt-finished') run.goto(node.next);
    },
  },

  menu: {
    enter: (run, node) => {
      run.s.retriesLeft = node.retries;
      presentMenu(run, node, []);
    },
    on: (run, node, e) => {
      if (e.type === 'prompt-finished') waitForKey(run, node);
      else if (e.type === 'timer') retry(run, node, 'timeout', (p) => presentMenu(run, node, p), node.onExhausted);
      else if (e.type === 'dtmf') {
        run.stopPlaying();
        run.cancelTimer();
        const target = node.options[e.digit];
        if (target === undefined) retry(run, node, 'invalid', (p) => presentMenu(run, node, p), node.onExhausted, e.digit);
        else {
          run.log('chosen', e.digit);
          run.goto(target);
        }
      }
    },
  },

  collect: {
    enter: (run, node) => {
      run.s.retriesLeft = node.retries;
      askDigits(run, node, []);
    },
    on: (run, node, e) => {
      if (e.type === 'prompt-finished') waitForDigit(run, node, 'wait');
      else if (e.type === 'timer') {
        if (run.s.digits === '') retry(run, node, 'timeout', (p) => askDigits(run, node, p), node.onFail);
        else collected(run, node);
      } else if (e.type === 'dtmf') {
        run.stopPlaying();
        run.cancelTimer();
        if (takeDigit(run, node, e.digit)) collected(run, node);
        else waitForDigit(run, node, 'wait');
      }
    },
  },

  lookup: {
    enter: (run, node) => {
      const id = run.nextId('l');
      const params = Object.fromEntries(Object.entries(node.params).map(([k, v]) => [k, run.value(v)]));
      run.emit({ type: 'lookup', id, url: node.url, params, timeoutMs: node.timeoutMs });
      run.s.pending = id;
      run.s.sub = 'lookup';
      // Our own timer as well as the runner's: the call moves on at timeoutMs whatever the HTTP client does.
      run.startTimer(node.timeoutMs / 1000);
    },
    on: (run, node, e) => {
      if (e.type === 'lookup-result' && e.ok) {
        for (const [name, path] of Object.entries(node.into)) {
          const v = lookupPath(e.data, path);
          if (v === undefined) delete run.s.vars[name];
          else run.s.vars[name] = v;
        }
        run.log('found');
        run.goto(node.next);
      } else if (e.type === 'lookup-result') {
        run.log('not found');
        run.goto(node.onNotFound ?? node.onError);
      } else if (e.type === 'lookup-failed' || e.type === 'timer') {
        run.log(e.type === 'timer' ? 'timed out' : 'failed');
        run.goto(node.onError);
      }
    },
  },

  branch: {
    enter: (run, node) => {
      const vars = run.vars();
      const hit = node.cases.findIndex((c) => whenHolds(c.when, vars, run.flow.lists));
      run.log(hit === -1 ? 'default' : `case ${hit}`);
      run.goto(hit === -1 ? node.default : node.cases[hit]!.goto);
    },
    on: ignore,
  },

  schedule: {
    enter: (run, node) => {
      const state = scheduleState(node, run.now, node.timezone ?? run.flow.flow.timezone);
      run.log(state);
      if (state !== 'open') run.s.endHint = 'after-hours';
      run.goto(state === 'open' ? node.open : state === 'holiday' ? (node.holiday ?? node.closed) : node.closed);
    },
    on: ignore,
  },

  queue: {
    enter: (run, node) => {
      run.s.sub = 'queue';
      run.emit({ type: 'enqueue', group: node.group, priority: node.priority });
    },
    on: (run, node, e) => {
      if (e.type !== 'queue-result') return;
      run.log(e.outcome);
      if (e.outcome === 'answered') run.finish('agent', false);
      else if (e.outcome === 'abandoned') run.finish('queue-abandon', false);
      else if (e.outcome === 'callback') run.finish('callback', true);
      else if (node.next !== undefined) run.goto(node.next);
      else run.finish('queue-overflow', true);
    },
  },

  callbackOffer: callbackOfferHandler,

  record: {
    enter: (run, node) => {
      if (run.play(run.speak(node.prompt), false)) run.s.sub = 'prompt';
      else startRecording(run, node);
    },
    on: (run, node, e) => {
      if (e.type === 'prompt-finished') startRecording(run, node);
      else if (e.type === 'recording-finished') {
        run.s.vars[node.into] = e.name;
        run.s.endHint = 'message';
        run.log(`recorded ${Math.round(e.durationS)} s`);
        run.goto(node.next);
      }
    },
  },

  transfer: {
    enter: (run, node) => {
      const number = run.value(node.number);
      if (!/^\+?[0-9]{3,20}$/.test(number)) {
        run.log('no number to transfer to');
        run.finish('failed', true);
        return;
      }
      run.emit({ type: 'transfer', number });
      run.finish('transfer', false);
    },
    on: ignore,
  },

  set: {
    enter: (run, node) => {
      const values = Object.entries(node.vars).map(([k, v]) => [k, run.value(v)] as const);
      for (const [k, v] of values) run.s.vars[k] = v;
      if (node.language !== undefined) run.s.language = node.language;
      run.goto(node.next);
    },
    on: ignore,
  },

  goto: { enter: (run, node) => run.goto(node.target), on: ignore },

  hangup: {
    enter: (run, node) => run.notice(run.speak(node.prompt), { kind: 'hangup', endedIn: node.endedIn ?? run.s.endHint ?? 'hangup' }),
    on: ignore,
  },

  subflow: { enter: (run, node) => run.callSubflow(node.flow), on: ignore },

  return: { enter: (run) => run.returnFromSubflow(), on: ignore },
};

function startRecording(run: Run, node: NodeOf<'record'>): void {
  const id = run.nextId('r');
  run.s.pending = id;
  run.s.sub = 'recording';
  run.emit({
    type: 'record',
    id,
    maxS: node.maxS,
    ...defined({ maxSilenceS: node.maxSilenceS }),
    beep: node.beep,
    terminateOn: node.terminator,
  });
}
