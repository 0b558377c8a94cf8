/** A caller waiting in the ACD, as the runner keeps them while they wait, and how a call may be queued. */
import type { LiveCall } from '../calls/live-calls.js';
import type { Clock } from '../clock.js';
import type { QueueOutcome } from '../ivr/commands.js';
import type { QueueLang } from './queue-announcements.js';
import type { QueueEntry } from './queue-entry.js';

export interface EnqueueOptions {
  /** Only this agent may take the call (an agent-owned callback). */
  onlyAgent?: string;
  /** False for dialer calls: the campaign's retry policy, not the inbound callback list, handles a hang-up in the queue. */
  oweCallback?: boolean;
  /** No music or announcements: a dialer call waits at most two seconds before it is abandoned. */
  silent?: boolean;
  /** Told the moment an agent picks up, before the bridge is made: the dialer's 2 s rule counts to here. */
  onAgentAnswered?: (agentId: string, at: number) => void;
  /** Queued before now (a caller transferred to a group, issue 13): the order and the recorded wait count from here. */
  queuedAt?: number;
}

export interface Waiter {
  call: LiveCall;
  entry: QueueEntry;
  lang: QueueLang;
  /** Ends the wait with its outcome (once; later calls do nothing). */
  resolve: (o: QueueOutcome) => void;
  timer?: ReturnType<Clock['setTimeout']>;
  /** A playback of ours is on: music resumes when it ends. */
  announcing?: string;
  /** The agent leg ringing for this call now. */
  ringingLeg?: string;
  /** An agent picked up and the bridge is being made: the call can no longer be withdrawn. */
  agentAnswered?: boolean;
  /** Withdrawn while an agent's phone rang: the ring is called off and does not count against the agent. */
  cancelled?: boolean;
  onAgentAnswered?: (agentId: string, at: number) => void;
}
