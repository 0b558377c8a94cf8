import type { Clock } from '../clock.js';
import type { ConnectionEvent, TelephonyPort } from './port.js';

/** One Asterisk node: its name (config `nodes[].name`) and its own port (an AriTelephony with its own reconnect). */
export interface NodePort {
  name: string;
  port: TelephonyPort;
}

/** A node's state for /health and /metrics. */
export interface NodeState {
  name: string;
  connected: boolean;
  /** Channels hotline knows on the node now. */
  channels: number;
}

/** Connection events name the node whose socket went up or down. */
export type NodeConnectionEvent = ConnectionEvent & { node: string };

export interface MultiNodeOptions {
  /** The node for a new call no other channel ties to a node (the dialer's placement policy); null: none can take it. */
  pickNode: (nodes: readonly NodeState[]) => string | null;
  clock: Clock;
  /**
   * A node whose connection stays down this long is lost: each channel hotline had on it ends with a `hung-up`
   * (Q.850 38, network out of order), so its call records close and the dialer settles its attempts as it would for
   * any ended leg. A connection back sooner was a blip: its calls are reconciled as after any reconnect.
   */
  lostAfterMs: number;
}

/** Q.850 38: network out of order, the cause a lost node's channels end with. */
export const nodeLostCause = 38;
