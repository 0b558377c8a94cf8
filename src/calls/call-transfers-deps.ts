/**
 * What the transfers shell (call-transfers.ts) is built from and what it answers: the ports and repositories it
 * drives, the ACD's hooks (reserve, requeue, the hand-over to the new agent) and a transfer's status.
 */
import type { Logger } from 'pino';
import type { TelephonyPort } from '../ari/port.js';
import type { Clock } from '../clock.js';
import type { LiveConversation } from '../recordings/call-recordings.js';
import type { TransfersRepo } from '../store/transfers-repo.js';
import type { CallHolds } from './call-holds.js';
import type { CallRecorder } from './call-recorder.js';
import type { TransferState } from './transfer-machine.js';
import type { TargetFacts } from './transfer-target.js';

export interface CallTransfersDeps {
  port: Pick<TelephonyPort, 'originate' | 'watchChannel' | 'addToBridge' | 'removeFromBridge' | 'hangup' | 'destroyBridge'>;
  recorder: Pick<CallRecorder, 'beginOutbound' | 'markHangupByUs'>;
  conversation: (channelId: string) => LiveConversation | undefined;
  holds: Pick<CallHolds, 'hold' | 'resume' | 'isHeld'>;
  transfers: Pick<TransfersRepo, 'add' | 'answered' | 'ended'>;
  facts: Omit<TargetFacts, 'fromAgent' | 'onDnc'>;
  /** The number is on the global do-not-call list or that of the call's campaign. */
  onDnc: (e164: string, channelId: string) => boolean;
  dialStringOf: (agentId: string) => string;
  trunk: string;
  callerId: string;
  ringTimeoutS: number;
  /** Keeps an agent out of the ACD while a transferred caller rings or talks to them; returns the release. */
  reserve: (agentId: string) => () => void;
  /** Puts the caller back in a skill group's queue, their wait so far kept. */
  requeue: (channelId: string, groupId: string) => void;
  /**
   * The target agent took the caller over: the call (its record, the agent's state, the live conversation) is theirs
   * from now; the function returned is called when their part ends (the call's end, or their own transfer onward).
   */
  handedOver?: (h: HandedOver) => () => void;
  clock: Clock;
  log: Logger;
}

export interface HandedOver {
  channelId: string;
  bridgeId: string;
  /** The new agent's leg. */
  legId: string;
  agentId: string;
  /** Called when the new agent transfers the caller on: from then their leg leaving ends neither the caller nor the bridge. */
  handOff: () => void;
}

export interface TransferStatus {
  transferId: number;
  channelId: string;
  state: TransferState;
  legId: string | null;
}
