/**
 * The browser phones' shell: issues a credential (pushing its auth, aor and endpoint to Asterisk over ARI, like API
 * agents' desk phones), removes it at expiry or when the agent goes back to the desk phone, pushes the live ones again
 * when the ARI connection comes back (pushed objects live in Asterisk's memory only), and tells the ACD which phone
 * rings. One live credential per agent: a new one replaces the old, so a stolen page's password dies with the next login.
 */
import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import type { TelephonyPort } from '../ari/port.js';
import type { Clock } from '../clock.js';
import { agentEndpoint } from '../acd/ring-policy.js';
import { HotlineError } from '../errors.js';
import { browserDialString, browserEndpointId, browserSipPhone } from './browser-endpoint.js';
import { expired, newCredential, phoneKindOf, type BrowserCredential, type CredentialSettings, type PhoneKind } from './browser-credential.js';

export interface BrowserPhonesDeps {
  port: Pick<TelephonyPort, 'pushSipPhone' | 'removeSipPhone'>;
  clock: Clock;
  log: Logger;
  settings: CredentialSettings & { enabled: boolean };
  /** 32 random bytes as base64url; tests pass their own. */
  secret?: () => string;
}

export class BrowserPhones {
  private readonly live = new Map<string, { cred: BrowserCredential; timer: ReturnType<Clock['setTimeout']> }>();

  constructor(private readonly d: BrowserPhonesDeps) {}

  /** Issues a fresh credential for the agent's browser phone and pushes it to Asterisk; the browser rings from then on. */
  async issue(agentId: string): Promise<BrowserCredential> {
    if (!this.d.settings.enabled) throw new HotlineError('PHONE_UNAVAILABLE', 'browser phones are turned off (phone.browser.enabled)', { key: 'phone.browser.enabled' });
    const secret = this.d.secret?.() ?? randomBytes(32).toString('base64url');
    const cred = newCredential(agentId, this.d.clock.now(), this.d.settings, secret);
    await this.d.port.pushSipPhone(browserSipPhone(agentId, cred.password, this.d.settings.credentialTtlS));
    const old = this.live.get(agentId);
    if (old) this.d.clock.clearTimeout(old.timer);
    const timer = this.d.clock.setTimeout(() => void this.expire(agentId, cred), cred.expiresAt - cred.issuedAt);
    this.live.set(agentId, { cred, timer });
    this.d.log.info({ agentId, endpoint: cred.username, expiresAt: cred.expiresAt }, 'browser phone credential issued');
    return cred;
  }

  /** Back to the desk phone: the browser phone's objects leave Asterisk, its credential is void. */
  async release(agentId: string): Promise<void> {
    const entry = this.live.get(agentId);
    if (entry) this.d.clock.clearTimeout(entry.timer);
    this.live.delete(agentId);
    await this.d.port.removeSipPhone(browserEndpointId(agentId));
    this.d.log.info({ agentId }, 'browser phone released');
  }

  /** Which phone rings for the agent now. */
  kindOf(agentId: string): PhoneKind {
    return phoneKindOf(this.live.get(agentId)?.cred, this.d.clock.now());
  }

  /** The dial string the ACD rings the agent on. */
  dialStringOf(agentId: string): string {
    return this.kindOf(agentId) === 'browser' ? browserDialString(agentId) : agentEndpoint(agentId);
  }

  /** After an (re)connect: Asterisk may have restarted and forgotten every pushed phone. */
  async pushAll(): Promise<void> {
    for (const [agentId, { cred }] of this.live) {
      if (expired(cred, this.d.clock.now())) continue;
      const leftS = Math.max(60, Math.ceil((cred.expiresAt - this.d.clock.now()) / 1000));
      await this.d.port.pushSipPhone(browserSipPhone(agentId, cred.password, leftS)).catch((err: unknown) => this.d.log.warn({ err, agentId }, 'browser phone push failed'));
    }
  }

  /** Stops the expiry timers (the pushed objects go with Asterisk's memory or the next release). */
  close(): void {
    for (const { timer } of this.live.values()) this.d.clock.clearTimeout(timer);
    this.live.clear();
  }

  private async expire(agentId: string, cred: BrowserCredential): Promise<void> {
    // A renewal replaced this credential: its own timer owns the phone now.
    if (this.live.get(agentId)?.cred !== cred) return;
    this.live.delete(agentId);
    this.d.log.info({ agentId }, 'browser phone credential expired');
    await this.d.port.removeSipPhone(browserEndpointId(agentId)).catch((err: unknown) => this.d.log.warn({ err, agentId }, 'removing an expired browser phone failed'));
  }
}
