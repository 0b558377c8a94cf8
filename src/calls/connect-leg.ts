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
  /** Runs once the far end answered, before the two are bridged (e.g. stop the caller's music on hold). */
  beforeBridge?: () => Promise<void>;
}

export type ConnectResult =
  | { kind: 'bridged'; legId: string; bridgeId: string; answeredAt: number; ended: Promise<'caller' | 'far-end'> }
  | { kind: 'not-answered'; legId: string; cause: number };

/**
 * Dials a second leg for a caller and bridges the two once it answers. Either side hanging up ends the other and the
 * bridge. The caller's own record is not touched: the leg gets its own row (one row per channel leg).
 */
export function connectLeg(port: TelephonyPort, recorder: CallRecorder, caller: LiveCall, o: ConnectLegOptions): Promise<ConnectResult> {
  const legId = `leg-${randomUUID()}`;
  const leg = recorder.beginOutbound(legId, o.calledNumber, { amd: false, callerId: o.callerId });
  const ignoreGone = (err: unknown) => {
    if (!isHotlineError(err, 'CHANNEL_GONE') && !isHotlineError(err, 'BRIDGE_GONE')) caller.log.warn({ err }, 'connect clean-up failed');
  };
  return new Promise<ConnectResult>((resolve) => {
    let bridged = false;
    const unwatch = port.watchChannel(legId, (e: TelephonyEvent) => {
      if (e.type === 'answered' && !bridged) {
        bridged = true;
        void bridge(e.at);
      } else if (e.type === 'hung-up' && !bridged) {
        resolve({ kind: 'not-answered', legId, cause: e.cause });
      }
    });
    leg.cleanup.push(unwatch);
    // A caller who hangs up while the far end still rings takes the ringing leg down too.
    caller.cleanup.push(() => {
      if (bridged) return;
      recorder.markHangupByUs(legId);
      void port.hangup(legId).catch(ignoreGone);
    });

    async function bridge(answeredAt: number): Promise<void> {
      let bridgeId: string;
      try {
        await o.beforeBridge?.();
        bridgeId = await port.createBridge();
        await port.addToBridge(bridgeId, [caller.channelId, legId]);
      } catch (err) {
        ignoreGone(err);
        recorder.markHangupByUs(legId);
        await port.hangup(legId).catch(ignoreGone);
        resolve({ kind: 'not-answered', legId, cause: 16 });
        return;
      }
      const ended = new Promise<'caller' | 'far-end'>((done) => {
        const finish = (who: 'caller' | 'far-end') => {
          const other = who === 'caller' ? legId : caller.channelId;
          recorder.markHangupByUs(other);
          void port.hangup(other).catch(ignoreGone);
          void port.destroyBridge(bridgeId).catch(ignoreGone);
          done(who);
        };
        caller.cleanup.push(() => finish('caller'));
        leg.cleanup.push(() => finish('far-end'));
      });
      resolve({ kind: 'bridged', legId, bridgeId, answeredAt, ended });
    }

    port.originate({ channelId: legId, endpoint: o.endpoint, callerId: o.callerId, timeoutS: o.timeoutS, amd: false }).catch((err) => {
      if (!isHotlineError(err, 'CHANNEL_GONE')) recorder.failed(legId, (err as Error).message);
      resolve({ kind: 'not-answered', legId, cause: 0 });
    });
  });
}
