/**
 * Reconnect delay with "full jitter": a random delay between 0 and the capped exponential step,
 * so many services restarting together do not hit Asterisk in lockstep.
 */
export function reconnectDelay(attempt: number, opts: { initialMs: number; maxMs: number }, random: () => number): number {
  const step = Math.min(opts.maxMs, opts.initialMs * 2 ** Math.max(0, attempt));
  // Never zero: a floor of initialMs/2 keeps a flapping socket from spinning.
  return Math.round(opts.initialMs / 2 + random() * Math.max(0, step - opts.initialMs / 2));
}
