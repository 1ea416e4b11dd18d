import type { ErrorCode } from '@aiconnected/sdk-contracts';
import { declareAccess } from '../http/access';
import { GUARD_ERRORS } from '../http/error-responses';

/**
 * `credentials.inheritance.manage` in the active workspace (guard) and in the workspace the
 * request names (domain), PRD §28: a workspace's admins, its agency's admins for a business,
 * super everywhere; managers and users hold it nowhere.
 */
export function credentialsAccess(extra: { when: string; note: string } | null = null) {
  return declareAccess({
    kind: 'capability',
    requires: [
      {
        capabilities: ['credentials.inheritance.manage'],
        scope: 'active-workspace',
        checked_by: 'guard',
      },
      {
        capabilities: ['credentials.inheritance.manage'],
        scope: 'target-workspace',
        checked_by: 'domain',
      },
      ...(extra === null
        ? []
        : [
            {
              capabilities: ['credentials.inheritance.manage' as const],
              scope: 'parent-workspace' as const,
              when: extra.when,
              checked_by: 'domain' as const,
            },
          ]),
    ],
    ...(extra === null ? {} : { note: extra.note }),
  });
}

/** What every credentials route may refuse with besides its own. */
export const CREDENTIALS_ERRORS = [
  ...GUARD_ERRORS,
  'PERMISSION_DENIED',
  'WORKSPACE_FORBIDDEN',
  'VALIDATION_BLOCKING',
] as const satisfies readonly ErrorCode[];
