import { SHELL_EVENT_SOURCE, type WorkspaceContext } from '@aiconnected/sdk-contracts';
import type { InstallationPrincipal } from './credentials/installation-principal';

export type { InstallationPrincipal };

/**
 * Who emits an event (docs/events.md "Emit"): the shell itself (its own namespaces), an admin
 * holding `events.manage` (names a module enabled in the workspace declares), or a module's
 * server authenticated by its installation's API key (names its installed manifest declares).
 */
export type EventProducer =
  | { kind: 'shell' }
  | { kind: 'user'; actor: WorkspaceContext }
  | { kind: 'module'; installation: InstallationPrincipal };

/** The CloudEvents `source` of a producer's events: `/shell`, `/users/<id>`, `/modules/<key>`. */
export function sourceOf(producer: EventProducer): string {
  switch (producer.kind) {
    case 'shell':
      return SHELL_EVENT_SOURCE;
    case 'user':
      return `/users/${producer.actor.user_id}`;
    case 'module':
      return `/modules/${producer.installation.moduleKey}`;
  }
}
