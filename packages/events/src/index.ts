// The event bus (PRD §21; docs/events.md).
// Installation credentials: the API key modules emit with, the secrets webhooks are signed with.
export * from './credentials';
// Delivery to modules: the runtime (web process inline, or `npm run worker`) and its settings.
export * from './delivery';
// Operating the bus: the dead letter, retry, skip, replay, subscriptions and their endpoints.
export * from './operations';
