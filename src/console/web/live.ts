/** The live feed as a hook: the current picture, kept up to date from the feed's changes. */
import { useEffect, useState } from 'preact/hooks';
import { followLive } from './api.js';
import { applyLiveChange, type AgentView, type LiveChange, type LiveSnapshot } from './lib/live-state.js';

export interface Live {
  snapshot: LiveSnapshot | null;
  connected: boolean;
  error: unknown;
}

/** Follows /api/v1/live while the component is mounted (pass false to not follow, for roles without the feed). */
export function useLive(enabled = true): Live {
  const [live, setLive] = useState<Live>({ snapshot: null, connected: false, error: undefined });
  useEffect(() => {
    if (!enabled) return;
    const ctl = new AbortController();
    followLive(
      (event, data) => {
        if (event === 'snapshot') setLive((l) => ({ ...l, snapshot: data as LiveSnapshot }));
        else if (event === 'change') setLive((l) => (l.snapshot ? { ...l, snapshot: applyLiveChange(l.snapshot, data as LiveChange) } : l));
      },
      ctl.signal,
      (connected) => setLive((l) => ({ ...l, connected })),
    ).catch((error: unknown) => setLive((l) => ({ ...l, error })));
    return () => ctl.abort();
  }, [enabled]);
  return live;
}

/**
 * The agent's own row of the live feed (GET /live/own: their state and whether a supervisor monitors their call),
 * pushed as it changes; null until it comes, or when `enabled` is false (a token that stands for no agent).
 */
export function useOwnLive(enabled: boolean): AgentView | null {
  const [agent, setAgent] = useState<AgentView | null>(null);
  useEffect(() => {
    if (!enabled) return;
    const ctl = new AbortController();
    followLive(
      (event, data) => {
        if (event === 'snapshot' || event === 'change') setAgent((data as { agent: AgentView | null }).agent);
      },
      ctl.signal,
      undefined,
      '/live/own',
    ).catch(() => setAgent(null));
    return () => ctl.abort();
  }, [enabled]);
  return agent;
}
