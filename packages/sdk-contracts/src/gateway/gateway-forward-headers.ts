import { z } from 'zod';
import { correlationIdSchema } from '../common/keys';

/**
 * The trusted headers the gateway adds, last, to every request it forwards to a module (PRD
 * §22; contract `gateway-forward-headers` 2.0.0). The gateway first drops every `x-shell-*`,
 * `x-forwarded-*`, `forwarded`, `x-real-ip`, `cookie` and `authorization` header a client sent
 * (and any header named in `Connection`), so these are the gateway's own. Who is calling is in
 * `x-shell-claims`, an ES256 JWT (`ShellClaims`, `use: 'gateway'`) a module verifies against
 * the shell's JWKS before trusting anything (module-sdk `createShellVerifier().verifyRequest`).
 */
export const GATEWAY_FORWARD_HEADER_NAMES = [
  'x-shell-claims',
  'x-shell-correlation-id',
  'x-forwarded-for',
  'x-forwarded-host',
  'x-forwarded-proto',
  'x-forwarded-prefix',
] as const;

// Header-safe: no control characters (so no CR/LF injection), bounded.
const HEADER_TEXT = /^[\x20-\x7e]+$/;

export const gatewayForwardHeadersSchema = z
  .object({
    'x-shell-claims': z
      .string()
      .max(8192)
      .regex(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/, 'Must be a compact JWS')
      .meta({ description: 'ES256 JWT (ShellClaims, use gateway) signed by the shell' }),
    'x-shell-correlation-id': correlationIdSchema,
    'x-forwarded-for': z
      .string()
      .max(1024)
      .regex(HEADER_TEXT, 'Must be header-safe text')
      .meta({ description: "The client's address as the shell resolved it" }),
    'x-forwarded-host': z
      .string()
      .max(255)
      .regex(/^[A-Za-z0-9.:[\]-]+$/, 'Must be a host[:port]')
      .meta({ description: 'The public host the client called' }),
    'x-forwarded-proto': z.enum(['http', 'https']),
    'x-forwarded-prefix': z
      .string()
      .regex(/^\/api\/gateway\/[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/, 'Must be /api/gateway/<module>')
      .meta({ description: 'Where the shell mounts the module: /api/gateway/<module key>' }),
  })
  .meta({
    id: 'GatewayForwardHeaders',
    description: 'Trusted headers the gateway adds to every forwarded module request',
  });
export type GatewayForwardHeaders = z.infer<typeof gatewayForwardHeadersSchema>;
