import type { AutocannonRequest } from 'autocannon';
import type { LoadScenario } from './run-load';

/** The sessions of one reader: one for the reads, one per connection for the switch. */
export interface ScaleRole {
  /** `agency` (agency-a-admin@demo.local in Northwind) or `super` (super@demo.local, platform). */
  name: string;
  readToken: string;
  switchTokens: readonly string[];
  /** The two workspaces the switch alternates between. */
  switchTargets: readonly [string, string];
}

export const SCALE_CONNECTIONS = 4;

/** The endpoints measured for each role, in the table's order. */
export const SCALE_ENDPOINTS = [
  ['workspaces', 'GET /api/workspaces (first page)'],
  ['users', 'GET /api/users (active workspace, first page)'],
  ['audit', 'GET /api/audit-logs (first page)'],
  ['guard', 'GET /api/permissions/effective'],
  ['switch', 'POST /api/workspaces/switch'],
] as const;

const get = (path: string, token: string): AutocannonRequest => ({
  method: 'GET',
  path,
  headers: { authorization: `Bearer ${token}` },
});

function requestsOf(endpoint: string, role: ScaleRole, index: number): AutocannonRequest[] {
  const token = role.readToken;
  switch (endpoint) {
    case 'workspaces':
      return [get('/api/workspaces', token)];
    case 'users':
      return [get('/api/users', token)];
    case 'audit':
      return [get('/api/audit-logs', token)];
    case 'guard':
      return [get('/api/permissions/effective', token)];
    default: {
      // One session per connection, as separate people switching (a shared session row would
      // queue on its lock).
      const own = role.switchTokens[index % role.switchTokens.length] ?? token;
      return role.switchTargets.map((id) => ({
        method: 'POST',
        path: '/api/workspaces/switch',
        headers: { authorization: `Bearer ${own}`, 'content-type': 'application/json' },
        body: JSON.stringify({ workspace_id: id }),
      }));
    }
  }
}

/** Every endpoint of every role at 4 connections; keys like `super/audit@demo`. */
export function scaleScenarios(
  roles: readonly ScaleRole[],
  size: string,
  durationSeconds: number,
  warmupSeconds: number,
): LoadScenario[] {
  return roles.flatMap((role) =>
    SCALE_ENDPOINTS.map(([endpoint, label]) => ({
      key: `${role.name}/${endpoint}@${size}`,
      label: `${role.name}: ${label}`,
      connections: SCALE_CONNECTIONS,
      requestsFor: (index: number) => requestsOf(endpoint, role, index),
      stop: { seconds: durationSeconds },
      warmupSeconds,
    })),
  );
}
