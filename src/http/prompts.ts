import { createReadStream, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';

const contentTypes: Record<string, string> = { wav: 'audio/wav', gsm: 'audio/gsm', ulaw: 'audio/basic', sln16: 'audio/L16' };
const safeName = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}\.(wav|gsm|ulaw|sln16)$/;

/** Serves prompt files to Asterisk (ARI plays `sound:http://…/prompts/<file>`); names are checked, never paths. */
export function registerPromptRoutes(app: FastifyInstance, dir: string): void {
  app.get<{ Params: { file: string } }>(
    '/prompts/:file',
    { schema: { params: { type: 'object', properties: { file: { type: 'string' } }, required: ['file'] } } },
    async (req, reply) => {
      const m = safeName.exec(req.params.file);
      const path = m ? join(dir, req.params.file) : '';
      if (!m || !existsSync(path)) return reply.status(404).send({ code: 'NOT_FOUND', message: `no prompt ${req.params.file}` });
      return reply.type(contentTypes[m[1]!]!).send(createReadStream(path));
    },
  );
}

/** The media URI that makes Asterisk fetch a prompt from this service. */
export function promptUri(baseUrl: string, file: string): string {
  return `sound:${baseUrl.replace(/\/$/, '')}/prompts/${file}`;
}
