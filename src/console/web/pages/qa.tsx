/** QA: call records with filters, and a player for their recordings (fetched with the token, played from memory). */
import { useEffect, useState } from 'preact/hooks';
import { seesFullNumbers } from '../../../auth/visibility.js';
import { get, objectUrl, type Me } from '../api.js';
import { ErrorBox } from '../components/ui.js';
import { lang, t } from '../i18n.js';
import { duration, localDateTime, localInputToIso } from '../lib/format.js';
import { QaScorePanel } from './qa-score-panel.js';

interface CallRecord {
  id: number;
  channelId: string;
  direction: 'inbound' | 'outbound';
  callerNumber: string | null;
  calledNumber: string | null;
  startedAt: number;
  endedAt: number | null;
  outcome: string | null;
  endedIn: string | null;
  agentId: string | null;
  campaignId: number | null;
  queueWaitMs: number | null;
  talkMs: number | null;
  recording: string | null;
}

interface Filters {
  direction: string;
  agentId: string;
  campaignId: string;
  endedIn: string;
  number: string;
  from: string;
  to: string;
}

const empty: Filters = { direction: '', agentId: '', campaignId: '', endedIn: '', number: '', from: '', to: '' };

function query(f: Filters, beforeId?: number): string {
  const q = new URLSearchParams();
  for (const k of ['direction', 'agentId', 'campaignId', 'endedIn', 'number'] as const) if (f[k].trim()) q.set(k, f[k].trim());
  const from = localInputToIso(f.from);
  const to = localInputToIso(f.to);
  if (from) q.set('from', from);
  if (to) q.set('to', to);
  if (beforeId) q.set('beforeId', String(beforeId));
  q.set('limit', '50');
  return `/calls?${q}`;
}

function Player({ link }: { link: string }) {
  const [url, setUrl] = useState<string | null>(null);
  const [error, setError] = useState<unknown>();
  useEffect(() => () => void (url && URL.revokeObjectURL(url)), [url]);
  if (url) return <audio controls autoplay src={url} data-testid="player" />;
  return (
    <>
      <button data-action="play" onClick={() => objectUrl(link.replace(/^\/api\/v1/, '')).then(setUrl, setError)}>
        ▶ {t('qa.play')}
      </button>
      {error !== undefined && <ErrorBox error={error} />}
    </>
  );
}

/** The QA page. */
export function QaPage({ me }: { me: Me }) {
  const [f, setF] = useState<Filters>(empty);
  const [rows, setRows] = useState<CallRecord[] | null>(null);
  const [next, setNext] = useState<number | null>(null);
  const [error, setError] = useState<unknown>();
  // Issue 16: the call whose scoring panel is open under its row.
  const [open, setOpen] = useState<string | null>(null);
  const load = async (more: boolean) => {
    try {
      setError(undefined);
      const page = await get<{ items: CallRecord[]; next: number | null }>(query(f, more ? (next ?? undefined) : undefined));
      setRows((r) => (more && r ? [...r, ...page.items] : page.items));
      setNext(page.next);
    } catch (err) {
      setError(err);
    }
  };
  useEffect(() => void load(false), []);
  const labels = { agentId: 'qa.agent', campaignId: 'qa.campaign', endedIn: 'qa.endedIn', number: 'qa.number', from: 'qa.from', to: 'qa.to' } as const;
  const input = (k: keyof typeof labels, type = 'text') => (
    <label>
      {t(labels[k])}
      <input name={k} type={type} value={f[k]} onInput={(e) => setF({ ...f, [k]: (e.target as HTMLInputElement).value })} />
    </label>
  );
  return (
    <section data-testid="qa">
      <h1>{t('qa.title')}</h1>
      <form
        class="filters"
        onSubmit={(e) => {
          e.preventDefault();
          void load(false);
        }}
      >
        <label>
          {t('qa.direction')}
          <select name="direction" value={f.direction} onChange={(e) => setF({ ...f, direction: (e.target as HTMLSelectElement).value })}>
            <option value="">{t('qa.any')}</option>
            <option value="inbound">{t('wall.inbound')}</option>
            <option value="outbound">{t('wall.outbound')}</option>
          </select>
        </label>
        {input('agentId')}
        {input('campaignId')}
        {input('endedIn')}
        {/* The API refuses number filters to roles that see numbers masked (a search would reveal the hidden digits). */}
        {seesFullNumbers(me.role) && input('number')}
        {input('from', 'datetime-local')}
        {input('to', 'datetime-local')}
        <button type="submit" class="primary">
          {t('qa.search')}
        </button>
      </form>
      {error !== undefined && <ErrorBox error={error} />}
      {rows && rows.length === 0 && <p class="muted">{t('qa.noCalls')}</p>}
      {rows && rows.length > 0 && (
        <table class="grid" data-testid="call-records">
          <thead>
            <tr>
              <th>{t('qa.started')}</th>
              <th>{t('qa.direction')}</th>
              <th>{t('qa.number')}</th>
              <th>{t('qa.agent')}</th>
              <th>{t('qa.wait')}</th>
              <th>{t('qa.talk')}</th>
              <th>{t('qa.outcome')}</th>
              <th>{t('qa.recording')}</th>
              <th>{t('qa.score')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((c) => (
              <tr key={c.id} data-call={c.channelId}>
                <td>{localDateTime(c.startedAt, Intl.DateTimeFormat().resolvedOptions().timeZone, lang())}</td>
                <td>{c.direction === 'inbound' ? t('wall.inbound') : t('wall.outbound')}</td>
                <td>{c.direction === 'inbound' ? c.callerNumber : c.calledNumber}</td>
                <td>{c.agentId ?? ''}</td>
                <td>{c.queueWaitMs === null ? '' : duration(c.queueWaitMs)}</td>
                <td>{c.talkMs === null ? '' : duration(c.talkMs)}</td>
                <td>{c.endedIn ?? c.outcome ?? ''}</td>
                <td>{c.recording && <Player link={c.recording} />}</td>
                <td>
                  <button data-action="score" onClick={() => setOpen(open === c.channelId ? null : c.channelId)}>
                    {t('qa.score')}
                  </button>
                </td>
              </tr>
            )).flatMap((row, n) => {
              const c = rows[n]!;
              return open === c.channelId
                ? [row, <tr key={`${c.id}-qa`} data-qa-for={c.channelId}><td colSpan={9}><QaScorePanel channelId={c.channelId} me={me} /></td></tr>]
                : [row];
            })}
          </tbody>
        </table>
      )}
      {next !== null && <button onClick={() => void load(true)}>{t('app.more')}</button>}
    </section>
  );
}
