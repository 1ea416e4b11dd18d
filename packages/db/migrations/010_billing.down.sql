-- 010_billing.down.sql
-- Purpose: undo 010: drop subscriptions and billing_accounts.
-- Pre-check: 011 is undone (public.contacts gone) and 010's tables exist.
-- Post-check: both tables are gone.
-- Failure handling: the runner's transaction rolls back and nothing is dropped; undo 011
--   first and re-run. Staging only (PRD §12.6): Stripe remains the source of truth and a
--   reconciliation run rebuilds the rows after re-applying 010.

DO $$
BEGIN
  IF to_regclass('public.contacts') IS NOT NULL THEN
    RAISE EXCEPTION '010 down pre-check failed: public.contacts still exists; undo 011 first';
  END IF;
  IF to_regclass('public.billing_accounts') IS NULL OR to_regclass('public.subscriptions') IS NULL THEN
    RAISE EXCEPTION '010 down pre-check failed: a table of 010 is missing (010 not applied?)';
  END IF;
END $$;

DROP TABLE public.subscriptions;
DROP TABLE public.billing_accounts;

DO $$
BEGIN
  IF to_regclass('public.billing_accounts') IS NOT NULL OR to_regclass('public.subscriptions') IS NOT NULL THEN
    RAISE EXCEPTION '010 down post-check failed: a table of 010 still exists';
  END IF;
END $$;
