import { writeFileSync } from 'node:fs';
import { expect } from 'vitest';
import type { Config } from '../../src/config/schema.js';
import type { CampaignSettingsInput } from '../../src/dialer/campaign-settings.js';
import { buildHttp } from '../../src/http/app.js';
import { labCli } from '../../src/lab/lab.js';
import type { AgentPhone } from '../../src/lab/sipp-agents.js';
import { carrierOptions, startCarrier, type Carrier } from '../../src/lab/sipp-carrier.js';
import type { Service } from '../../src/service/service.js';
import { serviceConfig } from './service-lab.js';
import { startLabService, waitFor } from './support.js';

export const day = 86_400_000;

// Compressed for the test: a retry 2 s later, two dials a day, three in all; every hour of every day is open.
const allDay = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [{ from: '00:00', to: '24:00' }]]));
const fast = { delayS: 2, maxPerDay: 2, maxTotal: 3 };
export const testSettings = (over: CampaignSettingsInput): CampaignSettingsInput => ({
  windows: allDay,
  quietHours: [],
  ringTimeoutS: 15,
  retry: { default: fast, byOutcome: { 'network-failure': { ...fast, flag: true } } },
  maxLines: 20,
  maxCallsPerSecond: 20,
  ...over,
});

/** One dialer lab test's parts: the service, its HTTP server for prompts, the SIPp carrier and agents' phones. */
export class DialerLab {
  service: Service | undefined;
  http: ReturnType<typeof buildHttp> | undefined;
  carrier: Carrier | undefined;
  phones: AgentPhone[] = [];
  /** The time campaign schedules see: a test moves it a day ahead to pass the daily cap. */
  shift = 0;
  private serviceLogs: () => string = () => '';

  async start(setup: (c: Config) => void = () => undefined): Promise<{ config: Config; service: Service }> {
    const config = await serviceConfig((c) => {
      c.dialer.tickMs = 100;
      setup(c);
    });
    this.carrier = await startCarrier(carrierOptions(config));
    const { service, logs } = await startLabService(config, { dialerNow: () => Date.now() + this.shift });
    this.service = service;
    this.serviceLogs = logs;
    await service.promptsReady();
    this.http = buildHttp(service);
    await this.http.listen({ host: '127.0.0.1', port: config.service.port });
    return { config, service };
  }

  async stop(testName: string): Promise<void> {
    if (process.env.HOTLINE_TEST_LOGS) writeFileSync(`${process.env.HOTLINE_TEST_LOGS}-${testName.slice(0, 20).replace(/\W/g, '_')}.log`, this.serviceLogs());
    await Promise.all(this.phones.map((p) => p.stop()));
    this.phones = [];
    await this.http?.close();
    await this.service?.stop();
    await this.carrier?.stop();
    this.shift = 0;
  }

  /** waitFor, failing with every lead and attempt of the campaign so a timeout says where things stood. */
  async until<T>(check: () => T, ms: number, what: string, campaignId: number): Promise<NonNullable<T>> {
    try {
      return await waitFor(check, ms, what);
    } catch (err) {
      const s = this.service!;
      const leads = s.leads.ofCampaign(campaignId).map((l) => `${l.phone} ${l.state} x${l.attempts} ${l.lastOutcome ?? ''}`);
      const attempts = s.attempts.ofCampaign(campaignId).map((a) => `#${a.id} ${a.phone} ${a.reason} ${a.outcome ?? 'open'} agent=${a.agentId ?? '-'}`);
      throw new Error(`${(err as Error).message}\nleads:\n${leads.join('\n')}\nattempts:\n${attempts.join('\n')}`);
    }
  }

  /** The customer hangs up: Asterisk ends their leg (the far end of the carrier trunk) as a normal clearing. */
  async hangUpCustomer(config: Config, channelId: string): Promise<void> {
    const concise = await labCli(config, 'core show channels concise');
    // The leg's own line (its uniqueid field), not the hearing's snoop or media channels named after it.
    const name = concise.split('\n').find((l) => l.split('!').includes(channelId))?.split('!')[0];
    expect(name, concise).toBeTruthy();
    await labCli(config, `channel request hangup ${name}`);
  }
}
