// Emitting events (docs/events.md "Emit"): who may emit what, and the store.
export {
  emitEvent,
  emitInTransaction,
  StaleModuleKeyError,
  type EmitEventOptions,
  type PredictedModuleKey,
} from './emit-event';
export { DEFAULT_EVENT_STREAM, type EmitEventInput, type EmitEventResult } from './emit-types';
export { EVENT_PAYLOAD_MAX_BYTES } from './check-payload';
export { emitEvents, type EmitBatchInput } from './emit-events';
