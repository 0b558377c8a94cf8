import { describe, expect, it } from 'vitest';
import { awayCalls } from '../../../src/calls/away-calls.js';
import { sipCodeForCause } from '../../../src/calls/cause-sip.js';
import { parseChannelTraces } from '../../../src/calls/channel-trace.js';
import { lostEnd, type LostRow } from '../../../src/calls/lost-end.js';

// Lines as the lab's Asterisk 22.10 writes them (cel_custom JSON mapping, asterisk/etc/cel_custom.conf).
const lab = [
  '{"eventtype":"CHAN_START","eventtime":"1796658235.747565","uniqueid":"dial-a","num":"","exten":"s","channame":"PJSIP/carrier-00000000","eventextra":""}',
  '{"eventtype":"ANSWER","eventtime":"1796658236.100000","uniqueid":"dial-a","num":"4008001234","exten":"s","channame":"PJSIP/carrier-00000000","eventextra":""}',
  '{"eventtype":"HANGUP","eventtime":"1796658237.312367","uniqueid":"dial-a","num":"4008001234","exten":"amd","channame":"PJSIP/carrier-00000000","eventextra":"{\\"hangupcause\\":16,\\"hangupsource\\":\\"PJSIP/carrier-00000000\\",\\"dialstatus\\":\\"\\"}"}',
  '{"eventtype":"CHAN_END","eventtime":"1796658237.313000","uniqueid":"dial-a","num":"4008001234","exten":"amd","channame":"PJSIP/carrier-00000000","eventextra":""}',
  '{"eventtype":"CHAN_START","eventtime":"1796658240.000000","uniqueid":"1796658240.7","num":"13800138000","exten":"4008001234","channame":"PJSIP/carrier-00000003","eventextra":""}',
  '{"eventtype":"HANGUP","eventtime":"1796658245.000000","uniqueid":"1796658240.7","num":"13800138000","exten":"4008001234","channame":"PJSIP/carrier-00000003","eventextra":"{\\"hangupcause\\":16}"}',
  '{"eventtype":"CHAN_START","eventtime":"1796658240.100000","uniqueid":"em-snoop-dial-a","num":"","exten":"s","channame":"Snoop/dial-a-00000000","eventextra":""}',
  '{"eventtype":"HANGUP","eventtime":"1796658240.200000","uniqueid":"em-snoop-dial-a","num":"","exten":"s","channame":"Snoop/dial-a-00000000","eventextra":""}',
  '{"eventtype":"CHAN_START","eventtime":"17966582',
].join('\n');

describe('parseChannelTraces', () => {
  it("reads each channel's start, answer, hang-up cause and end, skipping a cut last line", () => {
    const t = parseChannelTraces(lab);
    expect(t.coversFrom).toBe(1796658235748);
    expect(t.byId.get('dial-a')).toEqual({
      id: 'dial-a',
      startedAt: 1796658235748,
      answeredAt: 1796658236100,
      hangup: { cause: 16, at: 1796658237312 },
      endedAt: 1796658237313,
      callerNumber: '',
      exten: 's',
      name: 'PJSIP/carrier-00000000',
    });
    expect(t.byId.size).toBe(3);
  });
});

describe('sipCodeForCause', () => {
  it.each([
    [17, false, 486],
    [19, false, 480],
    [1, false, 404],
    [16, true, 200],
    [16, false, null],
  ])('cause %i (answered %s) → %s', (cause, answered, sip) => expect(sipCodeForCause(cause, answered)).toBe(sip));
});

const row = (over: Partial<LostRow> = {}): LostRow => ({
  channelId: 'dial-x',
  direction: 'outbound',
  startedAt: 1_000_000,
  answeredAt: null,
  amdStatus: null,
  faxTones: null,
  outcome: null,
  causeCode: null,
  causeText: null,
  ...over,
});
const cel = (lines: Array<[string, string, number, number?]>) =>
  parseChannelTraces(
    lines
      .map(([type, id, at, cause]) => JSON.stringify({ eventtype: type, eventtime: String(at / 1000), uniqueid: id, channame: 'PJSIP/carrier-1', eventextra: cause === undefined ? '' : JSON.stringify({ hangupcause: cause }) }))
      .join('\n'),
  );

