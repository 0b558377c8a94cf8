/** The console's frame: token login, the menu of pages the role may open, the language switch, hash routing. */
import { useEffect, useState } from 'preact/hooks';
import { ApiError, get, setUnauthorizedHandler, storedToken, storeToken, type Me } from './api.js';
import { lang, setLang, t, type StringKey } from './i18n.js';
import { visiblePages, type PageId } from './lib/pages.js';
import { AgentPage } from './pages/agent.js';
import { AnnouncementsPage } from './pages/announcements.js';
import { CampaignsPage } from './pages/campaigns.js';
import { ComplaintsPage } from './pages/complaints.js';
import { FlowsPage } from './pages/flows.js';
import { KbPage } from './pages/kb.js';
import { QaPage } from './pages/qa.js';
import { ReportsPage } from './pages/reports.js';
import { RosterPage } from './pages/roster.js';
import { WallboardPage } from './pages/wallboard.js';

const pages: Record<PageId, (p: { me: Me }) => preact.JSX.Element> = {
  campaigns: CampaignsPage,
  wallboard: WallboardPage,
  reports: ReportsPage,
  flows: FlowsPage,
  agent: AgentPage,
  qa: QaPage,
  announcements: AnnouncementsPage,
  complaints: ComplaintsPage,
  kb: KbPage,
  roster: RosterPage,
};

function useHash(): string {
  const [hash, setHash] = useState(location.hash);
  useEffect(() => {
    const on = () => setHash(location.hash);
    addEventListener('hashchange', on);
    return () => removeEventListener('hashchange', on);
  }, []);
  return hash.replace(/^#\/?/, '').split('/')[0] ?? '';
}

function Login({ onLogin }: { onLogin: (me: Me) => void }) {
  const [token, setToken] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError('');
    storeToken(token.trim());
    try {
      onLogin(await get<Me>('/me'));
    } catch (err) {
      storeToken(null);
      setError(err instanceof ApiError && err.status === 401 ? t('login.bad') : String((err as Error).message));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="login card" onSubmit={submit}>
      <h1>{t('login.title')}</h1>
      <label>
        {t('login.token')}
        <input name="token" type="password" autocomplete="off" value={token} onInput={(e) => setToken((e.target as HTMLInputElement).value)} required />
      </label>
      <p class="muted">{t('login.hint')}</p>
      {error && (
        <p class="notice error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" class="primary" disabled={busy}>
        {t('login.submit')}
      </button>
    </form>
  );
}

/** The whole console. */
export function App() {
  const [me, setMe] = useState<Me | null | undefined>(storedToken() ? undefined : null);
  const [, setLangState] = useState(lang());
  const route = useHash();
  useEffect(() => {
    setUnauthorizedHandler(() => {
      storeToken(null);
      setMe(null);
    });
    if (storedToken()) get<Me>('/me').then(setMe, () => setMe(null));
  }, []);
  const switchLang = () => {
    const next = lang() === 'zh' ? 'en' : 'zh';
    setLang(next);
    setLangState(next);
  };
  const langButton = (
    <button class="lang" data-testid="lang" onClick={switchLang}>
      {t('app.language')}
    </button>
  );
  if (me === undefined) return <p class="muted">{t('app.loading')}</p>;
  if (me === null)
    return (
      <div class="login-wrap">
        <div class="login-top">{langButton}</div>
        <Login onLogin={setMe} />
      </div>
    );
  const allowed = visiblePages(me.permissions, me.agentId);
  const current = (allowed as string[]).includes(route) ? (route as PageId) : allowed[0];
  const Page = current ? pages[current] : null;
  return (
    <div class="shell">
      <header>
        <strong class="brand">{t('app.title')}</strong>
        <nav>
          {allowed.map((p) => (
            <a key={p} href={`#/${p}`} class={p === current ? 'active' : ''} data-page={p}>
              {t(`nav.${p}` as StringKey)}
            </a>
          ))}
        </nav>
        <span class="who" data-testid="who">
          {me.name} · {t(`role.${me.role}` as StringKey)}
        </span>
        {langButton}
        <button
          onClick={() => {
            storeToken(null);
            setMe(null);
          }}
        >
          {t('app.logout')}
        </button>
      </header>
      <main data-page={current}>{Page ? <Page me={me} /> : <p class="notice forbidden">{t('app.forbidden')}</p>}</main>
    </div>
  );
}
