import pino, { type Logger, type DestinationStream } from 'pino';
import { maskNumbersInText, phoneKeys, scrubLogObject, secretKeys } from './mask.js';
import { maskUrl } from './mask-url.js';

// Serializers also run on child bindings, which `formatters.log` never sees.
const serializers = Object.fromEntries([
  ...[...phoneKeys].map((k) => [k, (v: unknown) => scrubLogObject(v, k)]),
  ...[...secretKeys].map((k) => [k, () => '[redacted]']),
]);

/** The service logger: JSON lines, numbers masked and secrets redacted in every line, objects and messages alike. */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'hotline' },
      serializers: {
        ...serializers,
        // fastify's request and response, reduced to what an operator reads; headers may carry credentials, and the
        // URL a number (serializers run after formatters.log, so the URL is masked here).
        req: (req: { method?: string; url?: string }) => ({ method: req.method, url: req.url === undefined ? undefined : maskUrl(req.url) }),
        res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
      },
      formatters: {
        // fastify's req and res are left whole for their serializers below (which mask the URL): scrubbing copies
        // own properties only, and a request's method and url are getters, so they came out as {}.
        log: ({ req, res, ...rest }) => ({ ...(scrubLogObject(rest) as Record<string, unknown>), ...(req === undefined ? {} : { req }), ...(res === undefined ? {} : { res }) }),
      },
      hooks: {
        logMethod(args, method) {
          const masked = args.map((a) => (typeof a === 'string' ? maskNumbersInText(a) : a)) as Parameters<typeof method>;
          method.apply(this, masked);
        },
      },
    },
    destination,
  );
}

/** The child logger for one call: every line carries its callId. */
export function callLogger(parent: Logger, callId: string, extra: Record<string, unknown> = {}): Logger {
  return parent.child({ callId, ...extra });
}
