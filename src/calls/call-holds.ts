/**
 * Hold with music through ARI (issue 13): the customer leaves the conversation's bridge and hears music on hold, the
 * agent stays in it hearing nothing; resume stops the music and puts the customer back. The hold time is kept per
 * call (the customer's channel) and written on the call record when the call ends, where AHT counts it.
 */
import type { Logger } from 'pino';
import type { TelephonyPort } from '../ari/port.js';
import type { Clock } from '../clock.js';
import { HotlineError } from '../errors.js';
import type { LiveConversation } from '../recordings/call-recordings.js';
import { holdMsAt, holdStep, noHolds, type HoldLedger } from './hold-ledger.js';

export interface CallHoldsDeps {
  port: Pick<TelephonyPort, 'removeFromBridge' | 'addToBridge' | 'startMoh' | 'stopMoh'>;
  /** The conversation a customer or agent-leg channel is in. */
  conversation: (channelId: string) => LiveConversation | undefined;
  clock: Clock;
  log: Logger;
  /** musiconhold.conf class the customer hears (default: Asterisk's default class). */
  mohClass?: string;
}

/** What hold and resume answer. */
export interface HoldStatus {
  channelId: string;
  held: boolean;
  holdMs: number;
  holds: number;
}

export class CallHolds {
  private readonly ledgers = new Map<string, HoldLedger>();

  constructor(private readonly d: CallHoldsDeps) {}

  /** Puts the customer of the conversation `channelId` is in (customer or agent leg) on hold with music. */
  async hold(channelId: string): Promise<HoldStatus> {
    const c = this.bridged(channelId);
    const next = await this.apply(c.channelId, 'hold', async () => {
      await this.d.port.removeFromBridge(c.bridgeId, [c.channelId]);
      await this.d.port.startMoh(c.channelId, this.d.mohClass);
    });
    return this.status(c.channelId, next);
  }

  /** Stops the music and puts the customer back with the agent. */
  async resume(channelId: string): Promise<HoldStatus> {
    const c = this.bridged(channelId);
    const next = await this.apply(c.channelId, 'resume', async () => {
      await this.d.port.stopMoh(c.channelId).catch((err: unknown) => this.d.log.warn({ err, channelId: c.channelId }, 'stopping music on hold failed'));
      await this.d.port.addToBridge(c.bridgeId, [c.channelId]);
    });
    return this.status(c.channelId, next);
  }

  /** True while the customer is on hold (a transfer's consult leaves a caller the agent held on hold). */
  isHeld(customerChannelId: string): boolean {
    return (this.ledgers.get(customerChannelId)?.heldSince ?? null) !== null;
  }

  /** The call's hold time at its end; the ledger is dropped. */
  takeHoldMs(customerChannelId: string, endedAt: number): number {
    const l = this.ledgers.get(customerChannelId);
    this.ledgers.delete(customerChannelId);
    return l ? holdMsAt(l, endedAt) : 0;
  }

  private bridged(channelId: string): LiveConversation {
    const c = this.d.conversation(channelId);
    if (!c) throw new HotlineError('CALL_NOT_BRIDGED', `call ${channelId} is not talking to an agent`, { key: 'channelId', details: { channelId } });
    return c;
  }

  /** Steps the ledger before the ARI requests (a second request meanwhile is refused), back again if they fail. */
  private async apply(customer: string, event: 'hold' | 'resume', act: () => Promise<void>): Promise<HoldLedger> {
    const before = this.ledgers.get(customer) ?? noHolds;
    const next = holdStep(before, event, this.d.clock.now());
    if (next instanceof HotlineError) throw next;
    this.ledgers.set(customer, next);
    try {
      await act();
    } catch (err) {
      this.ledgers.set(customer, before);
      throw err;
    }
    return next;
  }

  private status(channelId: string, l: HoldLedger): HoldStatus {
    return { channelId, held: l.heldSince !== null, holdMs: holdMsAt(l, this.d.clock.now()), holds: l.holds };
  }
}
