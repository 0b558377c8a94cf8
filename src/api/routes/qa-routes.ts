import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ownAgentScope } from '../../auth/visibility.js';
import { HotlineError } from '../../errors.js';
import { calibrate } from '../../qa/calibration.js';
import { sampleCalls } from '../../qa/sampling.js';
import { formFitsCall, scoreAnswers } from '../../qa/score-form.js';
import { qaResponses, type QaScore } from '../../store/qa-repo.js';
import type { ApiPorts } from '../api-context.js';
import { errors, idParams, instant } from '../api-schemas.js';
import { principalOf } from '../authenticate.js';

const itemIn = z.strictObject({ key: z.string().regex(/^[a-z0-9_-]{1,32}$/), zh: z.string().min(1).max(100), en: z.string().min(1).max(100), weight: z.number().min(0).max(100), fatal: z.boolean().optional() });
const scope = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('any') }),
  z.strictObject({ kind: z.literal('campaign'), campaignId: z.number().int().positive() }),
  z.strictObject({ kind: z.literal('line'), number: z.string().regex(/^\+?[0-9]{3,20}$/) }),
]);
const formIn = z.strictObject({
  name: z.string().trim().min(1).max(100),
  scope: scope.default({ kind: 'any' }),
  items: z.array(itemIn).min(1).max(50).refine((xs) => new Set(xs.map((i) => i.key)).size === xs.length, 'item keys must differ'),
  threshold: z.number().min(0).max(100).describe('two totals of one call differing by more than this are flagged for calibration'),
});
const formOut = formIn.extend({ id: z.number().int(), items: z.array(itemIn), createdAt: z.number().int(), createdBy: z.string() });
const commentIn = z.strictObject({ atMs: z.number().int().min(0).describe('offset into the recording'), text: z.string().trim().min(1).max(1000) });
const commentOut = commentIn.extend({ by: z.string(), at: z.number().int() });
const scoreOut = z.object({
  id: z.number().int(),
  channelId: z.string(),
  formId: z.number().int(),
  agentId: z.string().nullable(),
  scorer: z.string(),
  answers: z.record(z.string(), z.number()),
  total: z.number().describe('0 to 100; 0 when a fatal item failed'),
  fatalFailed: z.array(z.string()),
  comments: z.array(commentOut),
  createdAt: z.number().int(),
  response: z.enum(qaResponses).nullable(),
  responseNote: z.string().nullable(),
  respondedAt: z.number().int().nullable(),
});
const calibrationOut = z.object({ formId: z.number().int(), scorers: z.number().int(), spread: z.number(), threshold: z.number(), flagged: z.boolean() });
const callView = z.object({ channelId: z.string(), agentId: z.string().nullable(), scores: z.array(scoreOut), calibration: z.array(calibrationOut) });
const channelParams = z.strictObject({ channelId: z.string().min(1).max(128) });

/**
 * QA (issue 16 item 1): score forms, the weekly sample, scores with comments on the recording, calibration between
 * two scorers, and the agent's acknowledgement or dispute. An agent reads only the scores of their own calls.
 */
