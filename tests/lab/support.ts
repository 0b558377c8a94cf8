import { celFileOf } from '../../src/calls/channel-trace-file.js';
import { labCelPath } from '../../src/config/lab-cel-path.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { labTierConfig } from './lab-slot.js';
import type { Config } from '../../src/config/schema.js';
import { createLogger } from '../../src/log/logger.js';
import { createService, type Service } from '../../src/service/service.js';

/** The lab config with a fresh SQLite file and its own HTTP port. */
export function labConfig(overrides: (c: Config) => void = () => undefined): Config {
  const config = labTierConfig();
  config.store.path = join(mkdtempSync(join(tmpdir(), 'hotline-lab-')), 'hotline.db');
  config.service.port = 0;
  config.service.logLevel = 'debug';
  // The skeleton's tests run without flows; IVR tests point ivr.dir at config/ivr themselves.
  config.ivr.dir = mkdtempSync(join(tmpdir(), 'hotline-flows-'));
  overrides(config);
  return config;
}

/** A service on the real lab Asterisk, with every log line kept for assertions. */
export async function startLabService(config: Config, deps: { flowNow?: () => number; dialerNow?: () => number } = {}): Promise<{ service: Service; logs: () => string }> {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, cb) {
      lines.push(chunk.toString());
      cb();
    },
  });
  const service = createService(config, { logger: createLogger(config.service.logLevel, sink), ...deps });
  await service.start();
  await waitFor(() => service.port.connected, 15_000, 'ARI connection');
  return { service, logs: () => lines.join('') };
}

/**
 * When the test failed, prints what the service logged at warn and above and its last lines: a CI run keeps only
 * the test output, and a lab failure under load is rarely reproduced alone.
 */
export function printLogsIfFailed(ctx: { task: { result?: { state?: string } } }, logs: () => string): void {
  if (ctx.task.result?.state !== 'fail') return;
  const lines = logs().split('\n').filter(Boolean);
  const level = (l: string) => Number(/"level":(\d+)/.exec(l)?.[1] ?? 0);
  const warned = lines.filter((l) => level(l) >= 40).slice(-40);
  console.log(`service log on failure: ${warned.length} warnings and errors (last 40)\n${warned.join('\n')}\nlast 60 lines\n${lines.slice(-60).join('\n')}`);
}

/** Polls until `check` returns a truthy value; fails naming what it waited for. */
export async function waitFor<T>(check: () => T | Promise<T>, timeoutMs: number, what: string | (() => string)): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${typeof what === 'function' ? what() : what}`);
    await sleep(50);
  }
}

/** A free TCP port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** The service as its own process (`hotline start`), for tests that kill and restart it; `nodeArgs` go to node (e.g. --cpu-prof). */
/** The services spawnService started and that still run: a failed test's are ended after its file. */
const spawned = new Set<() => Promise<void>>();

/**
 * Ends (SIGKILL, by PID) every service a lab file spawned and did not stop: one left running after a failure kept
 * reconnecting to the lab's Asterisk as the app, and the next files' calls went to it (app-down, seen under load).
 */
export async function stopSpawnedServices(): Promise<number> {
  const left = [...spawned];
  await Promise.all(left.map((kill) => kill()));
  return left.length;
}

export async function spawnService(config: Config, opts: { nodeArgs?: string[] } = {}): Promise<{ pid: number; output: () => string; kill: (signal: NodeJS.Signals) => Promise<number | null> }> {
  const { spawn } = await import('node:child_process');
  const { writeFileSync } = await import('node:fs');
  const { stringify } = await import('yaml');
  const file = join(mkdtempSync(join(tmpdir(), 'hotline-svc-')), 'config.yaml');
  const { lab: _lab, ...rest } = config;
  // Without its lab block the service would read the default lab's channel record: name the one this lab writes.
  const celFile = celFileOf(config.telephony.celFile, config.lab.dir, labCelPath(config));
  writeFileSync(file, stringify({ ...rest, telephony: { ...rest.telephony, celFile } }));
  const bin = join(import.meta.dirname, '../../bin/hotline.mjs');
  const child = spawn(process.execPath, [...(opts.nodeArgs ?? []), bin, '--config', file, 'start'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const kill = async () => {
    if (child.exitCode === null && child.signalCode === null) process.kill(child.pid!, 'SIGKILL');
    await exited;
  };
  spawned.add(kill);
  void exited.then(() => spawned.delete(kill));
  const url = `http://${config.service.host}:${config.service.port}/health`;
  try {
    await waitFor(
      async () => {
        if (child.exitCode !== null) throw new Error(`service exited ${child.exitCode}: ${out}`);
        const r = await fetch(url).catch(() => null);
        return r?.status === 200;
      },
      20_000,
      'the service to report healthy',
    );
  } catch (err) {
    // A service that never got healthy must not live on: it would hold the lab's ARI app for every later file.
    await kill();
    throw err;
  }
  return {
    pid: child.pid!,
    output: () => out,
    kill: async (signal) => {
      // By PID, never by name.
      process.kill(child.pid!, signal);
      return exited;
    },
  };
}

/** Options for one SIPp caller to the lab Asterisk. */
export function callerTarget(config: Config) {
  return { target: { host: config.lab.sip.host, port: config.lab.sip.port }, callerHost: config.lab.callers.host };
}

/** Waits until the call record (the latest one, or the given channel's) has an end time, and returns it. */
export function closedRecord(service: Service, channelId?: string, timeoutMs = 10_000) {
  return waitFor(
    () => {
      const r = channelId ? service.repo.get(channelId) : service.repo.recent(1)[0];
      return r?.endedAt ? r : null;
    },
    timeoutMs,
    'the call record to close',
  );
}

/** How many bridges Asterisk has (the hearing's own bridges must go when it stops). */
export async function ariBridges(config: Config): Promise<number> {
  const res = await fetch(`${config.ari.url}/ari/bridges`, { headers: { authorization: `Basic ${Buffer.from(`${config.ari.username}:${config.ari.password}`).toString('base64')}` } });
  return ((await res.json()) as unknown[]).length;
}

/**
 * Hangs a channel up through ARI as if its phone had (DELETE /channels/{id}): a test ends a call it is done with
 * instead of waiting for a caller's timed BYE, whose timer a loaded CI run can outlast (`ariUrl`: another node's).
 */
export async function hangUpChannel(config: Config, channelId: string, ariUrl = config.ari.url): Promise<void> {
  const res = await fetch(`${ariUrl}/ari/channels/${channelId}`, {
    method: 'DELETE',
    headers: { authorization: `Basic ${Buffer.from(`${config.ari.username}:${config.ari.password}`).toString('base64')}` },
  });
  if (!res.ok) throw new Error(`hanging up ${channelId}: ${res.status} ${await res.text()}`);
}

/** Asterisk's RTP counters of a channel (ARI GET /channels/{id}/rtp_statistics). */
export async function rtpStats(config: Config, channelId: string): Promise<{ txcount: number; rxcount: number }> {
  const res = await fetch(`${config.ari.url}/ari/channels/${channelId}/rtp_statistics`, {
    headers: { authorization: `Basic ${Buffer.from(`${config.ari.username}:${config.ari.password}`).toString('base64')}` },
  });
  if (!res.ok) throw new Error(`rtp_statistics of ${channelId}: ${res.status} ${await res.text()}`);
  return (await res.json()) as { txcount: number; rxcount: number };
}
