/**
 * What a carrier's recorded announcement says, as a supervisor labels it. 'connecting' (请不要挂机，正在为您接通) is a
 * service that connects after it: its label says let the leg run. 'other' is labelled but none of the above.
 */
export const announcementLabels = ['vacant', 'suspended', 'powered-off', 'unreachable', 'busy', 'restricted', 'forwarding', 'connecting', 'other'] as const;
export type AnnouncementLabel = (typeof announcementLabels)[number];

export const isAnnouncementLabel = (s: string): s is AnnouncementLabel => (announcementLabels as readonly string[]).includes(s);
