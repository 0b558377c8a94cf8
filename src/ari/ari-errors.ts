import { HotlineError, type ErrorCode } from '../errors.js';

/**
 * Asterisk answers a failed ARI request with a fixed `message` string per cause, and one status can carry several
 * causes (a 404 is a missing channel, bridge or playback alike), so the message is what tells them apart. This table
 * is the single place that reads it; everything past the adapter sees catalogue codes.
 */
const ariMessages: ReadonlyArray<{ message: string; code: ErrorCode }> = [
  { message: 'Channel not found', code: 'CHANNEL_GONE' },
  { message: 'Channel not in Stasis application', code: 'CHANNEL_GONE' },
  { message: 'Channel not in application', code: 'CHANNEL_GONE' },
  // POST /channels/{id}/snoop on a channel that does not exist (yet).
  { message: 'Provided channel was not found', code: 'CHANNEL_GONE' },
  { message: 'Event source does not exist', code: 'CHANNEL_GONE' },
  { message: 'Bridge not found', code: 'BRIDGE_GONE' },
  { message: 'Playback not found', code: 'CHANNEL_GONE' },
];

function bodyMessage(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  try {
    const parsed = JSON.parse(text) as { message?: unknown };
    if (typeof parsed.message === 'string') return parsed.message;
  } catch {
    // not a JSON body: a transport error such as ECONNREFUSED
  }
  return text;
}

/** Turns a failed ARI request (an error response or a transport error) into a catalogue error naming the operation and the resource. */
export function toAriError(err: unknown, operation: string, resource: string): HotlineError {
  if (err instanceof HotlineError) return err;
  const message = bodyMessage(err);
  const known = ariMessages.find((m) => message.startsWith(m.message));
  const transport = (err as { code?: string })?.code;
  const code: ErrorCode = known?.code ?? (transport ? 'ARI_UNAVAILABLE' : 'ARI_REQUEST_FAILED');
  return new HotlineError(code, `ARI ${operation} ${resource}: ${message}`, { key: resource, error: err });
}

/**
 * True for Asterisk's "Channel not in Stasis application" on a channel that exists: right after
 * `POST /channels/create` the channel joins the app on a thread of its own, and a request that comes first is
 * refused this way (ari/resource_channels.c find_control: 409; a bridge's addChannel, resource_bridges.c: 422).
 * Under load the gap is tens of milliseconds, and a leg's answer can be seen before it.
 */
export function isNotInAppYet(err: unknown): boolean {
  if (!(err instanceof HotlineError) || err.code !== 'CHANNEL_GONE') return false;
  const raw = err.cause as { status?: unknown } | undefined;
  return (raw?.status === 409 || raw?.status === 422) && bodyMessage(raw).startsWith('Channel not in Stasis application');
}

/** The HTTP status Asterisk answered with, for an error AriRest raised from a response (undefined otherwise). */
export function ariStatus(err: unknown): number | undefined {
  if (!(err instanceof HotlineError)) return undefined;
  const status = (err.cause as { status?: unknown } | undefined)?.status;
  return typeof status === 'number' ? status : undefined;
}

/**
 * Why Asterisk refused an ARI push configuration request (403): `static` when the object exists in a wizard that
 * cannot change it (pjsip.conf's config wizard), `no-wizard` when no wizard for the type can create objects at all
 * (sorcery.conf has no memory wizard for it). Undefined for any other error.
 */
export function pushRefusal(err: unknown): 'static' | 'no-wizard' | undefined {
  if (ariStatus(err) !== 403) return undefined;
  return bodyMessage((err as HotlineError).cause).startsWith('Cannot create') ? 'no-wizard' : 'static';
}
