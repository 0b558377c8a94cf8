/**
 * What the interpreter hears (events) and asks for (commands). Both are plain data: the runner turns commands into
 * TelephonyPort calls, HTTP requests and timers, and reports what happened back as events.
 */
import type { Media } from '../prompts/media.js';
import type { EndedIn } from './flow-schema.js';

/** One piece of audio a play command carries; src/prompts owns it. */
export type { Media };

export type QueueOutcome = 'answered' | 'overflow' | 'timeout' | 'abandoned' | 'callback';

export type IvrEvent =
  | { type: 'start'; callerNumber: string; calledNumber: string }
  | { type: 'dtmf'; digit: string }
  /** A play command's audio ended (not sent for a playback the interpreter stopped, but tolerated if it is). */
  | { type: 'prompt-finished'; id: string }
  | { type: 'prompt-failed'; id: string }
  /** A timer the interpreter started has fired. */
  | { type: 'timer'; id: string }
  /** The lookup answered: ok=false means it answered "not found" (e.g. HTTP 404); data is the parsed JSON body. */
  | { type: 'lookup-result'; id: string; ok: boolean; data?: unknown }
  /** The lookup could not be done (network, 5xx, bad JSON, its own time-out). */
  | { type: 'lookup-failed'; id: string }
  | { type: 'recording-finished'; id: string; name: string; durationS: number }
  | { type: 'queue-result'; outcome: QueueOutcome }
  | { type: 'callback-created' }
  | { type: 'callback-failed' }
  /** The caller hung up. */
  | { type: 'hangup' };

export type IvrCommand =
  /** Play the media in order; bargeIn: a key stops it (the interpreter then sends stopPlayback). */
  | { type: 'play'; id: string; media: Media[]; bargeIn: boolean }
  | { type: 'stopPlayback'; id: string }
  | { type: 'startTimer'; id: string; ms: number }
  | { type: 'cancelTimer'; id: string }
  /** GET url with params; a url starting with / is a path on this service. Answer with lookup-result or lookup-failed. */
  | { type: 'lookup'; id: string; url: string; params: Record<string, string>; timeoutMs: number }
  | { type: 'record'; id: string; maxS: number; maxSilenceS?: number; beep: boolean; terminateOn: 'none' | '*' | '#' | 'any' }
  | { type: 'enqueue'; group: string; priority: number }
  | { type: 'createCallback'; number: string; reason: string }
  | { type: 'transfer'; number: string }
  | { type: 'hangup'; reason: 'normal' }
  /** A step of the call's path: a node entered, or a key pressed in it (note says what became of it). */
  | { type: 'log-path'; node: string; key?: string; note?: string }
  /** The IVR is done with the call; keys is how many keys the caller pressed in the IVR. */
  | { type: 'end'; endedIn: EndedIn; keys: number };

export interface StepResult<S> {
  state: S;
  commands: IvrCommand[];
}
