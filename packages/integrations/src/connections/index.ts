// Connections to providers (connect, OAuth callback, disconnect, list, status refresh).
export {};
