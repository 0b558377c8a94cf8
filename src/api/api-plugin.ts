import multipart from '@fastify/multipart';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { HotlineError } from '../errors.js';
import type { ApiPorts } from './api-context.js';
import { authenticate } from './authenticate.js';
import { adminRoutes } from './routes/admin-routes.js';
import { agentRoutes } from './routes/agent-routes.js';
import { announcementReportRoutes } from './routes/announcement-report-routes.js';
import { announcementRoutes } from './routes/announcement-routes.js';
import { attemptRoutes } from './routes/attempt-routes.js';
import { callRoutes } from './routes/call-routes.js';
import { callbackRoutes } from './routes/callback-routes.js';
import { callerHistoryRoutes } from './routes/caller-history-routes.js';
import { callerListRoutes } from './routes/caller-list-routes.js';
import { campaignRoutes } from './routes/campaign-routes.js';
import { complaintRoutes } from './routes/complaint-routes.js';
import { dialRefusalRoutes } from './routes/dial-refusal-routes.js';
import { dncRoutes } from './routes/dnc-routes.js';
import { flowRoutes } from './routes/flow-routes.js';
import { kbRoutes } from './routes/kb-routes.js';
import { kpiRoutes } from './routes/kpi-routes.js';
import { leadRoutes } from './routes/lead-routes.js';
import { listRoutes } from './routes/list-routes.js';
import { planningRoutes } from './routes/planning-routes.js';
import { qaRoutes } from './routes/qa-routes.js';
import { liveRoutes } from './routes/live-routes.js';
import { recordingRoutes } from './routes/recording-routes.js';
import { reportRoutes } from './routes/report-routes.js';
import { sessionRoutes } from './routes/session-routes.js';
import { staffingRoutes } from './routes/staffing-routes.js';
import { workOrderRoutes } from './routes/work-order-routes.js';
import { phoneRoutes } from './routes/phone-routes.js';
import { holdRoutes } from './routes/hold-routes.js';
import { transferRoutes } from './routes/transfer-routes.js';
import { monitorRoutes } from './routes/monitor-routes.js';
import { wrapUpRoutes } from './routes/wrap-up-routes.js';

export const apiPrefix = '/api/v1';

// Issue 16 (quality and planning).
const quality = [kbRoutes, qaRoutes, kpiRoutes, planningRoutes];

const multipartFileBody = {
  type: 'object',
  required: ['file'],
  properties: { file: { type: 'string', format: 'binary', description: 'the call list: CSV (UTF-8, GBK or UTF-16) or XLSX' } },
};

// Issue 11 (LIBRARY): the announcement import takes several WAV files and an optional label.
const multipartWavsBody = {
  type: 'object',
  required: ['files'],
  properties: {
    label: { type: 'string', description: 'labels every file (send it before the files); else each file name gives its label' },
    files: { type: 'array', items: { type: 'string', format: 'binary' }, description: 'WAV files: 8 kHz mono, PCM 16-bit, A-law or µ-law, at most 60 s each' },
  },
};

/**
 * The campaign-manager API under /api/v1: zod schemas on every route (validation, serialization, the OpenAPI
 * document at /docs), a Bearer token and a role permission on every route, one error shape (the app's handler,
 * error-reply.ts). The live feed and the
 * report schedule run while the app is up.
 */
export function registerApi(app: FastifyInstance, ctx: ApiPorts): void {
  const { config, log } = ctx;
  if (config.api.docs) {
    void app.register(swagger, {
      openapi: {
        info: { title: 'hotline API', version: '1', description: 'Campaigns, lists, leads, calls, DNC, callbacks, agents, IVR flows, reports, recordings, the staffing calculator and the live feed. Every route needs `Authorization: Bearer <token>`.' },
        components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
        security: [{ bearer: [] }],
      },
      // Only the API is documented; /health, /metrics and the prompts Asterisk fetches are not part of it.
      transform: (doc) => {
        if (!doc.url.startsWith(apiPrefix)) return { schema: { hide: true }, url: doc.url };
        const out = jsonSchemaTransform(doc);
        // A multipart body is read by the handler, not validated by a schema; the document still shows the form.
        if (doc.schema.consumes?.includes('multipart/form-data')) (out.schema as Record<string, unknown>).body = doc.url.endsWith('/announcements/import') ? multipartWavsBody : multipartFileBody;
        return out;
      },
    });
    void app.register(swaggerUi, { routePrefix: '/docs' });
  }

  void app.register(
    async (api) => {
      api.setValidatorCompiler(validatorCompiler);
      api.setSerializerCompiler(serializerCompiler);
      await api.register(multipart, { limits: { fileSize: config.api.upload.maxBytes, files: 1, fields: 10, parts: 11 } });
      api.addHook('onRequest', authenticate(ctx));
      api.setNotFoundHandler((req) => {
        throw new HotlineError('NOT_FOUND', `no route ${req.method} ${req.url.split('?')[0]}`, { key: 'url' });
      });
      // One route plugin a line: branches that add one merge without touching the others.
      const routePlugins = [
        campaignRoutes,
        listRoutes,
        leadRoutes,
        attemptRoutes,
        callRoutes,
        dncRoutes,
        callbackRoutes,
        agentRoutes,
        flowRoutes,
        reportRoutes,
        recordingRoutes,
        staffingRoutes,
        liveRoutes,
        adminRoutes,
        sessionRoutes,
        announcementRoutes,
        announcementReportRoutes,
        wrapUpRoutes,
        complaintRoutes,
        workOrderRoutes,
        callerListRoutes,
        callerHistoryRoutes,
        ...quality,
        dialRefusalRoutes,
        phoneRoutes,
        holdRoutes,
        transferRoutes,
        monitorRoutes,
      ];
      for (const routes of routePlugins) {
        routes(api, ctx);
      }
    },
    { prefix: apiPrefix },
  );

  const stops: Array<() => void> = [];
  app.addHook('onReady', async () => {
    stops.push(ctx.live.start());
    log.info({ docs: config.api.docs ? '/docs' : null }, 'API ready at /api/v1');
  });
  // Reports are written by a listening service only: an app built for inject() (a test) must not fill reports.dir.
  app.addHook('onListen', async () => {
    if (config.api.reports.enabled) stops.push(ctx.reports.schedule());
  });
  app.addHook('onClose', async () => {
    for (const s of stops.splice(0)) s();
  });
}
