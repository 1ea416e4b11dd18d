-- 029_domain_checks_host_routing.sql
-- Purpose: custom domains (PRD §15.1, §12.5, issue 9):
--   * `workspace_domains.status` gains `lost` (a verified domain whose TXT record vanished: it
--     stops routing but is kept, so its owner sees why), and the re-check schedule:
--     `next_check_at`, `consecutive_failures`, and the last check's `last_check_outcome` /
--     `last_check_detail` (shown by the domain manager).
--   * `domain_checks`: the history of every DNS check (domain, workspace, host, checked_at,
--     outcome, detail), kept 365 days (the background job deletes older rows). Request code
--     reads its visible workspaces' rows; only the service writes. `domain_id` is no foreign
--     key: a removed domain's history stays.
--   * `shell.resolve_host(host, platform_root)`: the workspace a request's host belongs to (a
--     verified custom domain, or `<slug>.<platform_root>`), for pages without a session; runs as
--     its owner, executable by service_role only.
--   * `NOTIFY shell_host_changed` (`host:<host>` or `all`) when what resolve_host answers may
--     change, so the web processes' host cache forgets it (like 027's session cache).
-- Pre-check: 027 is applied (the session notifications) and 029 is not (no domain_checks).
-- Post-check: the status check accepts `lost`, the columns, the table with RLS enabled and
--   forced and its one policy, the function's privileges and the triggers exist.
-- Failure handling: the runner's transaction rolls back; nothing applied. Fix and re-run.
--   029_domain_checks_host_routing.down.sql undoes it (refused while a domain is `lost`).

DO $$
BEGIN
  IF to_regprocedure('shell.notify_session_changed()') IS NULL THEN
    RAISE EXCEPTION '029 pre-check failed: 027_session_change_notify is not applied';
  END IF;
  IF to_regclass('public.domain_checks') IS NOT NULL
     OR to_regprocedure('shell.resolve_host(text, text)') IS NOT NULL THEN
    RAISE EXCEPTION '029 pre-check failed: domain_checks or shell.resolve_host exists (029 already applied?)';
  END IF;
END $$;

ALTER TABLE public.workspace_domains DROP CONSTRAINT workspace_domains_status_check;
ALTER TABLE public.workspace_domains
  ADD CONSTRAINT workspace_domains_status_check CHECK (status IN ('pending', 'verified', 'failed', 'lost')),
  -- When the background job checks the domain next (null: never again, e.g. failed).
  ADD COLUMN next_check_at timestamptz,
  -- Checks in a row that found no record or a wrong value (resolver failures do not count).
  ADD COLUMN consecutive_failures integer NOT NULL DEFAULT 0,
  ADD COLUMN last_check_outcome text,
  ADD COLUMN last_check_detail text,
  ADD CONSTRAINT workspace_domains_consecutive_failures_check CHECK (consecutive_failures >= 0),
  ADD CONSTRAINT workspace_domains_last_check_outcome_check CHECK (
    last_check_outcome IN ('verified', 'no_record', 'wrong_value', 'resolver_unreachable')),
  ADD CONSTRAINT workspace_domains_last_check_detail_check CHECK (length(last_check_detail) <= 500);
CREATE INDEX workspace_domains_next_check_at_idx ON public.workspace_domains (next_check_at)
  WHERE next_check_at IS NOT NULL;
-- Keyset order of the domain list: (workspace, created_at, id).
CREATE INDEX workspace_domains_workspace_id_created_at_idx
  ON public.workspace_domains (workspace_id, created_at, id);

