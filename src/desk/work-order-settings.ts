import type { Config } from '../config/schema.js';
import { categoryIndex } from './categories.js';
import type { WorkOrderSettings } from './work-order-commands.js';

/** What creating a work order needs from the config: its deadlines, the zone of its number's year, the categories. */
export function workOrderSettings(config: Config): WorkOrderSettings {
  return { hours: config.desk.workOrders, timeZone: config.api.reports.timeZone, categories: new Set(categoryIndex(config.desk.categories).keys()) };
}
