import { describe, expect, it } from 'vitest';
import { callerFacts, parseScenarioLog, parseShortMessages, phoneCalls } from '../../../src/lab/sipp-trace.js';

// Lines as SIPp 3.6.1 writes them (-trace_shortmsg, -trace_logs), from real lab runs.
const t = (epoch: string, dir: string, callId: string, cseq: string, first: string) =>
  `2026-11-23\t10:41:52.780872\t${epoch}\t${dir}\t${callId}\t${cseq}\t${first}`;
const log = (epoch: string, message: string) => `2026-11-23\t10:41:53.793080\t${epoch} ${message}`;

const answeredCall = [
  t('1795430928.881351', 'S', '1-6350@127.0.0.2', 'CSeq:1 INVITE', 'INVITE sip:13900000000@127.0.0.1:5070 SIP/2.0'),
  t('1795430928.881625', 'R', '1-6350@127.0.0.2', 'CSeq:1 INVITE', 'SIP/2.0 100 Trying'),
  t('1795430928.889259', 'R', '1-6350@127.0.0.2', 'CSeq:1 INVITE', 'SIP/2.0 180 Ringing'),
  t('1795430929.197537', 'R', '1-6350@127.0.0.2', 'CSeq:1 INVITE', 'SIP/2.0 200 OK'),
  t('1795430929.197698', 'S', '1-6350@127.0.0.2', 'CSeq:1 ACK', 'ACK sip:127.0.0.1:5070;transport=UDP SIP/2.0'),
  t('1795430932.222410', 'S', '1-6350@127.0.0.2', 'CSeq:2 BYE', 'BYE sip:127.0.0.1:5070;transport=UDP SIP/2.0'),
  t('1795430932.222441', 'R', '1-6350@127.0.0.2', 'CSeq:2 BYE', 'SIP/2.0 200 OK'),
].join('\n');
const answeredLog = [
  log('1795430930.201736', 'key 0 1'),
  log('1795430930.505579', 'key 1 2'),
  log('1795430930.813385', 'key 2 #'),
  log('1795430932.221228', 'hangup planned'),
].join('\n');

describe('parseShortMessages', () => {
  it('reads time, direction, Call-ID, CSeq, request or status', () => {
    const lines = parseShortMessages(`${answeredCall}\n\ngarbage line\n`);
    expect(lines).toHaveLength(7);
    expect(lines[0]).toEqual({
      at: 1795430928881,
      dir: 'S',
      callId: '1-6350@127.0.0.2',
      cseq: 1,
      method: 'INVITE',
      request: 'INVITE',
      firstLine: 'INVITE sip:13900000000@127.0.0.1:5070 SIP/2.0',
    });
    expect(lines[2]).toMatchObject({ dir: 'R', method: 'INVITE', status: 180 });
    expect(lines[2]!.request).toBeUndefined();
    expect(lines[5]).toMatchObject({ request: 'BYE', cseq: 2 });
  });
});

describe('parseScenarioLog', () => {
  it('reads the epoch and the words after SIPp [timestamp]', () => {
    expect(parseScenarioLog(`${answeredLog}\nnot a log line`)).toEqual([
      { at: 1795430930202, words: ['key', '0', '1'] },
      { at: 1795430930506, words: ['key', '1', '2'] },
      { at: 1795430930813, words: ['key', '2', '#'] },
      { at: 1795430932221, words: ['hangup', 'planned'] },
    ]);
  });
});

