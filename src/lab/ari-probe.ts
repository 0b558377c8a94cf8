import type { Config } from '../config/schema.js';
import { fetchFailure } from './fetch-error.js';

/** What one GET /ari/asterisk/info said. */
export type AriProbe = { ok: true; version: string } | { ok: false; problem: string };

/** Asks ARI for the Asterisk version with the configured credentials; never throws. */
export async function probeAri(config: Config, timeoutMs = 2000): Promise<AriProbe> {
  const url = `${config.ari.url.replace(/\/+$/, '')}/ari/asterisk/info`;
  const auth = Buffer.from(`${config.ari.username}:${config.ari.password}`).toString('base64');
  try {
    const res = await fetch(url, { headers: { authorization: `Basic ${auth}` }, signal: AbortSignal.timeout(timeoutMs) });
    if (!res.ok) {
      await res.body?.cancel();
      const hint = res.status === 401 ? ' (check ari.username and ari.password)' : '';
      return { ok: false, problem: `GET ${url} answered ${res.status}${hint}` };
    }
    const body = (await res.json()) as { system?: { version?: string } };
    return { ok: true, version: body.system?.version ?? 'unknown' };
  } catch (error) {
    return { ok: false, problem: `GET ${url}: ${fetchFailure(error)}` };
  }
}
