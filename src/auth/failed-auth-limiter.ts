/**
 * Failed authentications per client address in a sliding window: an address that failed `maxFailures` times
 * within `windowMs` is refused until its oldest failure in the window ages out. Time is an argument, so tests
 * move it by hand. Memory is bounded: the stalest addresses are dropped past `maxAddresses`.
 */
export class FailedAuthLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly maxFailures: number,
    private readonly windowMs: number,
    private readonly maxAddresses = 10_000,
  ) {}

  /** Milliseconds this address must wait before it may try again; 0 when it may try now. */
  blockedForMs(address: string, now: number): number {
    const list = this.recent(address, now);
    if (list.length < this.maxFailures) return 0;
    return list[list.length - this.maxFailures]! + this.windowMs - now;
  }

  /** Counts one failed authentication. */
  fail(address: string, now: number): void {
    const list = this.recent(address, now);
    list.push(now);
    // Only the newest maxFailures matter for the decision.
    if (list.length > this.maxFailures) list.splice(0, list.length - this.maxFailures);
    this.failures.delete(address);
    this.failures.set(address, list);
    if (this.failures.size > this.maxAddresses) this.failures.delete(this.failures.keys().next().value!);
  }

  private recent(address: string, now: number): number[] {
    const list = (this.failures.get(address) ?? []).filter((t) => t > now - this.windowMs);
    if (list.length === 0) this.failures.delete(address);
    return list;
  }
}
