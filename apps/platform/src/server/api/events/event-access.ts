import { declareAccess } from '../http/access';

/**
 * `events.manage` in the active workspace (guard) and in the workspace the request names
 * (domain): the admins of a workspace, its agency's admins for a business, super everywhere.
 */
export function eventsAccess(note?: string) {
  return declareAccess({
    kind: 'capability',
    requires: [
      { capabilities: ['events.manage'], scope: 'active-workspace', checked_by: 'guard' },
      { capabilities: ['events.manage'], scope: 'target-workspace', checked_by: 'domain' },
    ],
    ...(note === undefined ? {} : { note }),
  });
}
