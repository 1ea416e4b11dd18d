import type { ActorView } from '@aiconnected/access';
import type { Capability } from '@aiconnected/sdk-contracts';

/**
 * Whether the actor acts in the platform (super) workspace and holds `capability` there: the
 * registry (`modules.install`) and SDK contract publication (`settings.manage`) are the
 * platform's, never a tenant's.
 */
export function holdsPlatformCapability(view: ActorView, capability: Capability): boolean {
  const { active } = view;
  return active?.workspace.type === 'super' && active.capabilities.includes(capability);
}
