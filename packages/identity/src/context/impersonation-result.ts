import type { Destination } from '@aiconnected/permissions';
import type { ImpersonationState, WorkspaceContext } from '@aiconnected/sdk-contracts';

/** What `POST /auth/impersonation/start` and `/stop` answer (PRD §20.3). */
export interface ImpersonationResult {
  impersonation_state: ImpersonationState;
  /**
   * The session's context now. Null only after a stop, when the actor no longer governs the
   * workspace it returned to (e.g. its membership was removed meanwhile).
   */
  effective_context: WorkspaceContext | null;
  /** Where the UI goes now: the dashboard of the active workspace's type, or the selector. */
  destination: Destination;
}
