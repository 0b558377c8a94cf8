import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { celFileOf } from '../../src/calls/channel-trace-file.js';
import { labCelPath } from '../../src/config/lab-cel-path.js';
import { changeCampaign, createCampaign } from '../../src/dialer/campaign-commands.js';
import { carrierOptions, startCarrier } from '../../src/lab/sipp-carrier.js';
import { AttemptsRepo } from '../../src/store/attempts-repo.js';
import { CallsRepo } from '../../src/store/calls-repo.js';
import { openDb } from '../../src/store/db.js';
import { LeadsRepo } from '../../src/store/leads-repo.js';
import { storeOf } from '../../src/store/store.js';
import { systemClock } from '../../src/clock.js';
import { serviceConfig } from './service-lab.js';
import { spawnService, waitFor } from './support.js';

const allDay = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [{ from: '00:00', to: '24:00' }]]));
const settings = (ringTimeoutS: number) => ({
  mode: 'agentless' as const,
  flow: 'survey',
  windows: allDay,
  quietHours: [],
  ringTimeoutS,
  maxLines: 5,
  maxCallsPerSecond: 10,
  retry: { default: { delayS: 3600, maxPerDay: 1, maxTotal: 1 }, byOutcome: {} },
});

// Issue 17 item 8: a kill -9 while legs ring. A leg that ends while hotline is dead is decided from Asterisk's own
// record (CEL), not `failed`; a leg still ringing when the new process comes up rings on to its end.
describe('kill -9 while the carrier is still deciding', () => {
  it('reads the end it missed from Asterisk, and follows the ringing leg instead of hanging it up', async () => {
    const config = await serviceConfig((c) => {
      c.acd.agents = [];
      c.dialer.tickMs = 100;
    });
    const db = openDb(config.store.path);
    const leads = new LeadsRepo(db);
    const attempts = new AttemptsRepo(db);
    const calls = new CallsRepo(db, systemClock, 0);
    const now = Date.now();
    // Plan 10 answers and hangs up itself after 1 s: its end comes while hotline is dead. Plan 04 rings for ever:
    // still ringing when the new process comes up, until its 15 s ring time.
    const short = createCampaign(storeOf(db), 'truth-short', settings(15), now);
    const long = createCampaign(storeOf(db), 'truth-long', settings(15), now);
    const shortPhone = '+8613910010010';
    const longPhone = '+8613910020004';
    leads.insert({ campaignId: short.id, phone: shortPhone, now });
    leads.insert({ campaignId: long.id, phone: longPhone, now });
    const carrier = await startCarrier(carrierOptions(config));
    try {
      const first = await spawnService(config);
      changeCampaign(storeOf(db), short.id, 'start', Date.now());
      changeCampaign(storeOf(db), long.id, 'start', Date.now());
      await waitFor(() => attempts.ofCampaign(short.id)[0]?.answeredAt, 15_000, 'the short call answered');
      expect(await first.kill('SIGKILL')).toBeNull();
      // The carrier hangs the short call up while no hotline runs.
      await new Promise((r) => setTimeout(r, 1500));
      const second = await spawnService(config);
      try {
        await waitFor(() => attempts.open().length === 0, 25_000, 'both attempts to end');
        const [a] = attempts.ofCampaign(short.id);
        const [b] = attempts.ofCampaign(long.id);
        const why = JSON.stringify({ a, b, cel: existsSync(celFileOf(config.telephony.celFile, config.lab.dir, labCelPath(config))) });
        // Missed end: Asterisk's record says the far end cleared (16) a second after answering: a short call, not failed.
        expect(a, why).toMatchObject({ outcome: 'short-call', causeCode: 16, sipCode: 200, reconciled: 'asterisk-record' });
        expect(calls.get(a!.channelId!)).toMatchObject({ outcome: 'short-call', reconciled: 'asterisk-record' });
        // Still ringing at the restart: followed, and it rang its full 15 s; the carrier was never sent a CANCEL early.
        expect(b, why).toMatchObject({ outcome: 'no-answer', reconciled: 'followed-after-restart' });
        expect(b!.endedAt! - b!.dialedAt!, why).toBeGreaterThanOrEqual(14_000);
        expect(calls.get(b!.channelId!)).toMatchObject({ direction: 'outbound', reconciled: 'follow-ringing' });
        // The call record's end is written by the recorder apart from the attempt's: bounded wait, then it must be there.
        await waitFor(() => calls.get(b!.channelId!)?.endedAt, 5000, 'the followed leg\'s call record to end');
        // No inbound record for either leg, and one INVITE per attempt.
        expect(calls.search({ direction: 'inbound', from: now, limit: 100 })).toEqual([]);
        expect(carrier.calls().filter((c) => c.dialed?.endsWith(shortPhone.slice(-11))).length).toBe(1);
        expect(carrier.calls().filter((c) => c.dialed?.endsWith(longPhone.slice(-11))).length).toBe(1);
      } finally {
        await second.kill('SIGTERM');
      }
    } finally {
      await carrier.stop();
      db.close();
    }
  }, 60_000);
});
