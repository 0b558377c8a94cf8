import { createReadStream, statSync, type Stats } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';

const contentTypes: Record<string, string> = { wav: 'audio/wav', gsm: 'audio/gsm', ulaw: 'audio/basic', sln16: 'audio/L16' };
const safeName = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}\.(wav|gsm|ulaw|sln16)$/;
// TTS files are named after a hash of their text and language: a name never changes content.
const contentAddressed = /^tts-/;

/** How long Asterisk's HTTP media cache may keep a prompt before asking again (it re-downloads on every play without one). */
export const promptMaxAgeS = 60;

function statFile(path: string): Stats | null {
  try {
    const st = statSync(path);
    return st.isFile() ? st : null;
  } catch {
    return null;
  }
}

/**
 * Serves prompt files to Asterisk (ARI plays `sound:http://…/prompts/<file>`, see src/prompts/prompt-uri.ts); names are checked, never paths.
 * Asterisk's media cache treats a response without Cache-Control or Expires as stale at once and fetches the whole
 * file again on the next play; a max-age and an ETag let it play from its cache and revalidate with a HEAD.
 */
export function registerPromptRoutes(app: FastifyInstance, dir: string): void {
  app.get<{ Params: { file: string } }>(
    '/prompts/:file',
    { schema: { params: { type: 'object', properties: { file: { type: 'string' } }, required: ['file'] } } },
    async (req, reply) => {
      const m = safeName.exec(req.params.file);
      const path = m ? join(dir, req.params.file) : '';
      const st = m ? statFile(path) : null;
      if (!m || !st) return reply.status(404).send({ code: 'NOT_FOUND', message: `no prompt ${req.params.file}` });
      // A recording replaced under the same name gets a new ETag, so it is picked up within promptMaxAgeS.
      const etag = `"${st.size.toString(16)}-${Math.floor(st.mtimeMs).toString(16)}"`;
      const cacheControl = contentAddressed.test(req.params.file) ? 'public, max-age=86400, immutable' : `public, max-age=${promptMaxAgeS}`;
      reply.header('etag', etag).header('cache-control', cacheControl);
      if (req.headers['if-none-match'] === etag) return reply.status(304).send();
      return reply.type(contentTypes[m[1]!]!).send(createReadStream(path));
    },
  );
}
