import type { Logger } from 'pino';
import type { IvrStep } from '../store/calls-repo.js';
import type { CallOutcome } from './outcome.js';

/** What hotline holds in memory about a call while it lasts. */
export interface LiveCall {
  channelId: string;
  direction: 'inbound' | 'outbound';
  startedAt: number;
  answeredAt: number | null;
  amd: boolean;
  amdStatus?: string;
  faxTones?: number;
  /** Set when hotline asked for the hang-up, so the far end is not blamed. */
  hangupRequested: boolean;
  /** An IVR flow writes this call's path itself; the recorder then keeps only the digits. */
  flowPath?: boolean;
  /** Set once a handler (IVR, dialer) has taken the call, so a repeated event never starts a second one. */
  handlerStarted?: boolean;
  /** True until originate() has answered: reconciliation must not judge a leg Asterisk may not list yet. */
  originating?: boolean;
  /** Cause from the last hang-up request, for when the destroy event cannot come. */
  lastCause?: number;
  /** What the hang-up requests said about the SIP side (see sip-final-code.ts). */
  sip?: { farEndCode: number | null; endedByUs: boolean };
  /** What a carrier announcement heard on the leg made of it (issue 11); the recorder writes it over the cause's outcome. */
  announced?: CallOutcome;
  /** The Asterisk node carrying the leg, once the recorder has written it to the row. */
  node?: string;
  digits: string;
  path: IvrStep[];
  log: Logger;
  /** Stops the call's own listeners; called when the call ends. */
  cleanup: Array<() => void>;
}

/** The one registry of live calls, keyed by channel id; entries leave on hang-up. */
export class LiveCalls {
  private readonly calls = new Map<string, LiveCall>();

  get(channelId: string): LiveCall | undefined {
    return this.calls.get(channelId);
  }

  add(call: LiveCall): void {
    this.calls.set(call.channelId, call);
  }

  /** Removes the call and runs its clean-up functions. */
  remove(channelId: string): LiveCall | undefined {
    const call = this.calls.get(channelId);
    if (!call) return undefined;
    this.calls.delete(channelId);
    for (const fn of call.cleanup.splice(0)) fn();
    return call;
  }

  get size(): number {
    return this.calls.size;
  }

  ids(): string[] {
    return [...this.calls.keys()];
  }

  /** Ids of calls whose originate request is still in flight. */
  originatingIds(): Set<string> {
    return new Set([...this.calls.values()].filter((c) => c.originating).map((c) => c.channelId));
  }
}
