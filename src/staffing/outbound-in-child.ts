import { fork } from 'node:child_process';
import { setPriority } from 'node:os';
import { fileURLToPath } from 'node:url';
import { HotlineError, type ErrorCode } from '../errors.js';
import type { SimParams } from '../sim/sim-params.js';
import type { OutboundStaffing, OutboundTarget } from './outbound-staffing.js';

// Run from sources (tsx) the worker is a .ts file and needs tsx's loader; built, it is plain JavaScript.
const fromSources = import.meta.url.endsWith('.ts');
const workerPath = fileURLToPath(new URL(`./outbound-worker.${fromSources ? 'ts' : 'js'}`, import.meta.url));

/** outboundAgents() in a child process at the lowest CPU priority, so the service keeps answering calls meanwhile. */
export function outboundAgentsInChild(params: SimParams, target: OutboundTarget, timeoutMs: number): Promise<OutboundStaffing> {
  return new Promise((resolve, reject) => {
    const child = fork(workerPath, [], { execArgv: fromSources ? ['--import', 'tsx'] : [], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    try {
      if (child.pid !== undefined) setPriority(child.pid, 19);
    } catch {
      // Not allowed to lower it (some containers): it still runs, only not niced.
    }
    let settled = false;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      fn();
    };
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      finish(() => reject(new HotlineError('STAFFING_UNREACHABLE', `the simulation took longer than ${timeoutMs / 1000} s; ask for fewer replications or hours`, { key: 'sim' })));
    }, timeoutMs);
    child.once('message', (m: { ok: true; result: OutboundStaffing } | { ok: false; error: { code: string; message: string; key?: string } }) =>
      finish(() => (m.ok ? resolve(m.result) : reject(new HotlineError(m.error.code as ErrorCode, m.error.message, m.error.key !== undefined ? { key: m.error.key } : {})))),
    );
    child.once('error', (err) => finish(() => reject(new HotlineError('INTERNAL', `staffing worker failed: ${err.message}`, { error: err }))));
    child.once('exit', (code) => finish(() => reject(new HotlineError('INTERNAL', `staffing worker exited with ${code} before answering`))));
    child.send({ params, target });
  });
}
