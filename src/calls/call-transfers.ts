/**
 * Transfers and the three-way conference through ARI (issue 13 item 3), on the conversation's own bridge: the caller
 * is held with music (the hold ledger counts it), the target's leg is dialled and joins the agent in the bridge; then
 * the agent leaves (complete; a blind transfer completes on the answer), the target leaves (cancel), or the caller
 * comes back in with both (conference). A target that does not answer puts the caller back with the agent, so no
 * caller is lost to a transfer. A transfer to a skill group puts the caller back in the queue with their wait kept.
 * The moves are transfer-machine.ts's; each transfer is a call_transfers row.
 */
import { randomUUID } from 'node:crypto';
import { dialString } from '../dialer/dial-string.js';
import { HotlineError, isHotlineError } from '../errors.js';
import type { LiveConversation } from '../recordings/call-recordings.js';
import type { TransferOutcome } from '../store/transfers-repo.js';
import type { CallTransfersDeps, TransferStatus } from './call-transfers-deps.js';
import { transferStep, type TransferState } from './transfer-machine.js';
import { checkTransferTarget, type CheckedTarget, type TransferTarget } from './transfer-target.js';

export type { CallTransfersDeps, HandedOver, TransferStatus } from './call-transfers-deps.js';

interface Active {
  id: number;
  state: TransferState;
  conv: LiveConversation;
  legId: string;
  /** The target when it is an agent: the call becomes theirs on the hand-over. */
  toAgent: string | null;
  /** The new agent transferred the caller on: their leg leaving no longer ends the call. */
  handedOn?: boolean;
  /** The caller was on hold before the transfer: a cancel leaves them on hold. */
  wasHeld: boolean;
  heldAt: number;
  holdMs: number;
  cancelled: boolean;
  callerGone: boolean;
  stops: Array<() => void>;
  /** The target's leg rings: its answer or end settles onRing. */
  ringing: boolean;
  /** The transferred call is ending: one side's end hangs the other up once. */
  ending?: boolean;
  onRing?: (r: { ok: true; at: number } | { ok: false; cause: number }) => void;
}

const ignoreGone = (err: unknown) => {
  if (!isHotlineError(err, 'CHANNEL_GONE') && !isHotlineError(err, 'BRIDGE_GONE')) throw err;
};

export class CallTransfers {
  /** Transfers under way, by the customer's channel. */
  private readonly active = new Map<string, Active>();

  constructor(private readonly d: CallTransfersDeps) {}

  /** Starts a blind transfer or a consult; resolves once the target answered (a blind one is then complete). */
  async transfer(channelId: string, target: TransferTarget, mode: 'blind' | 'consult', by: string): Promise<TransferStatus> {
    const conv = this.bridged(channelId);
    const running = this.active.get(conv.channelId);
    if (running) throw this.refuse(running.state, mode);
    const t = checkTransferTarget(target, { ...this.d.facts, fromAgent: conv.agentId, onDnc: (n) => this.d.onDnc(n, conv.channelId) });
    if (t instanceof HotlineError) throw t;
    if (!conv.handOff) throw new HotlineError('TRANSFER_REFUSED', 'this call cannot be transferred', { details: { reason: 'not-transferable' } });
    if (t.kind === 'group') {
      if (mode === 'consult') throw new HotlineError('TRANSFER_REFUSED', 'a skill group cannot be consulted: transfer blind', { key: 'mode', details: { reason: 'group-consult' } });
      return this.toGroup(conv, t.groupId, by);
    }
    const state = transferStep('talking', mode) as TransferState;
    const legId = `xfer-${randomUUID()}`;
    const now = this.d.clock.now();
    const to = t.kind === 'agent' ? t.agentId : t.e164;
    const id = this.d.transfers.add({ channelId: conv.channelId, kind: mode === 'blind' ? 'blind' : 'attended', targetKind: t.kind, target: to, fromAgent: conv.agentId, requestedBy: by, legId, requestedAt: now });
    const a: Active = { id, state, conv, legId, toAgent: t.kind === 'agent' ? t.agentId : null, wasHeld: this.d.holds.isHeld(conv.channelId), heldAt: now, holdMs: 0, cancelled: false, callerGone: false, stops: [], ringing: true };
    if (t.kind === 'agent') a.stops.push(this.d.reserve(t.agentId));
    this.active.set(conv.channelId, a);
    try {
      if (!a.wasHeld) await this.d.holds.hold(conv.channelId);
    } catch (err) {
      this.close(a, 'failed');
      throw err;
    }
    const r = await this.ring(a, t);
    if (!r.ok) {
      await this.backToCaller(a, a.callerGone ? 'caller-gone' : a.cancelled ? 'cancelled' : 'not-answered');
      throw new HotlineError('TRANSFER_NOT_ANSWERED', a.cancelled ? 'the transfer was cancelled before the target answered' : 'the transfer target did not answer', {
        details: { transferId: id, cause: r.cause, cancelled: a.cancelled },
      });
    }
    a.state = transferStep(a.state, 'answered') as TransferState;
    this.d.transfers.answered(id, r.at);
    await this.d.port.addToBridge(conv.bridgeId, [legId]);
    if (a.state === 'transferred') await this.handOver(a);
    return this.status(a);
  }