describe('lostEnd: how a record whose channel vanished is closed', () => {
  const now = 2_000_000;
  const opts = { shortCallS: 3, mediaServerLost: false };
  it.each([
    { why: 'busy in the record', traces: cel([['CHAN_START', 'dial-x', 1_000_100], ['HANGUP', 'dial-x', 1_003_000, 17]]), outcome: 'busy', reconciled: 'asterisk-record', cause: 17, sip: 486, endedAt: 1_003_000 },
    { why: '404 in the record', traces: cel([['CHAN_START', 'dial-x', 1_000_100], ['HANGUP', 'dial-x', 1_000_300, 1]]), outcome: 'unallocated', reconciled: 'asterisk-record', cause: 1, sip: 404, endedAt: 1_000_300 },
    { why: 'no answer in the record', traces: cel([['CHAN_START', 'dial-x', 1_000_100], ['HANGUP', 'dial-x', 1_030_000, 19]]), outcome: 'no-answer', reconciled: 'asterisk-record', cause: 19, sip: 480, endedAt: 1_030_000 },
    { why: 'no such channel in a record complete since before it', traces: cel([['CHAN_START', 'dial-y', 999_000]]), outcome: 'failed', reconciled: 'never-dialed', cause: null, sip: null, endedAt: now },
    { why: 'no such channel, but the record starts after it', traces: cel([['CHAN_START', 'dial-y', 1_000_500]]), outcome: 'failed', reconciled: 'ended-while-disconnected', cause: null, sip: null, endedAt: now },
    { why: 'started, end not in the record', traces: cel([['CHAN_START', 'dial-x', 1_000_100]]), outcome: 'failed', reconciled: 'ended-while-disconnected', cause: null, sip: null, endedAt: now },
    { why: 'no record to read', traces: null, outcome: 'failed', reconciled: 'ended-while-disconnected', cause: null, sip: null, endedAt: now },
  ])('$why → $outcome ($reconciled)', ({ traces, outcome, reconciled, cause, sip, endedAt }) => {
    expect(lostEnd(row(), traces, now, opts)).toMatchObject({ outcome, reconciled, cause, sipCode: sip, endedAt });
  });

  it('an answered leg the far end cleared after a second is a short call', () => {
    const traces = cel([['CHAN_START', 'dial-x', 1_000_100], ['ANSWER', 'dial-x', 1_001_000], ['HANGUP', 'dial-x', 1_002_000, 16]]);
    expect(lostEnd(row(), traces, now, opts)).toMatchObject({ outcome: 'short-call', answeredAt: 1_001_000, sipCode: 200 });
  });

  it('a call cut by the media server is marked so, inbound or outbound, whatever the record says', () => {
    const traces = cel([['HANGUP', 'dial-x', 1_002_000, 16]]);
    expect(lostEnd(row({ answeredAt: 1_001_000 }), traces, now, { ...opts, mediaServerLost: true })).toMatchObject({ reconciled: 'media-server-lost', outcome: 'human' });
    expect(lostEnd(row(), null, now, { ...opts, mediaServerLost: true })).toMatchObject({ reconciled: 'media-server-lost', outcome: 'network-failure' });
    expect(lostEnd(row({ direction: 'inbound', channelId: '17.1', answeredAt: 1_001_000 }), null, now, { ...opts, mediaServerLost: true })).toMatchObject({ reconciled: 'media-server-lost', outcome: 'answered' });
  });
});

describe('awayCalls: callers Asterisk took while hotline was away', () => {
  it('records ended PJSIP callers with no row, not our legs, helper channels, known calls or old ones', () => {
    const t = parseChannelTraces(lab);
    const rows = awayCalls(t, () => false, 0);
    expect(rows).toEqual([
      expect.objectContaining({ channelId: '1796658240.7', direction: 'inbound', callerNumber: '13800138000', calledNumber: '4008001234', endedAt: 1796658245000, outcome: 'caller-abandoned', reconciled: 'while-away', causeCode: 16 }),
    ]);
    expect(awayCalls(t, (id) => id === '1796658240.7', 0)).toEqual([]);
    expect(awayCalls(t, () => false, 1796658241000)).toEqual([]);
  });
});
