import type { FastifyReply, FastifyRequest } from 'fastify';
import { can } from '../auth/roles.js';
import { HotlineError } from '../errors.js';
import type { ApiPorts } from './api-context.js';

const bearer = /^Bearer[ ]+(\S+)[ ]*$/i;

/**
 * The onRequest hook of /api/v1: a Bearer token that is live, from an address not locked out by failed attempts,
 * whose role holds the route's permission. A route that declares no permission is refused to everyone.
 */
export function authenticate(ctx: Pick<ApiPorts, 'now' | 'limiter' | 'tokens'>) {
  return async (req: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const now = ctx.now();
    const m = bearer.exec(req.headers.authorization ?? '');
    const principal = m ? ctx.tokens.principalOf(m[1]!, now) : undefined;
    // The lock-out is for failures only: a valid token gets in from an address others failed from (behind a proxy or
    // a NAT, everyone shares one), and tokens are far too long for the look-up to help a guesser.
    const wait = principal ? 0 : ctx.limiter.blockedForMs(req.ip, now);
    if (wait > 0) {
      void reply.header('retry-after', String(Math.ceil(wait / 1000)));
      throw new HotlineError('AUTH_RATE_LIMITED', 'too many failed authentications from this address; try again later', {
        details: { retryAfterS: Math.ceil(wait / 1000) },
      });
    }
    if (!principal) {
      ctx.limiter.fail(req.ip, now);
      void reply.header('www-authenticate', 'Bearer');
      throw new HotlineError('AUTH_REQUIRED', m ? 'the token is unknown or revoked' : 'an Authorization: Bearer <token> header is required', { key: 'authorization' });
    }
    req.principal = principal;
    if (req.is404) return;
    const permission = req.routeOptions.config.permission;
    if (!permission || !can(principal.role, permission)) {
      throw new HotlineError('FORBIDDEN', `role ${principal.role} may not ${permission ?? 'use this route'}`, { details: { role: principal.role, permission: permission ?? null } });
    }
  };
}

/** The authenticated principal of a request (the hook has run). */
export function principalOf(req: FastifyRequest) {
  if (!req.principal) throw new HotlineError('AUTH_REQUIRED', 'not authenticated', { key: 'authorization' });
  return req.principal;
}
