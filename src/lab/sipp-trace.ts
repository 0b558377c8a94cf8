// Reads what SIPp wrote down: the short message trace (-trace_shortmsg: one line per SIP message sent or
// received) and the scenario's own log lines (-trace_logs, from <log> actions that start with [timestamp]).

/** One SIP message SIPp sent (S) or received (R). */
export interface SipTraceLine {
  /** Epoch milliseconds. */
  at: number;
  dir: 'S' | 'R';
  callId: string;
  cseq: number;
  /** The CSeq method: the request's method, or for a response the method it answers. */
  method: string;
  /** The request method or undefined for a response. */
  request?: string;
  /** The status code of a response. */
  status?: number;
  firstLine: string;
}

/** One <log> line: its time and the words after the timestamp. */
export interface ScenarioLogLine {
  at: number;
  words: string[];
}

/** Parses a -trace_shortmsg file (tab-separated: date, time, epoch, S/R, Call-ID, "CSeq:N METHOD", first line). */
export function parseShortMessages(text: string): SipTraceLine[] {
  const lines: SipTraceLine[] = [];
  for (const raw of text.split('\n')) {
    const f = raw.replace(/\r$/, '').split('\t');
    if (f.length < 7) continue;
    const at = Math.round(Number(f[2]) * 1000);
    const dir = f[3];
    const cseq = /^CSeq:\s*(\d+)\s+(\S+)/.exec(f[5] ?? '');
    if (!Number.isFinite(at) || (dir !== 'S' && dir !== 'R') || cseq === null) continue;
    const firstLine = f.slice(6).join('\t');
    const status = /^SIP\/2\.0 (\d{3})/.exec(firstLine);
    const line: SipTraceLine = { at, dir, callId: f[4]!, cseq: Number(cseq[1]), method: cseq[2]!, firstLine };
    if (status !== null) line.status = Number(status[1]);
    else line.request = firstLine.split(' ')[0]!;
    lines.push(line);
  }
  return lines;
}

/** Parses a -trace_logs file whose messages start with SIPp's [timestamp] (date, time, epoch seconds). */
export function parseScenarioLog(text: string): ScenarioLogLine[] {
  const lines: ScenarioLogLine[] = [];
  for (const raw of text.split('\n')) {
    const m = /^\S+\t\S+\t(\d+(?:\.\d+)?) (.*)$/.exec(raw.replace(/\r$/, ''));
    if (m === null) continue;
    lines.push({ at: Math.round(Number(m[1]) * 1000), words: m[2]!.split(' ').filter((w) => w !== '') });
  }
  return lines;
}

/** Who ended an answered call: whoever sent the first BYE. */
export type HungUpBy = 'caller' | 'far-end';

/** What happened on one call placed by a SIPp caller, from its own point of view. */
export interface CallFacts {
  callId?: string;
  /** answered; rejected (a final error response); cancelled (we gave up ringing); no-answer (no final response at all). */
  outcome: 'answered' | 'rejected' | 'cancelled' | 'no-answer';
  /** The final response to the INVITE, if one came. */
  status?: number;
  /** Its reason phrase. */
  reason?: string;
  /** A 180 or 183 came. */
  rang: boolean;
  invitedAt?: number;
  answeredAt?: number;
  endedAt?: number;
  /** The keys sent, with ms after answer. */
  keys: Array<{ key: string; atMs: number }>;
  hungUpBy?: HungUpBy;
  /** Answer to hang-up, for answered calls. */
  durationMs?: number;
}

/** The facts of the (only) call in a caller's traces. */
export function callerFacts(trace: readonly SipTraceLine[], log: readonly ScenarioLogLine[]): CallFacts {
  const invite = trace.find((l) => l.dir === 'S' && l.request === 'INVITE' && l.cseq === 1);
  const calls = trace.filter((l) => invite === undefined || l.callId === invite.callId);
  const facts: CallFacts = { outcome: 'no-answer', rang: false, keys: [] };
  if (invite === undefined) return facts;
  facts.callId = invite.callId;
  facts.invitedAt = invite.at;
  const inviteResponses = calls.filter((l) => l.dir === 'R' && l.method === 'INVITE' && l.status !== undefined);
  facts.rang = inviteResponses.some((l) => l.status === 180 || l.status === 183);
  const final = inviteResponses.find((l) => l.status! >= 200);
  const cancelled = calls.some((l) => l.dir === 'S' && l.request === 'CANCEL');
  if (final !== undefined) {
    facts.status = final.status!;
    facts.reason = final.firstLine.replace(/^SIP\/2\.0 \d{3} ?/, '');
  }
  if (final !== undefined && final.status! < 300) {
    facts.outcome = 'answered';
    facts.answeredAt = final.at;
    const bye = calls.find((l) => l.request === 'BYE');
    if (bye !== undefined) {
      facts.hungUpBy = bye.dir === 'S' ? 'caller' : 'far-end';
      facts.endedAt = bye.at;
      facts.durationMs = Math.round(bye.at - final.at);
    }
    for (const l of log) {
      if (l.words[0] === 'key' && l.words[2] !== undefined) facts.keys.push({ key: l.words[2], atMs: Math.round(l.at - final.at) });
    }
  } else if (final !== undefined) {
    facts.outcome = cancelled && final.status === 487 ? 'cancelled' : 'rejected';
    facts.endedAt = final.at;
    if (facts.outcome === 'cancelled') facts.hungUpBy = 'caller';
  } else if (cancelled) {
    facts.outcome = 'cancelled';
    facts.hungUpBy = 'caller';
  }
  return facts;
}

/** One call that reached a lab phone (an agent phone or the carrier). */
export interface PhoneCall {
  callId: string;
  /** The Request-URI user: the number dialed. */
  dialed?: string;
  /** The From user Asterisk sent (the caller id it presents to the agent). */
  from?: string;
  invitedAt: number;
  answeredAt?: number;
  endedAt?: number;
  /** The response the phone gave when it did not answer (486, 603, 487 after CANCEL). */
  status?: number;
  hungUpBy?: 'phone' | 'far-end';
}

/** Every call a phone received, in arrival order, from its traces (the REGISTER dialog is left out). */
export function phoneCalls(trace: readonly SipTraceLine[], log: readonly ScenarioLogLine[]): PhoneCall[] {
  const calls = new Map<string, PhoneCall>();
  for (const l of trace) {
    if (l.dir === 'R' && l.request === 'INVITE' && !calls.has(l.callId)) {
      const call: PhoneCall = { callId: l.callId, invitedAt: l.at };
      const dialed = /^INVITE sips?:([^@;>]+)@/.exec(l.firstLine);
      if (dialed !== null) call.dialed = dialed[1]!;
      calls.set(l.callId, call);
    }
    const call = calls.get(l.callId);
    if (call === undefined) continue;
    if (l.dir === 'S' && l.method === 'INVITE' && l.status !== undefined && l.status >= 200 && call.status === undefined) {
      call.status = l.status;
      if (l.status >= 300) call.endedAt = l.at;
    }
    if (l.dir === 'R' && l.request === 'ACK' && call.status === 200 && call.answeredAt === undefined) call.answeredAt = l.at;
    if (l.request === 'BYE' && call.hungUpBy === undefined) {
      call.hungUpBy = l.dir === 'S' ? 'phone' : 'far-end';
      call.endedAt = l.at;
    }
  }
  for (const l of log) {
    const call = l.words[0] === 'invite' ? calls.get(l.words[1] ?? '') : undefined;
    if (call !== undefined && l.words[2] !== undefined) call.from = l.words[2];
  }
  return [...calls.values()];
}