export function qaRoutes(app: FastifyInstance, ctx: ApiPorts): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { store } = ctx;
  const notFound = (channelId: string) => new HotlineError('NOT_FOUND', `no call ${channelId}`, { key: 'channelId' });
  const view = (channelId: string, agentId: string | null) => {
    const scores = store.qa.scoresOfCall(channelId);
    const forms = [...new Set(scores.map((s) => s.formId))];
    const calibration = forms.map((formId) => ({ formId, ...calibrate(scores.filter((s) => s.formId === formId).map((s) => s.total), store.qa.form(formId)!.threshold) }));
    return { channelId, agentId, scores, calibration };
  };
  const ownScore = (req: Parameters<typeof principalOf>[0], id: number): QaScore => {
    const s = store.qa.score(id);
    const scopeId = ownAgentScope(principalOf(req));
    if (!s || (scopeId !== undefined && s.agentId !== scopeId)) throw new HotlineError('NOT_FOUND', `no score ${id}`, { key: 'id' });
    return s;
  };

  r.get('/qa/forms', { config: { permission: 'qa:read' }, schema: { tags: ['qa'], summary: 'score forms', response: { 200: z.object({ items: z.array(formOut) }), ...errors } } }, async () => ({ items: store.qa.forms() }));

  r.post(
    '/qa/forms',
    { config: { permission: 'qa:form' }, schema: { tags: ['qa'], summary: 'add a score form: items with weights, fatal items, the calls it is for', body: formIn, response: { 201: formOut, ...errors } } },
    async (req, reply) => {
      const p = principalOf(req);
      const now = ctx.now();
      const form = store.transaction(() => {
        const id = store.qa.insertForm(req.body, now, p.name);
        const f = store.qa.form(id)!;
        store.audit.record(p, { action: 'qa.form.create', entity: 'qa-form', entityId: id, summary: f.name, after: f }, now);
        return f;
      });
      return reply.status(201).send(form);
    },
  );

  r.get(
    '/qa/sample',
    {
      config: { permission: 'qa:score' },
      schema: {
        tags: ['qa'],
        summary: 'the calls to score in [from, to): every recorded complaint call and perAgent random others per agent; the same seed gives the same sample',
        querystring: z.strictObject({ from: instant, to: instant, perAgent: z.coerce.number().int().min(0).max(100).default(5), seed: z.coerce.number().int().min(0).max(2 ** 31).default(1) }),
        response: { 200: z.object({ items: z.array(z.object({ channelId: z.string(), agentId: z.string(), startedAt: z.number().int(), reason: z.enum(['complaint', 'random']) })) }), ...errors },
      },
    },
    async (req) => {
      const { from, to, perAgent, seed } = req.query;
      if (to <= from) throw new HotlineError('BAD_REQUEST', 'to must be after from', { key: 'to' });
      ctx.calls.flush();
      return { items: sampleCalls(store.qa.recordedCalls(from, to), { perAgent }, seed).map(({ complaint: _, ...p }) => p) };
    },
  );

  r.post(
    '/qa/scores',
    {
      config: { permission: 'qa:score' },
      schema: {
        tags: ['qa'],
        summary: "score a call on a form; the answer carries the call's calibration (flagged when two scorers differ by more than the form's threshold)",
        body: z.strictObject({ channelId: z.string().min(1).max(128), formId: z.number().int().positive(), answers: z.record(z.string(), z.number()), comments: z.array(commentIn).max(100).default([]) }),
        response: { 201: z.object({ score: scoreOut, call: callView }), ...errors },
      },
    },
    async (req, reply) => {
      const p = principalOf(req);
      const now = ctx.now();
      ctx.calls.flush();
      const call = ctx.calls.get(req.body.channelId);
      if (!call) throw notFound(req.body.channelId);
      const form = store.qa.form(req.body.formId);
      if (!form) throw new HotlineError('NOT_FOUND', `no form ${req.body.formId}`, { key: 'formId' });
      if (!formFitsCall(form.scope, call)) throw new HotlineError('QA_FORM_NOT_FOR_CALL', `form ${form.name} is not for this call's campaign or line`, { key: 'formId' });
      const result = scoreAnswers(form.items, req.body.answers);
      const score = store.transaction(() => {
        if (store.qa.scoresOfCall(call.channelId).some((s) => s.formId === form.id && s.scorer === p.name)) {
          throw new HotlineError('QA_ALREADY_SCORED', `${p.name} has scored this call on ${form.name} already`, { key: 'channelId' });
        }
        const comments = req.body.comments.map((c) => ({ ...c, by: p.name, at: now }));
        const id = store.qa.insertScore({ channelId: call.channelId, formId: form.id, agentId: call.agentId, scorer: p.name, answers: req.body.answers, ...result, comments, createdAt: now });
        const s = store.qa.score(id)!;
        store.audit.record(p, { action: 'qa.score', entity: 'qa-score', entityId: id, summary: `${call.channelId} ${s.total}`, after: s }, now);
        return s;
      });
      return reply.status(201).send({ score, call: view(call.channelId, call.agentId) });
    },
  );

  r.get(
    '/qa/calls/:channelId',
    { config: { permission: 'qa:read' }, schema: { tags: ['qa'], summary: "a call's scores, comments and calibration", params: channelParams, response: { 200: callView, ...errors } } },
    async (req) => {
      ctx.calls.flush();
      const scopeId = ownAgentScope(principalOf(req));
      const call = ctx.calls.get(req.params.channelId);
      if (!call || (scopeId !== undefined && call.agentId !== scopeId)) throw notFound(req.params.channelId);
      return view(call.channelId, call.agentId);
    },
  );

  r.get(
    '/qa/scores',
    {
      config: { permission: 'qa:read' },
      schema: {
        tags: ['qa'],
        summary: 'scores given in [from, to), newest first; an agent gets their own',
        querystring: z.strictObject({ agentId: z.string().max(32).optional(), from: instant.optional(), to: instant.optional(), limit: z.coerce.number().int().min(1).max(1000).default(100) }),
        response: { 200: z.object({ items: z.array(scoreOut) }), ...errors },
      },
    },
    async (req) => {
      const agentId = ownAgentScope(principalOf(req)) ?? req.query.agentId;
      return { items: store.qa.scores({ from: req.query.from ?? 0, to: req.query.to ?? Number.MAX_SAFE_INTEGER, limit: req.query.limit, ...(agentId ? { agentId } : {}) }) };
    },
  );

  r.get(
    '/qa/flagged',
    {
      config: { permission: 'qa:score' },
      schema: { tags: ['qa'], summary: 'calls whose scorers differ by more than the threshold: the calibration meeting list', response: { 200: z.object({ items: z.array(callView) }), ...errors } },
    },
    async () => {
      const calls = [...new Set(store.qa.multiplyScored(500).map((c) => c.channelId))];
      return { items: calls.map((id) => view(id, store.qa.scoresOfCall(id)[0]?.agentId ?? null)).filter((v) => v.calibration.some((c) => c.flagged)) };
    },
  );

  r.post(
    '/qa/scores/:id/comments',
    { config: { permission: 'qa:score' }, schema: { tags: ['qa'], summary: 'add a time-stamped comment to your score', params: idParams, body: commentIn, response: { 201: scoreOut, ...errors } } },
    async (req, reply) => {
      const p = principalOf(req);
      const s = store.qa.score(req.params.id);
      if (!s || s.scorer !== p.name) throw new HotlineError('NOT_FOUND', `no score ${req.params.id} of yours`, { key: 'id' });
      const now = ctx.now();
      store.transaction(() => {
        store.qa.setComments(s.id, [...s.comments, { ...req.body, by: p.name, at: now }].sort((a, b) => a.atMs - b.atMs));
        store.audit.record(p, { action: 'qa.comment', entity: 'qa-score', entityId: s.id, summary: req.body.text.slice(0, 80) }, now);
      });
      return reply.status(201).send(store.qa.score(s.id)!);
    },
  );

  r.post(
    '/qa/scores/:id/response',
    {
      config: { permission: 'qa:respond' },
      schema: { tags: ['qa'], summary: 'the agent acknowledges or disputes a score of their call (once)', params: idParams, body: z.strictObject({ response: z.enum(qaResponses), note: z.string().trim().max(1000).default('') }), response: { 200: scoreOut, ...errors } },
    },
    async (req) => {
      const p = principalOf(req);
      const s = ownScore(req, req.params.id);
      const now = ctx.now();
      if (req.body.response === 'disputed' && !req.body.note) throw new HotlineError('BAD_REQUEST', 'a dispute needs a note saying why', { key: 'note' });
      store.transaction(() => {
        if (!store.qa.respond(s.id, req.body.response, req.body.note, now)) throw new HotlineError('QA_ALREADY_ANSWERED', `score ${s.id} was ${s.response} already`, { key: 'id' });
        store.audit.record(p, { action: `qa.${req.body.response === 'disputed' ? 'dispute' : 'acknowledge'}`, entity: 'qa-score', entityId: s.id, summary: req.body.note.slice(0, 80) }, now);
      });
      return store.qa.score(s.id)!;
    },
  );
}
