import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Config } from '../src/config/schema.js';
import { callerScenario, type CallerHangup } from '../src/lab/caller-scenario.js';
import { dtmfKeyPcaps } from '../src/lab/pcap.js';
import { failedCalls, readIfExists, sippFiles, startSipp, type SippExit } from '../src/lab/sipp.js';
import { planKeys } from '../src/lab/sipp-keys.js';
import { controlPortRange, findFreeUdpPort, mediaPortRange } from '../src/lab/sipp-ports.js';

export interface LoadRun {
  number: string;
  calls: number;
  /** Calls up at once (-l); new calls start as fast as `rate` allows while under it. */
  concurrent: number;
  rate: number;
  keys?: string;
  firstKeyAfterMs?: number;
  hangup: CallerHangup;
}

/** SIPp's exit, its count of failed calls and, when any failed, why: the end of its error file (unexpected messages, timeouts). */
export interface LoadResult extends SippExit {
  failed: number;
  problem: string;
}

/** Runs one SIPp UAC with many calls from the callers' address to the lab Asterisk; resolves with SIPp's exit. */
export async function sippLoad(config: Config, run: LoadRun): Promise<LoadResult> {
  const work = mkdtempSync(join(tmpdir(), 'hotline-load-'));
  try {
    const planned = planKeys(run.keys ?? '', run.firstKeyAfterMs ?? 1000);
    const pcaps = dtmfKeyPcaps(planned, { ssrc: 0x1234, firstSeq: 100, firstTimestamp: 1000 });
    const keys = planned.map((k, i) => {
      const pcap = join(work, `key-${i}.pcap`);
      writeFileSync(pcap, pcaps[i]!);
      return { ...k, pcap };
    });
    const scenario = join(work, 'load.xml');
    const traceDir = join(work, 'trace');
    writeFileSync(scenario, callerScenario({ from: '13800138000', keys, hangup: run.hangup, maxRingMs: 10_000 }));
    const host = config.lab.callers.host;
    const sipp = startSipp({
      scenario,
      local: { ip: host, port: 0 },
      media: { ip: host, port: await findFreeUdpPort(host, mediaPortRange) },
      control: { ip: host, port: await findFreeUdpPort(host, controlPortRange) },
      remote: `${config.lab.sip.host}:${config.lab.sip.port}`,
      extra: ['-s', run.number, '-r', String(run.rate), '-m', String(run.calls), '-l', String(run.concurrent)],
      traceDir,
      timeoutS: run.calls / Math.min(run.rate, run.concurrent / 5) + 300,
      cwd: work,
    });
    const exit = await sipp.done;
    // SIPp's closing statistics: "Failed call" counts every call whose scenario did not complete.
    const failed = Number(/Failed call\s*\|\s*\d+\s*\|\s*(\d+)/.exec(exit.output)?.[1] ?? (exit.code === 0 ? 0 : Number.NaN));
    const problem = failed === 0 ? '' : failedCalls(readIfExists(sippFiles(traceDir).errors));
    return { ...exit, failed, problem };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

