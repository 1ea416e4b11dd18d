-- 029_domain_checks_host_routing.down.sql
-- Purpose: undo 029: drop the host notifications, shell.resolve_host, domain_checks (the check
--   history is lost) and the scheduling columns; the status check no longer accepts `lost`.
--   Stop the app's domain checker and host cache first: nothing notifies or answers them after.
-- Pre-check: 029 is applied, and no domain is `lost` (it would break the old status check:
--   remove those domains, or wait for their owners to re-verify them).
-- Post-check: domain_checks, shell.resolve_host and the columns are gone.
-- Failure handling: the runner's transaction rolls back and nothing changes; fix and re-run.

DO $$
BEGIN
  IF to_regclass('public.domain_checks') IS NULL THEN
    RAISE EXCEPTION '029 down pre-check failed: 029 is not applied';
  END IF;
  IF EXISTS (SELECT 1 FROM public.workspace_domains WHERE status = 'lost') THEN
    RAISE EXCEPTION '029 down pre-check failed: some domains are lost; remove them first';
  END IF;
END $$;

DROP TRIGGER workspace_domains_notify_host_cache ON public.workspace_domains;
DROP TRIGGER workspaces_notify_host_cache ON public.workspaces;
DROP TRIGGER workspace_domains_truncate_notify_host_cache ON public.workspace_domains;
DROP TRIGGER workspaces_truncate_notify_host_cache ON public.workspaces;
DROP FUNCTION shell.notify_domain_host_changed();
DROP FUNCTION shell.notify_all_hosts_changed();
DROP FUNCTION shell.resolve_host(text, text);
DROP TABLE public.domain_checks;

DROP INDEX public.workspace_domains_next_check_at_idx;
DROP INDEX public.workspace_domains_workspace_id_created_at_idx;
ALTER TABLE public.workspace_domains
  DROP CONSTRAINT workspace_domains_status_check,
  DROP CONSTRAINT workspace_domains_consecutive_failures_check,
  DROP CONSTRAINT workspace_domains_last_check_outcome_check,
  DROP CONSTRAINT workspace_domains_last_check_detail_check,
  DROP COLUMN next_check_at,
  DROP COLUMN consecutive_failures,
  DROP COLUMN last_check_outcome,
  DROP COLUMN last_check_detail;
ALTER TABLE public.workspace_domains
  ADD CONSTRAINT workspace_domains_status_check CHECK (status IN ('pending', 'verified', 'failed'));

DO $$
BEGIN
  IF to_regclass('public.domain_checks') IS NOT NULL
     OR to_regprocedure('shell.resolve_host(text, text)') IS NOT NULL
     OR EXISTS (SELECT 1 FROM information_schema.columns
                 WHERE table_schema = 'public' AND table_name = 'workspace_domains'
                   AND column_name = 'next_check_at') THEN
    RAISE EXCEPTION '029 down post-check failed: something of 029 is left';
  END IF;
END $$;
