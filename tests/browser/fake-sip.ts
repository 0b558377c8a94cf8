/**
 * A SIP server faked at the browser phone's WebSocket (Playwright's routeWebSocket): it accepts the REGISTER, sends
 * INVITEs as Asterisk would (with or without hotline's X-Hotline-Call header, an SDP offer Chromium accepts), ACKs the
 * phone's 200 OK, and keeps every message the page sent. For browser-tier tests of what the phone does with a call,
 * without Asterisk.
 */
import type { Page, WebSocketRoute } from 'playwright-core';

/** One SIP message: its first line and its headers (names lower-cased, first value of each). */
export interface SipMessage {
  first: string;
  headers: Map<string, string>;
  raw: string;
}

export function parseSip(raw: string): SipMessage {
  const [head = ''] = raw.split('\r\n\r\n');
  const [first = '', ...lines] = head.split('\r\n');
  const headers = new Map<string, string>();
  for (const l of lines) {
    const i = l.indexOf(':');
    if (i > 0 && !headers.has(l.slice(0, i).trim().toLowerCase())) headers.set(l.slice(0, i).trim().toLowerCase(), l.slice(i + 1).trim());
  }
  return { first, headers, raw };
}

// A well-formed offer: ICE credentials and a DTLS fingerprint (never used: no media flows in this tier).
const fingerprint = Array.from({ length: 32 }, (_, i) => (i * 7 + 16).toString(16).padStart(2, '0').toUpperCase()).join(':');
const offer = [
  'v=0',
  'o=- 1 1 IN IP4 127.0.0.1',
  's=-',
  't=0 0',
  'a=group:BUNDLE 0',
  'm=audio 9 UDP/TLS/RTP/SAVPF 0',
  'c=IN IP4 127.0.0.1',
  'a=rtcp:9 IN IP4 127.0.0.1',
  'a=ice-ufrag:fake',
  'a=ice-pwd:fakefakefakefakefakefake',
  `a=fingerprint:sha-256 ${fingerprint}`,
  'a=setup:actpass',
  'a=mid:0',
  'a=sendrecv',
  'a=rtcp-mux',
  'a=rtpmap:0 PCMU/8000',
  '',
].join('\r\n');

export class FakeSipServer {
  /** Every message the page sent, in order. */
  readonly received: SipMessage[] = [];
  private ws: WebSocketRoute | undefined;
  private seq = 0;

  /** Routes the page's SIP WebSocket (`wsUrl`) here. */
  async attach(page: Page, wsUrl: string): Promise<void> {
    await page.routeWebSocket(wsUrl, (ws) => {
      this.ws = ws;
      ws.onMessage((m) => this.onMessage(typeof m === 'string' ? m : m.toString('utf8')));
    });
  }

  /** Responses the page sent to the INVITE with this Call-ID (e.g. ['180', '200']). */
  answersTo(callId: string): string[] {
    return this.received.filter((m) => m.first.startsWith('SIP/2.0 ') && m.headers.get('call-id') === callId && /INVITE$/.test(m.headers.get('cseq') ?? '')).map((m) => m.first.split(' ')[1]!);
  }

  /** Sends an INVITE to `user` as Asterisk would; `callKind` becomes the X-Hotline-Call header. Returns its Call-ID. */
  invite(user: string, from: string, callKind?: string): string {
    const n = ++this.seq;
    const callId = `fake-call-${n}`;
    const msg = [
      `INVITE sip:${user}@127.0.0.1 SIP/2.0`,
      `Via: SIP/2.0/WSS 127.0.0.1:8089;branch=z9hG4bK-fake-${n}`,
      'Max-Forwards: 70',
      `From: <sip:${from}@127.0.0.1>;tag=fake-from-${n}`,
      `To: <sip:${user}@127.0.0.1>`,
      `Call-ID: ${callId}`,
      'CSeq: 1 INVITE',
      'Contact: <sip:asterisk@127.0.0.1:8089;transport=ws>',
      ...(callKind ? [`X-Hotline-Call: ${callKind}`] : []),
      'Content-Type: application/sdp',
      `Content-Length: ${Buffer.byteLength(offer)}`,
      '',
      offer,
    ].join('\r\n');
    this.ws!.send(msg);
    return callId;
  }

  private onMessage(raw: string): void {
    const m = parseSip(raw);
    this.received.push(m);
    const method = m.first.split(' ')[0];
    if (method === 'REGISTER' || method === 'BYE' || method === 'OPTIONS') this.ws!.send(this.reply(m, '200 OK', method === 'REGISTER' ? [`Contact: ${m.headers.get('contact')};expires=300`] : []));
    // The phone answered: the call is up once it has its ACK.
    else if (m.first.startsWith('SIP/2.0 200') && /INVITE$/.test(m.headers.get('cseq') ?? '')) this.ack(m);
  }

  private reply(req: SipMessage, status: string, extra: string[]): string {
    const to = req.headers.get('to')!;
    return [
      `SIP/2.0 ${status}`,
      `Via: ${req.headers.get('via')}`,
      `From: ${req.headers.get('from')}`,
      `To: ${to.includes('tag=') ? to : `${to};tag=fake-to`}`,
      `Call-ID: ${req.headers.get('call-id')}`,
      `CSeq: ${req.headers.get('cseq')}`,
      ...extra,
      'Content-Length: 0',
      '',
      '',
    ].join('\r\n');
  }

  private ack(ok: SipMessage): void {
    const contact = /<([^>]+)>/.exec(ok.headers.get('contact') ?? '')?.[1] ?? 'sip:phone@127.0.0.1';
    this.ws!.send(
      [
        `ACK ${contact} SIP/2.0`,
        `Via: SIP/2.0/WSS 127.0.0.1:8089;branch=z9hG4bK-fake-ack-${++this.seq}`,
        'Max-Forwards: 70',
        `From: ${ok.headers.get('from')}`,
        `To: ${ok.headers.get('to')}`,
        `Call-ID: ${ok.headers.get('call-id')}`,
        'CSeq: 1 ACK',
        'Content-Length: 0',
        '',
        '',
      ].join('\r\n'),
    );
  }
}
