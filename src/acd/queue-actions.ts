/**
 * Performs what the queue policy (queue-policy.ts) decided for one waiting caller: music on hold, an announcement or
 * the callback offer on the port, an overflow to another group, the move to a callback, the timer for the next decision.
 */
import type { TelephonyPort } from '../ari/port.js';
import type { Clock } from '../clock.js';
import { isHotlineError } from '../errors.js';
import { resolveMedia } from '../prompts/resolve-media.js';
import type { AcdGroup } from './acd-config.js';
import { callbackOfferAnnouncement, positionAnnouncement } from './queue-announcements.js';
import { moveToGroup } from './queue-entry.js';
import type { QueueAction } from './queue-policy.js';
import type { Waiter } from './waiter.js';

/** What performing an action needs from the runner. */
export interface QueueActionContext {
  port: TelephonyPort;
  clock: Clock;
  promptsDir: string;
  baseUrl: () => string;
  groups: ReadonlyMap<string, AcdGroup>;
  /** True while the caller is still in a queue. */
  isWaiting(channelId: string): boolean;
  /** Offers waiting callers to ready agents. */
  route(): void;
  /** Asks the queue policy again for this caller and performs its answer. */
  decide(w: Waiter): void;
  /** Takes the caller out of the queue and owes them a call back. */
  toCallback(w: Waiter, reason: string): void;
}

export async function performQueueAction(ctx: QueueActionContext, w: Waiter, a: QueueAction): Promise<void> {
  const id = w.call.channelId;
  const ignoreGone = (err: unknown) => {
    if (!isHotlineError(err, 'CHANNEL_GONE')) w.call.log.warn({ err }, 'queue media failed');
  };
  switch (a.kind) {
    case 'music':
      if (!w.announcing && !w.agentAnswered) await ctx.port.startMoh(id, a.mohClass).catch(ignoreGone);
      break;
    case 'announce':
    case 'offer-callback': {
      const text =
        a.kind === 'announce' ? positionAnnouncement(a.position, a.wait.kind === 'minutes' ? a.wait.minutes : null, w.lang) : callbackOfferAnnouncement(w.lang);
      const media = await resolveMedia(ctx, [{ tts: { text, lang: w.lang } }]);
      if (!ctx.isWaiting(id) || w.agentAnswered) return;
      await ctx.port.stopMoh(id).catch(ignoreGone);
      w.announcing = `${id}:acd-${ctx.clock.now()}-${a.kind}`;
      await ctx.port.play(id, media, w.announcing).catch(ignoreGone);
      break;
    }
    case 'overflow': {
      const target = ctx.groups.get(a.group);
      if (!target) return w.resolve('overflow');
      w.entry = moveToGroup(w.entry, target, ctx.clock.now());
      w.call.log.info({ group: a.group }, 'overflowed');
      ctx.route();
      if (ctx.isWaiting(id)) ctx.decide(w);
      break;
    }
    case 'to-callback':
      ctx.toCallback(w, 'queue-max-wait');
      break;
    case 'wait':
      if (w.timer) ctx.clock.clearTimeout(w.timer);
      if (a.until !== undefined) {
        w.timer = ctx.clock.setTimeout(() => {
          if (ctx.isWaiting(id)) ctx.decide(w);
        }, Math.max(0, a.until - ctx.clock.now()));
      }
      break;
  }
}
