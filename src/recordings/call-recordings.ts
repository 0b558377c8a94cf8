/**
 * The recordings shell: told by the ACD when a customer and an agent are bridged and when they part, it decides from
 * the campaign or line setting whether to record, starts the bridge recording on the port, and keeps the recordings
 * table in step. On-demand recordings start here too, from the API.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { TelephonyPort } from '../ari/port.js';
import type { Clock } from '../clock.js';
import { HotlineError } from '../errors.js';
import type { AttemptsRepo } from '../store/attempts-repo.js';
import type { CallsRepo } from '../store/calls-repo.js';
import type { CampaignsRepo } from '../store/campaigns-repo.js';
import type { RecordingRow, RecordingsRepo } from '../store/recordings-repo.js';
import { recordingModeFor, recordingName, type InboundRecordingSettings, type RecordingMode } from './recording-mode.js';

/** A customer and an agent in one bridge, as the ACD reports it. */
export interface BridgedCall {
  /** The customer's channel (inbound caller or dialed lead). */
  channelId: string;
  /** The agent's leg. */
  legId: string;
  bridgeId: string;
  agentId: string;
  /** Lets the caller outlive the agent's leg (a transfer); absent where no transfer may take the call. */
  handOff?: () => void;
}

/** What the API needs to know about a conversation in progress. */
export interface LiveConversation extends BridgedCall {
  mode: RecordingMode;
  recordingId: number | null;
}

export interface CallRecordingsDeps {
  port: Pick<TelephonyPort, 'recordBridge'>;
  recordings: RecordingsRepo;
  calls: Pick<CallsRepo, 'get'>;
  attempts: Pick<AttemptsRepo, 'byChannel'>;
  campaigns: Pick<CampaignsRepo, 'find'>;
  settings: InboundRecordingSettings;
  /** Where this service reads the files Asterisk writes. */
  dir: string;
  clock: Clock;
  log: Logger;
}

interface Live extends LiveConversation {
  direction: 'inbound' | 'outbound';
  campaignId: number | null;
  attemptId: number | null;
}

// Asterisk closes the file when the bridge is destroyed, just after the call ends: the size is read once it has, and
// again until it stops changing (a busy Asterisk may still be writing).
const SIZE_AFTER_MS = 3000;
const SIZE_READS = 8;

/** Conversations with an agent and their recordings, keyed by the customer's channel. */
export class CallRecordings {
  private readonly live = new Map<string, Live>();
  private readonly timers = new Set<ReturnType<Clock['setTimeout']>>();

  constructor(private readonly d: CallRecordingsDeps) {}

  /** The customer and the agent are bridged: records when the setting is `all`. Returns what to call when they part. */
  bridged(b: BridgedCall): () => void {
    const attempt = this.d.attempts.byChannel(b.channelId);
    const row = this.d.calls.get(b.channelId);
    const campaignId = attempt?.campaignId ?? row?.campaignId ?? null;
    const campaign = campaignId !== null ? this.d.campaigns.find(campaignId) : undefined;
    const mode = recordingModeFor(this.d.settings, {
      ...(campaign ? { campaignMode: campaign.settings.recording } : {}),
      entryNumber: row?.entryNumber ?? row?.calledNumber ?? null,
    });
    const entry: Live = {
      ...b,
      mode,
      recordingId: null,
      direction: row?.direction ?? (attempt ? 'outbound' : 'inbound'),
      campaignId,
      attemptId: attempt?.id ?? null,
    };
    this.live.set(b.channelId, entry);
    if (mode === 'all') {
      this.start(entry, 'all', null).catch((err) => this.d.log.warn({ err, channelId: b.channelId }, 'recording did not start'));
    }
    return () => this.ended(b.channelId, b.legId);
  }

  /**
   * A transfer's target agent took the conversation over (issue 13): same caller, bridge and recording, a new agent
   * and leg. The first agent's parting no longer ends it; the function returned is the new agent's parting.
   */
  handedOver(channelId: string, to: { legId: string; agentId: string; handOff?: () => void }): () => void {
    const entry = this.live.get(channelId);
    if (!entry) return () => undefined;
    entry.legId = to.legId;
    entry.agentId = to.agentId;
    if (to.handOff) entry.handOff = to.handOff;
    else delete entry.handOff;
    return () => this.ended(channelId, to.legId);
  }