CREATE TABLE public.domain_checks (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  domain_id uuid NOT NULL,
  workspace_id uuid NOT NULL REFERENCES public.workspaces (id) ON DELETE RESTRICT,
  host text NOT NULL,
  checked_at timestamptz NOT NULL DEFAULT now(),
  outcome text NOT NULL,
  detail text,
  CONSTRAINT domain_checks_outcome_check CHECK (
    outcome IN ('verified', 'no_record', 'wrong_value', 'resolver_unreachable')),
  CONSTRAINT domain_checks_host_check CHECK (length(host) <= 253 AND host = lower(host)),
  CONSTRAINT domain_checks_detail_check CHECK (length(detail) <= 500)
);
CREATE INDEX domain_checks_domain_id_checked_at_idx ON public.domain_checks (domain_id, checked_at DESC);
CREATE INDEX domain_checks_workspace_id_checked_at_idx ON public.domain_checks (workspace_id, checked_at DESC);
CREATE INDEX domain_checks_checked_at_idx ON public.domain_checks (checked_at);
COMMENT ON TABLE public.domain_checks IS
  'DNS checks of custom domains (PRD §15.1, §12.5): kept 365 days, written by the service.';

ALTER TABLE public.domain_checks ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.domain_checks FORCE ROW LEVEL SECURITY;
REVOKE ALL ON public.domain_checks FROM PUBLIC, anon, authenticated;
GRANT ALL ON public.domain_checks TO service_role;
GRANT SELECT ON public.domain_checks TO authenticated;
CREATE POLICY domain_checks_select_visible ON public.domain_checks
  FOR SELECT TO authenticated
  USING (workspace_id = ANY ((SELECT shell.visible_workspace_ids())::uuid[]));

-- The workspace serving `p_host` (lower-case, no port, no trailing dot): `custom` for a
-- verified domain, `platform` for `<slug>.<p_platform_root>`; nothing for any other host or an
-- archived workspace.
CREATE FUNCTION shell.resolve_host(p_host text, p_platform_root text)
RETURNS TABLE (workspace_id uuid, kind text)
LANGUAGE sql
STABLE
SECURITY DEFINER
SET search_path = ''
AS $$
  SELECT w.id, 'platform'
    FROM public.workspaces w
   WHERE p_platform_root <> ''
     AND right(p_host, length(p_platform_root) + 1) = '.' || p_platform_root
     AND w.slug = left(p_host, length(p_host) - length(p_platform_root) - 1)
     AND w.status <> 'archived'
  UNION ALL
  SELECT d.workspace_id, 'custom'
    FROM public.workspace_domains d
    JOIN public.workspaces w ON w.id = d.workspace_id
   WHERE d.host = p_host AND d.status = 'verified' AND w.status <> 'archived'
  LIMIT 1
$$;
COMMENT ON FUNCTION shell.resolve_host(text, text) IS
  'The workspace a request host belongs to (verified custom domain or platform host); service only.';
REVOKE ALL ON FUNCTION shell.resolve_host(text, text) FROM PUBLIC, anon, authenticated;
GRANT EXECUTE ON FUNCTION shell.resolve_host(text, text) TO service_role;

