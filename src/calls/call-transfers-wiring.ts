/**
 * Builds the transfers shell over the service's parts (issue 13): the target's facts from the ACD roster and config,
 * DNC from the store (the call's campaign list and the global one), and a group transfer as a new queue entry that
 * keeps the caller's wait so far.
 */
import type { AcdRunner } from '../acd/acd-runner.js';
import type { AcdConfig } from '../acd/acd-config.js';
import type { TelephonyPort } from '../ari/port.js';
import type { Clock } from '../clock.js';
import type { Logger } from 'pino';
import type { CallRecordings } from '../recordings/call-recordings.js';
import type { AttemptsRepo } from '../store/attempts-repo.js';
import type { CallsRepo } from '../store/calls-repo.js';
import { GLOBAL_DNC, type DncRepo } from '../store/dnc-repo.js';
import { TransfersRepo } from '../store/transfers-repo.js';
import type { Db } from '../store/db.js';
import type { CallHolds } from './call-holds.js';
import type { CallRecorder } from './call-recorder.js';
import { CallTransfers } from './call-transfers.js';
import type { LiveCalls } from './live-calls.js';

export interface TransfersWiring {
  port: TelephonyPort;
  recorder: CallRecorder;
  recordings: Pick<CallRecordings, 'conversation' | 'handedOver'>;
  holds: CallHolds;
  acd: Pick<AcdRunner, 'agentList' | 'reserve' | 'enqueue' | 'takeOver'>;
  acdConfig: AcdConfig;
  calls: LiveCalls;
  repo: Pick<CallsRepo, 'get'>;
  attempts: Pick<AttemptsRepo, 'byChannel'>;
  dnc: Pick<DncRepo, 'blocks'>;
  db: Db;
  dialStringOf: (agentId: string) => string;
  trunk: string;
  callerId: string;
  clock: Clock;
  log: Logger;
}

export function createCallTransfers(w: TransfersWiring): CallTransfers {
  const ringTimeoutS = Math.max(...w.acdConfig.groups.map((g) => g.ringTimeoutS), 20);
  return new CallTransfers({
    port: w.port,
    recorder: w.recorder,
    conversation: (id) => w.recordings.conversation(id),
    holds: w.holds,
    transfers: new TransfersRepo(w.db),
    facts: {
      agentState: (id) => w.acd.agentList().find((a) => a.id === id)?.state,
      groupExists: (id) => w.acdConfig.groups.some((g) => g.id === id),
    },
    onDnc: (e164, channelId) => w.dnc.blocks(e164, w.attempts.byChannel(channelId)?.campaignId ?? GLOBAL_DNC),
    dialStringOf: w.dialStringOf,
    trunk: w.trunk,
    callerId: w.callerId,
    ringTimeoutS,
    reserve: (id) => w.acd.reserve(id),
    requeue: (channelId, groupId) => {
      const call = w.calls.get(channelId);
      if (!call) return;
      // The caller's place counts from their first wait: the time they already queued is taken off now.
      const waitedMs = w.repo.get(channelId)?.queueWaitMs ?? 0;
      void w.acd.enqueue(call, groupId, 0, 'zh', { queuedAt: w.clock.now() - waitedMs });
    },
    // The new agent owns the call: its record, their state and the live conversation (hold, monitor, transfer on).
    handedOver: (h) => {
      const parted = w.recordings.handedOver(h.channelId, { legId: h.legId, agentId: h.agentId, handOff: h.handOff });
      const ended = w.acd.takeOver(h.agentId, h.channelId);
      return () => {
        parted();
        ended();
      };
    },
    clock: w.clock,
    log: w.log,
  });
}
