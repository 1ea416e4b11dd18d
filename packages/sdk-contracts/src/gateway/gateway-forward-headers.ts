import { z } from 'zod';
import { correlationIdSchema, moduleKeySchema } from '../common/keys';
import { impersonationStateSchema } from '../workspace-context';

/**
 * The trusted headers the gateway adds to every forwarded request (PRD §22). The gateway
 * strips any `x-shell-*` header a client sent before adding these, so a module can trust
 * them once it has checked `x-shell-claims-signature`.
 */
export const GATEWAY_FORWARD_HEADER_NAMES = [
  'x-shell-user-id',
  'x-shell-workspace-id',
  'x-shell-module-key',
  'x-shell-correlation-id',
  'x-shell-impersonation',
  'x-shell-claims-signature',
] as const;

/** Whether a header value is the JSON encoding of an ImpersonationState. */
function isImpersonationJson(value: string): boolean {
  try {
    return impersonationStateSchema.safeParse(JSON.parse(value)).success;
  } catch {
    return false;
  }
}

export const gatewayForwardHeadersSchema = z
  .object({
    'x-shell-user-id': z.uuid(),
    'x-shell-workspace-id': z.uuid(),
    'x-shell-module-key': moduleKeySchema,
    'x-shell-correlation-id': correlationIdSchema,
    'x-shell-impersonation': z
      .string()
      .refine(isImpersonationJson, 'Must be the JSON encoding of an ImpersonationState')
      .meta({ description: 'JSON-encoded ImpersonationState ({"active":false,...} when none)' }),
    'x-shell-claims-signature': z
      .string()
      .min(16)
      .max(4096)
      .regex(/^[A-Za-z0-9._~+/=:,-]+$/, 'Must be a header-safe signature token')
      .meta({ description: 'Signature over the other x-shell-* headers, set by the gateway' }),
  })
  .meta({
    id: 'GatewayForwardHeaders',
    description: 'Trusted claim headers the gateway adds to every forwarded module request',
  });
export type GatewayForwardHeaders = z.infer<typeof gatewayForwardHeadersSchema>;
