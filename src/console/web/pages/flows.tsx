/** IVR flows: the flow as a diagram with today's traffic per node, versions (activate, roll back), upload with validation. */
import { useEffect, useState } from 'preact/hooks';
import { ApiError, send, type Me } from '../api.js';
import { FlowDiagram, type NodeTraffic } from '../components/flow-diagram.js';
import { Badge, ErrorBox, Show, useApi } from '../components/ui.js';
import { lang, t } from '../i18n.js';
import type { FlowGraph } from '../lib/flow-layout.js';
import { localDate, localDateTime } from '../lib/format.js';

interface FlowItem {
  name: string;
  live: string | null;
  entryNumbers: string[];
}
interface Version {
  name: string;
  version: string;
  uploadedAt: number;
  uploadedBy: string | null;
  live: boolean;
}
interface FlowError {
  path: string;
  code: string;
  message: string;
}

function Versions({ name, canWrite, onChanged }: { name: string; canWrite: boolean; onChanged: () => void }) {
  const versions = useApi<{ items: Version[] }>(`/flows/${name}/versions`);
  const [picked, setPicked] = useState<string | null>(null);
  const [error, setError] = useState<unknown>();
  const today = localDate(Date.now(), 'Asia/Shanghai');
  const kpis = useApi<{ inbound: { ivrNodes: Array<{ node: string; calls: number; dropOff: number }> } }>(`/reports/kpis?from=${today}&to=${today}`);
  const shown = picked ?? versions.data?.items.find((v) => v.live)?.version ?? versions.data?.items[0]?.version ?? null;
  const one = useApi<{ content: string; graph: FlowGraph | null }>(shown ? `/flows/${name}/versions/${shown}` : null);
  const traffic = new Map<string, NodeTraffic>((kpis.data?.inbound.ivrNodes ?? []).map((n) => [n.node, n]));
  const act = async (path: string) => {
    try {
      setError(undefined);
      await send('POST', path);
      versions.reload();
      onChanged();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <div>
      <h2>{t('flows.versions')}</h2>
      {error !== undefined && <ErrorBox error={error} />}
      <Show loaded={versions}>
        {(v) => (
          <table class="grid compact" data-testid="versions">
            <thead>
              <tr>
                <th>{t('flows.versions')}</th>
                <th>{t('flows.uploadedAt')}</th>
                <th>{t('flows.by')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {v.items.map((x) => (
                <tr key={x.version} class={x.version === shown ? 'selected' : ''} data-version={x.version}>
                  <td>
                    <a href="#" onClick={(e) => (e.preventDefault(), setPicked(x.version))}>
                      {x.version}
                    </a>{' '}
                    {x.live && <Badge kind="running">{t('flows.isLive')}</Badge>}
                  </td>
                  <td>{localDateTime(x.uploadedAt, 'Asia/Shanghai', lang())}</td>
                  <td>{x.uploadedBy ?? ''}</td>
                  <td>
                    {canWrite && !x.live && (
                      <button data-action="activate" onClick={() => act(`/flows/${name}/versions/${x.version}/activate`)}>
                        {t('flows.activate')}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Show>
      {canWrite && (
        <button data-action="rollback" onClick={() => act(`/flows/${name}/rollback`)}>
          {t('flows.rollback')}
        </button>
      )}
      <Show loaded={one}>{(o) => (o.graph ? <FlowDiagram graph={o.graph} traffic={traffic} /> : <p class="muted">{t('flows.noGraph')}</p>)}</Show>
    </div>
  );
}

function Upload({ name, onUploaded }: { name: string; onUploaded: () => void }) {
  const [content, setContent] = useState('');
  const [errors, setErrors] = useState<FlowError[] | null>(null);
  const [message, setMessage] = useState('');
  const [activate, setActivate] = useState(false);
  const [problem, setProblem] = useState<unknown>();
  useEffect(() => {
    setErrors(null);
    setMessage('');
  }, [name]);
  const validate = async () => {
    setProblem(undefined);
    const r = await send<{ ok: boolean; version: string | null; errors: FlowError[] }>('POST', '/flows/validate', { name, content }).catch((e: unknown) => (setProblem(e), null));
    if (!r) return false;
    setErrors(r.ok ? [] : r.errors);
    setMessage(r.ok ? t('flows.valid', { version: r.version ?? '' }) : '');
    return r.ok;
  };
  const upload = async () => {
    try {
      setProblem(undefined);
      const v = await send<Version>('POST', `/flows/${name}/versions`, { content, activate });
      setErrors([]);
      setMessage(t('flows.uploaded', { version: v.version }));
      onUploaded();
    } catch (err) {
      // A flow refused on upload carries every error, as validation does.
      if (err instanceof ApiError && Array.isArray(err.details.errors)) setErrors(err.details.errors as FlowError[]);
      else setProblem(err);
    }
  };
  return (
    <div class="card" data-testid="flow-upload">
      <h2>{t('flows.upload')}</h2>
      <input
        type="file"
        accept=".yaml,.yml"
        onChange={async (e) => {
          const f = (e.target as HTMLInputElement).files?.[0];
          if (f) setContent(await f.text());
        }}
      />
      <textarea name="content" rows={8} value={content} onInput={(e) => setContent((e.target as HTMLTextAreaElement).value)} spellcheck={false} />
      <div class="buttons">
        <button data-action="validate" onClick={() => void validate()}>
          {t('flows.validate')}
        </button>
        <label class="check">
          <input type="checkbox" checked={activate} onChange={(e) => setActivate((e.target as HTMLInputElement).checked)} /> {t('flows.activateNow')}
        </label>
        <button class="primary" data-action="upload" onClick={() => void upload()}>
          {t('flows.upload')}
        </button>
      </div>
      {problem !== undefined && <ErrorBox error={problem} />}
      {message && <p class="notice ok">{message}</p>}
      {errors && errors.length > 0 && (
        <div data-testid="flow-errors">
          <p class="notice error">{t('flows.errors', { n: errors.length })}</p>
          <table class="grid compact">
            <thead>
              <tr>
                <th>{t('flows.path')}</th>
                <th>{t('flows.message')}</th>
              </tr>
            </thead>
            <tbody>
              {errors.map((e, i) => (
                <tr key={i}>
                  <td>
                    <code>{e.path}</code>
                  </td>
                  <td>
                    {e.message} <span class="muted">({e.code})</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

/** The IVR flows page. */
export function FlowsPage({ me }: { me: Me }) {
  const flows = useApi<{ items: FlowItem[] }>('/flows');
  const [name, setName] = useState<string | null>(null);
  const [gen, setGen] = useState(0);
  const canWrite = me.permissions.includes('flow:write');
  const current = name ?? flows.data?.items[0]?.name ?? null;
  return (
    <section data-testid="flows">
      <h1>{t('flows.title')}</h1>
      <Show loaded={flows}>
        {(f) => (
          <div class="tabs">
            {f.items.map((x) => (
              <button key={x.name} class={x.name === current ? 'active' : ''} data-flow={x.name} onClick={() => setName(x.name)}>
                {x.name} <span class="muted small">{x.entryNumbers.join(', ')}</span>
              </button>
            ))}
          </div>
        )}
      </Show>
      {current && <Versions key={`${current}-${gen}`} name={current} canWrite={canWrite} onChanged={flows.reload} />}
      {current && canWrite && (
        <Upload
          name={current}
          onUploaded={() => {
            setGen((g) => g + 1);
            flows.reload();
          }}
        />
      )}
    </section>
  );
}
