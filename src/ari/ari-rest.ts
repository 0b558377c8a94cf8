import { Agent, request } from 'node:http';
import type { Clock } from '../clock.js';
import { HotlineError } from '../errors.js';
import { toAriError } from './ari-errors.js';

export type AriQuery = Record<string, string | number | boolean | readonly string[] | undefined>;

/**
 * The one ARI REST transport: every request hotline makes, over one keep-alive connection pool. ari-client builds
 * each request through swagger-client and shred and costs about 0.3 ms of CPU per request; the IVR benchmark's
 * per-call CPU target (1.5× a minimal ari-client app that makes a third as many requests) is out of reach on that
 * path. Errors become catalogue codes through toAriError.
 */
export class AriRest {
  // Asterisk closes a connection idle for 15 s (http.conf session_keep_alive); closing ours after 5 s keeps the pool
  // from picking a socket at the moment Asterisk drops it.
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 32, timeout: 5000 });
  private readonly base: URL;
  private readonly auth: string;

  constructor(
    url: string,
    username: string,
    password: string,
    private readonly clock: Clock,
    private readonly timeoutMs: number,
  ) {
    this.base = new URL(url);
    this.auth = 'Basic ' + Buffer.from(`${username}:${password}`).toString('base64');
  }

  /** One request to `/ari<path>`; resolves with the parsed JSON body (undefined when empty). */
  call<T = unknown>(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, query: AriQuery, body: unknown, what: string): Promise<T> {
    return this.send<T>(method, path, query, body, what, true);
  }

  private send<T>(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, query: AriQuery, body: unknown, what: string, mayRetry: boolean): Promise<T> {
    const qs = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) {
      if (v === undefined) continue;
      // ARI takes lists (media, channel) comma-separated.
      qs.append(k, Array.isArray(v) ? v.join(',') : String(v));
    }
    const q = qs.toString();
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const op = `${method} ${path.split('/')[1] ?? path}`;
    return new Promise<T>((resolve, reject) => {
      let settled = false;
      const fail = (err: unknown) => {
        if (settled) return;
        settled = true;
        this.clock.clearTimeout(timer);
        reject(err instanceof HotlineError ? err : toAriError(err, op, what));
      };
      const req = request(
        {
          host: this.base.hostname,
          port: this.base.port || 80,
          method,
          path: `/ari${path}${q ? `?${q}` : ''}`,
          agent: this.agent,
          headers: {
            authorization: this.auth,
            ...(payload !== undefined ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', fail);
          res.on('end', () => {
            if (settled) return;
            const text = Buffer.concat(chunks).toString('utf8');
            const status = res.statusCode ?? 0;
            if (status >= 200 && status < 300) {
              settled = true;
              this.clock.clearTimeout(timer);
              try {
                resolve((text ? JSON.parse(text) : undefined) as T);
              } catch (err) {
                reject(new HotlineError('ARI_REQUEST_FAILED', `ARI ${op} ${what}: answer is not JSON`, { key: what, error: err }));
              }
              return;
            }
            // Asterisk's error bodies are {"message": "..."}; toAriError reads them.
            fail(Object.assign(new Error(text || `HTTP ${status}`), { status }));
          });
        },
      );
      const timer = this.clock.setTimeout(() => {
        req.destroy();
        fail(new HotlineError('ARI_UNAVAILABLE', `ARI ${op} ${what}: no answer in ${this.timeoutMs} ms`));
      }, this.timeoutMs);
      req.on('error', (err: NodeJS.ErrnoException) => {
        // A pooled connection the server closed as we reused it: the request never reached Asterisk (Node's own
        // advice for keep-alive agents), so it is sent once more on a new connection. Left alone, a dial's channel
        // was created but never dialed.
        if (mayRetry && !settled && req.reusedSocket && err.code === 'ECONNRESET') {
          settled = true;
          this.clock.clearTimeout(timer);
          this.send<T>(method, path, query, body, what, false).then(resolve, reject);
          return;
        }
        fail(err);
      });
      req.end(payload);
    });
  }

  /** Closes the pooled connections. */
  close(): void {
    this.agent.destroy();
  }
}
