'use client';

import type { useRouter } from 'next/navigation';

/**
 * After the session's workspace changed (switch, impersonation start or stop): open the new
 * destination and re-render the shell, whose header and navigation depend on the session.
 */
export function goToDestination(router: ReturnType<typeof useRouter>, destination: string): void {
  router.push(destination);
  router.refresh();
}
