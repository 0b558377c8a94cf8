/**
 * The IVR runner as a shell: the pure interpreter's commands become port calls, timers on the clock and rows; what
 * Asterisk reports (keys, playbacks, recordings, the hang-up) goes back to the interpreter. A stub port plays
 * Asterisk, a fake clock stands in for time; prompts are recorded files, so no TTS runs.
 */
import { describe, expect, it } from 'vitest';
import type { RecordRequest } from '../../../src/ari/port.js';
import type { LiveCall } from '../../../src/calls/live-calls.js';
import type { QueueOutcome } from '../../../src/ivr/commands.js';
import { flowFrom } from '../ivr-harness.js';
import { base, newCall, T0 } from './runner-call.js';
import { settle } from '../support/shell-stubs.js';


const flow = flowFrom({
  name: 'unit-hotline',
  entryNumbers: ['4008001234'],
  start: 'menu',
  nodes: {
    menu: {
      type: 'menu',
      prompt: { file: 'welcome.wav' },
      options: { '1': 'agent', '2': 'message' },
      timeoutS: 5,
      retries: 1,
      timeoutPrompt: { file: 'no-key.wav' },
      onExhausted: 'bye',
    },
    agent: { type: 'queue', group: 'general', priority: 3, next: 'bye' },
    message: { type: 'record', prompt: { file: 'after-beep.wav' }, maxS: 60, into: 'msg', next: 'bye' },
    bye: { type: 'hangup', prompt: { file: 'bye.wav' } },
  },
});

function setup(opts: { queue?: (call: LiveCall, group: string, priority: number) => Promise<QueueOutcome> } = {}) {
  const latencies: number[] = [];
  const { clock, tel, calls, callbacks, runner } = newCall(flow, '13800138000', {
    callBackNonRegular: ['4008001234'],
    observeDtmfToPrompt: (s) => latencies.push(s),
    ...(opts.queue ? { queue: opts.queue } : {}),
  }, null);
  /** The playback id of the last play, and its media. */
  const lastPlay = () => {
    const plays = tel.made('play');
    const [, media, id] = plays[plays.length - 1]!;
    return { media: media as string[], id: id as string };
  };
  const finishPlay = async () => {
    tel.event({ type: 'playback-finished', channelId: 'caller-1', playbackId: lastPlay().id, failed: false, at: clock.now() });
    await settle();
  };
  const key = async (digit: string) => {
    tel.event({ type: 'dtmf', channelId: 'caller-1', digit, durationMs: 100, at: clock.now() });
    await settle();
  };
  /** The caller hangs up: the recorder closes the row first, then the call's clean-up runs. */
  const hangUp = async () => {
    calls.repo.update('caller-1', { endedAt: clock.now(), hangupBy: 'remote' });
    tel.end('caller-1');
    await settle();
  };
  return { clock, tel, calls, callbacks, runner, latencies, lastPlay, finishPlay, key, hangUp };
}

