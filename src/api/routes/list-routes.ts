import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, extname, join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { importLeads } from '../../dialer/import/import-leads.js';
import { HotlineError } from '../../errors.js';
import type { ApiPorts } from '../api-context.js';
import { errors, idParams } from '../api-schemas.js';
import { uploadReadError } from '../multipart-error.js';
import { principalOf } from '../authenticate.js';

const reportOut = z.object({
  importId: z.number().int(),
  campaignId: z.number().int(),
  file: z.string(),
  rows: z.number().int(),
  imported: z.number().int(),
  duplicates: z.number().int(),
  dnc: z.number().int(),
  invalid: z.array(z.object({ row: z.number().int(), value: z.string(), reason: z.string() })),
  invalidCount: z.number().int(),
});

/** The uploaded name without any path, kept readable (Chinese included) and short; .csv when it has no extension. */
export function safeUploadName(name: string | undefined): string {
  const base = basename((name ?? '').replace(/\\/g, '/'))
    .replace(/[^\p{L}\p{N}._ -]/gu, '_')
    .replace(/^\.+/, '')
    .slice(-100);
  if (!base) return 'upload.csv';
  return extname(base) ? base : `${base}.csv`;
}

/**
 * Streams the request's one file part to a fresh temporary directory, under its own name (the import report names
 * it); refuses a missing part, an empty file, and one over the limit.
 */
async function receive(req: FastifyRequest, tmpRoot: string, maxBytes: number): Promise<{ dir: string; file: string }> {
  if (!req.isMultipart()) throw new HotlineError('UPLOAD_INVALID', 'send the list as multipart/form-data with a "file" part', { key: 'file' });
  const part = await req.file({ limits: { fileSize: maxBytes, files: 1, fields: 10 } }).catch((err: unknown) => {
    throw uploadReadError(err, () => tooLarge(maxBytes));
  });
  if (!part) throw new HotlineError('UPLOAD_INVALID', 'the form has no file part', { key: 'file' });
  if (part.fieldname !== 'file') {
    part.file.resume();
    throw new HotlineError('UPLOAD_INVALID', `the list goes in the form field "file", not "${part.fieldname.slice(0, 40)}"`, { key: 'file' });
  }
  const dir = await mkdtemp(join(tmpRoot, 'hotline-upload-'));
  const file = join(dir, safeUploadName(part.filename));
  let bytes = 0;
  try {
    const count = new Transform({
      transform(chunk: Buffer, _enc, done) {
        bytes += chunk.length;
        done(null, chunk);
      },
    });
    await pipeline(part.file, count, createWriteStream(file));
    if (part.file.truncated || bytes > maxBytes) throw tooLarge(maxBytes);
    if (bytes === 0 || (await stat(file)).size === 0) throw new HotlineError('UPLOAD_INVALID', 'the file is empty (0 bytes)', { key: 'file' });
    return { dir, file };
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    if ((err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge(maxBytes);
    // An error from the file system (a full disk: it has a syscall) is ours; any other while streaming is the body's.
    if (err instanceof HotlineError || typeof (err as { syscall?: unknown }).syscall === 'string') throw err;
    throw uploadReadError(err, () => tooLarge(maxBytes));
  }
}

const tooLarge = (max: number) => new HotlineError('UPLOAD_TOO_LARGE', `the file is larger than ${max} bytes (api.upload.maxBytes)`, { key: 'file', details: { maxBytes: max } });

/** List upload: multipart, streamed to a temporary file, imported in one transaction; returns the import report. */
export function listRoutes(app: FastifyInstance, ctx: ApiPorts): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { store, config } = ctx;
  r.post(
    '/campaigns/:id/lists',
    {
      config: { permission: 'list:upload' },
      schema: {
        tags: ['lists'],
        summary: 'upload a call list (CSV in UTF-8/GBK/UTF-16, or XLSX) as the multipart part "file"; all rows or none are imported',
        consumes: ['multipart/form-data'],
        params: idParams,
        response: { 200: reportOut, ...errors },
      },
    },
    async (req) => {
      const p = principalOf(req);
      const campaign = store.campaigns.get(req.params.id);
      if (campaign.state === 'finished') throw new HotlineError('CONFLICT', `campaign #${campaign.id} is finished; clone it for a new list`, { key: 'id' });
      const { dir, file } = await receive(req, config.api.upload.tmpDir ?? tmpdir(), config.api.upload.maxBytes);
      try {
        const now = ctx.now();
        const report = await importLeads(store, { campaign: campaign.id, file, now });
        ctx.audit.record(
          p,
          {
            action: 'list.import',
            entity: 'list',
            entityId: report.importId,
            summary: `${report.file} into campaign #${campaign.id}: ${report.imported} imported, ${report.duplicates} duplicates, ${report.dnc} DNC, ${report.invalidCount} invalid of ${report.rows}`,
            after: { campaignId: campaign.id, file: report.file, rows: report.rows, imported: report.imported, duplicates: report.duplicates, dnc: report.dnc, invalid: report.invalidCount },
          },
          ctx.now(),
        );
        return report;
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  );
}
