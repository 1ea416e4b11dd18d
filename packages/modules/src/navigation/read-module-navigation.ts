import type { Db } from '@aiconnected/db';
import type { ModuleNavigationList } from '@aiconnected/sdk-contracts';
import { navigationOfSnapshot } from './navigation-of-snapshot';
import { readActorSnapshot, type ModuleLookupInput } from './read-actor-snapshot';

/**
 * The app layout's sidebar navigation of a workspace (`GET /modules/navigation`), for any
 * member who can see it (`WORKSPACE_FORBIDDEN` otherwise): the enabled, not billing-blocked
 * modules with the admin navigation entries the caller's role may open
 * (`navigationOfSnapshot`). In the caller's active workspace it is answered from the process's
 * module snapshot cache (`readActorSnapshot`); reads only, nothing audited.
 */
export async function readModuleNavigation(
  db: Db,
  input: ModuleLookupInput,
): Promise<ModuleNavigationList> {
  const { snapshot, memberships } = await readActorSnapshot(db, input);
  return navigationOfSnapshot(snapshot, memberships);
}
