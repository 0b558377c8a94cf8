import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { can, permissions, roles } from '../../auth/roles.js';
import type { ApiPorts } from '../api-context.js';
import { errors } from '../api-schemas.js';
import { principalOf } from '../authenticate.js';

const meOut = z.object({
  name: z.string(),
  role: z.enum(roles),
  agentId: z.string().nullable().describe('the ACD agent an agent token stands for'),
  permissions: z.array(z.enum(permissions)).describe("what this token's role may do"),
});

/** The token's own identity and permissions: a client (the console) shows only what its user may use. */
export function sessionRoutes(app: FastifyInstance, _ctx: ApiPorts): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/me',
    { config: { permission: 'session:read' }, schema: { tags: ['session'], summary: "this token's name, role, agent and permissions", response: { 200: meOut, ...errors } } },
    async (req) => {
      const p = principalOf(req);
      return { name: p.name, role: p.role, agentId: p.agentId, permissions: permissions.filter((x) => can(p.role, x)) };
    },
  );
}
