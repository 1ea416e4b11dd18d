/**
 * How many drains each installation holds in this process (docs/events.md "Fairness"): all
 * lanes share the process's `concurrency` workers, so without a cap one module whose endpoint
 * never answers, on many streams, would hold every worker for its timeout and every other
 * tenant's deliveries would wait. A lane whose installation is at the cap is not drained: its
 * key is kept here and handed back when one of that installation's drains ends (the sweep finds
 * it too). The cap is per process: with P delivering processes an installation holds at most
 * P x cap drains, and each process keeps `concurrency - cap` workers for the others.
 */
export interface InstallationSlots {
  /** Takes a slot for the installation; false (and `key` remembered) when it is at the cap. */
  take(installationId: string, key: string): boolean;
  /** Gives the slot back; answers the lanes deferred meanwhile, to queue again. */
  release(installationId: string): string[];
}

export function createInstallationSlots(max: number): InstallationSlots {
  const held = new Map<string, number>();
  const deferred = new Map<string, Set<string>>();
  return {
    take(installationId, key) {
      const count = held.get(installationId) ?? 0;
      if (count >= max) {
        let keys = deferred.get(installationId);
        if (keys === undefined) deferred.set(installationId, (keys = new Set()));
        keys.add(key);
        return false;
      }
      held.set(installationId, count + 1);
      return true;
    },
    release(installationId) {
      const count = (held.get(installationId) ?? 1) - 1;
      if (count > 0) held.set(installationId, count);
      else held.delete(installationId);
      const keys = deferred.get(installationId);
      deferred.delete(installationId);
      return keys ? [...keys] : [];
    },
  };
}
