/**
 * Call-progress tones the classifier knows, as data. A carrier with another cadence is one more row. Frequencies in
 * Hz, durations in ms; `on` lists the tone bursts of one cycle (a double ring has two).
 */
export interface Cadence {
  readonly name: string;
  readonly freqs: readonly number[];
  readonly on: readonly number[];
  readonly off: number;
}

export const ringBackCadences: readonly Cadence[] = [
  // China (YD/T 1970): 450 Hz, 1 s on, 4 s off.
  { name: 'cn', freqs: [450], on: [1000], off: 4000 },
  // Europe (ETSI ES 201 970): 425 Hz, 1 s on, 4 s off.
  { name: 'eu', freqs: [425], on: [1000], off: 4000 },
  // North America (precise tone plan): 440 + 480 Hz, 2 s on, 4 s off.
  { name: 'na', freqs: [440, 480], on: [2000], off: 4000 },
  // UK: 400 + 450 Hz, 0.4 on 0.2 off 0.4 on, 2 s off.
  { name: 'uk', freqs: [400, 450], on: [400, 400], off: 2000 },
];

/**
 * Special information tones (ITU-T E.180): three rising tones of about 276–380 ms before an intercept announcement.
 * Each step lists the low and high variant.
 */
export const sitSteps: readonly (readonly number[])[] = [
  [913.8, 985.2],
  [1370.6, 1428.5],
  [1776.7],
];