-- A domain row: its host (old and new) when routing may change (insert, delete, or a change
-- of host, status or workspace; the job's last_checked_at writes send nothing).
CREATE FUNCTION shell.notify_domain_host_changed()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = ''
AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND NEW.host = OLD.host AND NEW.status = OLD.status
     AND NEW.workspace_id = OLD.workspace_id THEN
    RETURN NULL;
  END IF;
  IF TG_OP <> 'INSERT' THEN
    PERFORM pg_notify('shell_host_changed', 'host:' || OLD.host);
  END IF;
  IF TG_OP <> 'DELETE' AND (TG_OP = 'INSERT' OR NEW.host <> OLD.host) THEN
    PERFORM pg_notify('shell_host_changed', 'host:' || NEW.host);
  END IF;
  RETURN NULL;
END
$$;
-- A workspace's slug or status (platform hosts, archived workspaces), or a truncate: `all`.
CREATE FUNCTION shell.notify_all_hosts_changed()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = ''
AS $$
BEGIN
  IF TG_LEVEL = 'ROW' AND TG_OP = 'UPDATE' AND NEW.slug IS NOT DISTINCT FROM OLD.slug
     AND NEW.status = OLD.status THEN
    RETURN NULL;
  END IF;
  PERFORM pg_notify('shell_host_changed', 'all');
  RETURN NULL;
END
$$;
REVOKE ALL ON FUNCTION shell.notify_domain_host_changed(), shell.notify_all_hosts_changed()
  FROM PUBLIC, anon, authenticated, service_role;

CREATE TRIGGER workspace_domains_notify_host_cache
  AFTER INSERT OR UPDATE OR DELETE ON public.workspace_domains
  FOR EACH ROW EXECUTE FUNCTION shell.notify_domain_host_changed();
CREATE TRIGGER workspaces_notify_host_cache
  AFTER UPDATE OR DELETE ON public.workspaces
  FOR EACH ROW EXECUTE FUNCTION shell.notify_all_hosts_changed();
CREATE TRIGGER workspace_domains_truncate_notify_host_cache
  AFTER TRUNCATE ON public.workspace_domains
  FOR EACH STATEMENT EXECUTE FUNCTION shell.notify_all_hosts_changed();
CREATE TRIGGER workspaces_truncate_notify_host_cache
  AFTER TRUNCATE ON public.workspaces
  FOR EACH STATEMENT EXECUTE FUNCTION shell.notify_all_hosts_changed();

DO $$
DECLARE
  trg text;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint
                  WHERE conname = 'workspace_domains_status_check'
                    AND pg_get_constraintdef(oid) LIKE '%lost%') THEN
    RAISE EXCEPTION '029 post-check failed: workspace_domains.status does not accept lost';
  END IF;
  IF (SELECT count(*) FROM information_schema.columns
       WHERE table_schema = 'public' AND table_name = 'workspace_domains'
         AND column_name IN ('next_check_at', 'consecutive_failures', 'last_check_outcome',
                             'last_check_detail')) <> 4 THEN
    RAISE EXCEPTION '029 post-check failed: a scheduling column of workspace_domains is missing';
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_class
                  WHERE oid = 'public.domain_checks'::regclass AND relrowsecurity AND relforcerowsecurity) THEN
    RAISE EXCEPTION '029 post-check failed: RLS not enabled and forced on domain_checks';
  END IF;
  IF (SELECT count(*) FROM pg_catalog.pg_policies
       WHERE schemaname = 'public' AND tablename = 'domain_checks') <> 1 THEN
    RAISE EXCEPTION '029 post-check failed: domain_checks must have exactly its select policy';
  END IF;
  IF has_table_privilege('authenticated', 'public.domain_checks', 'INSERT')
     OR has_table_privilege('authenticated', 'public.domain_checks', 'UPDATE')
     OR has_table_privilege('authenticated', 'public.domain_checks', 'DELETE')
     OR has_table_privilege('anon', 'public.domain_checks', 'SELECT') THEN
    RAISE EXCEPTION '029 post-check failed: domain_checks is writable by request code or readable by anon';
  END IF;
  IF has_function_privilege('authenticated', 'shell.resolve_host(text, text)', 'EXECUTE')
     OR has_function_privilege('anon', 'shell.resolve_host(text, text)', 'EXECUTE')
     OR NOT has_function_privilege('service_role', 'shell.resolve_host(text, text)', 'EXECUTE') THEN
    RAISE EXCEPTION '029 post-check failed: shell.resolve_host must be executable by service_role only';
  END IF;
  FOREACH trg IN ARRAY ARRAY['workspace_domains_notify_host_cache', 'workspaces_notify_host_cache',
                             'workspace_domains_truncate_notify_host_cache',
                             'workspaces_truncate_notify_host_cache'] LOOP
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_trigger t
                    WHERE t.tgname = trg AND NOT t.tgisinternal AND t.tgenabled = 'O') THEN
      RAISE EXCEPTION '029 post-check failed: trigger % missing or disabled', trg;
    END IF;
  END LOOP;
END $$;
