/**
 * An agent's browser phone as Asterisk's PJSIP objects: a WebRTC endpoint (DTLS-SRTP, ICE, AVPF, rtcp-mux) with its own
 * id beside the agent's desk phone, so both can exist and the agent chooses which one rings. The lab renders the same
 * options as a pjsip.conf template. Pure.
 */
import type { SipPhone } from '../ari/port.js';

/** The browser phone's endpoint (and auth and aor) id for an agent: never the desk phone's id. */
export function browserEndpointId(agentId: string): string {
  return `web${agentId}`;
}

/**
 * Whose browser phone a supervisor's is (issue 13: they monitor calls on it): their token's, since a supervisor is no
 * ACD agent. Never an agent id (those are the agents' own), so the ACD never rings it.
 */
export function supervisorPhoneOwner(tokenId: number): string {
  return `sup${tokenId}`;
}

/** The dial string that rings an agent's browser phone. */
export function browserDialString(agentId: string): string {
  return `PJSIP/${browserEndpointId(agentId)}`;
}

/** The endpoint's options, in pjsip.conf order (disallow before allow). */
export function browserEndpointFields(): Record<string, string> {
  return {
    context: 'hotline-agents',
    // G.711 like every other leg: no transcoding in a bridge with the caller, and Chromium offers PCMU.
    disallow: 'all',
    allow: 'ulaw,alaw',
    // webrtc = yes: AVPF, DTLS-SRTP with fingerprint checks, ICE, rtcp-mux, replies over the socket the REGISTER came on.
    webrtc: 'yes',
    dtls_auto_generate_cert: 'yes',
    dtmf_mode: 'rfc4733',
    direct_media: 'no',
    // The lab is loopback only; binding RTP to one address keeps ICE to one host candidate.
    media_address: '127.0.0.1',
    bind_rtp_to_media_address: 'yes',
  };
}

/** The aor's options: one browser tab at a time, a registration never outliving the credential. */
export function browserAorFields(maxExpirationS: number): Record<string, string> {
  return {
    max_contacts: '1',
    remove_existing: 'yes',
    maximum_expiration: String(maxExpirationS),
    default_expiration: String(Math.min(maxExpirationS, 600)),
  };
}

/** The phone to push: username = endpoint id, a one-time password (auth_type userpass), expiring with the credential. */
export function browserSipPhone(agentId: string, password: string, ttlS: number): SipPhone {
  const id = browserEndpointId(agentId);
  return {
    id,
    auth: { auth_type: 'userpass', username: id, password },
    aor: browserAorFields(ttlS),
    endpoint: { ...browserEndpointFields(), auth: id, aors: id },
  };
}
