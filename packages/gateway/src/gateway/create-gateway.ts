import { readActorSnapshot } from '@aiconnected/modules';
import { isShellError, ShellError } from '@aiconnected/sdk-contracts';
import { forwardRoute } from './forward-route';
import { answerResponse, type GatewayAnswer } from './gateway-answer';
import type { Gateway, GatewayDeps, GatewayRequest } from './gateway-types';
import { refusalAnswer } from './refusal-answer';
import { resolveGatewayRoute } from './resolve-gateway-route';

const ms = (value: number) => Math.round(value * 100) / 100;

/**
 * The gateway (docs/modules.md "Gateway"): for a caller the platform route authenticated,
 * steps 2-7 of the enforcement order — registered, enabled, route and permissions, billing
 * (`resolveGatewayRoute`, from the snapshot cache), the target's circuit breaker, then the
 * forward with signed claims and the header policy. Every answer carries `Server-Timing`
 * (`gateway;dur=…` and, when forwarded, `target;dur=…`); every attempt writes one
 * `gateway.forward` log line. A refusal forwards nothing and is the error envelope.
 */
export function createGateway(deps: GatewayDeps): Gateway {
  const forward = async (request: GatewayRequest): Promise<GatewayAnswer> => {
    const started = performance.now();
    const queryAt = request.modulePath.indexOf('?');
    const path = queryAt === -1 ? request.modulePath : request.modulePath.slice(0, queryAt);
    const method = request.method.toUpperCase();
    const { context } = request.caller;
    const logLine = {
      event: 'gateway.forward',
      module: request.moduleKey,
      actor_id: context.user_id,
      method,
      path,
    };
    let version: string | undefined;
    try {
      const snapshot =
        deps.snapshots === undefined
          ? (
              await readActorSnapshot(deps.db, {
                actor: context,
                workspaceId: context.workspace_id,
                activeMemberships: request.caller.memberships,
              })
            ).snapshot
          : await deps.snapshots.snapshotOf(context.workspace_id);
      const route = resolveGatewayRoute(snapshot, request.caller, request.moduleKey, method, path);
      version = route.version;
      const result = await deps.breakers.execute(
        { moduleKey: request.moduleKey, version },
        route.target,
        () => forwardRoute(deps, request, route, method, path),
      );
      const gatewayMs = ms(performance.now() - started - result.targetMs);
      const targetMs = ms(result.targetMs);
      const { status, headers, body } = result;
      headers['server-timing'] = `gateway;dur=${gatewayMs}, target;dur=${targetMs}`;
      request.logger.info(
        {
          ...logLine,
          decision: 'forwarded',
          version,
          status,
          gateway_ms: gatewayMs,
          target_ms: targetMs,
        },
        'gateway forward',
      );
      return { status, headers, body };
    } catch (caught) {
      if (request.signal?.aborted === true && !isShellError(caught)) {
        // The client went away: nobody reads an answer; the log says so.
        const gatewayMs = ms(performance.now() - started);
        request.logger.info(
          {
            ...logLine,
            decision: 'refused',
            code: 'CLIENT_CLOSED',
            status: 499,
            gateway_ms: gatewayMs,
          },
          'gateway forward',
        );
        return { status: 499, headers: {}, body: null };
      }
      const error = isShellError(caught)
        ? caught
        : new ShellError('INTERNAL_ERROR', 'gateway failed', { cause: caught });
      if (!isShellError(caught)) {
        request.logger.error({ err: caught, ...logLine }, 'gateway failed');
      }
      const gatewayMs = ms(performance.now() - started);
      request.logger.info(
        {
          ...logLine,
          decision: 'refused',
          code: error.code,
          ...(version === undefined ? {} : { version }),
          status: error.status,
          gateway_ms: gatewayMs,
        },
        'gateway forward',
      );
      return refusalAnswer(error, request.correlationId, gatewayMs);
    }
  };
  return { forward, handle: async (request) => answerResponse(await forward(request)) };
}
