import type { FastifyInstance } from 'fastify';
import { HotlineError } from '../errors.js';
import type { WorkOrdersRepo } from '../store/work-orders-repo.js';

/** The demo work-order look-up the sample hotline's option 4 calls: 200 {orderNo, status}, or 404. */
export function registerWorkOrderRoutes(app: FastifyInstance, orders: Pick<WorkOrdersRepo, 'find'>): void {
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
    async (req) => {
      const row = orders.find(req.query.orderNo);
      if (!row) throw new HotlineError('NOT_FOUND', `no work order ${req.query.orderNo}`, { key: 'orderNo' });
      return row;
    },
  );
}
