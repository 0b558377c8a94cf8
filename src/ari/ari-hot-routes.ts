/**
 * The ARI operations every call makes (answer, play, stop, hang-up, subscribe, music on hold, dial, continue), as
 * plain HTTP routes. The IVR benchmark showed a third of the service's busy time inside ari-client's request stack
 * (swagger-client, shred, request, bluebird, a Buffer deprecation check per request) for about nine requests per
 * call; these go out with Node's fetch instead, on a kept-alive connection. Everything else (start-up, reconcile,
 * bridges, originate's create) stays on ari-client. The paths and parameters are ARI's, from its REST API docs.
 */
export interface HotRoute {
  method: 'GET' | 'POST' | 'DELETE';
  /** Path with {param} placeholders taken from the operation's params. */
  path: string;
  /** Params sent in the query string (arrays are comma-joined, as ARI's allowMultiple expects). */
  query: readonly string[];
}

export const hotRoutes: Readonly<Record<string, HotRoute>> = {
  'channels.answer': { method: 'POST', path: '/channels/{channelId}/answer', query: [] },
  'channels.playWithId': { method: 'POST', path: '/channels/{channelId}/play/{playbackId}', query: ['media'] },
  'playbacks.stop': { method: 'DELETE', path: '/playbacks/{playbackId}', query: [] },
  'channels.hangup': { method: 'DELETE', path: '/channels/{channelId}', query: ['reason'] },
  'channels.startMoh': { method: 'POST', path: '/channels/{channelId}/moh', query: ['mohClass'] },
  'channels.stopMoh': { method: 'DELETE', path: '/channels/{channelId}/moh', query: [] },
  'channels.dial': { method: 'POST', path: '/channels/{channelId}/dial', query: ['timeout'] },
  'channels.continueInDialplan': { method: 'POST', path: '/channels/{channelId}/continue', query: ['context', 'extension', 'priority'] },
  'applications.subscribe': { method: 'POST', path: '/applications/{applicationName}/subscription', query: ['eventSource'] },
};

/** The URL of a hot operation: path params filled in (encoded), query params appended. */
export function hotUrl(base: string, route: HotRoute, params: Record<string, unknown>): string {
  const path = route.path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(String(params[name] ?? '')));
  const q = new URLSearchParams();
  for (const name of route.query) {
    const v = params[name];
    if (v === undefined || v === null) continue;
    q.set(name, Array.isArray(v) ? v.join(',') : String(v));
  }
  const qs = q.toString();
  return `${base.replace(/\/$/, '')}/ari${path}${qs ? `?${qs}` : ''}`;
}
