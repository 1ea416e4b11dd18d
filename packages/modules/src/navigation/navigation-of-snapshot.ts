import type { GoverningMembership } from '@aiconnected/permissions';
import type { ModuleNavigationList } from '@aiconnected/sdk-contracts';
import { moduleUseRefusal } from '../installations/module-use-refusal';
import { moduleNavigationEntries } from './module-navigation-entries';
import type { ModuleSnapshot } from './module-snapshot';

/**
 * The sidebar navigation of a workspace for a caller whose governing memberships are
 * `memberships`: each enabled module (by key) that billing does not block (a paid module on a
 * suspended, canceled or missing entitlement, `moduleUseRefusal`), with the admin navigation
 * entries whose page's `minimumRole` the caller satisfies; modules left with none are omitted.
 * The same entries `GET /modules/available` gives those modules.
 */
export function navigationOfSnapshot(
  snapshot: ModuleSnapshot,
  memberships: readonly GoverningMembership[],
): ModuleNavigationList {
  const blocked = snapshot.entitlement !== null && moduleUseRefusal(snapshot.entitlement) !== null;
  const items: ModuleNavigationList['items'] = [];
  for (const [moduleKey, module] of snapshot.modules) {
    const { manifest } = module;
    if (module.state !== 'enabled' || manifest === null) continue;
    if (manifest.paid === true && blocked) continue;
    const navigation = moduleNavigationEntries(manifest, snapshot.workspaceId, memberships);
    if (navigation.length > 0)
      items.push({ module_key: moduleKey, name: manifest.name, navigation });
  }
  return { workspace_id: snapshot.workspaceId, items };
}
