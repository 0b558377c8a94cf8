import { existsSync, readdirSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { flowGraphOfText } from '../../ivr/flow-graph.js';
import { activateFlow, checkFlow, flowNamePattern, flowVersions, liveVersion, rollbackFlow, uploadFlow } from '../../ivr/flow-admin.js';
import type { FlowVersionRow } from '../../store/flow-versions-repo.js';
import { HotlineError } from '../../errors.js';
import type { ApiPorts } from '../api-context.js';
import { errors } from '../api-schemas.js';
import { principalOf } from '../authenticate.js';
import { shownFlowLabel, shownFlowText } from '../flow-text-view.js';

const name = z.string().regex(flowNamePattern, 'must be a flow file name: lower-case letters, digits, _ and -');
const content = z.string().min(1).max(512 * 1024).describe('the flow as YAML text');
const flowError = z.object({ path: z.string(), code: z.string(), message: z.string(), file: z.string().optional() });
const versionOut = z.object({
  name: z.string(),
  version: z.string(),
  uploadedAt: z.number().int(),
  uploadedBy: z.string().nullable(),
  activatedAt: z.number().int().nullable(),
  live: z.boolean(),
});
const flowGraphOut = z.object({
  start: z.string(),
  nodes: z.array(z.object({ id: z.string(), type: z.string(), subflow: z.string().nullable() })),
  edges: z.array(z.object({ from: z.string(), to: z.string(), label: z.string() })),
});
const activationOut = z.object({ name: z.string(), live: z.string(), previous: z.string().nullable() });

/** IVR flows: list, validate, upload a version, list versions, activate one, roll back. */
export function flowRoutes(app: FastifyInstance, ctx: ApiPorts): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const d = ctx.flowAdmin;
  const out = (v: FlowVersionRow) => ({ name: v.name, version: v.version, uploadedAt: v.uploadedAt, uploadedBy: v.uploadedBy, activatedAt: v.activatedAt, live: liveVersion(d, v.name) === v.version });

  r.get(
    '/flows',
    {
      config: { permission: 'flow:read' },
      schema: {
        tags: ['flows'],
        summary: 'flow files and their live versions',
        response: { 200: z.object({ items: z.array(z.object({ name: z.string(), live: z.string().nullable(), entryNumbers: z.array(z.string()) })) }), ...errors },
      },
    },
    async () => {
      const onDisk = existsSync(d.dir) ? readdirSync(d.dir).filter((f) => /^[a-z][a-z0-9_-]*\.yaml$/.test(f)).map((f) => f.slice(0, -5)) : [];
      const kept = d.versions.names();
      const names = [...new Set([...onDisk, ...kept])].sort();
      return { items: names.map((n) => ({ name: n, live: liveVersion(d, n), entryNumbers: [...(d.registry.forName(n)?.flow.flow.entryNumbers ?? [])] })) };
    },
  );

  r.post(
    '/flows/validate',
    {
      config: { permission: 'flow:read' },
      schema: {
        tags: ['flows'],
        summary: 'check a flow as the service would before activating it; nothing is kept',
        body: z.strictObject({ name, content }),
        response: { 200: z.object({ ok: z.boolean(), version: z.string().nullable(), errors: z.array(flowError) }), ...errors },
      },
    },
    async (req) => {
      const c = checkFlow(d, req.body.name, req.body.content);
      return c.ok ? { ok: true, version: c.version, errors: [] } : { ok: false, version: null, errors: c.errors };
    },
  );

  r.post(
    '/flows/:name/versions',
    {
      config: { permission: 'flow:write' },
      schema: {
        tags: ['flows'],
        summary: 'upload a version: validated and kept (FLOW_INVALID with every error otherwise); activate: make it live at once',
        params: z.strictObject({ name }),
        body: z.strictObject({ content, activate: z.boolean().default(false) }),
        response: { 201: versionOut, ...errors },
      },
    },
    async (req, reply) => {
      const p = principalOf(req);
      const now = ctx.now();
      const v = uploadFlow(d, req.params.name, req.body.content, p.name, now);
      ctx.audit.record(p, { action: 'flow.upload', entity: 'flow', entityId: req.params.name, summary: `uploaded version ${v.version}`, after: { version: v.version } }, now);
      if (req.body.activate) {
        const a = activateFlow(d, req.params.name, v.version, now);
        ctx.audit.record(p, { action: 'flow.activate', entity: 'flow', entityId: req.params.name, summary: `${a.previous ?? 'none'} → ${v.version}`, before: { version: a.previous }, after: { version: v.version } }, now);
      }
      return reply.status(201).send(out(d.versions.get(req.params.name, v.version)!));
    },
  );

  r.get(
    '/flows/:name/versions',
    {
      config: { permission: 'flow:read' },
      schema: { tags: ['flows'], summary: 'kept versions, the most recently live first', params: z.strictObject({ name }), response: { 200: z.object({ items: z.array(versionOut) }), ...errors } },
    },
    async (req) => {
      const items = flowVersions(d, req.params.name, ctx.now());
      if (!items.length && liveVersion(d, req.params.name) === null) throw new HotlineError('NOT_FOUND', `no flow ${req.params.name}`, { key: 'name' });
      return { items: items.map(out) };
    },
  );

  r.get(
    '/flows/:name/versions/:version',
    {
      config: { permission: 'flow:read' },
      schema: {
        tags: ['flows'],
        summary: 'one version with its text and its diagram (nodes and edges)',
        params: z.strictObject({ name, version: z.string().regex(/^[0-9a-f]{12}$/, 'must be a 12-digit hex version') }),
        response: { 200: versionOut.extend({ content: z.string(), graph: flowGraphOut.nullable().describe('nodes and edges for a diagram') }), ...errors },
      },
    },
    async (req) => {
      const p = principalOf(req);
      const v = d.versions.get(req.params.name, req.params.version);
      if (!v) throw new HotlineError('NOT_FOUND', `flow ${req.params.name} has no version ${req.params.version}`, { key: 'version' });
      const graph = flowGraphOfText(v.content);
      const shownGraph = graph && { ...graph, edges: graph.edges.map((e) => ({ ...e, label: shownFlowLabel(p, e.label) })) };
      return { ...out(v), content: shownFlowText(p, v.content), graph: shownGraph };
    },
  );

  r.post(
    '/flows/:name/versions/:version/activate',
    {
      config: { permission: 'flow:write' },
      schema: {
        tags: ['flows'],
        summary: 'make a kept version live (validated again first; the running version stays if it fails)',
        params: z.strictObject({ name, version: z.string().regex(/^[0-9a-f]{12}$/, 'must be a 12-digit hex version') }),
        response: { 200: activationOut, ...errors },
      },
    },
    async (req) => {
      const p = principalOf(req);
      const now = ctx.now();
      const a = activateFlow(d, req.params.name, req.params.version, now);
      ctx.audit.record(p, { action: 'flow.activate', entity: 'flow', entityId: req.params.name, summary: `${a.previous ?? 'none'} → ${a.activated.version}`, before: { version: a.previous }, after: { version: a.activated.version } }, now);
      return { name: req.params.name, live: a.activated.version, previous: a.previous };
    },
  );

  r.post(
    '/flows/:name/rollback',
    {
      config: { permission: 'flow:write' },
      schema: { tags: ['flows'], summary: 'make the version live before the current one live again', params: z.strictObject({ name }), response: { 200: activationOut, ...errors } },
    },
    async (req) => {
      const p = principalOf(req);
      const now = ctx.now();
      const a = rollbackFlow(d, req.params.name, now);
      ctx.audit.record(p, { action: 'flow.rollback', entity: 'flow', entityId: req.params.name, summary: `${a.previous ?? 'none'} → ${a.activated.version}`, before: { version: a.previous }, after: { version: a.activated.version } }, now);
      return { name: req.params.name, live: a.activated.version, previous: a.previous };
    },
  );
}
