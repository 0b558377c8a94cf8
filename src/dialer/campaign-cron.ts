import cron from 'node-cron';
import type { Logger } from 'pino';
import type { DialerEngine } from './dialer-engine.js';

/**
 * node-cron jobs of the dialer: each minute campaigns open and close with their calling windows (and finish at their
 * deadline or when every lead is done); each night the rollover reports missed callbacks. The dialer's own tick never
 * dials outside a window either way, so a late minute job can only start a campaign late, never call at a wrong time.
 */
export function scheduleCampaignCron(engine: Pick<DialerEngine, 'checkCampaigns' | 'rollover'>, log: Logger): () => void {
  const run = (what: string, fn: () => void) => () => {
    try {
      fn();
    } catch (err) {
      log.error({ err, job: what }, 'campaign job failed');
    }
  };
  const jobs = [
    cron.schedule('* * * * *', run('windows', () => engine.checkCampaigns()), { name: 'campaign-windows' }),
    cron.schedule('5 0 * * *', run('rollover', () => engine.rollover()), { name: 'campaign-rollover' }),
  ];
  return () => {
    for (const j of jobs) void j.stop();
  };
}
