import type { Db } from '@aiconnected/db';
import type { ModuleSnapshotCache } from '@aiconnected/modules';
import type { GoverningMembership } from '@aiconnected/permissions';
import type { WorkspaceContext } from '@aiconnected/sdk-contracts';
import type { BreakerRegistry } from '../breaker/create-breaker-registry';
import type { Forwarder } from '../forward/create-forwarder';
import type { SigningKeyRing } from '../keys/signing-key-ring';
import type { GatewayAnswer } from './gateway-answer';
import type { RequestHeaders } from '../headers/forward-request-headers';

/** The subset of a pino logger the gateway writes to. */
export interface GatewayLogger {
  info(obj: Record<string, unknown>, msg: string): void;
  error(obj: Record<string, unknown>, msg: string): void;
}

/** Who calls, as the platform route resolved it (design §8: step 1 is the route's). */
export interface GatewayCaller {
  /** The active workspace context. */
  context: WorkspaceContext;
  /** The caller's memberships governing the active workspace (the guard's). */
  memberships: readonly GoverningMembership[];
  /** Set when the caller used a module-ui token: its `perms`. */
  tokenPermissions?: readonly string[];
}

/** One request to `/api/gateway/{module}/...`. */
export interface GatewayRequest {
  caller: GatewayCaller;
  /** From the path (validated by the route). */
  moduleKey: string;
  /** The rest after `/api/gateway/{module}` with its query ('' -> '/'), e.g. '/greeting?x=1'. */
  modulePath: string;
  method: string;
  /** The client's, unfiltered. */
  headers: RequestHeaders;
  body: ReadableStream<Uint8Array> | null;
  correlationId: string;
  /** The platform's client-address resolution. */
  clientAddress: string;
  publicHost: string;
  publicProto: 'http' | 'https';
  /**
   * The request's logger: a pino child bound to its correlation id and workspace (the
   * `gateway.forward` line does not repeat `workspace_id`).
   */
  logger: GatewayLogger;
  /** The client's request signal: the upstream request ends when the client goes away. */
  signal?: AbortSignal;
}

export interface GatewayDeps {
  /** The process's module snapshot cache; without it each request reads the snapshot. */
  snapshots?: ModuleSnapshotCache;
  db: Db;
  ring: SigningKeyRing;
  breakers: BreakerRegistry;
  forwarder: Forwarder;
  /** PLATFORM_PUBLIC_BASE_URL's origin (the claims' `iss`). */
  issuer: string;
}

export interface Gateway {
  /** Steps 2-7 of the enforcement order; always an answer (refusals as error envelopes). */
  forward(request: GatewayRequest): Promise<GatewayAnswer>;
  /** `forward`'s answer as a web Response. */
  handle(request: GatewayRequest): Promise<Response>;
}
