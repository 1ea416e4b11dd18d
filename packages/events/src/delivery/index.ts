// Delivery to modules (docs/events.md "Delivery", "Retries and dead letter", "Processes").
export {
  DEFAULT_RETRY_SCHEDULE_SECONDS,
  MIN_RETENTION_DAYS,
  defaultDeliverySettings,
  parseRetrySchedule,
  type DeliverySettings,
} from './delivery-settings';
export type { DeliveryLogger } from './delivery-logger';
export {
  createDeliveryRuntime,
  DELIVERY_QUEUES,
  type DeliveryRuntime,
  type DeliveryRuntimeOptions,
} from './create-delivery-runtime';
export { deleteExpiredEvents } from './delete-expired-events';
