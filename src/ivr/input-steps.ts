/**
 * The steps input nodes share (menu, collect, callbackOffer): play a prompt a key may interrupt, wait for keys with
 * the node's timeouts, and retry an invalid or missing input until the node's retries run out.
 */
import type { Media } from './commands.js';
import { addDigit, type DigitRules } from './digit-collector.js';
import type { Prompt } from './flow-schema.js';
import type { Run } from './run.js';

export interface Retryable {
  invalidPrompt?: Prompt;
  timeoutPrompt?: Prompt;
}

/**
 * An invalid or missing input: offer again (after the invalid or timeout prompt) while retries are left,
 * else play that prompt and go to the fallback.
 */
export function retry(run: Run, node: Retryable, kind: 'invalid' | 'timeout', again: (prefix: Media[]) => void, fallback: string, key?: string): void {
  const prefix = run.speak(kind === 'invalid' ? node.invalidPrompt : node.timeoutPrompt);
  run.log(kind, key);
  if (run.s.retriesLeft > 0) {
    run.s.retriesLeft -= 1;
    again(prefix);
    return;
  }
  run.log('exhausted');
  run.notice(prefix, { kind: 'goto', target: fallback });
}

/** Plays a prompt that a key may interrupt, or goes straight to waiting when there is nothing to play. */
export function offer(run: Run, media: Media[], sub: string, wait: () => void): void {
  if (run.play(media, true)) run.s.sub = sub;
  else wait();
}

/** Waits for the next key of an entry: the first-digit timeout before any key, the inter-digit one after. */
export function waitForDigit(run: Run, rules: { firstDigitTimeoutS: number; interDigitTimeoutS: number }, sub: string): void {
  run.s.sub = sub;
  run.startTimer(run.s.digits === '' ? rules.firstDigitTimeoutS : rules.interDigitTimeoutS);
}

/** A key while gathering digits: true when the entry is complete. */
export function takeDigit(run: Run, rules: DigitRules, key: string): boolean {
  const r = addDigit(rules, run.s.digits, key);
  run.s.digits = r.digits;
  return r.complete;
}
