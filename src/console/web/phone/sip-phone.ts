/**
 * The browser phone's SIP shell: JsSIP over Asterisk's wss:// transport with the short-lived credential the API
 * issued. It turns JsSIP's events into phone-state events, plays the far end through an <audio> element, and reads
 * WebRTC statistics so the agent (and a test) can see audio flow both ways. Credentials are renewed before they
 * expire; the new password is used from the next REGISTER on.
 */
import { C, UA, WebSocketInterface } from 'jssip';
import type { RTCSession } from 'jssip/lib/RTCSession.js';
import { send } from '../api.js';
import { callKindHeader, shouldAutoAnswer, type PhoneEvent } from './phone-state.js';

/** What POST /phone/credentials returns. */
export interface PhoneCredential {
  username: string;
  password: string;
  uri: string;
  wsUrl: string;
  expiresAt: number;
  renewAt: number;
}

/** Audio bytes in and out of the call so far (WebRTC getStats: inbound-rtp / outbound-rtp of kind audio). */
export interface AudioFlow {
  inBytes: number;
  outBytes: number;
}

const media = { audio: true, video: false } as const;

export class SipPhone {
  private ua: UA | null = null;
  private session: RTCSession | null = null;
  private renewTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly audio = new Audio();
  autoAnswer = false;
  /** The microphone the agent picked (deviceId), or the default. */
  micId: string | undefined;

  /** The PJSIP endpoint this phone registers as (the credential's username), once issued. */
  endpoint: string | null = null;

  constructor(private readonly emit: (e: PhoneEvent) => void) {
    this.audio.autoplay = true;
  }

  /** Asks for the microphone first (its refusal is the commonest failure), then a credential, then registers. */
  async start(): Promise<void> {
    this.emit({ type: 'start' });
    try {
      const probe = await navigator.mediaDevices.getUserMedia(this.constraints());
      for (const t of probe.getTracks()) t.stop();
    } catch {
      this.emit({ type: 'mic-refused' });
    }
    let cred: PhoneCredential;
    try {
      cred = await send<PhoneCredential>('POST', '/phone/credentials');
    } catch {
      this.emit({ type: 'credential-failed' });
      return;
    }
    const ua = new UA({
      sockets: [new WebSocketInterface(cred.wsUrl)],
      uri: cred.uri,
      password: cred.password,
      register: true,
      register_expires: 300,
      session_timers: false,
      user_agent: 'hotline-console',
      connection_recovery_min_interval: 2,
      connection_recovery_max_interval: 10,
    });
    ua.on('connected', () => this.emit({ type: 'connected' }));
    ua.on('disconnected', () => this.emit({ type: 'disconnected' }));
    ua.on('registered', () => this.emit({ type: 'registered' }));
    ua.on('registrationFailed', () => this.emit({ type: 'registration-failed' }));
    ua.on('newRTCSession', (e: { originator: string; session: RTCSession; request: { getHeader(name: string): string | undefined } }) => {
      if (e.originator !== 'remote') return;
      // One call at a time: a second INVITE while talking is refused busy.
      if (this.session) {
        e.session.terminate({ status_code: 486 });
        return;
      }
      this.session = e.session;
      this.wire(e.session);
      this.emit({ type: 'incoming', from: e.session.remote_identity.uri.user ?? '' });
      if (shouldAutoAnswer(this.autoAnswer, e.request.getHeader(callKindHeader))) this.answer();
    });
    this.ua = ua;
    ua.start();
    this.endpoint = cred.username;
    this.scheduleRenew(cred);
  }

  answer(): void {
    if (!this.session) return;
    this.emit({ type: 'answering' });
    this.session.answer({ mediaConstraints: this.constraints(), rtcOfferConstraints: { offerToReceiveAudio: true } as RTCOfferOptions });
  }

  hangup(): void {
    this.session?.terminate();
  }

  mute(on: boolean): void {
    if (!this.session) return;
    if (on) this.session.mute({ audio: true });
    else this.session.unmute({ audio: true });
  }

  hold(on: boolean): void {
    if (!this.session) return;
    if (on) this.session.hold();
    else this.session.unhold();
  }

  dtmf(key: string): void {
    // RFC 4733 in the media, as the endpoint's dtmf_mode expects (JsSIP's default is SIP INFO).
    this.session?.sendDTMF(key, { transportType: 'RFC2833' } as never);
  }

  /** Where the far end is played (a speaker the agent picked, where the browser lets a page choose). */
  async setSpeaker(deviceId: string): Promise<void> {
    const a = this.audio as HTMLAudioElement & { setSinkId?: (id: string) => Promise<void> };
    await a.setSinkId?.(deviceId);
  }

  /** Audio bytes received and sent on the call's peer connection. */
  async audioFlow(): Promise<AudioFlow> {
    const pc = this.session?.connection;
    if (!pc) return { inBytes: 0, outBytes: 0 };
    let inBytes = 0;
    let outBytes = 0;
    (await pc.getStats()).forEach((r: { type: string; kind?: string; bytesReceived?: number; bytesSent?: number }) => {
      if (r.type === 'inbound-rtp' && r.kind === 'audio') inBytes += r.bytesReceived ?? 0;
      if (r.type === 'outbound-rtp' && r.kind === 'audio') outBytes += r.bytesSent ?? 0;
    });
    return { inBytes, outBytes };
  }

  /** Unregisters, closes the socket and gives the credential back (the desk phone rings again). */
  async stop(release = true): Promise<void> {
    clearTimeout(this.renewTimer);
    this.session?.terminate();
    this.session = null;
    const ua = this.ua;
    this.ua = null;
    ua?.stop();
    this.emit({ type: 'stop' });
    if (release) await send('DELETE', '/phone/credentials').catch(() => undefined);
  }

  private constraints(): MediaStreamConstraints {
    return this.micId ? { audio: { deviceId: { exact: this.micId } }, video: false } : media;
  }

  private wire(s: RTCSession): void {
    s.on('peerconnection', (e: { peerconnection: RTCPeerConnection }) => {
      e.peerconnection.addEventListener('track', (t) => {
        this.audio.srcObject = t.streams[0] ?? new MediaStream([t.track]);
        void this.audio.play().catch(() => undefined);
      });
    });
    s.on('confirmed', () => this.emit({ type: 'confirmed' }));
    s.on('ended', () => this.done());
    s.on('failed', (e: { cause?: string }) => {
      this.session = null;
      this.emit({ type: 'failed', micRefused: e.cause === C.causes.USER_DENIED_MEDIA_ACCESS });
    });
    s.on('hold', () => this.emit({ type: 'held', on: true }));
    s.on('unhold', () => this.emit({ type: 'held', on: false }));
    s.on('muted', () => this.emit({ type: 'muted', on: true }));
    s.on('unmuted', () => this.emit({ type: 'muted', on: false }));
  }

  private done(): void {
    this.session = null;
    this.audio.srcObject = null;
    this.emit({ type: 'ended' });
  }

  private scheduleRenew(cred: PhoneCredential): void {
    clearTimeout(this.renewTimer);
    this.renewTimer = setTimeout(() => void this.renew(), Math.max(5_000, cred.renewAt - Date.now()));
  }

  private async renew(): Promise<void> {
    try {
      const cred = await send<PhoneCredential>('POST', '/phone/credentials');
      if (!this.ua) return;
      this.ua.set('password', cred.password);
      this.ua.register();
      this.scheduleRenew(cred);
    } catch {
      this.emit({ type: 'credential-failed' });
      this.renewTimer = setTimeout(() => void this.renew(), 30_000);
    }
  }
}
