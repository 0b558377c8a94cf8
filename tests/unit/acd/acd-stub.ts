/**
 * An AcdRunner on the shell stubs (a stub port plays Asterisk, a fake clock keeps time, calls and callbacks in memory),
 * as the ACD's shell tests build it: `config` is the ACD config block, `extra` any hooks a test wires in.
 */
import { acdConfigSchema } from '../../../src/acd/acd-config.js';
import { AcdRunner, type AcdRunnerDeps } from '../../../src/acd/acd-runner.js';
import { FakeClock, MemoryCallbacks, MemoryCalls, silentLog, StubTelephony } from '../support/shell-stubs.js';

export const T0 = Date.parse('2026-03-10T10:00:00+08:00');

export function stubAcd(config: unknown, extra: Partial<AcdRunnerDeps> = {}) {
  const clock = new FakeClock(T0);
  const tel = new StubTelephony(clock);
  const calls = new MemoryCalls();
  const callbacks = new MemoryCallbacks();
  const acd = new AcdRunner({
    port: tel.port,
    recorder: tel.recorderPort,
    repo: calls.repo,
    callbacks: callbacks.repo,
    clock,
    log: silentLog,
    config: acdConfigSchema.parse(config),
    callerId: '4008001234',
    promptsDir: '/nonexistent',
    baseUrl: () => 'http://127.0.0.1:8080',
    ...extra,
  });
  const agent = (id: string) => acd.agentList().find((a) => a.id === id)!;
  return { clock, tel, calls, callbacks, acd, agent };
}
