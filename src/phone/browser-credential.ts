/**
 * Short-lived SIP credentials for an agent's browser phone (pure). The console asks for one at login; the service
 * pushes the matching auth to Asterisk and forgets it when it expires or the agent goes back to the desk phone. The
 * long-term desk-phone password never reaches the page.
 */
import { browserEndpointId } from './browser-endpoint.js';

/** What the page needs to register, and when it stops working. */
export interface BrowserCredential {
  agentId: string;
  /** SIP user and PJSIP endpoint id (web<agent>). */
  username: string;
  /** Random, for this credential only. */
  password: string;
  /** The phone's SIP URI. */
  uri: string;
  /** Where the page opens its SIP WebSocket. */
  wsUrl: string;
  issuedAt: number;
  expiresAt: number;
  /** When the page should ask for a fresh one (two thirds of the way through its life). */
  renewAt: number;
}

/** Settings the credential is made from (config `phone.browser`). */
export interface CredentialSettings {
  wsUrl: string;
  sipDomain: string;
  credentialTtlS: number;
}

/** A new credential for `agentId`; `secret` is 32 random bytes as base64url from the caller (randomness is a shell's). */
export function newCredential(agentId: string, now: number, s: CredentialSettings, secret: string): BrowserCredential {
  const username = browserEndpointId(agentId);
  const ttlMs = s.credentialTtlS * 1000;
  return {
    agentId,
    username,
    password: secret,
    uri: `sip:${username}@${s.sipDomain}`,
    wsUrl: s.wsUrl,
    issuedAt: now,
    expiresAt: now + ttlMs,
    renewAt: now + Math.round((ttlMs * 2) / 3),
  };
}

/** True once the credential may no longer be used. */
export function expired(c: Pick<BrowserCredential, 'expiresAt'>, now: number): boolean {
  return now >= c.expiresAt;
}

/** Which phone rings for an agent: the browser while a live credential exists, else the desk phone. */
export type PhoneKind = 'browser' | 'desk';

export function phoneKindOf(c: Pick<BrowserCredential, 'expiresAt'> | undefined, now: number): PhoneKind {
  return c !== undefined && !expired(c, now) ? 'browser' : 'desk';
}
