/**
 * Carrier announcements: the labelling queue. A supervisor lists the announcements heard and not yet labelled (the
 * most heard first, with the numbers they were heard on), plays one, labels it, merges two that are the same
 * recording, or deletes one. Labelling vacant or suspended closes the leads waiting on a retry because of it.
 */
import { useEffect, useState } from 'preact/hooks';
import { objectUrl, send, type Me } from '../api.js';
import { ErrorBox, Show, useApi } from '../components/ui.js';
import { lang, t, tOr } from '../i18n.js';
import { localDateTime } from '../lib/format.js';

/** The labels, as the API takes them (src/announcements/labels.ts). */
const labels = ['vacant', 'suspended', 'powered-off', 'unreachable', 'busy', 'restricted', 'forwarding', 'connecting', 'other'] as const;

interface Announcement {
  id: number;
  label: string | null;
  durationMs: number;
  heardCount: number;
  lastHeardAt: number | null;
  source: 'heard' | 'imported';
  fileName: string | null;
  labelledBy: string | null;
  numbers: string[];
  numberCount: number;
  audio: string;
}

type Status = 'unknown' | 'labelled' | 'all';

function Player({ link }: { link: string }) {
  const [url, setUrl] = useState<string | null>(null);
  const [error, setError] = useState<unknown>();
  useEffect(() => () => void (url && URL.revokeObjectURL(url)), [url]);
  if (url) return <audio controls autoplay src={url} data-testid="announcement-player" />;
  return (
    <>
      <button data-action="play" onClick={() => objectUrl(link.replace(/^\/api\/v1/, '')).then(setUrl, setError)}>
        ▶ {t('ann.play')}
      </button>
      {error !== undefined && <ErrorBox error={error} />}
    </>
  );
}

/** One row: what was heard, and (for roles that may) label, merge and delete. */
function Row({ a, canEdit, onDone }: { a: Announcement; canEdit: boolean; onDone: (message: string) => void }) {
  const [label, setLabel] = useState(a.label ?? '');
  const [into, setInto] = useState('');
  const [error, setError] = useState<unknown>();
  const act = async (fn: () => Promise<string>) => {
    try {
      setError(undefined);
      onDone(await fn());
    } catch (err) {
      setError(err);
    }
  };
  const save = () =>
    act(async () => {
      const r = await send<{ leadsClosed: number }>('PATCH', `/announcements/${a.id}`, { label: label === '' ? null : label });
      return t('ann.labelled', { id: a.id, label: label === '' ? t('ann.none') : tOr('ann.label', label), leads: r.leadsClosed });
    });
  const merge = () =>
    act(async () => {
      await send('POST', `/announcements/${a.id}/merge`, { into: Number(into) });
      return t('ann.merged', { id: a.id, into });
    });
  const remove = () => {
    if (!confirm(t('ann.confirmDelete', { id: a.id }))) return;
    void act(async () => {
      await send('DELETE', `/announcements/${a.id}`);
      return t('ann.deleted', { id: a.id });
    });
  };
  return (
    <tr data-announcement={a.id}>
      <td>#{a.id}</td>
      <td data-testid="label">{a.label ? tOr('ann.label', a.label) : <span class="muted">{t('ann.none')}</span>}</td>
      <td>{a.heardCount}</td>
      <td data-testid="numbers">
        {a.numbers.slice(0, 3).join(', ')}
        {a.numberCount > 3 && ` … (${a.numberCount})`}
      </td>
      <td>{(a.durationMs / 1000).toFixed(1)} s</td>
      <td>{a.source === 'imported' ? (a.fileName ?? t('ann.imported')) : localDateTime(a.lastHeardAt, Intl.DateTimeFormat().resolvedOptions().timeZone, lang())}</td>
      <td>
        <Player link={a.audio} />
      </td>
      {canEdit && (
        <td class="actions">
          <select name="label" value={label} onChange={(e) => setLabel((e.target as HTMLSelectElement).value)}>
            <option value="">{t('ann.none')}</option>
            {labels.map((l) => (
              <option key={l} value={l}>
                {tOr('ann.label', l)}
              </option>
            ))}
          </select>
          <button class="primary" data-action="label" onClick={() => void save()}>
            {t('ann.save')}
          </button>{' '}
          <input name="into" size={4} placeholder="#" value={into} onInput={(e) => setInto((e.target as HTMLInputElement).value.replace(/\D/g, ''))} />
          <button data-action="merge" disabled={into === ''} onClick={() => void merge()}>
            {t('ann.merge')}
          </button>{' '}
          <button data-action="delete" onClick={remove}>
            {t('ann.delete')}
          </button>
          {error !== undefined && <ErrorBox error={error} />}
        </td>
      )}
    </tr>
  );
}

/** The announcements page. */
export function AnnouncementsPage({ me }: { me: Me }) {
  const [status, setStatus] = useState<Status>('unknown');
  const [message, setMessage] = useState('');
  const list = useApi<{ items: Announcement[]; total: number }>(`/announcements?status=${status}&limit=200`);
  const canEdit = me.permissions.includes('announcement:label');
  const done = (m: string) => {
    setMessage(m);
    list.reload();
  };
  return (
    <section data-testid="announcements">
      <h1>{t('ann.title')}</h1>
      <p class="muted">{t('ann.intro')}</p>
      <div class="filters">
        <label>
          {t('ann.show')}
          <select name="status" value={status} onChange={(e) => setStatus((e.target as HTMLSelectElement).value as Status)}>
            <option value="unknown">{t('ann.unknown')}</option>
            <option value="labelled">{t('ann.labelledOnes')}</option>
            <option value="all">{t('ann.all')}</option>
          </select>
        </label>
      </div>
      {message && (
        <p class="notice ok" role="status">
          {message}
        </p>
      )}
      <Show loaded={list}>
        {(data) =>
          data.items.length === 0 ? (
            <p class="muted" data-testid="empty">
              {status === 'unknown' ? t('ann.queueEmpty') : t('ann.noneFound')}
            </p>
          ) : (
            <table class="grid" data-testid="announcement-list">
              <thead>
                <tr>
                  <th>{t('ann.id')}</th>
                  <th>{t('ann.labelCol')}</th>
                  <th>{t('ann.heard')}</th>
                  <th>{t('ann.numbers')}</th>
                  <th>{t('ann.length')}</th>
                  <th>{t('ann.lastHeard')}</th>
                  <th>{t('ann.audio')}</th>
                  {canEdit && <th>{t('ann.actions')}</th>}
                </tr>
              </thead>
              <tbody>
                {data.items.map((a) => (
                  <Row key={`${a.id}-${a.label ?? ''}-${a.heardCount}`} a={a} canEdit={canEdit} onDone={done} />
                ))}
              </tbody>
            </table>
          )
        }
      </Show>
    </section>
  );
}
