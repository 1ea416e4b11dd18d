-- 032_domain_claims.down.sql
-- Purpose: undo 032: a host is unique across all rows again (any status), and the per-workspace
--   key and the host index are dropped.
-- Pre-check: 032 is applied (the partial index exists) and no two rows share a host (remove the
--   extra pending or failed claims first).
-- Post-check: `workspace_domains_host_key` is a constraint again; the 032 indexes are gone.
-- Failure handling: the runner's transaction rolls back and nothing changes; fix and re-run.

DO $$
BEGIN
  IF to_regclass('public.workspace_domains_workspace_id_host_key') IS NULL THEN
    RAISE EXCEPTION '032 down pre-check failed: workspace_domains_workspace_id_host_key does not exist (032 not applied?)';
  END IF;
  IF EXISTS (SELECT host FROM public.workspace_domains GROUP BY host HAVING count(*) > 1) THEN
    RAISE EXCEPTION '032 down pre-check failed: several workspaces claim one host; remove the extra claims first';
  END IF;
END $$;

DROP INDEX public.workspace_domains_host_idx;
ALTER TABLE public.workspace_domains DROP CONSTRAINT workspace_domains_workspace_id_host_key;
DROP INDEX public.workspace_domains_host_key;
ALTER TABLE public.workspace_domains ADD CONSTRAINT workspace_domains_host_key UNIQUE (host);

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint
                  WHERE conrelid = 'public.workspace_domains'::regclass
                    AND conname = 'workspace_domains_host_key')
     OR to_regclass('public.workspace_domains_workspace_id_host_key') IS NOT NULL
     OR to_regclass('public.workspace_domains_host_idx') IS NOT NULL THEN
    RAISE EXCEPTION '032 down post-check failed: the host keys of workspace_domains are not as before';
  END IF;
END $$;
