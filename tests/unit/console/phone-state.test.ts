import { describe, expect, it } from 'vitest';
import { phoneIdle, phoneStep, shouldAutoAnswer, type PhoneEvent, type PhoneState } from '../../../src/console/web/phone/phone-state.js';

const run = (events: PhoneEvent[], from: PhoneState = phoneIdle): PhoneState => events.reduce(phoneStep, from);
const registered = run([{ type: 'start' }, { type: 'connected' }, { type: 'registered' }]);

describe('the browser phone state', () => {
  it('connects, registers, rings, answers and ends', () => {
    expect(registered).toMatchObject({ conn: 'registered', call: 'none', problem: null });
    const ringing = run([{ type: 'incoming', from: '13800138000' }], registered);
    expect(ringing).toMatchObject({ call: 'ringing', peer: '13800138000' });
    const talking = run([{ type: 'answering' }, { type: 'confirmed' }], ringing);
    expect(talking.call).toBe('talking');
    expect(run([{ type: 'muted', on: true }, { type: 'held', on: true }], talking)).toMatchObject({ muted: true, held: true });
    expect(run([{ type: 'muted', on: true }, { type: 'ended' }], talking)).toMatchObject({ call: 'none', muted: false, peer: null, conn: 'registered' });
  });

  it.each<[string, PhoneEvent[], string]>([
    ['a refused microphone', [{ type: 'mic-refused' }], 'mic-refused'],
    ['an answer that fails for want of the microphone', [{ type: 'incoming', from: 'x' }, { type: 'answering' }, { type: 'failed', micRefused: true }], 'mic-refused'],
    ['a dropped socket', [{ type: 'disconnected' }], 'socket-lost'],
    ['a refused registration', [{ type: 'registration-failed' }], 'register-failed'],
    ['no credential', [{ type: 'credential-failed' }], 'credential-failed'],
    ['an answer that fails otherwise', [{ type: 'incoming', from: 'x' }, { type: 'answering' }, { type: 'failed', micRefused: false }], 'call-failed'],
  ])('%s shows its message', (_what, events, problem) => {
    expect(run(events, registered).problem).toBe(problem);
  });

  it('a dropped socket ends the call on screen, and the message goes once registered again', () => {
    const lost = run([{ type: 'incoming', from: 'x' }, { type: 'answering' }, { type: 'confirmed' }, { type: 'disconnected' }], registered);
    expect(lost).toMatchObject({ conn: 'disconnected', call: 'none', problem: 'socket-lost' });
    expect(run([{ type: 'connected' }, { type: 'registered' }], lost)).toMatchObject({ conn: 'registered', problem: null });
  });

  it('a refused microphone stays the message when the socket or registration fails after it', () => {
    const refused = run([{ type: 'mic-refused' }], registered);
    expect(run([{ type: 'disconnected' }], refused)).toMatchObject({ conn: 'disconnected', problem: 'mic-refused' });
    expect(run([{ type: 'registration-failed' }], refused).problem).toBe('mic-refused');
    expect(run([{ type: 'credential-failed' }], refused).problem).toBe('mic-refused');
  });

  it('mute and hold mean nothing without a call', () => {
    expect(run([{ type: 'muted', on: true }, { type: 'held', on: true }], registered)).toMatchObject({ muted: false, held: false });
  });

  it.each([
    [true, 'dialer', true],
    [true, undefined, false],
    [true, 'inbound', false],
    [false, 'dialer', false],
    // The supervisor's own monitor call, whatever the setting.
    [false, 'monitor', true],
    [true, 'monitor', true],
  ] as const)('auto-answer %s with call kind %s: %s', (setting, kind, answer) => {
    expect(shouldAutoAnswer(setting, kind)).toBe(answer);
  });
});
