/** Q.850 cause texts for the causes a contact center meets (ITU-T Q.850, as Asterisk names them). */
export const q850Text: Readonly<Record<number, string>> = {
  0: 'Unknown',
  1: 'Unallocated (unassigned) number',
  3: 'No route to destination',
  16: 'Normal clearing',
  17: 'User busy',
  18: 'No user responding',
  19: 'User alerting, no answer',
  20: 'Subscriber absent',
  21: 'Call rejected',
  22: 'Number changed',
  27: 'Destination out of order',
  28: 'Invalid number format (address incomplete)',
  31: 'Normal, unspecified',
  34: 'No circuit/channel available',
  38: 'Network out of order',
  41: 'Temporary failure',
  42: 'Switching equipment congestion',
  102: 'Recovery on timer expiry',
  127: 'Interworking, unspecified',
};

/** The text for a cause, falling back to what Asterisk said. */
export function causeText(cause: number, fromAsterisk = ''): string {
  return q850Text[cause] ?? (fromAsterisk || `Cause ${cause}`);
}
