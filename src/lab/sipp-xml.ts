// Pieces shared by the generated SIPp scenarios. SIPp strips leading blanks from each line of a message, so
// messages are written flush left; [keywords] are SIPp's, filled in per call.

/** Escapes text for a double-quoted XML attribute. */
export function xmlAttr(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A SIP message as a SIPp <send> body: the lines, a blank line, CDATA around them. */
export function sipMessage(lines: readonly string[]): string {
  const text = lines.join('\n');
  if (text.includes(']]>')) throw new RangeError('a SIP message cannot contain "]]>"');
  return `<![CDATA[\n${text}\n\n]]>`;
}

/** Methods every lab phone accepts; UPDATE is listed so Asterisk sends connected-line updates as UPDATE, which -aa answers. */
export const allowHeader = 'Allow: INVITE, ACK, CANCEL, BYE, OPTIONS, INFO, UPDATE';

/** The SDP every lab phone offers or answers: G.711 u-law and RFC 4733 telephone-event on 101. */
export function sdpLines(owner: string): string[] {
  return [
    'Content-Type: application/sdp',
    'Content-Length: [len]',
    '',
    'v=0',
    `o=${owner} 53655765 2353687637 IN IP[local_ip_type] [local_ip]`,
    's=-',
    'c=IN IP[media_ip_type] [media_ip]',
    't=0 0',
    'm=audio [media_port] RTP/AVP 0 101',
    'a=rtpmap:0 PCMU/8000',
    'a=rtpmap:101 telephone-event/8000',
    'a=fmtp:101 0-16',
    'a=ptime:20',
    'a=sendrecv',
  ];
}

/** A response to the last request received, copying its dialog headers; `toTag` adds our tag to To. */
export function responseTo(status: string, opts: { toTag?: boolean; contact?: boolean; extra?: readonly string[] } = {}): string[] {
  return [
    `SIP/2.0 ${status}`,
    '[last_Via:]',
    '[last_From:]',
    opts.toTag === true ? '[last_To:];tag=[pid]SIPpTag01[call_number]' : '[last_To:]',
    '[last_Call-ID:]',
    '[last_CSeq:]',
    ...(opts.contact === true ? ['Contact: <sip:[service]@[local_ip]:[local_port];transport=[transport]>'] : []),
    ...(opts.extra ?? ['Content-Length: 0']),
  ];
}

/** A <nop> that writes one line to SIPp's log file (-trace_logs): epoch seconds, then the words. */
export function logNop(message: string, next?: string): string {
  const nextAttr = next === undefined ? '' : ` next="${xmlAttr(next)}"`;
  return `<nop hide="true"${nextAttr}><action><log message="[timestamp] ${xmlAttr(message)}"/></action></nop>`;
}
