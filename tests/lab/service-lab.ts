import { join } from 'node:path';
import { projectRoot } from '../../src/config/load.js';
import type { Config } from '../../src/config/schema.js';
import { buildHttp } from '../../src/http/app.js';
import type { AgentPhone } from '../../src/lab/sipp-agents.js';
import type { Service } from '../../src/service/service.js';
import { freePort, labConfig, printLogsIfFailed, startLabService } from './support.js';

/** The sample hotline's business hours (Asia/Shanghai): a Tuesday at 10:00. */
export const tuesday10 = Date.parse('2026-11-24T02:00:00Z');
/** The IVR's clock for a lab service: always within Tuesday 10:00's minute, so the sample flows are open. */
export const inBusinessHours = () => tuesday10 + (Date.now() % 60_000);

/** The lab config of a test's own service: a free HTTP port, the sample IVR and the tier's one TTS cache. */
export async function serviceConfig(setup: (c: Config) => void = () => undefined): Promise<Config> {
  const port = await freePort();
  return labConfig((c) => {
    c.service.port = port;
    c.ivr.dir = join(projectRoot, 'config/ivr');
    // One TTS cache for the whole tier: prompts are content-addressed, so sharing is safe and made once.
    c.prompts.dir = join(c.lab.dir, 'prompts');
    setup(c);
  });
}

/**
 * One lab test's service, its HTTP server on 127.0.0.1 and the agents' phones it started; `stop` ends them all.
 * (The dialer files use DialerLab, which adds the SIPp carrier and the dialer's clock.)
 */
export class ServiceLab {
  service: Service | undefined;
  http: ReturnType<typeof buildHttp> | undefined;
  phones: AgentPhone[] = [];
  /** The service's base URL once started (`/api/v1` is under it). */
  url = '';
  /** Every line the service logged (at the config's level), once started. */
  logs: () => string = () => '';

  /** Starts the service on `config` (from serviceConfig), waits for its prompts, and serves its HTTP API. */
  async start(config: Config, deps: { flowNow?: () => number; dialerNow?: () => number } = { flowNow: inBusinessHours }): Promise<Service> {
    const { service, logs } = await startLabService(config, deps);
    this.service = service;
    this.logs = logs;
    await service.promptsReady();
    this.http = buildHttp(service);
    await this.http.listen({ host: '127.0.0.1', port: config.service.port });
    this.url = `http://127.0.0.1:${config.service.port}`;
    return service;
  }

  /** An API call as the token's holder; the status and the JSON body, whatever the status. */
  async api(token: string, method: string, path: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
    const res = await fetch(`${this.url}/api/v1${path}`, { method, headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) }, ...(body ? { body: JSON.stringify(body) } : {}) });
    return { status: res.status, json: (await res.json()) as Record<string, unknown> };
  }

  /** On a failed test, the service's warnings and last lines go to the output (support.ts printLogsIfFailed). */
  printLogsIfFailed(ctx: { task: { result?: { state?: string } } }): void {
    printLogsIfFailed(ctx, this.logs);
  }

  async stop(): Promise<void> {
    await Promise.all(this.phones.map((p) => p.stop()));
    this.phones = [];
    await this.http?.close();
    await this.service?.stop();
    this.http = undefined;
    this.service = undefined;
  }
}
