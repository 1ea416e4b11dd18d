import type { AutocannonRequest } from 'autocannon';
import type { LoadScenario } from './run-load';
import type { DemoWorkspaceIds } from './prepare-schema';

export interface ScenarioInput {
  /** Token of agency-a-admin@demo.local (active workspace: Northwind Agency). */
  guardToken: string;
  /** One super@demo.local session per switching connection (see buildSwitchScenario). */
  superTokens: readonly string[];
  workspaces: DemoWorkspaceIds;
  /** Every demo user's email, for the sign-in rotation. */
  demoEmails: readonly string[];
  password: string;
  durationSeconds: number;
  warmupSeconds: number;
}

/** Connections of the latency scenarios and of the throughput ones. */
export const LATENCY_CONNECTIONS = 4;
export const THROUGHPUT_CONNECTIONS = 50;
/** Sign-in attempts of the sign-in scenario: three rounds of the eight demo users. */
export const SIGN_IN_ATTEMPTS = 24;

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const health: AutocannonRequest = { method: 'GET', path: '/api/health' };
/** No route: the web server hands it to Hono, which answers NOT_FOUND without the database. */
const floor: AutocannonRequest = { method: 'GET', path: '/api/bench-floor' };
const guard = (token: string): AutocannonRequest => ({
  method: 'GET',
  path: '/api/permissions/effective',
  headers: bearer(token),
});

function timed(
  key: string,
  label: string,
  connections: number,
  input: ScenarioInput,
  requestsFor: LoadScenario['requestsFor'],
): LoadScenario {
  return {
    key,
    label,
    connections,
    requestsFor,
    stop: { seconds: input.durationSeconds },
    warmupSeconds: input.warmupSeconds,
  };
}

/**
 * The workspace switch: super alternating between the two agencies. Each connection uses a
 * session of its own, as separate people switching would; four connections sharing one
 * session would queue on that session row's lock, which no real client does.
 */
function switchRequests(input: ScenarioInput, index: number): AutocannonRequest[] {
  const token = input.superTokens[index % input.superTokens.length];
  if (token === undefined) throw new Error('the switch scenario needs at least one super session');
  const headers = { ...bearer(token), 'content-type': 'application/json' };
  return [input.workspaces.northwind, input.workspaces.contoso].map((id) => ({
    method: 'POST',
    path: '/api/workspaces/switch',
    headers,
    body: JSON.stringify({ workspace_id: id }),
  }));
}

/** Sign-in rotating through the demo users, each connection starting at another user. */
function signInRequests(input: ScenarioInput, index: number): AutocannonRequest[] {
  const emails = input.demoEmails.map((_, i, all) => all[(i + index * 2) % all.length] ?? '');
  return emails.map((email) => ({
    method: 'POST',
    path: '/api/auth/sign-in',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: input.password }),
  }));
}

/**
 * The latency scenarios at 4 connections; health first, as the baseline, then the web stack's
 * own floor (an unknown /api path: the same web server and Hono app, no database).
 */
export function latencyScenarios(input: ScenarioInput): LoadScenario[] {
  const c = LATENCY_CONNECTIONS;
  return [
    timed(`health@${c}`, 'GET /api/health (baseline)', c, input, () => [health]),
    {
      ...timed(`floor@${c}`, 'GET /api/<no route> (floor, 404)', c, input, () => [floor]),
      expectedStatus: 404,
    },
    timed(`guard@${c}`, 'GET /api/permissions/effective', c, input, () => [
      guard(input.guardToken),
    ]),
    timed(`switch@${c}`, 'POST /api/workspaces/switch', c, input, (i) => switchRequests(input, i)),
  ];
}

/** The bare `node:http` server at 50 connections: what this machine serves with no stack. */
export function bareScenario(input: ScenarioInput): LoadScenario {
  const c = THROUGHPUT_CONNECTIONS;
  return {
    ...timed(`bare@${c}`, 'bare node:http (machine floor, 404)', c, input, () => [floor]),
    expectedStatus: 404,
  };
}

/** The throughput scenarios at 50 connections, back to back so they see the same machine state. */
export function throughputScenarios(input: ScenarioInput): LoadScenario[] {
  const c = THROUGHPUT_CONNECTIONS;
  return [
    timed(`health@${c}`, 'GET /api/health (baseline)', c, input, () => [health]),
    {
      ...timed(`floor@${c}`, 'GET /api/<no route> (floor, 404)', c, input, () => [floor]),
      expectedStatus: 404,
    },
    timed(`guard@${c}`, 'GET /api/permissions/effective', c, input, () => [
      guard(input.guardToken),
    ]),
  ];
}

/**
 * Sign-in, reported only: a fixed number of attempts, no warm-up, because the sign-in limiter
 * (per IP and per email, in Postgres) allows 10 attempts per client address per 15 minutes
 * and the bench does not switch it off. Its refusals (429) are counted apart.
 */
export function signInScenario(input: ScenarioInput): LoadScenario {
  const c = LATENCY_CONNECTIONS;
  return {
    key: `sign-in@${c}`,
    label: 'POST /api/auth/sign-in',
    connections: c,
    requestsFor: (i) => signInRequests(input, i),
    stop: { requests: SIGN_IN_ATTEMPTS },
    warmupSeconds: 0,
  };
}
