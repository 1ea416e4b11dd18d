// Storing events (docs/events.md "Emit"): the caller of shell.emit_event that
// @aiconnected/events and the module lifecycle transitions share.
export {
  EMIT_EVENT_FUNCTION,
  storeEvent,
  storeEventArgs,
  storedEventOf,
  type StoreEventInput,
  type StoredEvent,
} from './store-event';