  /** The conversation a customer or agent-leg channel is in now, if any. */
  conversation(channelId: string): LiveConversation | undefined {
    const direct = this.live.get(channelId);
    if (direct) return view(direct);
    for (const l of this.live.values()) if (l.legId === channelId) return view(l);
    return undefined;
  }

  /**
   * Starts recording a conversation now (on demand), or returns the recording already running. Refused when the
   * channel is not talking to an agent or its setting is `none`.
   */
  async startOnDemand(channelId: string, by: string): Promise<{ row: RecordingRow; started: boolean }> {
    const c = this.conversation(channelId);
    if (!c) throw new HotlineError('RECORDING_UNAVAILABLE', `channel ${channelId} is not talking to an agent`, { key: 'channelId', details: { reason: 'not-bridged' } });
    const entry = this.live.get(c.channelId)!;
    if (entry.mode === 'none') {
      throw new HotlineError('RECORDING_UNAVAILABLE', 'recording is off for this line or campaign (setting none)', { key: 'channelId', details: { reason: 'setting-none' } });
    }
    if (entry.recordingId !== null) return { row: this.d.recordings.get(entry.recordingId)!, started: false };
    return { row: await this.start(entry, 'on-demand', by), started: true };
  }

  /** Clears the timers (service shutdown); the sizes they would have read stay null. */
  close(): void {
    for (const t of this.timers) this.d.clock.clearTimeout(t);
    this.timers.clear();
  }

  private async start(entry: Live, mode: 'all' | 'on-demand', by: string | null): Promise<RecordingRow> {
    const now = this.d.clock.now();
    const name = recordingName(entry.channelId, now);
    // The row first: a conversation that ends while Asterisk is asked still has its row finished.
    const row = this.d.recordings.insert({
      name,
      channelId: entry.channelId,
      legChannelId: entry.legId,
      bridgeId: entry.bridgeId,
      attemptId: entry.attemptId,
      campaignId: entry.campaignId,
      agentId: entry.agentId,
      direction: entry.direction,
      mode,
      startedBy: by,
      startedAt: now,
      path: join(this.d.dir, `${name}.wav`),
    });
    entry.recordingId = row.id;
    try {
      await this.d.port.recordBridge(entry.bridgeId, { name, format: 'wav' });
    } catch (err) {
      // No file will come: the row is closed as removed so no listing offers audio that never existed.
      entry.recordingId = null;
      this.d.recordings.finish(row.id, this.d.clock.now(), null);
      this.d.recordings.markDeleted(row.id, this.d.clock.now());
      throw err;
    }
    this.d.log.info({ channelId: entry.channelId, recording: name, mode }, 'recording started');
    return row;
  }

  /** The agent on `legId` parted; a conversation another agent has taken over since goes on. */
  private ended(channelId: string, legId: string): void {
    const entry = this.live.get(channelId);
    if (!entry || entry.legId !== legId) return;
    this.live.delete(channelId);
    if (entry.recordingId === null) return;
    const id = entry.recordingId;
    const path = this.d.recordings.get(id)?.path;
    // Ended now; the size only once Asterisk has stopped writing (a size read at hang-up was of a file still growing).
    this.d.recordings.finish(id, this.d.clock.now(), null);
    if (path) this.settleSize(id, path, SIZE_AFTER_MS, null, 0);
  }

  /** Reads the file's size until two reads a second apart agree (at most SIZE_READS reads), then stores it. */
  private settleSize(id: number, path: string, afterMs: number, last: number | null, reads: number): void {
    const t = this.d.clock.setTimeout(() => {
      this.timers.delete(t);
      const size = sizeOf(path);
      if ((size !== null && size === last) || reads + 1 >= SIZE_READS) this.d.recordings.finish(id, this.d.clock.now(), size);
      else this.settleSize(id, path, 1000, size, reads + 1);
    }, afterMs);
    this.timers.add(t);
  }
}

function view(l: Live): LiveConversation {
  return { channelId: l.channelId, legId: l.legId, bridgeId: l.bridgeId, agentId: l.agentId, mode: l.mode, recordingId: l.recordingId, ...(l.handOff ? { handOff: l.handOff } : {}) };
}

function sizeOf(path: string): number | null {
  try {
    return statSync(path).size;
  } catch {
    return null;
  }
}
