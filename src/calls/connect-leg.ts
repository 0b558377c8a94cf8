import { randomUUID } from 'node:crypto';
import type { TelephonyEvent, TelephonyPort } from '../ari/port.js';
import { isHotlineError } from '../errors.js';
import type { CallRecorder } from './call-recorder.js';
import type { LiveCall } from './live-calls.js';

export interface ConnectLegOptions {
  /** Dial string of the far end, e.g. PJSIP/1001 (an agent) or PJSIP/13900000000@carrier (a transfer). */
  endpoint: string;
  /** What the leg's record shows as the called number. */
  calledNumber: string;
  callerId: string;
  timeoutS: number;
  /** Runs once the far end answered (at its answer time), before the two are bridged (e.g. stop the caller's music on hold); throwing calls the bridge off. */
  beforeBridge?: (answeredAt: number) => Promise<void>;
  /** The leg's channel id (default: a new one), so the caller of connectLeg can hang the leg up while it rings. */
  legId?: string;
  /** Channel variables of the new leg (e.g. a SIP header on the agent leg: PJSIP_HEADER(add,X-Hotline-Call)). */
  variables?: Record<string, string>;
}

export type ConnectResult =
  | {
      kind: 'bridged';
      legId: string;
      bridgeId: string;
      answeredAt: number;
      ended: Promise<'caller' | 'far-end'>;
      /** The caller is being transferred (issue 13): from now on either side leaving ends neither the other nor the bridge. */
      handOff: () => void;
    }
  | { kind: 'not-answered'; legId: string; cause: number };

/**
 * Dials a second leg for a caller and bridges the two once it answers. Either side hanging up ends the other and the
 * bridge. The caller's own record is not touched: the leg gets its own row (one row per channel leg).
 */
export function connectLeg(port: TelephonyPort, recorder: CallRecorder, caller: LiveCall, o: ConnectLegOptions): Promise<ConnectResult> {
  const legId = o.legId ?? `leg-${randomUUID()}`;
  const leg = recorder.beginOutbound(legId, o.calledNumber, { amd: false, callerId: o.callerId });
  const ignoreGone = (err: unknown) => {
    if (!isHotlineError(err, 'CHANNEL_GONE') && !isHotlineError(err, 'BRIDGE_GONE')) caller.log.warn({ err }, 'connect clean-up failed');
  };
  return new Promise<ConnectResult>((resolve) => {
    let answered = false;
    /** Caller and leg are in one bridge: from here on either one leaving ends the other. */
    let linked = false;
    let legGone = false;
    let callerGone = false;
    const unwatch = port.watchChannel(legId, (e: TelephonyEvent) => {
      if (e.type === 'answered' && !answered) {
        answered = true;
        void bridge(e.at);
      } else if (e.type === 'hung-up' && !answered) {
        resolve({ kind: 'not-answered', legId, cause: e.cause });
      }
    });
    leg.cleanup.push(unwatch);
    // Registered now, not once bridged: a hang-up during the bridging awaits must not be missed.
    let onEnd: ((who: 'caller' | 'far-end') => void) | null = null;
    leg.cleanup.push(() => {
      legGone = true;
      onEnd?.('far-end');
    });
    caller.cleanup.push(() => {
      callerGone = true;
      if (linked) onEnd?.('caller');
      // A caller who hangs up while the far end still rings (or is being bridged) takes the leg down too.
      else {
        recorder.markHangupByUs(legId);
        void port.hangup(legId).catch(ignoreGone);
      }
    });

    async function bridge(answeredAt: number): Promise<void> {
      let bridgeId: string;
      try {
        await o.beforeBridge?.(answeredAt);
        bridgeId = await port.createBridge();
        await port.addToBridge(bridgeId, [caller.channelId, legId]);
      } catch (err) {
        ignoreGone(err);
        recorder.markHangupByUs(legId);
        await port.hangup(legId).catch(ignoreGone);
        resolve({ kind: 'not-answered', legId, cause: 16 });
        return;
      }
      let handedOff = false;
      const ended = new Promise<'caller' | 'far-end'>((done) => {
        let finished = false;
        onEnd = (who) => {
          if (finished) return;
          finished = true;
          // A transferred caller stays in the bridge with the target: the transfer shell owns both from here.
          if (!handedOff) {
            const other = who === 'caller' ? legId : caller.channelId;
            recorder.markHangupByUs(other);
            void port.hangup(other).catch(ignoreGone);
            void port.destroyBridge(bridgeId).catch(ignoreGone);
          }
          done(who);
        };
      });
      linked = true;
      resolve({ kind: 'bridged', legId, bridgeId, answeredAt, ended, handOff: () => void (handedOff = true) });
      // Either side may have left while the bridge was being made.
      if (legGone) onEnd?.('far-end');
      else if (callerGone) onEnd?.('caller');
    }

    port.originate({ channelId: legId, endpoint: o.endpoint, callerId: o.callerId, timeoutS: o.timeoutS, amd: false, near: caller.channelId, ...(o.variables ? { variables: o.variables } : {}) }).catch((err) => {
      leg.log.warn({ err }, 'could not dial the leg');
      if (!isHotlineError(err, 'CHANNEL_GONE')) recorder.failed(legId, (err as Error).message);
      resolve({ kind: 'not-answered', legId, cause: 0 });
    });
  });
}
