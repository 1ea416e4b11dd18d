import type { ErrorCode } from '@aiconnected/sdk-contracts';
import { declareAccess } from '../http/access';
import { GUARD_ERRORS } from '../http/error-responses';

/**
 * `integrations.manage` in the active workspace (guard) and in the workspace the request names
 * (domain): the admins of a workspace, its agency's admins for a business, super everywhere.
 */
export function integrationsAccess() {
  return declareAccess({
    kind: 'capability',
    requires: [
      { capabilities: ['integrations.manage'], scope: 'active-workspace', checked_by: 'guard' },
      { capabilities: ['integrations.manage'], scope: 'target-workspace', checked_by: 'domain' },
    ],
  });
}

/** `integrations.manage` acting in the platform (super) workspace: provider configs. */
export function platformIntegrationsAccess() {
  return declareAccess({
    kind: 'capability',
    requires: [
      { capabilities: ['integrations.manage'], scope: 'active-workspace', checked_by: 'guard' },
      {
        capabilities: ['integrations.manage'],
        scope: 'active-workspace',
        when: 'the active workspace is the platform (super) workspace',
        checked_by: 'domain',
      },
    ],
    note: 'Provider configs are the platform’s: super admins acting in the super workspace.',
  });
}

/** What every workspace-scoped integrations route may answer besides its own errors. */
export const INTEGRATION_READ_ERRORS = [
  ...GUARD_ERRORS,
  'PERMISSION_DENIED',
  'WORKSPACE_FORBIDDEN',
  'VALIDATION_BLOCKING',
] as const satisfies readonly ErrorCode[];
