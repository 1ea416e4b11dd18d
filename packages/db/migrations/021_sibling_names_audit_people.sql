-- 021_sibling_names_audit_people.sql
-- Purpose: two things the code could not guarantee on its own.
--   * Sibling workspaces have distinct names, whoever renames: a unique index on
--     (parent_workspace_id, lower(btrim(name))). The code's own check ran under RLS, so a
--     business admin, who cannot see the sibling businesses, could rename theirs to a
--     sibling's name. The identity package answers the index's violation with CONFLICT. Top
--     level workspaces (no parent) are not compared (NULLs are distinct).
--   * Audit rows keep the people they name as they were at the time: a BEFORE INSERT trigger
--     adds metadata_json.people = {actor, impersonator, target_user}, each {id, email,
--     display_name} from public.users, for every writer (the identity package, the
--     `workspace.switch` of shell.switch_session_workspace). The target user is `target_id`
--     when target_type is `user`, else metadata_json.user_id (memberships, invitations).
--     A `people` key the writer set is kept. Readers fall back to the live user for rows
--     written before this migration. The keys are documented with the audit actions
--     (packages/sdk-contracts/src/audit/audit-actions.ts).
-- Pre-check: 019 is applied; no two workspaces under one parent share a name (case and
--   surrounding spaces ignored). The failure lists them: rename one of each, then re-run.
-- Post-check: the index is unique and valid; the trigger exists on audit_logs and calls the
--   function, which sets search_path.
-- Failure handling: the runner's transaction rolls back; nothing applied; fix and re-run.
--   021_sibling_names_audit_people.down.sql drops the index, the trigger and the function
--   (snapshots already written stay in metadata_json).

DO $$
DECLARE
  twins text;
BEGIN
  IF to_regprocedure('shell.resolve_session(text)') IS NULL THEN
    RAISE EXCEPTION '021 pre-check failed: 019_request_context is not applied';
  END IF;
  SELECT string_agg(format('%L (%s workspaces under parent %s)', d.name, d.count, d.parent), '; ')
    INTO twins
    FROM (SELECT w.parent_workspace_id AS parent, min(w.name) AS name, count(*) AS count
            FROM public.workspaces w
           WHERE w.parent_workspace_id IS NOT NULL
           GROUP BY w.parent_workspace_id, lower(btrim(w.name))
          HAVING count(*) > 1) d;
  IF twins IS NOT NULL THEN
    RAISE EXCEPTION '021 pre-check failed: sibling workspaces share a name; rename one of each, then re-run: %', twins;
  END IF;
END $$;

CREATE UNIQUE INDEX workspaces_parent_name_key
  ON public.workspaces (parent_workspace_id, lower(btrim(name)));
COMMENT ON INDEX public.workspaces_parent_name_key IS
  'Sibling workspaces have distinct names (case and surrounding spaces ignored), whoever renames.';

CREATE FUNCTION shell.snapshot_audit_people()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = ''
AS $$
DECLARE
  target uuid;
  slot text;
  person_id uuid;
  people jsonb := '{}'::jsonb;
  person jsonb;
BEGIN
  target := CASE
    WHEN NEW.target_type = 'user'
         AND NEW.target_id ~* '^[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}$' THEN NEW.target_id::uuid
    WHEN NEW.metadata_json ->> 'user_id' ~* '^[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}$'
      THEN (NEW.metadata_json ->> 'user_id')::uuid
  END;
  FOR slot, person_id IN
    VALUES ('actor', NEW.actor_user_id), ('impersonator', NEW.impersonator_user_id), ('target_user', target)
  LOOP
    SELECT jsonb_build_object('id', u.id, 'email', u.email, 'display_name', u.display_name)
      INTO person FROM public.users u WHERE u.id = person_id;
    IF FOUND THEN people := people || jsonb_build_object(slot, person); END IF;
  END LOOP;
  IF people <> '{}'::jsonb AND NOT NEW.metadata_json ? 'people' THEN
    NEW.metadata_json := NEW.metadata_json || jsonb_build_object('people', people);
  END IF;
  RETURN NEW;
END
$$;
COMMENT ON FUNCTION shell.snapshot_audit_people() IS
  'Trigger: audit rows keep actor, impersonator and target user as they were when written.';
REVOKE ALL ON FUNCTION shell.snapshot_audit_people() FROM PUBLIC, anon, authenticated;

CREATE TRIGGER audit_logs_snapshot_people
  BEFORE INSERT ON public.audit_logs
  FOR EACH ROW EXECUTE FUNCTION shell.snapshot_audit_people();

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_index i
                  WHERE i.indexrelid = to_regclass('public.workspaces_parent_name_key')
                    AND i.indisunique AND i.indisvalid) THEN
    RAISE EXCEPTION '021 post-check failed: workspaces_parent_name_key is missing, not unique or not valid';
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_trigger t
                  WHERE t.tgrelid = 'public.audit_logs'::regclass
                    AND t.tgname = 'audit_logs_snapshot_people'
                    AND t.tgfoid = to_regprocedure('shell.snapshot_audit_people()')) THEN
    RAISE EXCEPTION '021 post-check failed: trigger audit_logs_snapshot_people is missing';
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_proc p
                  WHERE p.oid = to_regprocedure('shell.snapshot_audit_people()')
                    AND p.proconfig = ARRAY['search_path=""']) THEN
    RAISE EXCEPTION '021 post-check failed: shell.snapshot_audit_people() without search_path';
  END IF;
END $$;
