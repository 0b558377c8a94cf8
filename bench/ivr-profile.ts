/**
 * A CPU profile of the service under the IVR benchmark's load (or idle), for finding where per-call CPU goes.
 * Writes V8 .cpuprofile files (open them in Chrome DevTools → Performance, or any cpuprofile viewer). Run as root:
 *   npx tsx bench/ivr-profile.ts [load|idle] [--out DIR] [--calls N]
 * The service runs as its own process on the lab Asterisk with bench/flows, as in bench/ivr.ts.
 */
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { loadConfig, projectRoot } from '../src/config/load.js';
import { labUp } from '../src/lab/lab.js';
import { freePort, labConfig, spawnService } from '../tests/lab/support.js';
import { benchCli } from './cli.js';
import { sippLoad } from './sipp-load.js';

const { num, out } = benchCli();
const mode = process.argv[2] === 'idle' ? 'idle' : 'load';
const outIndex = process.argv.indexOf('--out');
const dir = outIndex > 0 ? process.argv[outIndex + 1]! : join('/tmp', `hotline-profile-${mode}`);
const base = loadConfig(undefined, {});
await labUp(base, { progress: () => undefined });
const port = await freePort();
const config = labConfig((c) => {
  c.service.port = port;
  c.service.logLevel = 'warn';
  c.ivr.dir = join(projectRoot, 'bench/flows');
  c.acd.agents = [];
});
const service = await spawnService(config, { nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${dir}`] });
await sleep(2000);
if (mode === 'idle') await sleep(20_000);
else await sippLoad(config, { number: '4008009999', calls: num('--calls', 1000), concurrent: 100, rate: 25, keys: '1,2', firstKeyAfterMs: 1000, hangup: { kind: 'far-end', maxMs: 20_000 } });
// A clean exit writes the profile.
await service.kill('SIGTERM');
out(`profile of the service (${mode}) written to ${dir}`);
process.exit(0);
