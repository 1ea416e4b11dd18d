import type { Capability } from '@aiconnected/permissions';
import type { ActorView } from '../actor/load-actor-view';

/**
 * Whether the actor acts in the platform (super) workspace and holds `capability` there: the
 * registry (`modules.install`), SDK contract publication (`settings.manage`) and integration
 * provider configs (`integrations.manage`) are the platform's, never a tenant's.
 */
export function holdsPlatformCapability(view: ActorView, capability: Capability): boolean {
  const { active } = view;
  return active?.workspace.type === 'super' && active.capabilities.includes(capability);
}
