import type { FastifyInstance } from 'fastify';
import type { Db } from '../store/db.js';

/** The demo work-order look-up the sample hotline's option 4 calls: 200 {orderNo, status}, or 404. */
export function registerWorkOrderRoutes(app: FastifyInstance, db: Db): void {
  const find = db.prepare('SELECT order_no AS orderNo, status FROM work_orders WHERE order_no = ?');
  app.get<{ Querystring: { orderNo: string } }>(
    '/api/work-orders/lookup',
    {
      schema: {
        querystring: {
          type: 'object',
          required: ['orderNo'],
          properties: { orderNo: { type: 'string', pattern: '^[0-9]{1,20}$' } },
          additionalProperties: false,
        },
      },
    },
    async (req, reply) => {
      const row = find.get(req.query.orderNo) as { orderNo: string; status: string } | undefined;
      if (!row) return reply.status(404).send({ code: 'NOT_FOUND', message: `no work order ${req.query.orderNo}` });
      return row;
    },
  );
}
