/** The sample hotline: routing, invalid and missing keys, business hours. */
import { describe, expect, it } from 'vitest';
import { shanghai, TestCall } from '../ivr-harness.js';
import { atMenu, evening, flow, nationalDay, open } from './hotline-fixture.js';

describe('sample hotline: routing', () => {
  it('opens with the Mandarin menu, barge-in allowed, and the English offer in an English voice', () => {
    const call = new TestCall(flow, open);
    call.start();
    expect(call.path()).toEqual(['vip_check', 'hours', 'main_menu']);
    const play = call.get('play');
    expect(play.bargeIn).toBe(true);
    expect(play.media[0]).toEqual({ tts: { text: '您好，欢迎致电400服务热线。', lang: 'zh' } });
    expect(play.media.at(-1)).toEqual({ tts: { text: 'For English, press 9.', lang: 'en' } });
  });

  it.each([
    ['1', 'consult', 0],
    ['2', 'repair', 0],
    ['3', 'complaint', 1],
    ['0', 'general', 0],
  ])('key %s reaches the %s queue', (key, group, priority) => {
    const call = atMenu();
    call.key(key);
    expect(call.get('log-path')).toEqual({ type: 'log-path', node: 'main_menu', key, note: 'chosen' });
    call.playAll();
    expect(call.get('enqueue')).toEqual({ type: 'enqueue', group, priority });
    call.send({ type: 'queue-result', outcome: 'answered' });
    expect(call.ended()).toEqual({ type: 'end', endedIn: 'agent', keys: 1 });
    expect(call.find('hangup', call.all)).toBeUndefined();
  });

  it.each([
    ['1', 'elderly-care'],
    ['2', 'renovation'],
    ['3', 'rentals'],
    ['4', 'education'],
    ['5', 'finance'],
  ])('key 5 then %s reaches the new-business queue for %s', (key, line) => {
    const call = atMenu();
    call.key('5');
    expect(call.spoken()[0]).toMatch(/^养老服务请按1/);
    call.key(key);
    expect(call.get('enqueue').group).toBe('new-business');
    expect(call.state.vars.businessLine).toBe(line);
  });

  it('a key during the menu prompt stops it (barge-in)', () => {
    const call = new TestCall(flow, open);
    call.start();
    const playing = call.state.playing!;
    call.key('1');
    expect(call.last[0]).toEqual({ type: 'stopPlayback', id: playing });
  });

  it('key 9 switches to English; the rest of the call speaks English', () => {
    const call = atMenu();
    call.key('9');
    expect(call.state.language).toBe('en');
    expect(call.spoken()[0]).toMatch(/^For enquiries press 1/);
    call.played();
    call.key('1');
    expect(call.get('play').media).toEqual([{ tts: { text: 'Connecting you to enquiries, please hold.', lang: 'en' } }]);
    call.playAll();
    expect(call.get('enqueue').group).toBe('consult');
  });

  it('a VIP caller goes straight to the VIP queue, even after hours', () => {
    const call = new TestCall(flow, evening);
    call.start('13900000001');
    expect(call.path()).toEqual(['vip_check', 'vip_welcome']);
    call.playAll();
    expect(call.get('enqueue')).toEqual({ type: 'enqueue', group: 'vip', priority: 9 });
  });
});