  /** The consulted target takes the caller (or the agent leaves a conference): the agent's leg ends. */
  async complete(channelId: string): Promise<TransferStatus> {
    const a = this.step(channelId, 'complete');
    await this.handOver(a);
    return this.status(a);
  }

  /** Back to the caller: the target's leg ends (ringing or consulted); a caller held before the transfer stays held. */
  async cancel(channelId: string): Promise<TransferStatus> {
    const a = this.step(channelId, 'cancel');
    const ringing = a.ringing;
    a.cancelled = true;
    this.d.recorder.markHangupByUs(a.legId);
    // While it rings the transfer() awaiting the answer hears the hang-up and puts the caller back.
    if (ringing) {
      await this.d.port.hangup(a.legId).catch(ignoreGone);
      return { ...this.status(a), state: 'talking' };
    }
    this.active.delete(a.conv.channelId);
    await this.d.port.hangup(a.legId).catch(ignoreGone);
    await this.backToCaller(a, 'cancelled');
    return this.status(a);
  }

  /** Caller, agent and the consulted target in one bridge. */
  async conference(channelId: string): Promise<TransferStatus> {
    const a = this.step(channelId, 'conference');
    await this.d.holds.resume(a.conv.channelId);
    a.holdMs = this.d.clock.now() - a.heldAt;
    this.d.transfers.ended(a.id, 'conference', this.d.clock.now(), a.holdMs);
    return this.status(a);
  }

  /** The transfer under way on a call, if any. */
  current(channelId: string): TransferStatus | undefined {
    return this.find(channelId) && this.status(this.find(channelId)!);
  }

  /** Dials the target; resolves with its answer or its end before one. */
  private ring(a: Active, t: Exclude<CheckedTarget, { kind: 'group' }>): Promise<{ ok: true; at: number } | { ok: false; cause: number }> {
    const endpoint = t.kind === 'agent' ? this.d.dialStringOf(t.agentId) : `PJSIP/${dialString(t.e164)}@${this.d.trunk}`;
    this.d.recorder.beginOutbound(a.legId, t.kind === 'agent' ? t.agentId : t.e164, { amd: false, callerId: this.d.callerId });
    const answer = new Promise<{ ok: true; at: number } | { ok: false; cause: number }>((res) => (a.onRing = res));
    a.stops.push(
      this.d.port.watchChannel(a.legId, (e) => {
        if (e.type === 'answered' && a.ringing) this.rang(a, { ok: true, at: e.at });
        else if (e.type === 'hung-up') {
          if (a.ringing) this.rang(a, { ok: false, cause: e.cause });
          else void this.targetGone(a).catch((err: unknown) => this.d.log.warn({ err }, 'transfer: target gone clean-up failed'));
        }
      }),
      this.d.port.watchChannel(a.conv.channelId, (e) => {
        if (e.type === 'hung-up') this.callerGone(a);
      }),
    );
    this.d.port
      .originate({ channelId: a.legId, endpoint, callerId: this.d.callerId, timeoutS: this.d.ringTimeoutS, amd: false, near: a.conv.channelId })
      .catch((err: unknown) => {
        this.d.log.warn({ err, legId: a.legId }, 'transfer: could not dial the target');
        this.rang(a, { ok: false, cause: 0 });
      });
    return answer;
  }

  /** The agent leaves; the caller (out of hold) stays in the bridge with the target, each one's end ending the other. */
  private async handOver(a: Active): Promise<void> {
    a.conv.handOff?.();
    // Before the first agent's leg goes, so the conversation passes to the new agent without a gap.
    if (a.toAgent !== null && this.d.handedOver) {
      a.stops.unshift(this.d.handedOver({ channelId: a.conv.channelId, bridgeId: a.conv.bridgeId, legId: a.legId, agentId: a.toAgent, handOff: () => void (a.handedOn = true) }));
    }
    if (this.d.holds.isHeld(a.conv.channelId)) {
      await this.d.holds.resume(a.conv.channelId);
      a.holdMs = this.d.clock.now() - a.heldAt;
    }
    this.d.recorder.markHangupByUs(a.conv.legId);
    await this.d.port.removeFromBridge(a.conv.bridgeId, [a.conv.legId]).catch(ignoreGone);
    await this.d.port.hangup(a.conv.legId).catch(ignoreGone);
    a.state = 'transferred';
    this.d.transfers.ended(a.id, 'completed', this.d.clock.now(), a.holdMs);
    this.active.delete(a.conv.channelId);
    this.d.log.info({ channelId: a.conv.channelId, transferId: a.id, from: a.conv.agentId }, 'call transferred');
  }

