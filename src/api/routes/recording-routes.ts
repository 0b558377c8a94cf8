import { createReadStream, statSync } from 'node:fs';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { mayTouchAgentRecord, ownAgentScope } from '../../auth/visibility.js';
import { defined } from '../../defined.js';
import { HotlineError } from '../../errors.js';
import type { RecordingRow } from '../../store/recordings-repo.js';
import type { ApiPorts } from '../api-context.js';
import { listPage } from '../list-page.js';
import { errors, id, idParams, instant, limit, page } from '../api-schemas.js';
import { principalOf } from '../authenticate.js';
import { parseByteRange } from '../byte-range.js';
import { presentRecording } from '../present.js';

const recordingOut = z.object({
  id: z.number().int(),
  name: z.string(),
  channelId: z.string().describe("the customer's channel: the call record it belongs to"),
  legChannelId: z.string().nullable().describe("the agent's leg"),
  bridgeId: z.string().nullable(),
  attemptId: z.number().int().nullable(),
  campaignId: z.number().int().nullable(),
  agentId: z.string().nullable(),
  direction: z.enum(['inbound', 'outbound']),
  mode: z.enum(['all', 'on-demand']),
  startedBy: z.string().nullable().describe('token name that started an on-demand recording'),
  startedAt: z.number().int(),
  endedAt: z.number().int().nullable(),
  size: z.number().int().nullable().describe('bytes, read when the call ended'),
  deletedAt: z.number().int().nullable().describe('when retention removed the file'),
  customerNumber: z.string().nullable().describe('masked for roles that do not need numbers'),
  audio: z.string().nullable().describe('link to the audio; null once retention removed it'),
});

/** Recordings: listed like call records (an agent sees their own), streamed to the roles that may listen, started on demand. */
export function recordingRoutes(app: FastifyInstance, ctx: ApiPorts): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { recordings: recordingsRepo, callRecordings: recordings, calls: repo } = ctx;

  const visible = (req: Parameters<typeof principalOf>[0], recId: number): RecordingRow => {
    const p = principalOf(req);
    const rec = recordingsRepo.get(recId);
    // Another agent's recording is as good as absent to an agent.
    if (!rec || !mayTouchAgentRecord(p, rec.agentId)) throw new HotlineError('NOT_FOUND', `no recording #${recId}`, { key: 'id' });
    return rec;
  };

  r.get(
    '/recordings',
    {
      config: { permission: 'recording:read' },
      schema: {
        tags: ['recordings'],
        summary: 'recordings, newest first; an agent sees only their own',
        querystring: z.strictObject({
          agentId: z.string().min(1).max(32).optional(),
          campaignId: id.optional(),
          attemptId: id.optional(),
          channelId: z.string().min(1).max(128).optional(),
          direction: z.enum(['inbound', 'outbound']).optional(),
          from: instant.optional().describe('started at or after (ISO 8601 with offset)'),
          to: instant.optional().describe('started before'),
          includeDeleted: z.enum(['true', 'false']).optional().describe('also list recordings retention removed'),
          beforeId: id.optional(),
          limit,
        }),
        response: { 200: page(recordingOut), ...errors },
      },
    },
    async (req) => {
      const p = principalOf(req);
      const q = req.query;
      const agentId = ownAgentScope(p) ?? q.agentId;
      // The customer's number comes from the call record, which may still sit in the write queue.
      repo.flush();
      const rows = recordingsRepo.search({ ...defined({ ...q, agentId }), includeDeleted: q.includeDeleted === 'true', limit: q.limit });
      return listPage(rows, q.limit, (x) => presentRecording(p, x));
    },
  );

  r.get(
    '/recordings/:id',
    { config: { permission: 'recording:read' }, schema: { tags: ['recordings'], summary: 'one recording', params: idParams, response: { 200: recordingOut, ...errors } } },
    async (req) => {
      repo.flush();
      return presentRecording(principalOf(req), visible(req, req.params.id));
    },
  );

  r.get(
    '/recordings/:id/audio',
    {
      config: { permission: 'recording:listen' },
      schema: {
        tags: ['recordings'],
        summary: 'the recording as 8 kHz WAV; a Range header gets 206 with that part',
        params: idParams,
        response: { 200: z.string().describe('audio/wav'), 206: z.string().describe('audio/wav, the range asked for'), ...errors },
      },
    },
    async (req, reply) => {
      const rec = visible(req, req.params.id);
      const gone = () => new HotlineError('RECORDING_FILE_GONE', `recording #${rec.id} has no file${rec.deletedAt !== null ? ' (removed by retention)' : ''}`, { key: 'id', details: { deletedAt: rec.deletedAt } });
      if (rec.deletedAt !== null) throw gone();
      let size: number;
      try {
        const st = statSync(rec.path);
        if (!st.isFile()) throw gone();
        size = st.size;
      } catch (err) {
        if (err instanceof HotlineError) throw err;
        throw gone();
      }
      const range = parseByteRange(req.headers.range, size);
      if (range === 'unsatisfiable') {
        void reply.header('content-range', `bytes */${size}`);
        throw new HotlineError('RANGE_NOT_SATISFIABLE', `range ${req.headers.range} is outside the ${size} bytes of the file`, { key: 'range', details: { size } });
      }
      void reply.type('audio/wav').header('accept-ranges', 'bytes').header('content-disposition', `inline; filename="${rec.name}.wav"`);
      if (range === null) {
        void reply.header('content-length', size);
        return (reply as FastifyReply).send(createReadStream(rec.path));
      }
      void reply.status(206).header('content-range', `bytes ${range.start}-${range.end}/${size}`).header('content-length', range.end - range.start + 1);
      return (reply as FastifyReply).send(createReadStream(rec.path, { start: range.start, end: range.end }));
    },
  );

  r.post(
    '/calls/:channelId/recording',
    {
      config: { permission: 'recording:start' },
      schema: {
        tags: ['recordings'],
        summary: 'start recording a call with an agent now (customer or agent-leg channel); 200 with the one already running',
        params: z.strictObject({ channelId: z.string().min(1).max(128) }),
        response: { 200: recordingOut, 201: recordingOut, ...errors },
      },
    },
    async (req, reply) => {
      const p = principalOf(req);
      const conv = recordings.conversation(req.params.channelId);
      // An agent starts recordings on their own calls only; someone else's call is as good as absent to them.
      if (conv && !mayTouchAgentRecord(p, conv.agentId)) throw new HotlineError('NOT_FOUND', `no call ${req.params.channelId}`, { key: 'channelId' });
      const { row, started } = await recordings.startOnDemand(req.params.channelId, p.name);
      if (started) {
        req.log.info({ recording: row.name, by: p.name }, 'on-demand recording started');
        // Recording a conversation is a decision about customer data: who started it is kept with the other changes.
        ctx.audit.record(p, { action: 'recording.start', entity: 'recording', entityId: row.channelId, summary: `on-demand recording ${row.name}` }, ctx.now());
      }
      repo.flush();
      return reply.status(started ? 201 : 200).send(presentRecording(p, recordingsRepo.get(row.id)!));
    },
  );
}
