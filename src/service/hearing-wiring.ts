import { hear } from '../announcements/hearing.js';
import type { Config } from '../config/schema.js';
import type { AnnouncementDecision } from '../dialer/leg-hearing.js';
import { classifierOptions } from '../dialer/leg-hearing-settings.js';
import type { AnnouncementsRepo } from '../store/announcements-repo.js';

/** Where a heard announcement was heard: the leg, its number, and the campaign's attempt when it is a campaign dial. */
export interface HeardWhere {
  channelId: string;
  number: string;
  campaignId: number | null;
  attemptId: number | null;
}

/**
 * What the campaign dials and the test call share of the hearing (issue 11): the settings, the classifier and the
 * library it matches against, and `keep`, which stores a decision (a new announcement joins the labelling queue) and
 * says its label.
 */
export function hearingWiring(config: Config, announcements: Pick<AnnouncementsRepo, 'known' | 'recordHeard'>) {
  return {
    shared: {
      settings: config.announcements.hear,
      hear,
      options: classifierOptions(config.announcements.hear),
      library: () => announcements.known(),
    },
    keep: (decision: AnnouncementDecision, where: HeardWhere) =>
      announcements.recordHeard({
        fingerprint: decision.fingerprint,
        audio: decision.audio,
        knownId: decision.known?.id ?? null,
        score: decision.known?.score ?? null,
        ...where,
        at: decision.decidedAt,
      }).label,
  };
}
