/** One inbound call run by the real IVR runner over a stub port and a fake clock, for the runner's shell tests. */
import { interpreterFor } from '../../../src/ivr/interpreter.js';
import { IvrCallRunner, type IvrRunnerDeps } from '../../../src/ivr/ivr-runner.js';
import type { LoadedFlow } from '../../../src/ivr/loaded-flow.js';
import { FakeClock, MemoryCallbacks, MemoryCalls, settle, StubTelephony } from '../support/shell-stubs.js';

export const T0 = Date.parse('2026-03-10T10:00:00+08:00');
export const base = 'http://127.0.0.1:8080';

/** A runner for a call from `number` to 4008001234 on `flow` (not started), its row open; `deps` override the runner's. */
export function newCall(flow: LoadedFlow, number: string, deps: Partial<IvrRunnerDeps> = {}, answeredAt: number | null = T0) {
  const clock = new FakeClock(T0);
  const tel = new StubTelephony(clock);
  const calls = new MemoryCalls();
  const callbacks = new MemoryCallbacks();
  const call = tel.addCall('caller-1');
  calls.open('caller-1', { direction: 'inbound', callerNumber: number, entryNumber: '4008001234', answeredAt, endedAt: null });
  const runner = new IvrCallRunner(
    {
      port: tel.port,
      recorder: tel.recorderPort,
      repo: calls.repo,
      callbacks: callbacks.repo,
      clock,
      promptsDir: '/nonexistent',
      baseUrl: () => base,
      trunk: 'carrier',
      callerId: '4008001234',
      transferTimeoutS: 30,
      oneRingS: 3,
      callBackNonRegular: [],
      ...deps,
    },
    interpreterFor(flow),
    call,
  );
  return { clock, tel, calls, callbacks, runner };
}

/** A call from `number` on `flow`, answered at T0, started and settled. */
export async function startCall(flow: LoadedFlow, number: string, deps: Partial<IvrRunnerDeps> = {}) {
  const c = newCall(flow, number, deps);
  await c.runner.start(number, '4008001234', true);
  await settle();
  return c;
}