describe('IvrCallRunner', () => {
  it('answers, plays the menu prompt from the prompt server, waits for a key on the clock and queues the caller with the priority of the flow', async () => {
    const queued: Array<[string, string, number]> = [];
    let answer: (o: QueueOutcome) => void = () => undefined;
    const s = setup({
      queue: (call, group, priority) => {
        queued.push([call.channelId, group, priority]);
        return new Promise((r) => (answer = r));
      },
    });
    await s.runner.start('13800138000', '4008001234', false);
    await settle();
    expect(s.tel.made('answer')).toEqual([['caller-1']]);
    expect(s.calls.rows.get('caller-1')).toMatchObject({ flowName: 'unit-hotline', flowVersion: 'test' });
    expect(s.lastPlay()).toEqual({ media: [`sound:${base}/prompts/welcome.wav`], id: expect.stringMatching(/^caller-1:/) });

    // The prompt ends: the menu's 5 s wait for a key runs on the clock.
    await s.finishPlay();
    expect(s.clock.pending).toBe(1);
    s.clock.advance(2000);
    await s.key('1');
    expect(s.clock.pending).toBe(0);
    expect(queued).toEqual([['caller-1', 'general', 3]]);
    expect(s.calls.rows.get('caller-1')).toMatchObject({ queueGroup: 'general' });
    expect(s.tel.made('addStep')).toContainEqual(['caller-1', { node: 'menu', key: '1', note: 'chosen' }]);

    answer('answered');
    await settle();
    expect(s.calls.rows.get('caller-1')).toMatchObject({ endedIn: 'agent' });
    expect(s.tel.made('hangup')).toEqual([]);
  });

  it('offers the menu again when no key comes, then says goodbye and hangs up as hotline', async () => {
    const s = setup();
    await s.runner.start('13800138000', '4008001234', true);
    await settle();
    expect(s.tel.made('answer')).toEqual([]);
    await s.finishPlay();
    s.clock.advance(5000);
    await settle();
    expect(s.lastPlay().media).toEqual([`sound:${base}/prompts/no-key.wav`, `sound:${base}/prompts/welcome.wav`]);
    await s.finishPlay();
    s.clock.advance(5000);
    await settle();
    expect(s.lastPlay().media).toEqual([`sound:${base}/prompts/no-key.wav`]);
    await s.finishPlay();
    expect(s.lastPlay().media).toEqual([`sound:${base}/prompts/bye.wav`]);
    await s.finishPlay();
    expect(s.tel.made('hangup')).toEqual([['caller-1']]);
    expect(s.tel.recorder.hungUpByUs).toEqual(['caller-1']);
  });

  it('records a message under a name made from the channel, and goes on when Asterisk reports it', async () => {
    const s = setup();
    await s.runner.start('13800138000', '4008001234', true);
    await settle();
    await s.key('2');
    // The key stopped the menu prompt that was playing.
    expect(s.tel.made('stopPlayback')).toHaveLength(1);
    expect(s.lastPlay().media).toEqual([`sound:${base}/prompts/after-beep.wav`]);
    await s.finishPlay();
    const [channel, req] = (s.tel.made('record') as Array<[string, RecordRequest]>)[0]!;
    expect(channel).toBe('caller-1');
    expect(req).toMatchObject({ name: expect.stringMatching(/^caller-1-/), maxDurationS: 60, beep: true, terminateOn: '#' });
    s.tel.event({ type: 'recording-finished', channelId: 'caller-1', name: req.name, durationS: 12.4, at: s.clock.now() });
    await settle();
    expect(s.lastPlay().media).toEqual([`sound:${base}/prompts/bye.wav`]);
    expect(s.tel.made('addStep')).toContainEqual(['caller-1', { node: 'message', note: 'recorded 12 s' }]);
  });

  it('times the key to the next prompt as the caller feels it', async () => {
    const s = setup();
    await s.runner.start('13800138000', '4008001234', true);
    await settle();
    await s.key('2');
    s.clock.advance(150);
    s.tel.event({ type: 'playback-started', channelId: 'caller-1', playbackId: s.lastPlay().id, at: s.clock.now() });
    expect(s.latencies).toEqual([0.15]);
  });

  it('calls back a caller who hangs up within seconds of the answer on a line that calls such callers back, and stops its timers', async () => {
    const s = setup();
    s.calls.repo.update('caller-1', { answeredAt: T0 });
    await s.runner.start('13800138000', '4008001234', true);
    await settle();
    await s.finishPlay();
    expect(s.clock.pending).toBe(1);
    s.clock.advance(1000);
    await s.hangUp();
    expect(s.clock.pending).toBe(0);
    expect(s.calls.rows.get('caller-1')).toMatchObject({ endedIn: 'caller-hangup', nonRegular: 'one-ring' });
    expect(s.callbacks.created).toEqual([{ number: '13800138000', reason: 'one-ring', sourceChannelId: 'caller-1', entryNumber: '4008001234', now: T0 + 1000 }]);
    // Nothing more is asked of a channel that is gone.
    expect(s.tel.made('play')).toHaveLength(1);
  });
});
