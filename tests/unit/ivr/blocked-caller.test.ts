/**
 * A caller on the blocked list (issue 15 item 5): the flow refuses them with its message and hangs up, and the call
 * is recorded as harassment (骚扰) among the non-regular calls. A stub port plays Asterisk, a fake clock time.
 */
import { describe, expect, it } from 'vitest';
import { flowFrom } from '../ivr-harness.js';
import { settle } from '../support/shell-stubs.js';
import { base, startCall } from './runner-call.js';

const flow = flowFrom({
  name: 'blocking',
  entryNumbers: ['4008001234'],
  start: 'check',
  lists: { blocked: ['13600136000'] },
  nodes: {
    check: { type: 'branch', cases: [{ when: { var: 'callerNumber', inList: 'blocked' }, goto: 'refuse' }], default: 'bye' },
    refuse: { type: 'hangup', prompt: { file: 'restricted.wav' }, endedIn: 'blocked' },
    bye: { type: 'hangup', prompt: { file: 'bye.wav' } },
  },
});

async function callFrom(number: string) {
  const { clock, tel, calls } = await startCall(flow, number);
  const plays = tel.made('play');
  const [, media, id] = plays[plays.length - 1]!;
  clock.advance(4000);
  tel.event({ type: 'playback-finished', channelId: 'caller-1', playbackId: id as string, failed: false, at: clock.now() });
  await settle();
  // Asterisk confirms the hang-up: the recorder closes the row, then the call's clean-up runs.
  calls.repo.update('caller-1', { endedAt: clock.now(), hangupBy: 'hotline' });
  tel.end('caller-1');
  await settle();
  return { media: media as string[], hangups: tel.made('hangup'), row: calls.rows.get('caller-1')! };
}

describe('a blocked caller', () => {
  it('hears the refusal, is hung up, and is recorded as harassment', async () => {
    const r = await callFrom('13600136000');
    expect(r.media).toEqual([`sound:${base}/prompts/restricted.wav`]);
    expect(r.hangups).toEqual([['caller-1']]);
    expect(r.row).toMatchObject({ endedIn: 'blocked', nonRegular: 'harassment' });
  });

  it('leaves any other caller a regular call', async () => {
    const r = await callFrom('13800138000');
    expect(r.media).toEqual([`sound:${base}/prompts/bye.wav`]);
    expect(r.row).toMatchObject({ endedIn: 'hangup', nonRegular: null });
  });
});
