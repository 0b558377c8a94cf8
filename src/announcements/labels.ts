export const announcementLabels = ['vacant','suspended','powered-off','unreachable','busy','restricted','forwarding','connecting','other'] as const;
export type AnnouncementLabel = (typeof announcementLabels)[number];
