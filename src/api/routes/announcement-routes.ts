import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { deleteAnnouncement, importAnnouncements, labelAnnouncement, mergeAnnouncements } from '../../announcement-library/library-commands.js';
import { encodeWav } from '../../announcement-library/wav.js';
import { announcementLabels } from '../../announcements/labels.js';
import type { Principal } from '../../auth/principal.js';
import { shownNumber } from '../../auth/visibility.js';
import { HotlineError } from '../../errors.js';
import type { AnnouncementRow } from '../../store/announcements-repo.js';
import type { ApiPorts } from '../api-context.js';
import { errors, id, idParams, limit } from '../api-schemas.js';
import { principalOf } from '../authenticate.js';
import { receiveWavs } from './announcement-upload.js';

const epoch = z.number().int().nullable();

const announcementOut = z.object({
  id: z.number().int(),
  label: z.enum(announcementLabels).nullable().describe('null: not labelled yet (in the labelling queue)'),
  durationMs: z.number().int(),
  heardCount: z.number().int().describe('how many dials heard it'),
  firstHeardAt: epoch,
  lastHeardAt: epoch,
  source: z.enum(['heard', 'imported']),
  fileName: z.string().nullable().describe('the imported file'),
  mergedInto: z.number().int().nullable().describe('set once merged into another; its hearings are there'),
  createdAt: z.number().int(),
  labelledAt: epoch,
  labelledBy: z.string().nullable().describe('token name that set the label'),
  numbers: z.array(z.string()).describe('numbers it was heard on, most recent first (at most 20); masked for roles that do not need numbers'),
  numberCount: z.number().int().describe('how many different numbers heard it'),
  audio: z.string().describe('link to the audio (WAV)'),
});

const changeOut = z.object({ announcement: announcementOut, leadsClosed: z.number().int().describe('leads waiting on a retry because of it, closed by this label') });

/** An announcement as a principal may see it: numbers masked for roles that do not see them whole. */
function present(p: Principal, row: AnnouncementRow, numbers: { numbers: string[]; numberCount: number }) {
  return { ...row, numbers: numbers.numbers.map((n) => shownNumber(p, n)!), numberCount: numbers.numberCount, audio: `/api/v1/announcements/${row.id}/audio` };
}

/**
 * The announcement library: the labelling queue (list unknown ones, how often and on which numbers each was heard),
 * its audio, labelling (which decides again the leads waiting on it), merging, deleting, and importing WAV files.
 */
export function announcementRoutes(app: FastifyInstance, ctx: ApiPorts): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { store, config } = ctx;
  const repo = store.announcements;
  const one = (p: Principal, announcementId: number) => present(p, repo.get(announcementId), repo.numbers(announcementId));

  r.get(
    '/announcements',
    {
      config: { permission: 'announcement:read' },
      schema: {
        tags: ['announcements'],
        summary: 'announcements not merged away, the most heard first; status=unknown is the labelling queue',
        querystring: z.strictObject({ status: z.enum(['unknown', 'labelled', 'all']).default('all'), offset: z.coerce.number().int().min(0).default(0), limit }),
        response: { 200: z.object({ items: z.array(announcementOut), total: z.number().int() }), ...errors },
      },
    },
    async (req) => {
      const p = principalOf(req);
      const { items, total } = repo.list({ filter: req.query.status, offset: req.query.offset, limit: req.query.limit });
      return { items: items.map(({ numbers, numberCount, ...row }) => present(p, row, { numbers, numberCount })), total };
    },
  );

  r.get(
    '/announcements/:id',
    { config: { permission: 'announcement:read' }, schema: { tags: ['announcements'], summary: 'one announcement (merged ones too)', params: idParams, response: { 200: announcementOut, ...errors } } },
    async (req) => one(principalOf(req), req.params.id),
  );

  r.get(
    '/announcements/:id/audio',
    {
      config: { permission: 'announcement:read' },
      schema: { tags: ['announcements'], summary: 'what was heard (or imported) as 8 kHz 16-bit mono WAV', params: idParams, response: { 200: z.string().describe('audio/wav'), ...errors } },
    },
    async (req, reply) => {
      const wav = encodeWav(repo.audio(req.params.id));
      return (reply as FastifyReply).type('audio/wav').header('content-disposition', `inline; filename="announcement-${req.params.id}.wav"`).header('content-length', wav.length).send(wav);
    },
  );

  r.patch(
    '/announcements/:id',
    {
      config: { permission: 'announcement:label' },
      schema: {
        tags: ['announcements'],
        summary: 'label it (null takes the label off); vacant or suspended closes the leads waiting on a retry because of it',
        params: idParams,
        body: z.strictObject({ label: z.enum(announcementLabels).nullable() }),
        response: { 200: changeOut, ...errors },
      },
    },
    async (req) => {
      const p = principalOf(req);
      const out = labelAnnouncement(store, p, req.params.id, req.body.label, ctx.now());
      return { announcement: one(p, out.announcement.id), leadsClosed: out.leadsClosed };
    },
  );

  r.post(
    '/announcements/:id/merge',
    {
      config: { permission: 'announcement:label' },
      schema: {
        tags: ['announcements'],
        summary: "merge this announcement into another (the same recording heard twice): its hearings move there, it stays as mergedInto; returns the one kept",
        params: idParams,
        body: z.strictObject({ into: id }),
        response: { 200: changeOut, ...errors },
      },
    },
    async (req) => {
      const p = principalOf(req);
      const out = mergeAnnouncements(store, p, req.params.id, req.body.into, ctx.now());
      return { announcement: one(p, out.announcement.id), leadsClosed: out.leadsClosed };
    },
  );

  r.delete(
    '/announcements/:id',
    {
      config: { permission: 'announcement:label' },
      schema: { tags: ['announcements'], summary: 'delete it with its hearings (and the ones merged into it)', params: idParams, response: { 200: z.object({ deleted: z.literal(true) }), ...errors } },
    },
    async (req) => {
      deleteAnnouncement(store, principalOf(req), req.params.id, ctx.now());
      return { deleted: true as const };
    },
  );

  r.post(
    '/announcements/import',
    {
      config: { permission: 'announcement:import' },
      schema: {
        tags: ['announcements'],
        summary:
          'import labelled WAV files (8 kHz mono; PCM 16-bit, A-law or µ-law; ≤ 60 s) as multipart parts "files"; the label is the optional field "label" (sent before the files), else each file name gives it (vacant_x.wav, 空号-x.wav); all files or none are imported',
        consumes: ['multipart/form-data'],
        response: { 201: z.object({ items: z.array(z.object({ id: z.number().int(), fileName: z.string(), label: z.enum(announcementLabels).nullable(), durationMs: z.number().int() })) }), ...errors },
      },
    },
    async (req, reply) => {
      const p = principalOf(req);
      const { files, label } = await receiveWavs(req, config.announcements.maxFileBytes, config.announcements.maxFiles, config.api.upload.maxBytes);
      if (files.length === 0) throw new HotlineError('UPLOAD_INVALID', 'the form has no WAV file part ("files")', { key: 'files' });
      return reply.status(201).send({ items: importAnnouncements(store, p, files, ctx.now(), label) });
    },
  );
}
