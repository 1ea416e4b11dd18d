-- 010_billing.sql
-- Purpose: billing entitlement state (PRD §11, §12.2, §23): `billing_accounts` (one per
--   workspace, mapped to a Stripe customer, holding the normalised entitlement status of the
--   §23.1 state machine) and `subscriptions` (Stripe subscriptions, normalised into the same
--   states, raw Stripe status kept alongside). subscriptions carries workspace_id, tied to its
--   billing account by a composite foreign key (docs/tenancy-and-rls.md).
-- Pre-check: 009 is applied; neither table exists.
-- Post-check: both tables with their columns, unique constraints, keys and indexes exist.
-- Failure handling: the runner's transaction rolls back; nothing applied. Fix and re-run.

DO $$
BEGIN
  IF to_regclass('public.ai_jobs') IS NULL OR to_regclass('public.ai_job_state_transitions') IS NULL THEN
    RAISE EXCEPTION '010 pre-check failed: 009_ai_jobs is not applied';
  END IF;
  IF to_regclass('public.billing_accounts') IS NOT NULL OR to_regclass('public.subscriptions') IS NOT NULL THEN
    RAISE EXCEPTION '010 pre-check failed: a table of 010 already exists';
  END IF;
END $$;

CREATE TABLE public.billing_accounts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES public.workspaces (id) ON DELETE RESTRICT,
  -- Null until the Stripe customer is created.
  stripe_customer_id text,
  -- Entitlement state (PRD §23.1): active, past_due, grace, suspended, canceled.
  status text NOT NULL DEFAULT 'active',
  grace_ends_at timestamptz,
  status_changed_at timestamptz NOT NULL DEFAULT now(),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT billing_accounts_workspace_id_key UNIQUE (workspace_id),
  CONSTRAINT billing_accounts_stripe_customer_id_key UNIQUE (stripe_customer_id),
  -- Target of subscriptions' composite foreign key.
  CONSTRAINT billing_accounts_id_workspace_id_key UNIQUE (id, workspace_id),
  CONSTRAINT billing_accounts_status_check CHECK (status IN ('active', 'past_due', 'grace', 'suspended', 'canceled')),
  CONSTRAINT billing_accounts_stripe_customer_id_check
    CHECK (stripe_customer_id IS NULL OR length(stripe_customer_id) BETWEEN 1 AND 255),
  CONSTRAINT billing_accounts_grace_check CHECK (status <> 'grace' OR grace_ends_at IS NOT NULL)
);
COMMENT ON TABLE public.billing_accounts IS 'One billing account per workspace with its entitlement state (PRD §23).';

CREATE TABLE public.subscriptions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  billing_account_id uuid NOT NULL,
  -- Copy of the account's workspace for RLS; the composite FK keeps it equal.
  workspace_id uuid NOT NULL,
  stripe_sub_id text NOT NULL,
  -- Normalised into the §23.1 states; the raw Stripe status is kept in stripe_status.
  state text NOT NULL,
  stripe_status text,
  plan_key text,
  period_end timestamptz,
  cancel_at_period_end boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT subscriptions_billing_account_fkey FOREIGN KEY (billing_account_id, workspace_id)
    REFERENCES public.billing_accounts (id, workspace_id) ON DELETE RESTRICT,
  CONSTRAINT subscriptions_stripe_sub_id_key UNIQUE (stripe_sub_id),
  CONSTRAINT subscriptions_stripe_sub_id_check CHECK (length(stripe_sub_id) BETWEEN 1 AND 255),
  CONSTRAINT subscriptions_state_check CHECK (state IN ('active', 'past_due', 'grace', 'suspended', 'canceled')),
  CONSTRAINT subscriptions_stripe_status_check CHECK (stripe_status IS NULL OR stripe_status IN
    ('incomplete', 'incomplete_expired', 'trialing', 'active', 'past_due', 'canceled', 'unpaid', 'paused')),
  CONSTRAINT subscriptions_plan_key_check CHECK (plan_key IS NULL OR length(plan_key) BETWEEN 1 AND 255)
);
CREATE INDEX subscriptions_billing_account_id_state_idx ON public.subscriptions (billing_account_id, state);
CREATE INDEX subscriptions_workspace_id_idx ON public.subscriptions (workspace_id);
COMMENT ON TABLE public.subscriptions IS 'Stripe subscriptions normalised into entitlement states (PRD §23.3).';

CREATE TRIGGER billing_accounts_set_updated_at
  BEFORE UPDATE ON public.billing_accounts
  FOR EACH ROW EXECUTE FUNCTION shell.set_updated_at();

CREATE TRIGGER subscriptions_set_updated_at
  BEFORE UPDATE ON public.subscriptions
  FOR EACH ROW EXECUTE FUNCTION shell.set_updated_at();

DO $$
DECLARE
  spec jsonb := '{
    "billing_accounts": ["id", "workspace_id", "stripe_customer_id", "status", "grace_ends_at", "status_changed_at", "created_at", "updated_at"],
    "subscriptions": ["id", "billing_account_id", "workspace_id", "stripe_sub_id", "state", "stripe_status", "plan_key",
                      "period_end", "cancel_at_period_end", "created_at", "updated_at"]
  }';
  missing text;
BEGIN
  SELECT string_agg(t.key || '.' || c.value, ', ') INTO missing
    FROM jsonb_each(spec) AS t
    CROSS JOIN LATERAL jsonb_array_elements_text(t.value) AS c
   WHERE to_regclass('public.' || t.key) IS NULL
      OR NOT EXISTS (SELECT 1 FROM pg_catalog.pg_attribute
                      WHERE attrelid = to_regclass('public.' || t.key) AND attname = c.value AND NOT attisdropped);
  IF missing IS NOT NULL THEN
    RAISE EXCEPTION '010 post-check failed: missing columns %', missing;
  END IF;
  SELECT string_agg(i, ', ') INTO missing
    FROM unnest(ARRAY['billing_accounts_workspace_id_key', 'billing_accounts_stripe_customer_id_key',
                      'billing_accounts_id_workspace_id_key', 'subscriptions_stripe_sub_id_key',
                      'subscriptions_billing_account_id_state_idx', 'subscriptions_workspace_id_idx']) AS i
   WHERE to_regclass('public.' || i) IS NULL;
  IF missing IS NOT NULL THEN
    RAISE EXCEPTION '010 post-check failed: missing indexes %', missing;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conname = 'subscriptions_billing_account_fkey' AND contype = 'f') THEN
    RAISE EXCEPTION '010 post-check failed: composite foreign key subscriptions_billing_account_fkey missing';
  END IF;
END $$;
