// Credential policies, their history, resolution and the decision log.
export {};
