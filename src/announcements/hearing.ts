// PLACEHOLDER for CORE's src/announcements/hearing.ts (issue 11 contract): the contract's types and a `hear` that
// never decides, so LAB's shell (src/dialer/leg-hearing.ts) compiles and runs before CORE's branch is merged.
// CORE's file replaces this one entirely on merge; nothing else may import these stand-in types by name except
// through `hear`'s and the events' signatures.

/** Stand-in for src/announcements/labels.ts. */
export type AnnouncementLabel = 'vacant' | 'suspended' | 'powered-off' | 'unreachable' | 'busy' | 'restricted' | 'forwarding' | 'connecting' | 'other';

/** Stand-in for src/announcements/fingerprint.ts. */
export interface Fingerprint {
  readonly hashes: Uint32Array;
  readonly times: Uint16Array;
}

/** Stand-in for src/announcements/library-match.ts. */
export interface KnownAnnouncement {
  id: number;
  label: AnnouncementLabel | null;
  fingerprint: Fingerprint;
}

export type HearingEvent = { type: 'audio'; pcm: Int16Array; at: number } | { type: 'answered'; at: number } | { type: 'ended'; at: number };

export type HearingDecision =
  | { kind: 'listening' }
  | { kind: 'ring-back' | 'music' | 'silence' }
  | {
      kind: 'announcement';
      known: { id: number; label: AnnouncementLabel | null; score: number } | null;
      audio: Int16Array;
      fingerprint: Fingerprint;
      firstAudioAt: number;
      decidedAt: number;
    }
  | { kind: 'person' };

/** Stand-in for the zod-parsed options of src/announcements/hearing-settings.ts. */
export type HearingOptions = Record<string, unknown>;

export interface HearingState {
  readonly heardSamples: number;
}

export function initialHearing(_opts: HearingOptions = {}): HearingState {
  return { heardSamples: 0 };
}

/** Never decides: the placeholder only counts what it was given. */
export function hear(
  state: HearingState,
  event: HearingEvent,
  _library: readonly KnownAnnouncement[],
  _now: number,
): { state: HearingState; decision: HearingDecision } {
  const heardSamples = state.heardSamples + (event.type === 'audio' ? event.pcm.length : 0);
  return { state: { heardSamples }, decision: { kind: 'listening' } };
}
