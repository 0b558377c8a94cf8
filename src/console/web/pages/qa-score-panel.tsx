/**
 * Scoring a call beside its recording (issue 16): the form's items, comments stamped with the player's position,
 * the call's scores with the calibration verdict, and for the agent, acknowledging or disputing a score.
 */
import { useEffect, useState } from 'preact/hooks';
import { get, send, type Me } from '../api.js';
import { ErrorBox } from '../components/ui.js';
import { lang, t, tOr } from '../i18n.js';
import { duration } from '../lib/format.js';

interface Item {
  key: string;
  zh: string;
  en: string;
  weight: number;
  fatal?: boolean;
}
interface Form {
  id: number;
  name: string;
  items: Item[];
  threshold: number;
}
interface Comment {
  atMs: number;
  text: string;
  by?: string;
}
interface Score {
  id: number;
  formId: number;
  scorer: string;
  total: number;
  fatalFailed: string[];
  comments: Comment[];
  response: 'acknowledged' | 'disputed' | null;
  responseNote: string | null;
}
interface CallView {
  scores: Score[];
  calibration: Array<{ formId: number; scorers: number; spread: number; threshold: number; flagged: boolean }>;
}

/** Where the call's player is, in ms (0 before it plays). */
const playerAt = (channelId: string) => Math.round(((document.querySelector(`[data-call="${channelId}"] audio`) as HTMLAudioElement | null)?.currentTime ?? 0) * 1000);

function ScoreForm({ channelId, forms, onSaved }: { channelId: string; forms: Form[]; onSaved: (v: CallView) => void }) {
  const [formId, setFormId] = useState(forms[0]?.id ?? 0);
  const form = forms.find((f) => f.id === formId);
  const [answers, setAnswers] = useState<Record<string, number>>({});
  const [comments, setComments] = useState<Comment[]>([]);
  const [note, setNote] = useState('');
  const [error, setError] = useState<unknown>();
  if (!form) return null;
  const value = (i: Item) => answers[i.key] ?? (i.fatal ? Math.max(1, i.weight) : i.weight);
  const submit = async (e: Event) => {
    e.preventDefault();
    try {
      setError(undefined);
      const all = Object.fromEntries(form.items.map((i) => [i.key, value(i)]));
      const r = await send<{ call: CallView }>('POST', '/qa/scores', { channelId, formId, answers: all, comments });
      onSaved(r.call);
    } catch (err) {
      setError(err);
    }
  };
  return (
    <form class="qa-score" data-testid="qa-score-form" onSubmit={submit}>
      <label>
        {t('qa.form')}
        <select name="form" value={formId} onChange={(e) => setFormId(Number((e.target as HTMLSelectElement).value))}>
          {forms.map((f) => (
            <option key={f.id} value={f.id}>
              {f.name}
            </option>
          ))}
        </select>
      </label>
      {form.items.map((i) => (
        <label key={i.key}>
          {lang() === 'zh' ? i.zh : i.en}
          {i.fatal ? (
            <input type="checkbox" name={i.key} checked={value(i) > 0} onChange={(e) => setAnswers({ ...answers, [i.key]: (e.target as HTMLInputElement).checked ? Math.max(1, i.weight) : 0 })} />
          ) : (
            <input type="number" name={i.key} min={0} max={i.weight} step="any" value={value(i)} onInput={(e) => setAnswers({ ...answers, [i.key]: Number((e.target as HTMLInputElement).value) })} />
          )}
          {!i.fatal && <span class="muted">/ {i.weight}</span>}
        </label>
      ))}
      <ul>
        {comments.map((c, n) => (
          <li key={n}>
            {duration(c.atMs)} {c.text}
          </li>
        ))}
      </ul>
      <textarea name="comment" value={note} onInput={(e) => setNote((e.target as HTMLTextAreaElement).value)} />
      <button
        type="button"
        data-action="add-comment"
        onClick={() => {
          if (note.trim()) setComments([...comments, { atMs: playerAt(channelId), text: note.trim() }]);
          setNote('');
        }}
      >
        {t('qa.addComment')}
      </button>
      <button type="submit" class="primary" data-action="submit-score">
        {t('qa.submitScore')}
      </button>
      {error !== undefined && <ErrorBox error={error} />}
    </form>
  );
}

function Respond({ score, onDone }: { score: Score; onDone: () => void }) {
  const [note, setNote] = useState('');
  const [error, setError] = useState<unknown>();
  const answer = (response: 'acknowledged' | 'disputed') =>
    send('POST', `/qa/scores/${score.id}/response`, { response, note }).then(onDone, setError);
  return (
    <div class="qa-respond">
      <button data-action="acknowledge" onClick={() => void answer('acknowledged')}>
        {t('qa.acknowledge')}
      </button>
      <input name="disputeNote" placeholder={t('qa.disputeNote')} value={note} onInput={(e) => setNote((e.target as HTMLInputElement).value)} />
      <button data-action="dispute" onClick={() => void answer('disputed')}>
        {t('qa.dispute')}
      </button>
      {error !== undefined && <ErrorBox error={error} />}
    </div>
  );
}

/** The panel under a call's row. */
export function QaScorePanel({ channelId, me }: { channelId: string; me: Me }) {
  const [view, setView] = useState<CallView | null>(null);
  const [forms, setForms] = useState<Form[]>([]);
  const [error, setError] = useState<unknown>();
  const mayScore = me.permissions.includes('qa:score');
  const load = () => get<CallView>(`/qa/calls/${encodeURIComponent(channelId)}`).then(setView, setError);
  useEffect(() => {
    void load();
    if (mayScore) get<{ items: Form[] }>('/qa/forms').then((f) => setForms(f.items), setError);
  }, [channelId]);
  const scoredByMe = (formId: number) => view?.scores.some((s) => s.formId === formId && s.scorer === me.name);
  return (
    <div class="qa-panel" data-testid="qa-panel">
      {error !== undefined && <ErrorBox error={error} />}
      {view?.calibration.map((c) => (
        <p key={c.formId} class={c.flagged ? 'notice error' : 'muted'} data-testid={c.flagged ? 'qa-flagged' : 'qa-calibrated'}>
          {c.scorers >= 2 && t(c.flagged ? 'qa.flagged' : 'qa.calibrated', { spread: c.spread, threshold: c.threshold })}
        </p>
      ))}
      <h3>{t('qa.scores')}</h3>
      {view && view.scores.length === 0 && <p class="muted">{t('qa.noScores')}</p>}
      <ul data-testid="qa-scores">
        {view?.scores.map((s) => (
          <li key={s.id} data-score={s.id}>
            <strong>{t('qa.total', { total: s.total })}</strong> · {s.scorer}
            {s.fatalFailed.length > 0 && <span class="badge bad"> {t('qa.fatal')}</span>}
            {s.response && <span class="badge"> {tOr('qa.response', s.response)}</span>}
            {s.responseNote && <span class="muted"> {s.responseNote}</span>}
            <ul>
              {s.comments.map((c, n) => (
                <li key={n} class="qa-comment">
                  {duration(c.atMs)} {c.text}
                </li>
              ))}
            </ul>
            {s.response === null && me.permissions.includes('qa:respond') && me.agentId !== null && <Respond score={s} onDone={() => void load()} />}
          </li>
        ))}
      </ul>
      {mayScore && forms.length > 0 && !forms.every((f) => scoredByMe(f.id)) && <ScoreForm channelId={channelId} forms={forms.filter((f) => !scoredByMe(f.id))} onSaved={setView} />}
    </div>
  );
}
