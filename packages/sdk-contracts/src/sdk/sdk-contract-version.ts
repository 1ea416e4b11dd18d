import { z } from 'zod';
import { jsonObjectSchema } from '../common/json';
import { LOWER_KEBAB_PATTERN } from '../common/keys';
import { semverSchema } from '../common/semver';

/**
 * The version of the contracts in this package. Module manifests state the range they work
 * with in `engines.shell`; module-sdk checks that range against this version. 1.1.0 added the
 * manifest's `manifestVersion` and the closed list of site theme capabilities; 1.2.0 the
 * gateway's signed claims (`gateway-forward-headers` 2.0.0, `ShellClaims`), the module UI
 * bridge (`module-bridge` 1.0.0) and a manifest `frontend.entryUrl` on http for loopback hosts;
 * 1.3.0 the event bus: manifest `runtime.webhooks`, `event-envelope` 2.0.0 (a 20-digit string
 * `sequence`) and the shell's own events (`shell-events` 1.0.0); 1.4.0 the membership events
 * (`shell-events` 1.1.0; the manifest is unchanged, published again at 1.4.0).
 */
export const SHELL_SDK_CONTRACT_VERSION = '1.4.0';

/** Publication lifecycle of a contract version: draft -> active -> deprecated -> retired. */
export const SDK_CONTRACT_STATUSES = ['draft', 'active', 'deprecated', 'retired'] as const;

/** A published contract version (`sdk_contract_versions`, `GET /sdk/contracts`). */
export const sdkContractVersionSchema = z
  .object({
    contract_name: z
      .string()
      .max(64)
      .regex(LOWER_KEBAB_PATTERN, 'Must be a lower-kebab contract name such as module-manifest'),
    semver: semverSchema,
    status: z.enum(SDK_CONTRACT_STATUSES),
    schema_json: jsonObjectSchema.meta({ description: 'JSON Schema of the contract' }),
  })
  .meta({ id: 'SDKContractVersion', description: 'A published, versioned SDK contract' });
export type SDKContractVersion = z.infer<typeof sdkContractVersionSchema>;
