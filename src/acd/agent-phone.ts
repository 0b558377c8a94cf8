/**
 * An agent's phone as Asterisk's PJSIP objects: one endpoint, aor and auth named by the agent id. The lab renders
 * config agents into pjsip.conf from the same fields as hotline pushes API-created agents over ARI, so a phone
 * behaves the same whichever way its agent came. Pure.
 */
import { createHash } from 'node:crypto';
import type { SipPhone } from '../ari/port.js';

/**
 * The realm Asterisk challenges agents' phones with: the one PJSIP uses when neither the auth nor `default_realm`
 * names one, which is how pjsip.conf's agents are set up. A stored digest is only valid for the realm it was made
 * with, so each row keeps its realm next to it.
 */
export const agentSipRealm = 'asterisk';

/** The endpoint's options, in pjsip.conf order (disallow before allow). */
export function agentEndpointFields(id: string): Record<string, string> {
  return {
    context: 'hotline-agents',
    disallow: 'all',
    allow: 'ulaw,alaw',
    dtmf_mode: 'rfc4733',
    direct_media: 'no',
    auth: id,
    aors: id,
  };
}

/** The aor's options. */
export function agentAorFields(): Record<string, string> {
  return {
    // A phone that re-registers from a new port replaces its old contact instead of being refused.
    max_contacts: '1',
    remove_existing: 'yes',
  };
}

/**
 * SIP digest's HA1, md5(`username:realm:password`): what Asterisk needs to check a phone's REGISTER without the
 * password itself. It is still a credential (anyone holding it can register as the agent in this realm), so it is kept
 * only where pjsip.conf's passwords would be.
 */
export function sipDigestHa1(username: string, realm: string, password: string): string {
  return createHash('md5').update(`${username}:${realm}:${password}`, 'utf8').digest('hex');
}

/**
 * The phone to push for an agent whose password is known only as its HA1 in `realm`. Behind a SIP edge (issue 14) the
 * phone registers there, so the aor's contact is the agent's address at the edge, as for the lab's config agents.
 */
export function agentSipPhone(id: string, cred: { realm: string; ha1: string }, edgeContact?: string): SipPhone {
  return {
    id,
    // auth_type md5 with md5_cred: Asterisk 22 reads it as a pre-hashed MD5 digest (password_digest), older ones as is.
    auth: { auth_type: 'md5', username: id, realm: cred.realm, md5_cred: cred.ha1 },
    aor: { ...agentAorFields(), ...(edgeContact === undefined ? {} : { contact: edgeContact }) },
    endpoint: agentEndpointFields(id),
  };
}
