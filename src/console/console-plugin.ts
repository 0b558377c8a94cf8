/**
 * The web console at /console/: a single page (preact) whose TypeScript is bundled by esbuild in memory the first
 * time it is asked for (or when the service starts listening), then served from memory, gzipped once. Nothing is
 * written to disk and nothing is fetched from elsewhere: the page loads from this origin only (its CSP says so), and
 * talks to /api/v1 with the token its user typed in.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { projectRoot } from '../config/load.js';

export const consolePrefix = '/console/';

/** One file of the console as it is served. */
export interface ConsoleAsset {
  type: string;
  body: Buffer;
  gzip: Buffer;
  etag: string;
}

/** The console's files by name (index.html, app.js, app.css) and how long the bundle took. */
export interface ConsoleBundle {
  files: Map<string, ConsoleAsset>;
  buildMs: number;
}

const webDir = join(projectRoot, 'src/console/web');

// The token lives in sessionStorage, so the page must run no script but its own: no inline code, no other origin.
/** The page's CSP; `connect` adds origins its scripts may open (the browser phone's wss:// transport, issue 13). */
export function consoleCsp(connect: readonly string[] = []): string {
  return [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "media-src 'self' blob:",
  ["connect-src 'self'", ...connect].join(' '),
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  ].join('; ');
}

function asset(type: string, body: Buffer): ConsoleAsset {
  return { type, body, gzip: gzipSync(body, { level: 9 }), etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"` };
}

/** Bundles the console with esbuild, in memory. */
export async function bundleConsole(): Promise<ConsoleBundle> {
  const started = performance.now();
  const out = await build({
    entryPoints: { app: join(webDir, 'main.tsx') },
    bundle: true,
    write: false,
    outdir: '/console',
    format: 'esm',
    platform: 'browser',
    target: ['chrome109', 'firefox115', 'safari16'],
    minify: true,
    jsx: 'automatic',
    jsxImportSource: 'preact',
    charset: 'utf8',
    legalComments: 'none',
    logLevel: 'silent',
    absWorkingDir: projectRoot,
  });
  const files = new Map<string, ConsoleAsset>();
  for (const f of out.outputFiles) {
    const name = f.path.split('/').pop()!;
    files.set(name, asset(name.endsWith('.css') ? 'text/css; charset=utf-8' : 'text/javascript; charset=utf-8', Buffer.from(f.contents)));
  }
  const v = (name: string) => files.get(name)?.etag.slice(1, 9) ?? '0';
  // The asset URLs carry their content hash, so a browser may keep them for good and the page itself is always fresh.
  const html = `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>hotline</title><link rel="icon" href="data:,"><link rel="stylesheet" href="${consolePrefix}app.css?v=${v('app.css')}">
<script type="module" src="${consolePrefix}app.js?v=${v('app.js')}"></script></head>
<body><div id="app"></div><noscript>hotline console needs JavaScript.</noscript></body></html>
`;
  files.set('index.html', asset('text/html; charset=utf-8', Buffer.from(html)));
  return { files, buildMs: Math.round(performance.now() - started) };
}

function send(req: FastifyRequest, reply: FastifyReply, a: ConsoleAsset, cacheControl: string) {
  void reply.header('content-type', a.type).header('etag', a.etag).header('cache-control', cacheControl).header('vary', 'accept-encoding').header('x-content-type-options', 'nosniff');
  if (req.headers['if-none-match'] === a.etag) return reply.status(304).send();
  if (/\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) return reply.header('content-encoding', 'gzip').send(a.gzip);
  return reply.send(a.body);
}

/** Serves the console under /console/; the bundle is made once, on first use or when the service starts listening. */
export function registerConsole(app: FastifyInstance, log: Logger, connect: readonly string[] = []): void {
  const csp = consoleCsp(connect);
  let bundle: Promise<ConsoleBundle> | null = null;
  const get = () => {
    bundle ??= bundleConsole().then(
      (b) => {
        log.info({ buildMs: b.buildMs, files: Object.fromEntries([...b.files].map(([n, f]) => [n, f.body.length])) }, 'console bundled');
        return b;
      },
      (err: unknown) => {
        // A failed build is tried again on the next request rather than kept.
        bundle = null;
        throw err;
      },
    );
    return bundle;
  };

  app.get('/console', async (_req, reply) => reply.redirect(consolePrefix, 301));
  // A person opening the service's address expects the console, not a 404 (issue 15 item 8). 302: a later version may
  // put something else at the root, and a cached permanent redirect would hide it.
  app.get('/', async (_req, reply) => reply.redirect(consolePrefix, 302));
  app.get(consolePrefix, async (req, reply) => {
    const b = await get();
    void reply.header('content-security-policy', csp).header('referrer-policy', 'no-referrer').header('x-frame-options', 'DENY');
    return send(req, reply, b.files.get('index.html')!, 'no-cache');
  });
  app.get<{ Params: { file: string } }>(`${consolePrefix}:file`, async (req, reply) => {
    const a = (await get()).files.get(req.params.file);
    if (!a || req.params.file === 'index.html') return reply.status(404).send({ code: 'NOT_FOUND', message: `no console file ${req.params.file}` });
    return send(req, reply, a, 'public, max-age=31536000, immutable');
  });
  app.addHook('onListen', async () => {
    get().catch((err: unknown) => log.error({ err }, 'console bundle failed'));
  });
}
