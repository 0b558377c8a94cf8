// The lab carrier's early-media numbers: what Chinese networks do for dead numbers (183 Session Progress and a recorded
// announcement, Mandarin then English then Mandarin), as data. The carrier scenario and the lab audio are made from it.
//
// Numbering plan (national numbers; +86, 86 and 0086 in front are accepted too):  139 0001 BB VV
//   BB = behaviour and class, VV = variant of the announcement:
//   01-06  183 + the announcement of class 1-6, then 480 Temporarily Unavailable
//   11-16  183 + the announcement of class 1-6, repeated until the caller cancels (then 487)
//   31-36  200 OK, the announcement of class 1-6, then the carrier hangs up (BYE): an answered announcement
//   21     183 + ring-back (450 Hz, 1 s on 4 s off, one cycle), then a person answers (200, "hello? who is it?")
//   22     183 + colour ring-back (music, 5 s), then a person answers
//   classes: 1 vacant 空号, 2 suspended 停机, 3 powered-off 关机, 4 unreachable 无法接通, 5 busy 正在通话中,
//            6 restricted 呼入限制
//   variants: 00 clean (µ-law), 01 -12 dB, 02 line noise, 03 a ring-back cycle before it, 04 A-law (PCMA offered),
//             05 joined mid-sentence (its first 1.2 s cut)
// The 139 0000 00NN plan of carrier.xml is unchanged; 139 0001 numbers never reach it.

export const earlyMediaClasses = ['vacant', 'suspended', 'powered-off', 'unreachable', 'busy', 'restricted'] as const;
export type EarlyMediaClass = (typeof earlyMediaClasses)[number];

/** What each class's announcement says: Mandarin (espeak-ng cmn), English (en), then the Mandarin again. */
export const announcementTexts: Readonly<Record<EarlyMediaClass, { zh: string; en: string }>> = {
  vacant: { zh: '您拨打的号码是空号，请查证后再拨。', en: 'The number you dialed does not exist. Please check the number and dial again.' },
  suspended: { zh: '您拨打的号码已停机。', en: 'The number you dialed has been suspended.' },
  'powered-off': { zh: '您拨打的电话已关机。', en: 'The subscriber you dialed is powered off.' },
  unreachable: { zh: '您拨打的电话暂时无法接通，请稍后再拨。', en: 'The subscriber you dialed cannot be connected for the moment. Please redial later.' },
  busy: { zh: '您拨打的电话正在通话中，请稍后再拨。', en: 'The subscriber you dialed is busy now. Please redial later.' },
  restricted: { zh: '您拨打的电话已设置呼入限制。', en: 'The subscriber you dialed does not accept incoming calls.' },
};

export const earlyMediaVariants = ['clean', 'minus-12db', 'noise', 'ring-back-lead-in', 'alaw', 'mid-sentence'] as const;
export type EarlyMediaVariant = (typeof earlyMediaVariants)[number];

/** How the carrier delivers an announcement. */
export type AnnouncementDelivery = 'then-480' | 'until-cancelled' | 'answered';

const deliveryBase: Readonly<Record<AnnouncementDelivery, number>> = { 'then-480': 0, 'until-cancelled': 10, answered: 30 };

/** A scene of the carrier: one BB VV pair. */
export type EarlyMediaScene =
  | { kind: 'announcement'; cls: EarlyMediaClass; delivery: AnnouncementDelivery; variant: EarlyMediaVariant }
  | { kind: 'ring-back-then-person' }
  | { kind: 'music-then-person' };

const pad2 = (n: number) => String(n).padStart(2, '0');

/** BB VV of a scene (the last four digits of its number). */
export function sceneCode(s: EarlyMediaScene): string {
  if (s.kind === 'ring-back-then-person') return '2100';
  if (s.kind === 'music-then-person') return '2200';
  return pad2(deliveryBase[s.delivery] + earlyMediaClasses.indexOf(s.cls) + 1) + pad2(earlyMediaVariants.indexOf(s.variant));
}

/** The manifest entry whose duration is how long a scene's early media lasts. */
export function sceneTiming(s: EarlyMediaScene): string {
  if (s.kind === 'ring-back-then-person') return 'early/ring-back.pcap';
  if (s.kind === 'music-then-person') return 'early/music.pcap';
  return scenePcap(s);
}

/** The national number that plays a scene; `block` (0-9) gives other numbers for the same scene (139 000B BBVV). */
export function earlyMediaNumber(s: EarlyMediaScene, block = 0): string {
  if (!Number.isInteger(block) || block < 0 || block > 8) throw new RangeError(`block must be 0-8, not ${block}`);
  return `139000${block + 1}${sceneCode(s)}`;
}

/** Every scene the carrier plays. */
export function earlyMediaScenes(): EarlyMediaScene[] {
  const scenes: EarlyMediaScene[] = [];
  for (const delivery of ['then-480', 'until-cancelled', 'answered'] as const) {
    for (const cls of earlyMediaClasses) for (const variant of earlyMediaVariants) scenes.push({ kind: 'announcement', cls, delivery, variant });
  }
  scenes.push({ kind: 'ring-back-then-person' }, { kind: 'music-then-person' });
  return scenes;
}

/**
 * The pcap (in the lab audio directory) a scene plays. Ring-back and music scenes play their early media and the
 * person in one stream (`…-person.pcap`); the manifest's `early/ring-back.pcap` / `early/music.pcap` durations say
 * when the person answers.
 */
export function scenePcap(s: EarlyMediaScene): string {
  if (s.kind === 'ring-back-then-person') return 'early/ring-back-person.pcap';
  if (s.kind === 'music-then-person') return 'early/music-person.pcap';
  return `early/${s.cls}-${s.variant}.pcap`;
}
