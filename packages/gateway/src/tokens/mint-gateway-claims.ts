import { randomUUID } from 'node:crypto';
import {
  GATEWAY_CLAIMS_TTL_SECONDS,
  type GatewayShellClaims,
  type WorkspaceContext,
} from '@aiconnected/sdk-contracts';
import type { SigningKeyRing } from '../keys/signing-key-ring';

export interface GatewayClaimsInput {
  context: WorkspaceContext;
  moduleKey: string;
  /** The installed module version. */
  version: string;
  /** The installed manifest's permissions the caller holds (or a module-ui token's). */
  permissions: readonly string[];
  method: string;
  /** The forwarded path as the module sees it (beginning with '/', query dropped here). */
  path: string;
  correlationId: string;
  /** PLATFORM_PUBLIC_BASE_URL's origin. */
  issuer: string;
}

/**
 * The `x-shell-claims` JWT of one forwarded request (`ShellClaims`, `use` 'gateway', 60 s), bound to its
 * method and path (`htm`, `htu`) so it cannot be replayed on another route.
 */
export function mintGatewayClaims(
  ring: SigningKeyRing,
  input: GatewayClaimsInput,
): Promise<string> {
  const iat = Math.floor(Date.now() / 1000);
  const query = input.path.indexOf('?');
  const claims: GatewayShellClaims = {
    iss: input.issuer,
    aud: input.moduleKey,
    sub: input.context.user_id,
    iat,
    nbf: iat,
    exp: iat + GATEWAY_CLAIMS_TTL_SECONDS,
    jti: randomUUID(),
    use: 'gateway',
    wid: input.context.workspace_id,
    mod: input.moduleKey,
    ver: input.version,
    role: input.context.role_template,
    perms: [...input.permissions],
    cid: input.correlationId,
    imp: input.context.impersonation,
    // The route matched one of the manifest's methods (HTTP_METHODS).
    htm: input.method.toUpperCase() as GatewayShellClaims['htm'],
    htu: query === -1 ? input.path : input.path.slice(0, query),
  };
  return ring.sign({ ...claims });
}
