import { describe, expect, it } from 'vitest';
import { toTelephonyEvent } from '../../../src/ari/ari-events.js';

const ch = { id: '1795429371.12', state: 'Ring', caller: { number: '13800138000' }, dialplan: { exten: '4008001234' } };

describe('toTelephonyEvent', () => {
  it('uses Asterisk event time', () => {
    const e = toTelephonyEvent({ type: 'StasisStart', timestamp: '2026-11-23T10:22:52.031+0000', channel: ch, args: ['inbound', '4008001234'] }, 0);
    expect(e).toEqual({
      type: 'call-arrived',
      channelId: ch.id,
      args: ['inbound', '4008001234'],
      callerNumber: '13800138000',
      calledNumber: '4008001234',
      state: 'Ring',
      at: Date.parse('2026-11-23T10:22:52.031Z'),
    });
  });
  it('carries the SIP final response of an unanswered leg (tech_cause) on the hang-up, and none when Asterisk gives none', () => {
    expect(toTelephonyEvent({ type: 'ChannelDestroyed', channel: ch, cause: 19, cause_txt: 'No answer', tech_cause: 480 }, 5)).toMatchObject({ type: 'hung-up', cause: 19, sipCode: 480 });
    expect(toTelephonyEvent({ type: 'ChannelDestroyed', channel: ch, cause: 16, tech_cause: 0 }, 5)).not.toHaveProperty('sipCode');
    expect(toTelephonyEvent({ type: 'ChannelHangupRequest', channel: ch, cause: 19, tech_cause: 480 }, 5)).toEqual({ type: 'hangup-requested', channelId: ch.id, cause: 19, sipCode: 480, at: 5 });
    expect(toTelephonyEvent({ type: 'ChannelHangupRequest', channel: ch, cause: 32, soft: true }, 5)).toEqual({ type: 'hangup-requested', channelId: ch.id, cause: 32, soft: true, at: 5 });
  });
  it('maps hang-up with its Q.850 cause, DTMF, answer and playback', () => {
    expect(toTelephonyEvent({ type: 'ChannelDestroyed', channel: ch, cause: 17, cause_txt: 'User busy' }, 5)).toEqual({
      type: 'hung-up',
      channelId: ch.id,
      cause: 17,
      causeText: 'User busy',
      at: 5,
    });
    expect(toTelephonyEvent({ type: 'ChannelDtmfReceived', channel: ch, digit: '#', duration_ms: 100 }, 5)).toMatchObject({ type: 'dtmf', digit: '#' });
    expect(toTelephonyEvent({ type: 'ChannelStateChange', channel: { ...ch, state: 'Up' } }, 5)).toMatchObject({ type: 'answered' });
    expect(toTelephonyEvent({ type: 'PlaybackFinished', playback: { id: 'p1', target_uri: `channel:${ch.id}` } }, 5)).toMatchObject({
      type: 'playback-finished',
      channelId: ch.id,
      playbackId: 'p1',
    });
    expect(toTelephonyEvent({ type: 'Dial', peer: { id: 'out-1', state: 'Down' }, dialstatus: 'RINGING' }, 5)).toMatchObject({ type: 'ringing', channelId: 'out-1' });
  });
  it('ignores events hotline does not use', () => {
    expect(toTelephonyEvent({ type: 'ChannelVarset', channel: ch }, 0)).toBeNull();
    expect(toTelephonyEvent({ type: 'PlaybackFinished', playback: { id: 'p', target_uri: 'bridge:b' } }, 0)).toBeNull();
  });
});
