/**
 * Hanging up a supervisor's snoop channel so that it always goes (issue 13). In the lab a replaced snoop now and then
 * stayed up after Asterisk had accepted its hang-up, out of every bridge, until the call ended; a second DELETE did
 * nothing. A hang-up (DELETE) only flags the channel: the snoop's own Stasis thread must look at it. A snoop hung up
 * while it is leaving a bridge can leave that thread asleep waiting for a command of its application, where it never
 * sees the flag. So when the snoop is not destroyed soon, a command is queued to it (stop music on hold: nothing on a
 * snoop, but it wakes the thread) and the hang-up asked again, a few times, each logged with whether the snoop had
 * left the application (StasisEnd) by then.
 */
import type { Logger } from 'pino';
import type { TelephonyPort } from '../ari/port.js';
import type { Clock } from '../clock.js';
import { isHotlineError } from '../errors.js';

/** When to wake and ask again, after the first hang-up, while the snoop is not destroyed. */
export const snoopRetryMs: readonly number[] = [250, 750, 2000];

export interface SnoopHangupDeps {
  port: Pick<TelephonyPort, 'hangup' | 'stopMoh' | 'watchChannel'>;
  clock: Clock;
  log: Logger;
}

/** Hangs the snoop up and keeps at it until Asterisk destroys it (or the retries run out); resolves after the first ask. */
export async function hangUpSnoop(d: SnoopHangupDeps, snoopId: string): Promise<void> {
  let leftApp = false;
  let gone = false;
  let timer: ReturnType<Clock['setTimeout']> | undefined;
  const unwatch = d.port.watchChannel(snoopId, (e) => {
    if (e.type === 'left-app') leftApp = true;
    if (e.type !== 'hung-up') return;
    gone = true;
    if (timer) d.clock.clearTimeout(timer);
    unwatch();
  });
  const ask = () => d.port.hangup(snoopId).catch((err: unknown) => {
    if (isHotlineError(err, 'CHANNEL_GONE')) return finish();
    d.log.warn({ err, snoopId }, 'hanging up a snoop failed');
  });
  const finish = () => {
    gone = true;
    if (timer) d.clock.clearTimeout(timer);
    unwatch();
  };
  const retry = (n: number) => {
    const wait = snoopRetryMs[n];
    if (wait === undefined) {
      d.log.error({ snoopId, leftApp }, 'snoop still up after every hang-up');
      return finish();
    }
    timer = d.clock.setTimeout(() => {
      if (gone) return;
      d.log.warn({ snoopId, leftApp, attempt: n + 2 }, 'snoop still up after its hang-up; waking it and asking again');
      void d.port.stopMoh(snoopId).catch(() => undefined).then(ask).then(() => (gone ? undefined : retry(n + 1)));
    }, wait);
  };
  await ask();
  if (!gone) retry(0);
}
