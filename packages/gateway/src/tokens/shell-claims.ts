import type { ImpersonationState } from '@aiconnected/sdk-contracts';

/**
 * The payload of the gateway's ES256 JWTs (design §1, sdk-contracts `ShellClaims` once
 * published there): who calls which module, in which workspace, with which permissions.
 */
export interface ShellClaims {
  iss: string;
  aud: string;
  sub: string;
  iat: number;
  nbf: number;
  exp: number;
  jti: string;
  use: 'gateway' | 'module-ui';
  wid: string;
  mod: string;
  ver: string;
  role: string;
  perms: string[];
  cid: string;
  imp: ImpersonationState;
  /** Gateway claims only: the forwarded method (upper case) and path (no query). */
  htm?: string;
  htu?: string;
  /** Module-ui tokens only: the session the token was minted for. */
  sid?: string;
}
