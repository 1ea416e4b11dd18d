// The event monitor's reads (docs/events.md "Monitor"): events with their deliveries.
export { listEvents, listEventsInputOf, type ListEventsInput } from './list-events';
export { readEvent, type ReadEventInput } from './read-event';
