import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { loadConfig } from '../../src/config/load.js';
import type { Config } from '../../src/config/schema.js';
import { createLogger } from '../../src/log/logger.js';
import { createService, type Service } from '../../src/service/service.js';

/** The lab config with a fresh SQLite file and its own HTTP port. */
export function labConfig(overrides: (c: Config) => void = () => undefined): Config {
  const config = loadConfig(undefined, {});
  config.store.path = join(mkdtempSync(join(tmpdir(), 'hotline-lab-')), 'hotline.db');
  config.service.port = 0;
  config.service.logLevel = 'debug';
  overrides(config);
  return config;
}

/** A service on the real lab Asterisk, with every log line kept for assertions. */
export async function startLabService(config: Config): Promise<{ service: Service; logs: () => string }> {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, cb) {
      lines.push(chunk.toString());
      cb();
    },
  });
  const service = createService(config, { logger: createLogger(config.service.logLevel, sink) });
  await service.start();
  await waitFor(() => service.port.connected, 15_000, 'ARI connection');
  return { service, logs: () => lines.join('') };
}

/** Polls until `check` returns a truthy value; fails naming what it waited for. */
export async function waitFor<T>(check: () => T | Promise<T>, timeoutMs: number, what: string): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(50);
  }
}
