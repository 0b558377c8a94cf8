/**
 * The browser phone as the agent sees it (pure): the connection to Asterisk, the call in front of them, and the one
 * problem worth a message (microphone refused, socket dropped, registration refused, credential expired). The SIP
 * shell (sip-phone.ts) turns JsSIP's events into these; the card renders the state.
 */

export type PhoneConn = 'off' | 'connecting' | 'connected' | 'registered' | 'disconnected';
export type PhoneCall = 'none' | 'ringing' | 'answering' | 'talking';
export type PhoneProblem = 'mic-refused' | 'socket-lost' | 'register-failed' | 'credential-failed' | 'call-failed' | null;

export interface PhoneState {
  conn: PhoneConn;
  call: PhoneCall;
  /** The caller shown while ringing and talking. */
  peer: string | null;
  muted: boolean;
  held: boolean;
  problem: PhoneProblem;
}

export type PhoneEvent =
  | { type: 'start' }
  | { type: 'connected' }
  | { type: 'disconnected' }
  | { type: 'registered' }
  | { type: 'registration-failed' }
  | { type: 'credential-failed' }
  | { type: 'incoming'; from: string }
  | { type: 'answering' }
  | { type: 'confirmed' }
  | { type: 'ended' }
  | { type: 'failed'; micRefused: boolean }
  | { type: 'mic-refused' }
  | { type: 'muted'; on: boolean }
  | { type: 'held'; on: boolean }
  | { type: 'stop' };

export const phoneIdle: PhoneState = { conn: 'off', call: 'none', peer: null, muted: false, held: false, problem: null };

const noCall = { call: 'none', peer: null, muted: false, held: false } as const;

/** The next state. Problems stay shown until the thing they are about works again. */
export function phoneStep(s: PhoneState, e: PhoneEvent): PhoneState {
  switch (e.type) {
    case 'start':
      return { ...phoneIdle, conn: 'connecting' };
    case 'connected':
      return { ...s, conn: s.conn === 'registered' ? 'registered' : 'connected', problem: s.problem === 'socket-lost' ? null : s.problem };
    case 'disconnected':
      // JsSIP ends the call with the socket; the agent must know why the line went dead. A refused microphone stays
      // the message: nothing works without it, and it is the one the agent can fix.
      return s.conn === 'off' ? s : { ...s, ...noCall, conn: 'disconnected', problem: s.problem === 'mic-refused' ? s.problem : 'socket-lost' };
    case 'registered':
      return { ...s, conn: 'registered', problem: s.problem === 'register-failed' || s.problem === 'socket-lost' || s.problem === 'credential-failed' ? null : s.problem };
    case 'registration-failed':
      return { ...s, conn: s.conn === 'registered' ? 'connected' : s.conn, problem: s.problem === 'mic-refused' ? s.problem : 'register-failed' };
    case 'credential-failed':
      return { ...s, problem: s.problem === 'mic-refused' ? s.problem : 'credential-failed' };
    case 'incoming':
      return { ...s, call: 'ringing', peer: e.from, muted: false, held: false, problem: s.problem === 'call-failed' ? null : s.problem };
    case 'answering':
      return s.call === 'ringing' ? { ...s, call: 'answering' } : s;
    case 'confirmed':
      return { ...s, call: 'talking', problem: s.problem === 'mic-refused' ? null : s.problem };
    case 'ended':
      return { ...s, ...noCall };
    case 'failed':
      return { ...s, ...noCall, problem: e.micRefused ? 'mic-refused' : s.call === 'answering' ? 'call-failed' : s.problem };
    case 'mic-refused':
      return { ...s, problem: 'mic-refused' };
    case 'muted':
      return s.call === 'talking' ? { ...s, muted: e.on } : s;
    case 'held':
      return s.call === 'talking' ? { ...s, held: e.on } : s;
    case 'stop':
      return phoneIdle;
  }
}

/** The header hotline puts on the agent leg of a call the dialer connected. */
export const callKindHeader = 'X-Hotline-Call';

/**
 * Calls the dialer connects arrive answered when the agent turned auto-answer on; inbound calls always ring. A monitor
 * call is the one the supervisor just pressed Listen, Whisper or Barge for: always answered.
 */
export function shouldAutoAnswer(autoAnswer: boolean, callKind: string | undefined): boolean {
  return callKind === 'monitor' || (autoAnswer && callKind === 'dialer');
}

/** Keys of the DTMF keypad, in its rows. */
export const keypad: readonly string[] = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'];
