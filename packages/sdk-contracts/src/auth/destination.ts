import { z } from 'zod';

/** The pages a signed-in user lands on: a dashboard per workspace type, or the selector. */
export const DESTINATIONS = ['/super', '/agency', '/business', '/select-workspace'] as const;

/** Where the UI sends a user after sign-in, a switch or an impersonation change (PRD §13). */
export const destinationSchema = z.enum(DESTINATIONS).meta({
  id: 'Destination',
  description:
    'The dashboard of the active workspace type, or the workspace selector when none is active',
});
export type Destination = z.infer<typeof destinationSchema>;
