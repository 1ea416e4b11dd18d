import { z } from 'zod';
import { timestampSchema } from '../common/keys';

/**
 * The billing state machine of PRD §23.1: `active -> past_due -> grace -> suspended ->
 * canceled`, and back to `active` from past_due/grace/suspended on recovery. Each state's
 * effect on module access is PRD §23.2.
 */
export const BILLING_ENTITLEMENT_STATES = [
  'active',
  'past_due',
  'grace',
  'suspended',
  'canceled',
] as const;

export const billingEntitlementStateSchema = z
  .enum(BILLING_ENTITLEMENT_STATES)
  .meta({ id: 'BillingEntitlementState', description: 'Entitlement state (PRD §23.1)' });
export type BillingEntitlementState = z.infer<typeof billingEntitlementStateSchema>;

/** A workspace's normalised entitlement, derived from Stripe webhooks (the source of truth). */
export const billingEntitlementSchema = z
  .object({
    workspace_id: z.uuid(),
    state: billingEntitlementStateSchema,
    stripe_customer_id: z.string().min(1).nullable(),
    stripe_subscription_id: z.string().min(1).nullable(),
    current_period_end: timestampSchema.nullable(),
    grace_ends_at: timestampSchema
      .nullable()
      .meta({ description: 'When grace expires into suspended; null outside grace' }),
  })
  .meta({ id: 'BillingEntitlement', description: 'Normalised billing entitlement of a workspace' });
export type BillingEntitlement = z.infer<typeof billingEntitlementSchema>;
