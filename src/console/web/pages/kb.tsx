/**
 * The knowledge base (issue 16): search by keyword (Chinese words of two characters too), log a question it did not
 * answer, and for the business owner the unanswered questions with their counts and a form for a new article.
 */
import { useEffect, useState } from 'preact/hooks';
import { get, send, type Me } from '../api.js';
import { ErrorBox } from '../components/ui.js';
import { lang, t } from '../i18n.js';
import { localDateTime } from '../lib/format.js';

interface Article {
  id: number;
  lang: 'zh' | 'en';
  category: string;
  title: string;
  body: string;
}
interface Gap {
  question: string;
  asked: number;
  lastAt: number;
}

function NewArticle({ onSaved }: { onSaved: () => void }) {
  const [a, setA] = useState({ lang: 'zh', category: '', title: '', body: '' });
  const [error, setError] = useState<unknown>();
  const [saved, setSaved] = useState(false);
  const field = (k: 'category' | 'title') => (
    <label>
      {t(k === 'title' ? 'kb.articleTitle' : 'kb.category')}
      <input name={k} value={a[k]} onInput={(e) => setA({ ...a, [k]: (e.target as HTMLInputElement).value })} />
    </label>
  );
  return (
    <form
      class="card"
      data-testid="kb-new"
      onSubmit={(e) => {
        e.preventDefault();
        setSaved(false);
        send('POST', '/kb/articles', a).then(() => (setSaved(true), setError(undefined), onSaved()), setError);
      }}
    >
      <h2>{t('kb.new')}</h2>
      <label>
        {t('kb.lang')}
        <select name="lang" value={a.lang} onChange={(e) => setA({ ...a, lang: (e.target as HTMLSelectElement).value })}>
          <option value="zh">中文</option>
          <option value="en">English</option>
        </select>
      </label>
      {field('category')}
      {field('title')}
      <label>
        {t('kb.body')}
        <textarea name="body" value={a.body} onInput={(e) => setA({ ...a, body: (e.target as HTMLTextAreaElement).value })} />
      </label>
      <button type="submit" class="primary">
        {t('kb.save')}
      </button>
      {saved && <span class="muted">{t('kb.saved')}</span>}
      {error !== undefined && <ErrorBox error={error} />}
    </form>
  );
}

/** The knowledge-base page. */
export function KbPage({ me }: { me: Me }) {
  const [q, setQ] = useState('');
  const [asked, setAsked] = useState('');
  const [items, setItems] = useState<Article[] | null>(null);
  const [logged, setLogged] = useState<number | null>(null);
  const [gaps, setGaps] = useState<Gap[] | null>(null);
  const [error, setError] = useState<unknown>();
  const seesGaps = me.permissions.includes('kb:gaps');
  const loadGaps = () => void (seesGaps && get<{ items: Gap[] }>('/kb/not-found').then((g) => setGaps(g.items), setError));
  useEffect(loadGaps, []);
  const search = async (e: Event) => {
    e.preventDefault();
    try {
      setError(undefined);
      setLogged(null);
      setItems((await get<{ items: Article[] }>(`/kb/articles?q=${encodeURIComponent(q)}`)).items);
      setAsked(q);
    } catch (err) {
      setError(err);
    }
  };
  const logNotFound = () =>
    send<{ asked: number }>('POST', '/kb/not-found', { question: asked }).then((r) => (setLogged(r.asked), loadGaps()), setError);
  return (
    <section data-testid="kb">
      <h1>{t('kb.title')}</h1>
      <form class="filters" onSubmit={search}>
        <label>
          {t('kb.query')}
          <input name="q" value={q} onInput={(e) => setQ((e.target as HTMLInputElement).value)} required />
        </label>
        <button type="submit" class="primary">
          {t('kb.search')}
        </button>
      </form>
      {error !== undefined && <ErrorBox error={error} />}
      {items && items.length === 0 && (
        <p class="muted" data-testid="kb-none">
          {t('kb.none')}{' '}
          {logged === null ? (
            <button data-action="log-not-found" onClick={() => void logNotFound()}>
              {t('kb.logNotFound')}
            </button>
          ) : (
            <span data-testid="kb-logged">{t('kb.logged', { n: logged })}</span>
          )}
        </p>
      )}
      {items && items.length > 0 && (
        <ul class="kb-results" data-testid="kb-results">
          {items.map((a) => (
            <li key={a.id} data-article={a.id}>
              <h3>{a.title}</h3>
              <p>{a.body}</p>
              <span class="muted">
                {a.category} · {a.lang}
              </span>
            </li>
          ))}
        </ul>
      )}
      {gaps && (
        <>
          <h2>{t('kb.gaps')}</h2>
          <table class="grid" data-testid="kb-gaps">
            <thead>
              <tr>
                <th>{t('kb.question')}</th>
                <th>{t('kb.asked')}</th>
                <th>{t('kb.lastAt')}</th>
              </tr>
            </thead>
            <tbody>
              {gaps.map((g) => (
                <tr key={g.question}>
                  <td>{g.question}</td>
                  <td>{g.asked}</td>
                  <td>{localDateTime(g.lastAt, Intl.DateTimeFormat().resolvedOptions().timeZone, lang())}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      {me.permissions.includes('kb:write') && <NewArticle onSaved={loadGaps} />}
    </section>
  );
}
