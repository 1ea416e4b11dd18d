// The event bus (PRD §21; docs/events.md).
// Installation credentials: the API key modules emit with, the secrets webhooks are signed with.
export * from './credentials';
