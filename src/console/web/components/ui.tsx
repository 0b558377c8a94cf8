/** Small building blocks the pages share: loading and error states, a data hook, badges. */
import type { ComponentChildren } from 'preact';
import { useCallback, useEffect, useState } from 'preact/hooks';
import { ApiError, get } from '../api.js';
import { t } from '../i18n.js';

export interface Loaded<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload: () => void;
}

/** GETs `path` (again whenever it changes, or every `everyMs`); null skips the request. */
export function useApi<T>(path: string | null, everyMs = 0): Loaded<T> {
  const [state, setState] = useState<{ data: T | undefined; error: unknown; loading: boolean }>({ data: undefined, error: undefined, loading: path !== null });
  const [tick, setTick] = useState(0);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  useEffect(() => {
    if (path === null) return;
    const ctl = new AbortController();
    setState((s) => ({ ...s, loading: true }));
    get<T>(path, ctl.signal).then(
      (data) => setState({ data, error: undefined, loading: false }),
      (error: unknown) => {
        if (!ctl.signal.aborted) setState((s) => ({ data: s.data, error, loading: false }));
      },
    );
    return () => ctl.abort();
  }, [path, tick]);
  useEffect(() => {
    if (!everyMs || path === null) return;
    const id = setInterval(reload, everyMs);
    return () => clearInterval(id);
  }, [everyMs, path, reload]);
  return { ...state, reload };
}

/** An error as the user should read it: a 403 is the role's limit, anything else names the API's message. */
export function ErrorBox({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  if (error instanceof ApiError && error.status === 403) return <p class="notice forbidden" data-testid="forbidden">{t('app.forbidden')}</p>;
  const message = error instanceof ApiError ? `${error.message} (${error.code}${error.field ? `, ${error.field}` : ''})` : String((error as Error)?.message ?? error);
  return (
    <p class="notice error" role="alert">
      {t('app.error', { message })} {onRetry && <button onClick={onRetry}>{t('app.retry')}</button>}
    </p>
  );
}

/** Shows children once `loaded` has data; its error or a loading line otherwise. */
export function Show<T>({ loaded, children }: { loaded: Loaded<T>; children: (data: T) => ComponentChildren }) {
  if (loaded.data !== undefined) return <>{loaded.error !== undefined && <ErrorBox error={loaded.error} />}{children(loaded.data)}</>;
  if (loaded.error !== undefined) return <ErrorBox error={loaded.error} onRetry={loaded.reload} />;
  return <p class="muted">{t('app.loading')}</p>;
}

/** A coloured label for a state. */
export function Badge({ kind, children }: { kind: string; children: ComponentChildren }) {
  return <span class={`badge b-${kind}`}>{children}</span>;
}

/** A headline figure with its label. */
export function Tile({ label, value, sub, testid }: { label: string; value: ComponentChildren; sub?: ComponentChildren; testid?: string }) {
  return (
    <div class="tile" data-testid={testid}>
      <div class="tile-label">{label}</div>
      <div class="tile-value">{value}</div>
      {sub !== undefined && <div class="tile-sub">{sub}</div>}
    </div>
  );
}

/** Re-renders its user every `ms` (for durations that tick). */
export function useNow(ms = 1000): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(id);
  }, [ms]);
  return now;
}
