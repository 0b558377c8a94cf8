import pino, { type Logger, type DestinationStream } from 'pino';
import { maskNumbersInText, phoneKeys, scrubLogObject, secretKeys } from './mask.js';

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
        // fastify's request and response, reduced to what an operator reads; headers may carry credentials.
        req: (req: { method?: string; url?: string }) => ({ method: req.method, url: req.url }),
        res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
      },
      formatters: {
        log: (obj) => scrubLogObject(obj) as Record<string, unknown>,
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
