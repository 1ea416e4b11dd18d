-- 034_module_installations_lifecycle.sql
-- Purpose: per-workspace installations of issue 10 (PRD §19, §23.2, §23.6; docs/modules.md
--   "Installations", "Who may do what"):
--   * `module_installations` gains `previous_version` (the version before the last upgrade
--     or rollback; a registered row of module_registry), `state_changed_at` (the last
--     transition) and `enabled_at` (the last time it was enabled).
--   * `module_policies`: one row per agency (`agency_workspace_id`), whether the admins and
--     managers of its businesses manage their own modules (`businesses_may_manage`, default
--     false: no row means false). Only agencies have a row (trigger). RLS enabled and forced:
--     read by the agency and its businesses (and super), inserted and updated by holders of
--     `modules.install` in the agency (its admins, super), never deleted by request code.
-- Pre-check: 033 is applied (module_catalog exists); 034 is not.
-- Post-check: the columns, the table, its key, RLS forced, its three policies, the privileges
--   (authenticated SELECT, INSERT, UPDATE; anon nothing) and the agency-only trigger.
-- Failure handling: the runner's transaction rolls back; nothing applied. Fix and re-run.
--   034_module_installations_lifecycle.down.sql undoes it (staging only: policies and the
--   version history of installations are lost).

DO $$
BEGIN
  IF to_regclass('public.module_catalog') IS NULL THEN
    RAISE EXCEPTION '034 pre-check failed: 033_module_registry_lifecycle is not applied';
  END IF;
  IF to_regclass('public.module_policies') IS NOT NULL THEN
    RAISE EXCEPTION '034 pre-check failed: public.module_policies already exists';
  END IF;
END $$;

ALTER TABLE public.module_installations
  ADD COLUMN previous_version text,
  ADD COLUMN state_changed_at timestamptz NOT NULL DEFAULT now(),
  ADD COLUMN enabled_at timestamptz,
  ADD CONSTRAINT module_installations_previous_version_fkey FOREIGN KEY (module_key, previous_version)
    REFERENCES public.module_registry (module_key, version) ON DELETE RESTRICT;
UPDATE public.module_installations SET state_changed_at = updated_at;
UPDATE public.module_installations SET enabled_at = updated_at WHERE state = 'enabled';

CREATE TABLE public.module_policies (
  agency_workspace_id uuid PRIMARY KEY REFERENCES public.workspaces (id) ON DELETE RESTRICT,
  businesses_may_manage boolean NOT NULL DEFAULT false,
  updated_by_user_id uuid REFERENCES public.users (id) ON DELETE RESTRICT,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE public.module_policies IS
  'An agency''s module policy for its businesses (docs/modules.md "Who may do what"); no row: businesses may not manage.';

CREATE TRIGGER module_policies_set_updated_at
  BEFORE UPDATE ON public.module_policies
  FOR EACH ROW EXECUTE FUNCTION shell.set_updated_at();

-- Only an agency has a module policy, whoever writes it (the service included).
-- Threat note (SECURITY DEFINER): reads the type of the row's workspace past RLS, so a caller
-- who cannot see the agency is refused by the policies (42501), not by this check; it answers
-- nothing but whether the row may exist.
CREATE FUNCTION shell.check_module_policy_agency()
RETURNS trigger
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = ''
AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM public.workspaces w
                  WHERE w.id = NEW.agency_workspace_id AND w.type = 'agency') THEN
    RAISE EXCEPTION 'workspace % is not an agency', NEW.agency_workspace_id
      USING ERRCODE = 'check_violation', CONSTRAINT = 'module_policies_agency_check';
  END IF;
  RETURN NEW;
END
$$;
REVOKE ALL ON FUNCTION shell.check_module_policy_agency() FROM PUBLIC;
CREATE TRIGGER module_policies_check_agency
  BEFORE INSERT OR UPDATE ON public.module_policies
  FOR EACH ROW EXECUTE FUNCTION shell.check_module_policy_agency();

ALTER TABLE public.module_policies ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.module_policies FORCE ROW LEVEL SECURITY;

REVOKE ALL ON public.module_policies FROM PUBLIC, anon, authenticated;
GRANT ALL ON public.module_policies TO service_role;
GRANT SELECT, INSERT, UPDATE ON public.module_policies TO authenticated;

-- Read by the agency (when visible), by its businesses (a visible workspace whose parent it
-- is: a business member sees its agency's policy, nothing else of the agency), and in
-- platform scope.
CREATE POLICY module_policies_select_agency_and_businesses ON public.module_policies
  FOR SELECT TO authenticated
  USING ((SELECT shell.in_platform_scope())
         OR agency_workspace_id = ANY ((SELECT shell.visible_workspace_ids())::uuid[])
         OR EXISTS (SELECT 1 FROM public.workspaces w
                     WHERE w.id = ANY ((SELECT shell.visible_workspace_ids())::uuid[])
                       AND w.parent_workspace_id = module_policies.agency_workspace_id));
CREATE POLICY module_policies_insert_with_modules_install ON public.module_policies
  FOR INSERT TO authenticated
  WITH CHECK (agency_workspace_id = ANY ((SELECT shell.workspaces_with_permission('modules.install'))::uuid[])
              AND (updated_by_user_id IS NULL OR updated_by_user_id = (SELECT shell.current_user_id())));
CREATE POLICY module_policies_update_with_modules_install ON public.module_policies
  FOR UPDATE TO authenticated
  USING (agency_workspace_id = ANY ((SELECT shell.workspaces_with_permission('modules.install'))::uuid[]))
  WITH CHECK (agency_workspace_id = ANY ((SELECT shell.workspaces_with_permission('modules.install'))::uuid[])
              AND (updated_by_user_id IS NULL OR updated_by_user_id = (SELECT shell.current_user_id())));

DO $$
DECLARE
  missing text;
BEGIN
  SELECT string_agg(c, ', ') INTO missing
    FROM unnest(ARRAY['previous_version', 'state_changed_at', 'enabled_at']) AS c
   WHERE NOT EXISTS (SELECT 1 FROM pg_catalog.pg_attribute
                      WHERE attrelid = 'public.module_installations'::regclass AND attname = c AND NOT attisdropped);
  IF missing IS NOT NULL THEN
    RAISE EXCEPTION '034 post-check failed: module_installations lacks columns %', missing;
  END IF;
  IF to_regclass('public.module_policies_pkey') IS NULL THEN
    RAISE EXCEPTION '034 post-check failed: module_policies has no primary key';
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_class WHERE oid = 'public.module_policies'::regclass
                    AND relrowsecurity AND relforcerowsecurity) THEN
    RAISE EXCEPTION '034 post-check failed: RLS is not enabled and forced on module_policies';
  END IF;
  IF (SELECT count(*) FROM pg_catalog.pg_policy WHERE polrelid = 'public.module_policies'::regclass) <> 3 THEN
    RAISE EXCEPTION '034 post-check failed: module_policies must have exactly its three policies';
  END IF;
  IF has_table_privilege('authenticated', 'public.module_policies', 'DELETE')
     OR has_table_privilege('anon', 'public.module_policies', 'SELECT') THEN
    RAISE EXCEPTION '034 post-check failed: module_policies grants too much to request code';
  END IF;
  IF EXISTS (SELECT 1 FROM pg_catalog.pg_proc
              WHERE oid = 'shell.check_module_policy_agency()'::regprocedure
                AND proconfig IS DISTINCT FROM ARRAY['search_path=""']) THEN
    RAISE EXCEPTION '034 post-check failed: shell.check_module_policy_agency lacks an empty search_path';
  END IF;
END $$;
