// Integrations and credentials (PRD §5, §23.4, §23.5; issue 13).
// Providers and connections: the OAuth lifecycle, sealed secrets, the status refresh job.
export * from './connections';
// Credential policies, resolution along the workspace ancestry and its decision log.
export * from './credentials';
