/**
 * Whether a conversation with an agent is recorded: the campaign's `recording` setting for a dialer call, the inbound
 * line's setting (per entry number, else `recordings.inbound`) for everything else. Pure.
 */
export const recordingModes = ['all', 'none', 'on-demand'] as const;
export type RecordingMode = (typeof recordingModes)[number];

export interface InboundRecordingSettings {
  inbound: RecordingMode;
  byEntryNumber: Readonly<Record<string, RecordingMode>>;
}

/** What the call gets: a campaign's own setting wins; an inbound call goes by the number it dialed. */
export function recordingModeFor(settings: InboundRecordingSettings, call: { campaignMode?: RecordingMode; entryNumber: string | null }): RecordingMode {
  if (call.campaignMode !== undefined) return call.campaignMode;
  if (call.entryNumber !== null) {
    const own = settings.byEntryNumber[call.entryNumber] ?? settings.byEntryNumber[call.entryNumber.replace(/^\+/, '')];
    if (own !== undefined) return own;
  }
  return settings.inbound;
}

/**
 * The recording's name: Asterisk writes <asteriskDir>/<name>.wav. Time first so a directory listing sorts by date;
 * only [A-Za-z0-9_-] so it is safe in a URL, a file name and Asterisk's name check.
 */
export function recordingName(channelId: string, at: number): string {
  const safe = channelId.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 80);
  return `rec-${new Date(at).toISOString().replace(/[-:]/g, '').replace('.', '_').slice(0, 19)}-${safe}`;
}

/** The config's recordings directory as this service reads it: `dir`, or Asterisk's spool inside the lab chroot. */
export function recordingsDirOf(c: { dir?: string | undefined; asteriskDir: string }, labRoot: string): string {
  return c.dir ?? `${labRoot.replace(/\/$/, '')}${c.asteriskDir}`;
}
