/**
 * The label of an imported recording, read from where it lies: the folder it sits in when that folder is named after
 * a label (vacant/cm-01.wav), else the start of the file name (vacant_cm-01.wav, 空号-电信.wav). Chinese names are
 * the words carriers and vendors use for the same classes. No label found → null: the recording is imported
 * unlabelled and waits in the labelling queue.
 */
import { announcementLabels, type AnnouncementLabel } from '../announcements/labels.js';

/** Every name a label goes by, longest first so 'powered-off' is not read as a shorter word. */
const names: ReadonlyArray<readonly [string, AnnouncementLabel]> = [
  ...announcementLabels.map((l) => [l, l] as const),
  ['空号', 'vacant'],
  ['停机', 'suspended'],
  ['关机', 'powered-off'],
  ['无法接通', 'unreachable'],
  ['不在服务区', 'unreachable'],
  ['忙', 'busy'],
  ['正在通话中', 'busy'],
  ['呼入限制', 'restricted'],
  ['欠费', 'restricted'],
  ['来电提醒', 'forwarding'],
  ['呼叫转移', 'forwarding'],
  ['正在为您接通', 'connecting'],
  ['其他', 'other'],
].sort((a, b) => b[0].length - a[0].length) as ReadonlyArray<readonly [string, AnnouncementLabel]>;

function labelOfWord(word: string): AnnouncementLabel | null {
  const w = word.toLowerCase();
  for (const [name, label] of names) if (w === name) return label;
  return null;
}

function labelAtStart(fileName: string): AnnouncementLabel | null {
  const base = fileName.toLowerCase().replace(/\.wav$/i, '');
  for (const [name, label] of names) {
    if (base === name) return label;
    if (base.startsWith(name) && /^[-_. ]/.test(base.slice(name.length))) return label;
  }
  return null;
}

/** The label a relative path ('vacant/x.wav' or 'vacant_x.wav') gives, or null. */
export function labelFromPath(relativePath: string): AnnouncementLabel | null {
  const parts = relativePath.replace(/\\/g, '/').split('/').filter(Boolean);
  const file = parts.at(-1) ?? '';
  const folder = parts.length > 1 ? labelOfWord(parts.at(-2)!) : null;
  return folder ?? labelAtStart(file);
}
