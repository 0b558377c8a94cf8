import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Principal } from '../../auth/principal.js';
import { HotlineError } from '../../errors.js';
import { forViewer, type LiveChange, type LiveSnapshot } from '../../live/live-snapshot.js';
import { ownChange, ownSnapshot } from '../../live/own-view.js';
import type { ApiPorts } from '../api-context.js';
import { errors } from '../api-schemas.js';
import { principalOf } from '../authenticate.js';

/** What one stream sends: the first picture, and each change as the viewer sees it (null: nothing to send). */
interface StreamView {
  snapshot: (s: LiveSnapshot) => unknown;
  change: (c: LiveChange) => unknown;
}

/**
 * The live feed as server-sent events: `snapshot` first (calls in progress, queue waits, agent states, campaign
 * progress), then `change` events with what changed (`set` items and `removed` keys per section), and a comment
 * line as a heartbeat. Numbers are masked for roles that do not see them. GET /live/own is an agent's own row only.
 */
export function liveRoutes(app: FastifyInstance, ctx: ApiPorts): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const heartbeatMs = ctx.config.api.live.heartbeatS * 1000;

  function stream(req: FastifyRequest, reply: FastifyReply, p: Principal, view: StreamView): void {
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
      const shown = view.change(change);
      if (shown !== null && !revoked(false)) send('change', shown);
    });
    send('snapshot', view.snapshot(sub.snapshot));
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
  }

  r.get(
    '/live',
    {
      config: { permission: 'live:read' },
      schema: { tags: ['live'], summary: 'server-sent events: snapshot, then changes', response: { 200: z.string().describe('text/event-stream'), ...errors } },
    },
    (req, reply) => {
      const p = principalOf(req);
      stream(req, reply, p, { snapshot: (s) => forViewer(s, p), change: (c) => forViewer(c, p) });
    },
  );

  r.get(
    '/live/own',
    {
      config: { permission: 'live:own' },
      schema: {
        tags: ['live'],
        summary: "server-sent events for an agent's own console: their row of the agents section ({at, agent}), first whole, then when it changes; agent.monitored is null when phone.showMonitored is off",
        response: { 200: z.string().describe('text/event-stream'), ...errors },
      },
    },
    (req, reply) => {
      const p = principalOf(req);
      const agentId = p.agentId;
      // Checked before the stream opens, so the refusal is the API's usual error body.
      if (agentId === null) throw new HotlineError('FORBIDDEN', 'this token stands for no agent: the own feed is an agent’s', { key: 'authorization' });
      const show = ctx.config.phone.showMonitored;
      stream(req, reply, p, { snapshot: (s) => ownSnapshot(s, agentId, show), change: (c) => ownChange(c, agentId, show) });
    },
  );
}
