import type { Db } from './db.js';

export interface WorkOrder {
  orderNo: string;
  status: string;
}

/** The demo work orders the sample hotline looks up by number. */
export class WorkOrdersRepo {
  constructor(private readonly db: Db) {}

  /** The order with this number, or undefined. */
  find(orderNo: string): WorkOrder | undefined {
    return this.db.prepare('SELECT order_no AS orderNo, status FROM work_orders WHERE order_no = ?').get(orderNo) as WorkOrder | undefined;
  }
}
