import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Service } from '../service/service.js';
import { createApiContext, type ApiContext } from '../api/api-context.js';
import { registerApi } from '../api/api-plugin.js';
import { replyWithError } from '../api/error-reply.js';
import { WorkOrdersRepo } from '../store/work-orders-repo.js';
import { registerConsole } from '../console/console-plugin.js';
import { registerPromptRoutes } from './prompts.js';
import { registerWorkOrderRoutes } from './work-orders.js';

/** Builds the HTTP app without listening, so tests use inject(); `api` lets a test hold the API's context. */
export function buildHttp(service: Service, api: ApiContext = createApiContext(service)): FastifyInstance {
  const trusted = service.config.api.trustProxy;
  const app = Fastify({
    loggerInstance: service.log.child({ component: 'http' }) as FastifyBaseLogger,
    // req.ip is then the client's address as a trusted proxy forwards it (the failed-auth limit counts by it).
    ...(trusted.length ? { trustProxy: trusted } : {}),
  }) as unknown as FastifyInstance;

  // One error shape for every route, the API's and the rest: {code, message, details}; 5xx details stay in the log.
  app.setErrorHandler(replyWithError);

  app.get(
    '/health',
    {
      schema: {
        response: {
          200: { $ref: 'health#' },
          503: { $ref: 'health#' },
        },
      },
    },
    async (_req, reply) => {
      const h = service.health();
      return reply.status(h.ok ? 200 : 503).send(h);
    },
  );

  app.get('/metrics', async (_req, reply) => {
    const text = await service.metrics.registry.metrics();
    return reply.type(service.metrics.registry.contentType).send(text);
  });

  registerPromptRoutes(app, service.config.prompts.dir);
  registerWorkOrderRoutes(app, new WorkOrdersRepo(service.db));
  registerApi(app, api);
  registerConsole(app, service.log.child({ component: 'console' }), service.config.phone.browser.enabled ? [new URL(service.config.phone.browser.wsUrl).origin] : []);

  app.addSchema({
    $id: 'health',
    type: 'object',
    required: ['ok', 'ari', 'db', 'asterisk', 'calls'],
    properties: {
      ok: { type: 'boolean' },
      ari: { type: 'object', properties: { connected: { type: 'boolean' }, url: { type: 'string' } } },
      db: { type: 'object', properties: { ok: { type: 'boolean' } } },
      asterisk: { type: 'object', properties: { version: { type: ['string', 'null'] } } },
      calls: { type: 'object', properties: { inProgress: { type: 'integer' } } },
    },
  });
  return app;
}
