/**
 * The supervisor's monitor on the wallboard (issue 13): which of their phones a monitor rings (a desk phone by its
 * PJSIP endpoint, or their browser phone when they have one; kept in this browser), and on each agent's call Listen,
 * Whisper, Barge and Stop through /calls/:channelId/monitor. The mode shown is the API's answer until the live feed
 * (agents[].monitored) agrees, then the feed's, so a monitor another supervisor started or a hang-up ended shows too.
 * A refusal is shown with its code. Only rendered for tokens holding call:monitor.
 */
import { useEffect, useState } from 'preact/hooks';
import { send } from '../api.js';
import { ErrorBox } from '../components/ui.js';
import { t, type StringKey } from '../i18n.js';

type Mode = 'listen' | 'whisper' | 'barge';
const modes: readonly Mode[] = ['listen', 'whisper', 'barge'];
const kindKey = 'hotline.monitor.phone';
const endpointKey = 'hotline.monitor.endpoint';

/** The supervisor's choice: their browser phone, or a desk phone by its endpoint. */
export interface MonitorPhone {
  kind: 'desk' | 'browser';
  desk: string;
}

/** The supervisor's phone choice, kept in localStorage; the browser phone only when `browserAllowed` (phone:use). */
export function useMonitorPhone(browserAllowed: boolean): [MonitorPhone, (p: Partial<MonitorPhone>) => void] {
  const [kind, setKind] = useState<'desk' | 'browser'>(() => (localStorage.getItem(kindKey) === 'browser' && browserAllowed ? 'browser' : 'desk'));
  const [desk, setDesk] = useState(() => localStorage.getItem(endpointKey) ?? '');
  const set = (p: Partial<MonitorPhone>) => {
    if (p.kind !== undefined) (setKind(p.kind), localStorage.setItem(kindKey, p.kind));
    if (p.desk !== undefined) (setDesk(p.desk), localStorage.setItem(endpointKey, p.desk));
  };
  return [{ kind, desk }, set];
}

/** The bar above the agents: which phone the monitor rings. */
export function MonitorPhonePicker({ phone, onChange, browserAllowed }: { phone: MonitorPhone; onChange: (p: Partial<MonitorPhone>) => void; browserAllowed: boolean }) {
  return (
    <div class="buttons" data-testid="monitor-phone">
      <label class="inline">
        {t('monitor.phone')}{' '}
        <select name="monitorPhone" value={phone.kind} onChange={(e) => onChange({ kind: (e.target as HTMLSelectElement).value === 'browser' ? 'browser' : 'desk' })}>
          <option value="desk">{t('monitor.phone.desk')}</option>
          <option value="browser" disabled={!browserAllowed}>
            {t('monitor.phone.browser')}
          </option>
        </select>
      </label>
      {phone.kind === 'desk' && (
        <label class="inline">
          {t('monitor.endpoint')} <input name="monitorEndpoint" size={10} value={phone.desk} onInput={(e) => onChange({ desk: (e.target as HTMLInputElement).value })} />
        </label>
      )}
    </div>
  );
}

/** Listen, Whisper, Barge and Stop on one agent's call (`channelId`: the call the live feed names for the agent). */
export function MonitorControls({ channelId, live, endpoint }: { channelId: string; live: Mode | null; endpoint: string }) {
  // The API's last answer, until the feed catches up with it.
  const [mine, setMine] = useState<{ mode: Mode | null } | null>(null);
  const [busy, setBusy] = useState<Mode | 'stop' | null>(null);
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    if (mine && mine.mode === live) setMine(null);
  }, [live, mine]);
  const mode = mine ? mine.mode : live;
  const path = `/calls/${encodeURIComponent(channelId)}/monitor`;
  const act = async (to: Mode | 'stop') => {
    setBusy(to);
    setError(undefined);
    try {
      const r =
        to === 'stop'
          ? await send<{ mode: Mode | null }>('DELETE', path)
          : mode === null
            ? await send<{ mode: Mode | null }>('POST', path, { mode: to, endpoint })
            : await send<{ mode: Mode | null }>('PATCH', path, { mode: to });
      setMine({ mode: r.mode });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(null);
    }
  };
  const noPhone = mode === null && endpoint === '';
  return (
    <div class="monitor" data-testid="monitor" data-call={channelId} data-mode={mode ?? 'none'}>
      <div class="buttons">
        {modes.map((m) => (
          <button
            key={m}
            class={`small${mode === m ? ' primary' : ''}`}
            data-action={`monitor-${m}`}
            aria-pressed={mode === m}
            disabled={busy !== null || mode === m || noPhone}
            title={noPhone ? t('monitor.needPhone') : ''}
            onClick={() => void act(m)}
          >
            {t(`monitor.${m}` as StringKey)}
          </button>
        ))}
        {mode !== null && (
          <button class="small danger" data-action="monitor-stop" disabled={busy !== null} onClick={() => void act('stop')}>
            {t('monitor.stop')}
          </button>
        )}
      </div>
      {busy !== null && busy !== 'stop' && mode === null && <span class="muted small">{t('monitor.ringing')}</span>}
      {mode !== null && (
        <span class="badge b-monitored" data-testid="monitor-mode">
          {t(`monitor.mode.${mode}` as StringKey)}
        </span>
      )}
      {error !== undefined && <ErrorBox error={error} />}
    </div>
  );
}
