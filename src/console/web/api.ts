/**
 * Requests to /api/v1 with the session's token. Errors come back as ApiError with the API's code and the field at
 * fault; a 401 ends the session (the token was revoked or mistyped), a 403 is left to the page to explain.
 */
import type { Permission, Role } from '../../auth/roles.js';
import { sseParser } from './lib/sse.js';

const tokenKey = 'hotline.token';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
  /** The request field the API blamed, if any. */
  get field(): string | undefined {
    return typeof this.details.field === 'string' ? this.details.field : undefined;
  }
}

/** Who the token is (GET /api/v1/me). */
export interface Me {
  name: string;
  role: Role;
  agentId: string | null;
  permissions: Permission[];
}

let onUnauthorized: () => void = () => undefined;

/** What happens when the API says the token is no good. */
export function setUnauthorizedHandler(fn: () => void): void {
  onUnauthorized = fn;
}

/** The stored token (sessionStorage: gone when the tab closes). */
export function storedToken(): string | null {
  return sessionStorage.getItem(tokenKey);
}

/** Keeps or forgets the token. */
export function storeToken(token: string | null): void {
  if (token === null) sessionStorage.removeItem(tokenKey);
  else sessionStorage.setItem(tokenKey, token);
}

async function failure(res: Response): Promise<ApiError> {
  let body: { code?: string; message?: string; details?: Record<string, unknown> } = {};
  try {
    body = (await res.json()) as typeof body;
  } catch {
    // Not the API's JSON (a proxy's page): the status says enough.
  }
  const err = new ApiError(res.status, body.code ?? `HTTP_${res.status}`, body.message ?? res.statusText, body.details ?? {});
  if (res.status === 401) onUnauthorized();
  return err;
}

/** A raw request to the API with the token; throws ApiError unless 2xx. */
export async function request(method: string, path: string, init: { body?: BodyInit; json?: unknown; token?: string; signal?: AbortSignal } = {}): Promise<Response> {
  const headers: Record<string, string> = {};
  const token = init.token ?? storedToken();
  if (token) headers.authorization = `Bearer ${token}`;
  let body = init.body;
  if (init.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(init.json);
  }
  const res = await fetch(`/api/v1${path}`, { method, headers, ...(body !== undefined ? { body } : {}), ...(init.signal ? { signal: init.signal } : {}) });
  if (!res.ok) throw await failure(res);
  return res;
}

/** GET as JSON. */
export async function get<T>(path: string, signal?: AbortSignal): Promise<T> {
  return (await (await request('GET', path, signal ? { signal } : {})).json()) as T;
}

/** POST, PATCH or DELETE with a JSON body (or none), answered with JSON. */
export async function send<T>(method: 'POST' | 'PATCH' | 'DELETE', path: string, json?: unknown): Promise<T> {
  return (await (await request(method, path, json === undefined ? {} : { json })).json()) as T;
}

/** Fetches a file with the token and hands it to the browser as a download. */
export async function download(path: string, fallbackName: string): Promise<void> {
  const res = await request('GET', path);
  const name = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(res.headers.get('content-disposition') ?? '')?.[1];
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = name ? decodeURIComponent(name) : fallbackName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}

/** Fetches media with the token as an object URL (an <audio> element cannot send the header itself). */
export async function objectUrl(path: string): Promise<string> {
  return URL.createObjectURL(await (await request('GET', path)).blob());
}

/**
 * Follows the live feed (server-sent events over fetch) until `signal` aborts, calling `onEvent` for each event;
 * reconnects after a drop, waiting a little longer each time (up to 10 s).
 */
export async function followLive(onEvent: (event: string, data: unknown) => void, signal: AbortSignal, onState: (connected: boolean) => void = () => undefined, path = '/live'): Promise<void> {
  let wait = 500;
  while (!signal.aborted) {
    try {
      const res = await request('GET', path, { signal });
      onState(true);
      wait = 500;
      const parse = sseParser();
      const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        for (const e of parse(value)) onEvent(e.event, JSON.parse(e.data));
      }
    } catch (err) {
      // A 403 will not get better by asking again.
      if (signal.aborted || (err instanceof ApiError && (err.status === 403 || err.status === 401))) {
        onState(false);
        if (err instanceof ApiError && !signal.aborted) throw err;
        return;
      }
    }
    onState(false);
    await new Promise((r) => setTimeout(r, wait));
    wait = Math.min(wait * 2, 10_000);
  }
}
