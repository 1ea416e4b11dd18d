import type { ForwardResult } from '../forward/create-forwarder';
import { forwardRequestHeaders } from '../headers/forward-request-headers';
import { mintGatewayClaims } from '../tokens/mint-gateway-claims';
import type { GatewayDeps, GatewayRequest } from './gateway-types';
import type { GatewayRoute } from './resolve-gateway-route';

/**
 * Step 7: the request to the module, with its claims (`x-shell-claims`, bound to `method` and
 * `path`) and the header policy's trusted headers, the body passed on as it streams.
 */
export async function forwardRoute(
  deps: Pick<GatewayDeps, 'ring' | 'forwarder' | 'issuer'>,
  request: GatewayRequest,
  route: GatewayRoute,
  method: string,
  path: string,
): Promise<ForwardResult> {
  const claims = await mintGatewayClaims(deps.ring, {
    context: request.caller.context,
    moduleKey: request.moduleKey,
    version: route.version,
    permissions: route.permissions,
    method,
    path,
    correlationId: request.correlationId,
    issuer: deps.issuer,
  });
  const prefix = `/api/gateway/${request.moduleKey}`;
  return deps.forwarder.forward({
    target: route.target,
    moduleKey: request.moduleKey,
    method,
    path: request.modulePath,
    prefix,
    headers: forwardRequestHeaders(request.headers, {
      claims,
      correlationId: request.correlationId,
      clientAddress: request.clientAddress,
      host: request.publicHost,
      proto: request.publicProto,
      prefix,
    }),
    body: request.body,
    signal: request.signal,
  });
}
