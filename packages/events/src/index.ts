// The event bus (PRD §21; docs/events.md).
// Producers, emitting (checked against the emitter's manifest) and the event monitor's reads.
export { sourceOf, type EventProducer, type InstallationPrincipal } from './producer';
export * from './emit';
export * from './queries';
// The CloudEvents envelope of a stored event (the delivery body, contract event-envelope 2.0.0).
export { toEventEnvelope, type EventRow } from './envelope/to-event-envelope';
// Installation credentials: the API key modules emit with, the secrets webhooks are signed with.
export * from './credentials';
// Delivery to modules: the runtime (web process inline, or `npm run worker`) and its settings.
export * from './delivery';
// Operating the bus: the dead letter, retry, skip, replay, subscriptions and their endpoints.
export * from './operations';