describe('callerFacts', () => {
  it('reports an answered call: answer time, keys after answer, who hung up, duration', () => {
    const facts = callerFacts(parseShortMessages(answeredCall), parseScenarioLog(answeredLog));
    expect(facts).toEqual({
      outcome: 'answered',
      callId: '1-6350@127.0.0.2',
      status: 200,
      reason: 'OK',
      rang: true,
      invitedAt: 1795430928881,
      answeredAt: 1795430929198,
      endedAt: 1795430932222,
      hungUpBy: 'caller',
      durationMs: 3024,
      keys: [
        { key: '1', atMs: 1004 },
        { key: '2', atMs: 1308 },
        { key: '#', atMs: 1615 },
      ],
    });
  });

  it('says the far end hung up when the BYE came in', () => {
    const trace = [
      t('1.000', 'S', 'c', 'CSeq:1 INVITE', 'INVITE sip:13900000010@127.0.0.1:5070 SIP/2.0'),
      t('1.300', 'R', 'c', 'CSeq:1 INVITE', 'SIP/2.0 200 OK'),
      t('1.301', 'S', 'c', 'CSeq:1 ACK', 'ACK sip:127.0.0.1:5070 SIP/2.0'),
      t('2.300', 'R', 'c', 'CSeq:1 BYE', 'BYE sip:13800138000@127.0.0.2:5060 SIP/2.0'),
      t('2.301', 'S', 'c', 'CSeq:1 BYE', 'SIP/2.0 200 OK'),
    ].join('\n');
    expect(callerFacts(parseShortMessages(trace), [])).toMatchObject({ outcome: 'answered', rang: false, hungUpBy: 'far-end', durationMs: 1000 });
  });

  it('reports a rejection with its status and reason', () => {
    const trace = [
      t('1.0', 'S', 'c', 'CSeq:1 INVITE', 'INVITE sip:13900000003@127.0.0.1:5070 SIP/2.0'),
      t('1.1', 'R', 'c', 'CSeq:1 INVITE', 'SIP/2.0 100 Trying'),
      t('1.2', 'R', 'c', 'CSeq:1 INVITE', 'SIP/2.0 486 Busy Here'),
      t('1.3', 'S', 'c', 'CSeq:1 ACK', 'ACK sip:13900000003@127.0.0.1:5070 SIP/2.0'),
    ].join('\n');
    expect(callerFacts(parseShortMessages(trace), [])).toEqual({
      outcome: 'rejected',
      callId: 'c',
      invitedAt: 1000,
      status: 486,
      reason: 'Busy Here',
      rang: false,
      endedAt: 1200,
      keys: [],
    });
  });

  it('reports a call the caller cancelled while it rang', () => {
    const trace = [
      t('1.0', 'S', 'c', 'CSeq:1 INVITE', 'INVITE sip:13900000004@127.0.0.1:5070 SIP/2.0'),
      t('1.1', 'R', 'c', 'CSeq:1 INVITE', 'SIP/2.0 180 Ringing'),
      t('3.1', 'S', 'c', 'CSeq:1 CANCEL', 'CANCEL sip:13900000004@127.0.0.1:5070 SIP/2.0'),
      t('3.2', 'R', 'c', 'CSeq:1 CANCEL', 'SIP/2.0 200 OK'),
      t('3.3', 'R', 'c', 'CSeq:1 INVITE', 'SIP/2.0 487 Request Terminated'),
    ].join('\n');
    expect(callerFacts(parseShortMessages(trace), [])).toMatchObject({ outcome: 'cancelled', status: 487, rang: true, hungUpBy: 'caller' });
  });

  it('does not take the 200 to a CANCEL for an answer', () => {
    const trace = [
      t('1.0', 'S', 'c', 'CSeq:1 INVITE', 'INVITE sip:1@h SIP/2.0'),
      t('3.1', 'S', 'c', 'CSeq:1 CANCEL', 'CANCEL sip:1@h SIP/2.0'),
      t('3.2', 'R', 'c', 'CSeq:1 CANCEL', 'SIP/2.0 200 OK'),
    ].join('\n');
    expect(callerFacts(parseShortMessages(trace), [])).toMatchObject({ outcome: 'cancelled', hungUpBy: 'caller' });
  });

  it('reports no answer when nothing final came back, and nothing when no INVITE went out', () => {
    const trace = t('1.0', 'S', 'c', 'CSeq:1 INVITE', 'INVITE sip:1@h SIP/2.0');
    expect(callerFacts(parseShortMessages(trace), [])).toMatchObject({ outcome: 'no-answer', invitedAt: 1000 });
    expect(callerFacts([], [])).toEqual({ outcome: 'no-answer', rang: false, keys: [] });
  });
});

describe('phoneCalls', () => {
  it('lists the calls a phone received, leaving out its REGISTER dialog', () => {
    const trace = [
      t('1.0', 'S', 'reg', 'CSeq:1 REGISTER', 'REGISTER sip:127.0.0.1:5060 SIP/2.0'),
      t('1.1', 'R', 'reg', 'CSeq:1 REGISTER', 'SIP/2.0 200 OK'),
      t('2.0', 'R', 'a', 'CSeq:4853 INVITE', 'INVITE sip:1001@127.0.0.3:5061 SIP/2.0'),
      t('2.0', 'S', 'a', 'CSeq:4853 INVITE', 'SIP/2.0 180 Ringing'),
      t('2.5', 'S', 'a', 'CSeq:4853 INVITE', 'SIP/2.0 200 OK'),
      t('2.6', 'R', 'a', 'CSeq:4853 ACK', 'ACK sip:1001@127.0.0.3:5061;transport=UDP SIP/2.0'),
      t('3.0', 'R', 'b', 'CSeq:10 INVITE', 'INVITE sip:+8613900000003@127.0.0.1:5070 SIP/2.0'),
      t('3.0', 'S', 'b', 'CSeq:10 INVITE', 'SIP/2.0 486 Busy Here'),
      t('4.6', 'S', 'a', 'CSeq:1 BYE', 'BYE sip:asterisk@127.0.0.1:5060 SIP/2.0'),
      t('4.7', 'R', 'a', 'CSeq:1 BYE', 'SIP/2.0 200 OK'),
    ].join('\n');
    const logLines = parseScenarioLog([log('2.0', 'registered'), log('2.0', 'invite a 13800138000'), log('3.0', 'invite b')].join('\n'));
    expect(phoneCalls(parseShortMessages(trace), logLines)).toEqual([
      { callId: 'a', dialed: '1001', from: '13800138000', invitedAt: 2000, status: 200, answeredAt: 2600, hungUpBy: 'phone', endedAt: 4600 },
      { callId: 'b', dialed: '+8613900000003', invitedAt: 3000, status: 486, endedAt: 3000 },
    ]);
  });
});
