import { randomUUID } from 'node:crypto';
import {
  MODULE_TOKEN_TTL,
  type ModuleUiShellClaims,
  type WorkspaceContext,
} from '@aiconnected/sdk-contracts';
import type { SigningKeyRing } from '../keys/signing-key-ring';

export interface ModuleUiTokenInput {
  context: WorkspaceContext;
  /** The session the token stands for: it stops working when that session ends. */
  sessionId: string;
  moduleKey: string;
  version: string;
  /** Granted to the module's UI tokens and held by the caller. */
  permissions: readonly string[];
  ttlSeconds?: number;
  issuer: string;
  /** The minting request's correlation id (`cid`); a new one when absent. */
  correlationId?: string;
}

/**
 * A short-lived bearer token a module's UI may hold (`use` 'module-ui', audience the module):
 * the gateway accepts it on that module's routes only, within its `perms`.
 */
export async function mintModuleUiToken(
  ring: SigningKeyRing,
  input: ModuleUiTokenInput,
): Promise<{ token: string; expiresAt: Date }> {
  const ttl = input.ttlSeconds ?? MODULE_TOKEN_TTL.default;
  if (!Number.isInteger(ttl) || ttl < MODULE_TOKEN_TTL.min || ttl > MODULE_TOKEN_TTL.max) {
    throw new RangeError(
      `module-ui token ttl must be ${MODULE_TOKEN_TTL.min}..${MODULE_TOKEN_TTL.max} s`,
    );
  }
  const iat = Math.floor(Date.now() / 1000);
  const claims: ModuleUiShellClaims = {
    iss: input.issuer,
    aud: input.moduleKey,
    sub: input.context.user_id,
    iat,
    nbf: iat,
    exp: iat + ttl,
    jti: randomUUID(),
    use: 'module-ui',
    wid: input.context.workspace_id,
    mod: input.moduleKey,
    ver: input.version,
    role: input.context.role_template,
    perms: [...input.permissions],
    cid: input.correlationId ?? randomUUID(),
    imp: input.context.impersonation,
    sid: input.sessionId,
  };
  return { token: await ring.sign({ ...claims }), expiresAt: new Date((iat + ttl) * 1000) };
}
