import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { forViewer } from '../../live/live-snapshot.js';
import type { ApiPorts } from '../api-context.js';
import { errors } from '../api-schemas.js';
import { principalOf } from '../authenticate.js';

/**
 * The live feed as server-sent events: `snapshot` first (calls in progress, queue waits, agent states, campaign
 * progress), then `change` events with what changed (`set` items and `removed` keys per section), and a comment
 * line as a heartbeat. Numbers are masked for roles that do not see them.
 */
export function liveRoutes(app: FastifyInstance, ctx: ApiPorts): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const heartbeatMs = ctx.config.api.live.heartbeatS * 1000;
  r.get(
    '/live',
    {
      config: { permission: 'live:read' },
      schema: { tags: ['live'], summary: 'server-sent events: snapshot, then changes', response: { 200: z.string().describe('text/event-stream'), ...errors } },
    },
    (req, reply) => {
      const p = principalOf(req);
      reply.hijack();
      const out = reply.raw;
      out.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache, no-transform', connection: 'keep-alive', 'x-accel-buffering': 'no' });
      const send = (event: string, data: unknown) => out.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
      // A stream outlives the request that authenticated it: the token is looked at again on every heartbeat and,
      // at most once a second, before a change goes out, so a revoked token stops seeing the floor.
      let checkedAt = ctx.now();
      const revoked = (force: boolean): boolean => {
        const now = ctx.now();
        if (!force && now - checkedAt < 1000) return false;
        checkedAt = now;
        if (ctx.tokens.get(p.tokenId)?.revokedAt === null) return false;
        send('revoked', { code: 'AUTH_REQUIRED', message: 'the token was revoked' });
        close();
        out.end();
        return true;
      };
      const sub = ctx.live.subscribe((change) => {
        if (!revoked(false)) send('change', forViewer(change, p));
      });
      send('snapshot', forViewer(sub.snapshot, p));
      const beat = ctx.clock.setInterval(() => {
        if (!revoked(true)) out.write(': heartbeat\n\n');
      }, heartbeatMs);
      let closed = false;
      function close(): void {
        if (closed) return;
        closed = true;
        sub.unsubscribe();
        ctx.clock.clearInterval(beat);
      }
      req.raw.on('close', close);
      out.on('close', close);
    },
  );
}
