-- 032_domain_claims.sql
-- Purpose: an unverified claim no longer blocks a host's real owner (domain squatting, review
--   5 of issue 9). `workspace_domains_host_key` becomes a partial unique index over `verified`
--   and `lost` rows: the database still enforces one routing owner per host, but several
--   workspaces may hold a `pending` (or `failed`) claim on it, and the first whose TXT record
--   holds its own token verifies. A workspace holds a host at most once
--   (`workspace_domains_workspace_id_host_key`); `workspace_domains_host_idx` serves lookups of
--   a host's claims. The background checker deletes claims never verified within 30 days.
-- Pre-check: 029 is applied (status `lost`) and 032 is not (the host constraint still exists).
-- Post-check: the constraint is gone, the partial unique index, the per-workspace key and the
--   host index exist.
-- Failure handling: the runner's transaction rolls back; nothing applied. Fix and re-run.
--   032_domain_claims.down.sql undoes it (refused while two rows share a host).

DO $$
BEGIN
  IF to_regprocedure('shell.resolve_host(text, text)') IS NULL THEN
    RAISE EXCEPTION '032 pre-check failed: 029_domain_checks_host_routing is not applied';
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint
                  WHERE conrelid = 'public.workspace_domains'::regclass
                    AND conname = 'workspace_domains_host_key') THEN
    RAISE EXCEPTION '032 pre-check failed: workspace_domains_host_key is no constraint (032 already applied?)';
  END IF;
END $$;

ALTER TABLE public.workspace_domains DROP CONSTRAINT workspace_domains_host_key;
-- The routing owner of a host: one verified (or lost, until its owner removes it) row.
CREATE UNIQUE INDEX workspace_domains_host_key ON public.workspace_domains (host)
  WHERE status IN ('verified', 'lost');
ALTER TABLE public.workspace_domains
  ADD CONSTRAINT workspace_domains_workspace_id_host_key UNIQUE (workspace_id, host);
CREATE INDEX workspace_domains_host_idx ON public.workspace_domains (host);

DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_catalog.pg_constraint
              WHERE conrelid = 'public.workspace_domains'::regclass
                AND conname = 'workspace_domains_host_key')
     OR NOT EXISTS (SELECT 1 FROM pg_catalog.pg_index i
                     WHERE i.indexrelid = to_regclass('public.workspace_domains_host_key')
                       AND i.indisunique AND i.indpred IS NOT NULL)
     OR to_regclass('public.workspace_domains_workspace_id_host_key') IS NULL
     OR to_regclass('public.workspace_domains_host_idx') IS NULL THEN
    RAISE EXCEPTION '032 post-check failed: the host keys of workspace_domains are not as expected';
  END IF;
END $$;
