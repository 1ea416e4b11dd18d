import type { Db } from '@aiconnected/db';
import {
  createBreakerRegistry,
  createForwarder,
  createGateway,
  type Gateway,
  type SigningKeyRing,
} from '@aiconnected/gateway';
import {
  probeModuleTarget,
  recordBreakerState,
  type ModuleSnapshotCache,
} from '@aiconnected/modules';
import type { Env } from '@/env';
import type { Logger } from './logger';

/** What the gateway is built with, from the environment (env.ts) or a test. */
export interface GatewaySettings {
  /** `GATEWAY_MAX_BODY_BYTES`. */
  maxBodyBytes: number;
  /**
   * `GATEWAY_BREAKER_FAILURES`, `GATEWAY_BREAKER_EJECTION_MS`, `GATEWAY_BREAKER_MAX_EJECTION_MS`;
   * `now`: the clock ejections are timed by (default `Date.now`; a test moves its own).
   */
  breaker: { failures: number; baseEjectionMs: number; maxEjectionMs: number; now?: () => number };
  /** `PLATFORM_ENV=local`: any target address (loopback, private), as the health checks. */
  isLocal: boolean;
  /** The claims' `iss`: PLATFORM_PUBLIC_BASE_URL's origin. */
  issuer: string;
}

/** The issuer (`iss`) of the shell's tokens: PLATFORM_PUBLIC_BASE_URL's origin. */
export function tokenIssuer(baseUrl: string): string {
  return new URL(baseUrl).origin;
}

/** The gateway's settings in a parsed environment. */
export function gatewaySettingsFromEnv(environment: Env): GatewaySettings {
  return {
    maxBodyBytes: environment.GATEWAY_MAX_BODY_BYTES,
    breaker: {
      failures: environment.GATEWAY_BREAKER_FAILURES,
      baseEjectionMs: environment.GATEWAY_BREAKER_EJECTION_MS,
      maxEjectionMs: environment.GATEWAY_BREAKER_MAX_EJECTION_MS,
    },
    isLocal: environment.PLATFORM_ENV === 'local',
    issuer: tokenIssuer(environment.PLATFORM_PUBLIC_BASE_URL),
  };
}

/** The process's gateway and how to stop it. */
export interface GatewayServices {
  gateway: Gateway;
  /** Closes the forwarder's pooled connections to module services (at shutdown). */
  close(): Promise<void>;
}

export interface GatewayServicesInput {
  db: Db;
  signingKeys: SigningKeyRing;
  logger: Logger;
  /** The process's module snapshots (the enforcement's hot path); absent: read per request. */
  snapshots?: ModuleSnapshotCache;
  settings: GatewaySettings;
}

/**
 * The process's module gateway (docs/modules.md "Gateway"): one forwarder (pooled keep-alive
 * connections, the target address rules of the health checks) and one breaker per target,
 * whose half-open trial is the module's health probe and whose transitions are logged
 * (`gateway.breaker`) and written to `module_target_health` (the modules screen shows them)
 * as the service, in order, without holding up the request: a failed write is logged.
 */
export function createGatewayServices(input: GatewayServicesInput): GatewayServices {
  const { db, logger, settings } = input;
  const rules = { allowAnyAddress: settings.isLocal };
  // One write at a time per target, in transition order, so the row ends as the breaker is.
  const pending = new Map<string, Promise<unknown>>();
  const recordInOrder = (id: string, write: () => Promise<unknown>) => {
    const next = (pending.get(id) ?? Promise.resolve()).then(write);
    pending.set(id, next);
    void next.then(() => {
      if (pending.get(id) === next) pending.delete(id);
    });
  };
  const breakers = createBreakerRegistry({
    ...settings.breaker,
    probe: async (target) => (await probeModuleTarget(target, rules)).status === 'healthy',
    onStateChange: (key, view) => {
      logger.info(
        { event: 'gateway.breaker', module: key.moduleKey, version: key.version, ...view },
        'gateway breaker state changed',
      );
      recordInOrder(`${key.moduleKey}@${key.version}`, () =>
        recordBreakerState(db, { moduleKey: key.moduleKey, version: key.version, view }).catch(
          (error: unknown) =>
            logger.error(
              { err: error, module: key.moduleKey, version: key.version, breaker: view.state },
              'gateway breaker state not recorded',
            ),
        ),
      );
    },
  });
  const forwarder = createForwarder({
    maxBodyBytes: settings.maxBodyBytes,
    allowAnyAddress: settings.isLocal,
  });
  const gateway = createGateway({
    db,
    snapshots: input.snapshots,
    ring: input.signingKeys,
    breakers,
    forwarder,
    issuer: settings.issuer,
  });
  return { gateway, close: () => forwarder.close() };
}
