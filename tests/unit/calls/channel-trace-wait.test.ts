import { describe, expect, it } from 'vitest';
import { parseChannelTraces, traceRecordOf, type ChannelTraces } from '../../../src/calls/channel-trace.js';
import { readTracesUntil, RECORD_WAIT_MS } from '../../../src/calls/channel-trace-wait.js';
import { fakeClock, settleMicrotasks } from '../dialer/dialer-harness.js';

const line = (type: string, id: string, at: number, cause?: number) =>
  JSON.stringify({ eventtype: type, eventtime: (at / 1000).toFixed(6), uniqueid: id, num: '', exten: 's', channame: 'PJSIP/carrier-1', eventextra: cause === undefined ? '' : JSON.stringify({ hangupcause: cause }) });

describe("what Asterisk's record says of a missed channel", () => {
  const t = 1_765_000_000_000;
  const traces = parseChannelTraces([line('CHAN_START', 'a', t), line('HANGUP', 'a', t + 1000, 16), line('CHAN_START', 'b', t + 10)].join('\n'));
  it.each([
    ['a', t, 'ended'],
    ['b', t, 'no-end-yet'],
    ['c', t + 5, 'no-channel'],
    ['c', t - 5, 'none'],
  ] as const)('channel %s asked for at %d: %s', (id, at, want) => expect(traceRecordOf(traces, id, at)).toBe(want));
  it('no record at all: none', () => expect(traceRecordOf(null, 'a', t)).toBe('none'));
});

describe('reading the record until the end of a gone channel is written', () => {
  const t = 1_765_000_000_000;
  const waitingForB = (tr: ChannelTraces | null) => traceRecordOf(tr, 'b', t) === 'no-end-yet';

  it('reads again until Asterisk has written the end, then returns that record', async () => {
    const clock = fakeClock(t);
    let text = line('CHAN_START', 'b', t);
    let reads = 0;
    const done = readTracesUntil(() => ((reads += 1), parseChannelTraces(text)), waitingForB, clock);
    clock.advance(250);
    await settleMicrotasks();
    clock.advance(250);
    await settleMicrotasks();
    text += `\n${line('HANGUP', 'b', t + 600, 17)}`;
    clock.advance(250);
    await settleMicrotasks();
    const traces = await done;
    expect(traces?.byId.get('b')?.hangup).toEqual({ cause: 17, at: t + 600 });
    expect(reads).toBe(4);
  });

  it(`gives up after ${RECORD_WAIT_MS / 1000} s with what it has`, async () => {
    const clock = fakeClock(t);
    let settled = false;
    const done = readTracesUntil(() => parseChannelTraces(line('CHAN_START', 'b', t)), waitingForB, clock).then((r) => ((settled = true), r));
    for (let i = 0; i < RECORD_WAIT_MS / 250 - 1; i++) {
      clock.advance(250);
      await settleMicrotasks();
    }
    expect(settled).toBe(false);
    clock.advance(250);
    await settleMicrotasks();
    expect(settled).toBe(true);
    expect(traceRecordOf(await done, 'b', t)).toBe('no-end-yet');
  });

  it('reads once when nothing is awaited, or when there is no record', async () => {
    const clock = fakeClock(t);
    let reads = 0;
    await readTracesUntil(() => ((reads += 1), parseChannelTraces(line('CHAN_START', 'a', t))), waitingForB, clock);
    await readTracesUntil(() => ((reads += 1), null), () => true, clock);
    expect(reads).toBe(2);
  });
});