  /** Blind to a group: the agent leaves, the caller queues again with the wait they had. */
  private async toGroup(conv: LiveConversation, groupId: string, by: string): Promise<TransferStatus> {
    const now = this.d.clock.now();
    const id = this.d.transfers.add({ channelId: conv.channelId, kind: 'blind', targetKind: 'group', target: groupId, fromAgent: conv.agentId, requestedBy: by, legId: null, requestedAt: now });
    conv.handOff?.();
    await this.d.port.removeFromBridge(conv.bridgeId, [conv.channelId]).catch(ignoreGone);
    this.d.recorder.markHangupByUs(conv.legId);
    await this.d.port.hangup(conv.legId).catch(ignoreGone);
    await this.d.port.destroyBridge(conv.bridgeId).catch(ignoreGone);
    this.d.requeue(conv.channelId, groupId);
    this.d.transfers.ended(id, 'completed', now, 0);
    return { transferId: id, channelId: conv.channelId, state: 'transferred', legId: null };
  }

  private async targetGone(a: Active): Promise<void> {
    if (a.state === 'transferred') {
      if (a.ending) return;
      a.ending = true;
      // Transferred on by the new agent: their part is over, the caller stays with whoever took them next.
      if (a.handedOn) return this.close(a, null);
      // The transferred call's far end hung up: the caller goes too.
      this.d.recorder.markHangupByUs(a.conv.channelId);
      await this.d.port.hangup(a.conv.channelId).catch(ignoreGone);
      return;
    }
    if (this.active.get(a.conv.channelId) !== a) return;
    const next = transferStep(a.state, 'target-gone');
    if (next instanceof HotlineError) return;
    const wasConference = a.state === 'conference';
    this.active.delete(a.conv.channelId);
    if (wasConference) this.close(a, null);
    else await this.backToCaller(a, 'target-gone');
  }

  private callerGone(a: Active): void {
    if (a.callerGone) return;
    a.callerGone = true;
    if (a.state !== 'transferred') {
      if (a.ringing) this.rang(a, { ok: false, cause: 16 });
      else if (this.active.get(a.conv.channelId) === a) {
        this.active.delete(a.conv.channelId);
        this.close(a, a.state === 'conference' ? null : 'caller-gone');
      }
    }
    this.d.recorder.markHangupByUs(a.legId);
    void this.d.port.hangup(a.legId).catch(() => undefined);
    if (a.state === 'transferred') {
      void this.d.port.destroyBridge(a.conv.bridgeId).catch(() => undefined);
      this.close(a, null);
    }
  }

  private rang(a: Active, r: { ok: true; at: number } | { ok: false; cause: number }): void {
    if (a.ringing) a.onRing?.(r);
    a.ringing = false;
  }

  /** The caller back with the agent (off hold unless they were held before), the row closed with `outcome`. */
  private async backToCaller(a: Active, outcome: TransferOutcome): Promise<void> {
    this.active.delete(a.conv.channelId);
    if (!a.wasHeld && !a.callerGone) {
      await this.d.holds.resume(a.conv.channelId).catch((err: unknown) => this.d.log.warn({ err }, 'transfer: taking the caller off hold failed'));
    }
    a.holdMs = this.d.clock.now() - a.heldAt;
    a.state = 'talking';
    this.close(a, outcome);
  }

  /** Stops watching and frees the target agent; writes the outcome unless it is written already (a conference). */
  private close(a: Active, outcome: TransferOutcome | null): void {
    this.active.delete(a.conv.channelId);
    for (const s of a.stops.splice(0)) s();
    if (outcome) this.d.transfers.ended(a.id, outcome, this.d.clock.now(), a.holdMs);
  }

  private bridged(channelId: string): LiveConversation {
    const c = this.d.conversation(channelId);
    if (!c) throw new HotlineError('CALL_NOT_BRIDGED', `call ${channelId} is not talking to an agent`, { key: 'channelId', details: { channelId } });
    return c;
  }

  /** The transfer under way on the call of a customer or agent-leg channel. */
  private find(channelId: string): Active | undefined {
    return this.active.get(this.d.conversation(channelId)?.channelId ?? channelId);
  }

  private step(channelId: string, event: 'complete' | 'cancel' | 'conference'): Active {
    const a = this.find(channelId);
    if (!a) throw this.refuse('talking', event);
    const next = transferStep(a.state, event);
    if (next instanceof HotlineError) throw next;
    a.state = next;
    return a;
  }

  private refuse(state: TransferState, event: Parameters<typeof transferStep>[1]): HotlineError {
    const r = transferStep(state, event);
    return r instanceof HotlineError ? r : new HotlineError('TRANSFER_BAD_TRANSITION', `a transfer is under way (${state})`, { details: { state, event } });
  }

  private status(a: Active): TransferStatus {
    return { transferId: a.id, channelId: a.conv.channelId, state: a.state, legId: a.legId };
  }
}
