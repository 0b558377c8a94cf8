/**
 * The callbackOffer node: offers to call the caller back on the number they call from (keep key), or on another one
 * they key in (other key), and creates the callback; a caller whose number cannot be called back is asked for one.
 */
import { callbackNumberAllowed } from '../dialer/callback-number.js';
import type { Media } from './commands.js';
import { digitsAcceptable } from './digit-collector.js';
import type { NodeOf } from './flow-schema.js';
import { offer, retry, takeDigit, waitForDigit } from './input-steps.js';
import type { NodeHandlers, Run } from './run.js';

type CallbackNode = NodeOf<'callbackOffer'>;

function offerCallback(run: Run, node: CallbackNode, prefix: Media[]): void {
  offer(run, [...prefix, ...run.speak(node.prompt)], 'offer', () => waitForChoice(run, node));
}

function waitForChoice(run: Run, node: CallbackNode): void {
  run.s.sub = 'offer-wait';
  run.startTimer(node.timeoutS);
}

function askNumber(run: Run, node: CallbackNode, prefix: Media[]): void {
  run.s.digits = '';
  offer(run, [...prefix, ...run.speak(node.numberPrompt)], 'number', () => waitForDigit(run, node, 'number-wait'));
}

function createCallback(run: Run, node: CallbackNode, number: string): void {
  run.s.sub = 'creating';
  // The callback will exist even if the caller hangs up before it is confirmed.
  run.s.endHint = 'callback';
  run.emit({ type: 'createCallback', number, reason: run.value(node.reason) });
}

// A keyed number must also be one the dialer may call: a national mobile or fixed line, never 00…, 400/800 or premium
// (a caller could otherwise have the dialer ring a victim or a number that pays them).
function numberEntered(run: Run, node: CallbackNode): void {
  if (digitsAcceptable(node, run.s.digits) && callbackNumberAllowed(run.s.digits)) createCallback(run, node, run.s.digits);
  else retry(run, node, 'invalid', (p) => askNumber(run, node, p), node.onFail);
}

// The caller ID is the caller's to set: it gets the same rule as a keyed number.
const callbackable = (n: string, minLength: number): boolean => /^\+?[0-9]+$/.test(n) && n.replace('+', '').length >= minLength && callbackNumberAllowed(n);

export const callbackOfferHandler: NodeHandlers['callbackOffer'] = {
  enter: (run, node) => {
    run.s.retriesLeft = node.retries;
    if (callbackable(run.s.callerNumber, node.minLength)) offerCallback(run, node, []);
    else askNumber(run, node, []);
  },
  on: (run, node, e) => {
    const sub = run.s.sub;
    if (e.type === 'prompt-finished') {
      if (sub === 'offer') waitForChoice(run, node);
      else if (sub === 'number') waitForDigit(run, node, 'number-wait');
    } else if (e.type === 'timer') {
      if (sub === 'offer-wait') retry(run, node, 'timeout', (p) => offerCallback(run, node, p), node.onFail);
      else if (run.s.digits === '') retry(run, node, 'timeout', (p) => askNumber(run, node, p), node.onFail);
      else numberEntered(run, node);
    } else if (e.type === 'dtmf' && sub !== 'creating') {
      run.stopPlaying();
      run.cancelTimer();
      if (sub === 'number' || sub === 'number-wait') {
        if (takeDigit(run, node, e.digit)) numberEntered(run, node);
        else waitForDigit(run, node, 'number-wait');
      } else if (e.digit === node.keepKey) {
        run.log('keep number', e.digit);
        createCallback(run, node, run.s.callerNumber);
      } else if (e.digit === node.otherKey) {
        run.log('other number', e.digit);
        askNumber(run, node, []);
      } else if (e.digit === node.declineKey && node.onDecline !== undefined) {
        run.log('declined', e.digit);
        run.goto(node.onDecline);
      } else retry(run, node, 'invalid', (p) => offerCallback(run, node, p), node.onFail, e.digit);
    } else if (e.type === 'callback-created' && sub === 'creating') {
      run.log('callback created');
      run.notice(run.speak(node.donePrompt), { kind: 'goto', target: node.next });
    } else if (e.type === 'callback-failed' && sub === 'creating') {
      delete run.s.endHint;
      run.log('callback failed');
      run.goto(node.onFail);
    }
  },
};
