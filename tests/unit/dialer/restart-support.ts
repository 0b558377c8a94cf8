/**
 * What the restart tests share (in-flight-attempts, restart-settling): one lead dialed by a started engine, the leg's
 * end from the carrier, Asterisk's channel record as a CEL file would hold it, and a process killed after its dial.
 */
import { parseChannelTraces, type ChannelTraces } from '../../../src/calls/channel-trace.js';
import type { CampaignSettingsInput } from '../../../src/dialer/campaign-settings.js';
import { openSettings, settleMicrotasks, type DialerHarness } from './dialer-harness.js';

// Keyed by engine, not harness: a restarted harness has a new engine to start.
const started = new WeakSet<object>();

/** One lead of a new campaign dialed by the (started) engine; returns its channel, attempt and lead. */
export async function dialOne(h: DialerHarness, over: CampaignSettingsInput = {}, phone = '+8613900000001') {
  const c = h.campaign(openSettings({ mode: 'progressive', ...over }), [phone]);
  await h.engine.reconcile();
  if (!started.has(h.engine)) h.engine.start();
  started.add(h.engine);
  h.engine.tick();
  await settleMicrotasks();
  const channelId = h.tel.originated.at(-1)!.channelId;
  const attempt = h.attempts.byChannel(channelId)!;
  return { campaignId: c.id, leadId: c.leads[0]!, channelId, attemptId: attempt.id };
}

/** The leg ends at the far end with this Q.850 cause. */
export const hangUp = (h: DialerHarness, channelId: string, cause = 16) => h.tel.emit({ type: 'hung-up', channelId, cause, causeText: '', at: h.clock.now() });

/** Asterisk's channel record of these events (type, channel, ms, extra), as the service reads it. */
export const celRecord = (lines: Array<[string, string, number, string?]>): ChannelTraces =>
  parseChannelTraces(
    lines
      .map(([type, id, at, extra]) => JSON.stringify({ eventtype: type, eventtime: (at / 1000).toFixed(6), uniqueid: id, num: '', exten: 's', channame: 'PJSIP/carrier-1', eventextra: extra ?? '' }))
      .join('\n'),
  );

/** A lead dialed, then the process killed and the leg gone from Asterisk; `t` is the moment of the kill. */
export async function goneAfterDial(h: DialerHarness, over: CampaignSettingsInput = {}) {
  const d = await dialOne(h, over);
  h.engine.stop();
  h.tel.channels.delete(d.channelId);
  return { ...d, t: h.clock.now() };
}