describe('sample hotline: invalid and missing keys', () => {
  it('an invalid key gives the invalid prompt and the menu again, twice, then the fallback (agent)', () => {
    const call = atMenu();
    for (let i = 0; i < 2; i += 1) {
      call.key('7');
      expect(call.spoken().slice(0, 2)).toEqual(['对不起，您的输入有误。', '您好，欢迎致电400服务热线。']);
      expect(call.get('play').bargeIn).toBe(true);
      call.played();
    }
    call.key('7');
    // The last invalid prompt plays alone, without barge-in, before the fallback.
    expect(call.get('play')).toMatchObject({ media: [{ tts: { text: '对不起，您的输入有误。' } }], bargeIn: false });
    expect(call.find('log-path')).toEqual({ type: 'log-path', node: 'main_menu', key: '7', note: 'invalid' });
    call.played();
    expect(call.state.node).toBe('agent');
    call.playAll();
    expect(call.get('enqueue').group).toBe('general');
  });

  it('no key gives the timeout prompt and the menu again, then the fallback', () => {
    const call = atMenu();
    expect(call.get('startTimer').ms).toBe(6000);
    call.timeout();
    expect(call.spoken()[0]).toBe('对不起，我们没有收到您的按键。');
    call.played();
    call.timeout();
    call.played();
    call.timeout();
    expect(call.spoken()).toEqual(['对不起，我们没有收到您的按键。']);
    call.played();
    expect(call.path().slice(-1)).toEqual(['agent']);
    const notes = call.all.filter((c) => c.type === 'log-path' && c.node === 'main_menu').map((c) => (c.type === 'log-path' ? c.note : ''));
    expect(notes).toEqual([undefined, 'timeout', 'timeout', 'timeout', 'exhausted']);
  });

  it('a key after a wrong one still counts: the retry resets nothing but the prompt', () => {
    const call = atMenu();
    call.key('8');
    call.played();
    call.key('2');
    call.playAll();
    expect(call.get('enqueue').group).toBe('repair');
  });
});

describe('sample hotline: business hours', () => {
  it.each([
    ['07:59', 'after_hours'],
    ['08:00', 'main_menu'],
    ['19:59', 'main_menu'],
    ['20:00', 'after_hours'],
  ])('at %s the caller reaches %s', (time, node) => {
    const call = new TestCall(flow, shanghai(`2026-11-25T${time}:00`));
    call.start();
    expect(call.state.node).toBe(node);
  });

  it('after hours: the after-hours message, a complaint message, then a callback on the caller number', () => {
    const call = new TestCall(flow, evening);
    call.start();
    expect(call.spoken()[0]).toMatch(/非工作时间/);
    call.playAll();
    expect(call.state.node).toBe('after_hours_menu');
    call.key('1');
    call.playAll();
    const rec = call.get('record');
    expect(rec).toMatchObject({ maxS: 120, maxSilenceS: 10, beep: true, terminateOn: '#' });
    call.send({ type: 'recording-finished', id: rec.id, name: 'msg-1', durationS: 14.2 });
    expect(call.state.vars.complaintRecording).toBe('msg-1');
    expect(call.path().slice(-2)).toEqual(['complaint_callback_offer', 'callback/offer']);
    expect(call.spoken()).toContain('digits:13800138000');
    call.key('1');
    expect(call.get('createCallback')).toEqual({ type: 'createCallback', number: '13800138000', reason: 'complaint' });
    call.send({ type: 'callback-created' });
    expect(call.spoken()).toEqual(['已为您登记回电，我们会尽快与您联系。']);
    call.played();
    expect(call.path().slice(-2)).toEqual(['callback/done', 'goodbye']);
    call.played();
    expect(call.get('hangup')).toEqual({ type: 'hangup', reason: 'normal' });
    expect(call.ended().endedIn).toBe('callback');
  });

  it('after hours, a caller who just hangs up ended in the after-hours message', () => {
    const call = new TestCall(flow, evening);
    call.start();
    call.send({ type: 'hangup' });
    expect(call.ended()).toEqual({ type: 'end', endedIn: 'after-hours', keys: 0 });
  });

  it('after hours, no choice: goodbye and the call record says after-hours', () => {
    const call = new TestCall(flow, evening);
    call.start();
    call.playAll();
    call.timeout();
    call.played();
    call.timeout();
    call.playAll();
    expect(call.ended().endedIn).toBe('after-hours');
    expect(call.find('hangup', call.all)).toBeDefined();
  });

  it('on a holiday the holiday greeting plays', () => {
    const call = new TestCall(flow, nationalDay);
    call.start();
    expect(call.path()).toEqual(['vip_check', 'hours', 'holiday_greeting']);
    expect(call.all).toContainEqual({ type: 'log-path', node: 'hours', note: 'holiday' });
  });
});
