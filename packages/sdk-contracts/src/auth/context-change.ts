import { z } from 'zod';
import { impersonationStateSchema, workspaceContextSchema } from '../workspace-context';
import { destinationSchema } from './destination';

/** `POST /workspaces/switch` (PRD §20.3): the new context and where the UI goes. */
export const workspaceSwitchResultSchema = z
  .object({ effective_context: workspaceContextSchema, destination: destinationSchema })
  .meta({ id: 'WorkspaceSwitchResult' });
export type WorkspaceSwitchResult = z.infer<typeof workspaceSwitchResultSchema>;

/** `POST /auth/impersonation/start` and `/stop` (PRD §20.3). */
export const impersonationResultSchema = z
  .object({
    impersonation_state: impersonationStateSchema,
    effective_context: workspaceContextSchema.nullable().meta({
      description:
        'The session’s context now; null only after a stop when the actor no longer governs its own workspace',
    }),
    destination: destinationSchema,
  })
  .meta({ id: 'ImpersonationResult' });
export type ImpersonationResult = z.infer<typeof impersonationResultSchema>;

/** What every context change answers (switch, impersonation start and stop): where to go. */
export type ContextChangeResult = Pick<WorkspaceSwitchResult | ImpersonationResult, 'destination'>;
