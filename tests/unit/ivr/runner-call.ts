/** One inbound call run by the real IVR runner over a stub port and a fake clock, for the runner's shell tests. */
import { interpreterFor } from '../../../src/ivr/interpreter.js';
import { IvrCallRunner, type IvrRunnerDeps } from '../../../src/ivr/ivr-runner.js';
import type { LoadedFlow } from '../../../src/ivr/loaded-flow.js';
import { FakeClock, MemoryCallbacks, MemoryCalls, settle, StubTelephony } from '../support/shell-stubs.js';

export const T0 = Date.parse('2026-03-10T10:00:00+08:00');
export const base = 'http://127.0.0.1:8080';

/** A call from `number` to 4008001234 on `flow`, answered at T0, started and settled; `deps` override the runner's. */
export async function startCall(flow: LoadedFlow, number: string, deps: Partial<IvrRunnerDeps> = {}) {
  const clock = new FakeClock(T0);
  const tel = new StubTelephony(clock);
  const calls = new MemoryCalls();
  const call = tel.addCall('caller-1');
  calls.open('caller-1', { direction: 'inbound', callerNumber: number, entryNumber: '4008001234', answeredAt: T0, endedAt: null });
  const runner = new IvrCallRunner(
    {
      port: tel.port,
      recorder: tel.recorderPort,
      repo: calls.repo,
      callbacks: new MemoryCallbacks().repo,
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
  await runner.start(number, '4008001234', true);
  await settle();
  return { clock, tel, calls, runner };
}
