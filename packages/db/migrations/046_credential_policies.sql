-- 046_credential_policies.sql
-- Purpose: credential policies, their history and the resolution log of issue 13 (PRD §12.3,
--   §12.5, §23.5, §25.3; docs/integrations.md):
--   * `credential_policies` gains `version` (set by trigger: 1 on insert, +1 on every change of
--     its content; a value written by anyone else is ignored), `fallback_when_invalid` (an
--     invalid or expired own credential may fall back only when this and
--     `allow_parent_fallback` are both true) and `allowed_scopes` (null = no narrowing; else
--     the scopes connections below may request). The resolution order is one of the six
--     contiguous runs of business -> agency -> super (its first level = the workspace's type,
--     checked by the package).
--   * Who sets the fallback switches: they say whether workspace W may use its PARENT's
--     credential, so request code changes them (or inserts them true) only with
--     `credentials.inheritance.manage` in W's parent (agency admins for their businesses,
--     super for agencies), or as a platform holder of it for the super workspace's own row;
--     W's own admins set the order and allowed scopes. Trigger
--     `shell.check_credential_policy_fallback` (42501), as 035's column rule.
--   * `credential_policy_history`: every version of every policy (created, updated, deleted),
--     written by an AFTER trigger whatever the writer (request code or service), kept 365 days
--     (the service prunes `changed_at < now() - 366 days`); append-only (UPDATE refused);
--     read where the workspace is visible.
--   * `credential_resolution_decisions`: every resolution (API or server), with its steps
--     along the ancestry; append-only; read by platform holders of credentials.inheritance.manage
--     (all) and by an agency's holders for their tree (`agency_workspace_id`), by nobody else.
--     Written by the service only.
-- Pre-check: 045 is applied (integration_provider_configs exists); 046 is not; every existing
--   policy's order is one of the six (else fix those rows first: the migration does not guess).
-- Post-check: columns, constraints, triggers, functions (search_path '', SECURITY DEFINER only
--   for the history writer), the two tables with forced RLS, their policies and privileges.
-- Failure handling: the runner's transaction rolls back; nothing applied. Fix and re-run.
--   046_credential_policies.down.sql undoes it (staging only: history and decisions are lost).

DO $$
BEGIN
  IF to_regclass('public.integration_provider_configs') IS NULL THEN
    RAISE EXCEPTION '046 pre-check failed: 045_integrations is not applied';
  END IF;
  IF to_regclass('public.credential_policy_history') IS NOT NULL
     OR to_regclass('public.credential_resolution_decisions') IS NOT NULL
     OR EXISTS (SELECT 1 FROM pg_catalog.pg_attribute
                 WHERE attrelid = 'public.credential_policies'::regclass
                   AND attname = 'fallback_when_invalid' AND NOT attisdropped) THEN
    RAISE EXCEPTION '046 pre-check failed: a column or table of 046 exists (046 already applied?)';
  END IF;
  IF EXISTS (SELECT 1 FROM public.credential_policies
              WHERE resolution_order_json NOT IN ('["business"]'::jsonb, '["business","agency"]'::jsonb,
                                                  '["business","agency","super"]'::jsonb, '["agency"]'::jsonb,
                                                  '["agency","super"]'::jsonb, '["super"]'::jsonb)) THEN
    RAISE EXCEPTION '046 pre-check failed: credential_policies holds a resolution order that is not a contiguous run of business, agency, super; fix those rows first';
  END IF;
END $$;

-- 1. credential_policies: version, the invalid-credential switch, allowed scopes, canonical orders.
ALTER TABLE public.credential_policies
  ADD COLUMN version integer NOT NULL DEFAULT 1,
  ADD COLUMN fallback_when_invalid boolean NOT NULL DEFAULT false,
  ADD COLUMN allowed_scopes jsonb,
  ADD CONSTRAINT credential_policies_version_check CHECK (version >= 1),
  ADD CONSTRAINT credential_policies_allowed_scopes_check
    CHECK (allowed_scopes IS NULL
           OR (jsonb_typeof(allowed_scopes) = 'array'
               AND NOT jsonb_path_exists(allowed_scopes, '$[*] ? (@.type() != "string")'))),
  ADD CONSTRAINT credential_policies_fallback_when_invalid_check
    CHECK (NOT fallback_when_invalid OR allow_parent_fallback),
  DROP CONSTRAINT credential_policies_resolution_order_json_check,
  ADD CONSTRAINT credential_policies_resolution_order_json_check
    CHECK (resolution_order_json IN ('["business"]'::jsonb, '["business","agency"]'::jsonb,
                                     '["business","agency","super"]'::jsonb, '["agency"]'::jsonb,
                                     '["agency","super"]'::jsonb, '["super"]'::jsonb));

-- The version: 1 on insert, +1 when the content changes, never what a writer sent.
CREATE FUNCTION shell.set_credential_policy_version()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = ''
AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    NEW.version := 1;
  ELSIF (NEW.workspace_id, NEW.provider_key, NEW.resolution_order_json, NEW.allow_parent_fallback,
         NEW.fallback_when_invalid, NEW.allowed_scopes)
        IS DISTINCT FROM
        (OLD.workspace_id, OLD.provider_key, OLD.resolution_order_json, OLD.allow_parent_fallback,
         OLD.fallback_when_invalid, OLD.allowed_scopes) THEN
    NEW.version := OLD.version + 1;
  ELSE
    NEW.version := OLD.version;
  END IF;
  RETURN NEW;
END;
$$;
COMMENT ON FUNCTION shell.set_credential_policy_version() IS
  'Trigger: a credential policy is version 1 when inserted and one more on every change of its content.';
REVOKE ALL ON FUNCTION shell.set_credential_policy_version() FROM PUBLIC, anon;

-- The fallback switches of W's policy are its parent's decision (see Purpose).
-- Not SECURITY DEFINER: it reads W's parent as the caller, who sees W when RLS lets it write W's
-- policy; an unseen W has no parent here and is refused. The service is not checked.
CREATE FUNCTION shell.check_credential_policy_fallback()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = ''
AS $$
DECLARE
  parent uuid;
BEGIN
  IF current_user <> 'authenticated' THEN
    RETURN NEW;
  END IF;
  IF TG_OP = 'INSERT' THEN
    IF NOT (NEW.allow_parent_fallback OR NEW.fallback_when_invalid) THEN
      RETURN NEW;
    END IF;
  ELSIF (NEW.allow_parent_fallback, NEW.fallback_when_invalid)
          IS NOT DISTINCT FROM (OLD.allow_parent_fallback, OLD.fallback_when_invalid)
        AND (NEW.workspace_id = OLD.workspace_id
             OR NOT (NEW.allow_parent_fallback OR NEW.fallback_when_invalid)) THEN
    RETURN NEW;
  END IF;
  SELECT w.parent_workspace_id INTO parent FROM public.workspaces w WHERE w.id = NEW.workspace_id;
  IF coalesce(parent = ANY (shell.workspaces_with_permission('credentials.inheritance.manage')), false)
     OR (parent IS NULL AND shell.has_platform_permission('credentials.inheritance.manage')) THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'credential policy of workspace %: the fallback switches are set in its parent workspace', NEW.workspace_id
    USING ERRCODE = '42501',
          HINT = 'allow_parent_fallback and fallback_when_invalid need credentials.inheritance.manage in the parent workspace';
END;
$$;
COMMENT ON FUNCTION shell.check_credential_policy_fallback() IS
  'Trigger: request code sets a credential policy''s fallback switches only with credentials.inheritance.manage in the workspace''s parent.';
REVOKE ALL ON FUNCTION shell.check_credential_policy_fallback() FROM PUBLIC, anon;

-- 2. Every version of every policy.
CREATE TABLE public.credential_policy_history (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- No foreign key: the history outlives a deleted policy.
  policy_id uuid NOT NULL,
  workspace_id uuid NOT NULL REFERENCES public.workspaces (id) ON DELETE RESTRICT,
  provider_key text NOT NULL,
  version integer NOT NULL,
  resolution_order_json jsonb NOT NULL,
  allow_parent_fallback boolean NOT NULL,
  fallback_when_invalid boolean NOT NULL,
  allowed_scopes jsonb,
  change text NOT NULL,
  changed_by_user_id uuid REFERENCES public.users (id) ON DELETE SET NULL,
  changed_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT credential_policy_history_policy_id_version_change_key UNIQUE (policy_id, version, change),
  CONSTRAINT credential_policy_history_change_check CHECK (change IN ('created', 'updated', 'deleted')),
  CONSTRAINT credential_policy_history_version_check CHECK (version >= 1)
);
CREATE INDEX credential_policy_history_workspace_provider_idx
  ON public.credential_policy_history (workspace_id, provider_key, changed_at DESC);
CREATE INDEX credential_policy_history_changed_at_idx ON public.credential_policy_history (changed_at);
COMMENT ON TABLE public.credential_policy_history IS
  'Every version of every credential policy (PRD §12.5: 365 days); append-only, written by trigger.';

-- Threat note (SECURITY DEFINER): request code has no INSERT privilege on
-- credential_policy_history, so the history can only be written here, from the policy row the
-- writer was allowed to insert, update or delete. The actor is the claims' user, else the row's
-- updated_by_user_id, recorded only when it names an existing user; none for a DELETE.
CREATE FUNCTION shell.record_credential_policy_history()
RETURNS trigger
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = ''
AS $$
DECLARE
  actor uuid;
BEGIN
  IF TG_OP = 'DELETE' THEN
    INSERT INTO public.credential_policy_history
      (policy_id, workspace_id, provider_key, version, resolution_order_json, allow_parent_fallback,
       fallback_when_invalid, allowed_scopes, change, changed_by_user_id)
    VALUES (OLD.id, OLD.workspace_id, OLD.provider_key, OLD.version, OLD.resolution_order_json,
            OLD.allow_parent_fallback, OLD.fallback_when_invalid, OLD.allowed_scopes, 'deleted', NULL);
    RETURN NULL;
  END IF;
  IF TG_OP = 'UPDATE' AND NEW.version = OLD.version THEN
    RETURN NULL;
  END IF;
  SELECT u.id INTO actor FROM public.users u
   WHERE u.id = coalesce(shell.current_user_id(), NEW.updated_by_user_id);
  INSERT INTO public.credential_policy_history
    (policy_id, workspace_id, provider_key, version, resolution_order_json, allow_parent_fallback,
     fallback_when_invalid, allowed_scopes, change, changed_by_user_id)
  VALUES (NEW.id, NEW.workspace_id, NEW.provider_key, NEW.version, NEW.resolution_order_json,
          NEW.allow_parent_fallback, NEW.fallback_when_invalid, NEW.allowed_scopes,
          CASE TG_OP WHEN 'INSERT' THEN 'created' ELSE 'updated' END, actor);
  RETURN NULL;
END;
$$;
COMMENT ON FUNCTION shell.record_credential_policy_history() IS
  'Trigger: appends each version of a credential policy (created, updated, deleted) to credential_policy_history.';
REVOKE ALL ON FUNCTION shell.record_credential_policy_history() FROM PUBLIC, anon, authenticated;

-- 3. Every resolution decision (the audit record of resolutions; no secret in it).
CREATE TABLE public.credential_resolution_decisions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- The workspace resolved for.
  workspace_id uuid NOT NULL REFERENCES public.workspaces (id) ON DELETE RESTRICT,
  -- The agency of its tree (itself, or a business's parent); null for the super workspace.
  agency_workspace_id uuid REFERENCES public.workspaces (id) ON DELETE RESTRICT,
  provider_key text NOT NULL,
  outcome text NOT NULL,
  resolved_scope text NOT NULL,
  source_workspace_id uuid,
  -- No foreign key: history.
  connection_id uuid,
  reason text NOT NULL,
  -- [{level, workspace_id, credential: valid|invalid|none, allow_parent_fallback, fallback_when_invalid}]
  steps jsonb NOT NULL,
  caller text NOT NULL,
  actor_user_id uuid REFERENCES public.users (id) ON DELETE SET NULL,
  module_key text,
  correlation_id text,
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT credential_resolution_decisions_provider_key_check
    CHECK (provider_key ~ '^[a-z][a-z0-9]*(-[a-z0-9]+)*$' AND length(provider_key) <= 64),
  CONSTRAINT credential_resolution_decisions_outcome_check CHECK (outcome IN ('resolved', 'failed')),
  CONSTRAINT credential_resolution_decisions_resolved_scope_check
    CHECK (resolved_scope IN ('business', 'agency', 'super', 'none')),
  CONSTRAINT credential_resolution_decisions_reason_check
    CHECK (reason IN ('own_credential', 'parent_fallback', 'not_found', 'fallback_not_allowed',
                      'credential_invalid', 'order_exhausted')),
  CONSTRAINT credential_resolution_decisions_caller_check CHECK (caller IN ('api', 'server')),
  CONSTRAINT credential_resolution_decisions_steps_check CHECK (jsonb_typeof(steps) = 'array'),
  CONSTRAINT credential_resolution_decisions_resolved_check
    CHECK ((outcome = 'resolved') = (resolved_scope <> 'none')
           AND (resolved_scope <> 'none') = (source_workspace_id IS NOT NULL)
           AND (outcome = 'resolved') = (reason IN ('own_credential', 'parent_fallback'))),
  CONSTRAINT credential_resolution_decisions_module_key_check
    CHECK (module_key IS NULL OR (module_key ~ '^[a-z][a-z0-9]*(-[a-z0-9]+)*$' AND length(module_key) <= 64)),
  CONSTRAINT credential_resolution_decisions_correlation_id_check
    CHECK (correlation_id IS NULL OR correlation_id ~ '^[A-Za-z0-9._:-]{1,128}$')
);
CREATE INDEX credential_resolution_decisions_agency_idx
  ON public.credential_resolution_decisions (agency_workspace_id, created_at DESC, id);
CREATE INDEX credential_resolution_decisions_workspace_idx
  ON public.credential_resolution_decisions (workspace_id, created_at DESC, id);
CREATE INDEX credential_resolution_decisions_created_at_idx
  ON public.credential_resolution_decisions (created_at);
COMMENT ON TABLE public.credential_resolution_decisions IS
  'Every credential resolution and its steps (PRD §23.5, §25.3); append-only, service-written, pruned after 366 days.';

-- History and decisions are a record: never rewritten (DELETE: the service's prune only).
CREATE FUNCTION shell.refuse_credential_record_update()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = ''
AS $$
BEGIN
  RAISE EXCEPTION '% row % is append-only: UPDATE is not allowed', TG_TABLE_NAME, OLD.id
    USING ERRCODE = 'insufficient_privilege';
END;
$$;
COMMENT ON FUNCTION shell.refuse_credential_record_update() IS
  'Trigger: credential_policy_history and credential_resolution_decisions rows are never updated.';
REVOKE ALL ON FUNCTION shell.refuse_credential_record_update() FROM PUBLIC, anon, authenticated, service_role;

CREATE TRIGGER credential_policies_set_version
  BEFORE INSERT OR UPDATE ON public.credential_policies
  FOR EACH ROW EXECUTE FUNCTION shell.set_credential_policy_version();
CREATE TRIGGER credential_policies_check_fallback
  BEFORE INSERT OR UPDATE ON public.credential_policies
  FOR EACH ROW EXECUTE FUNCTION shell.check_credential_policy_fallback();
CREATE TRIGGER credential_policies_record_history
  AFTER INSERT OR UPDATE OR DELETE ON public.credential_policies
  FOR EACH ROW EXECUTE FUNCTION shell.record_credential_policy_history();
CREATE TRIGGER credential_policy_history_append_only
  BEFORE UPDATE ON public.credential_policy_history
  FOR EACH ROW EXECUTE FUNCTION shell.refuse_credential_record_update();
CREATE TRIGGER credential_policy_history_refuse_truncate
  BEFORE TRUNCATE ON public.credential_policy_history
  FOR EACH STATEMENT EXECUTE FUNCTION shell.refuse_truncate();
CREATE TRIGGER credential_resolution_decisions_append_only
  BEFORE UPDATE ON public.credential_resolution_decisions
  FOR EACH ROW EXECUTE FUNCTION shell.refuse_credential_record_update();
CREATE TRIGGER credential_resolution_decisions_refuse_truncate
  BEFORE TRUNCATE ON public.credential_resolution_decisions
  FOR EACH STATEMENT EXECUTE FUNCTION shell.refuse_truncate();

-- RLS and privileges: request code reads, the service (and the history trigger) writes.
ALTER TABLE public.credential_policy_history ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.credential_policy_history FORCE ROW LEVEL SECURITY;
ALTER TABLE public.credential_resolution_decisions ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.credential_resolution_decisions FORCE ROW LEVEL SECURITY;
REVOKE ALL ON public.credential_policy_history, public.credential_resolution_decisions
  FROM PUBLIC, anon, authenticated;
GRANT ALL ON public.credential_policy_history, public.credential_resolution_decisions TO service_role;
GRANT SELECT ON public.credential_policy_history, public.credential_resolution_decisions TO authenticated;

CREATE POLICY credential_policy_history_select_visible ON public.credential_policy_history
  FOR SELECT TO authenticated
  USING (workspace_id = ANY ((SELECT shell.visible_workspace_ids())::uuid[]));
-- Platform holders read every decision, an agency's holders those of its tree; a business's
-- holders none (no row has a business as its agency).
CREATE POLICY credential_resolution_decisions_select_inheritance_manage ON public.credential_resolution_decisions
  FOR SELECT TO authenticated
  USING ((SELECT shell.has_platform_permission('credentials.inheritance.manage'))
         OR agency_workspace_id = ANY ((SELECT shell.workspaces_with_permission('credentials.inheritance.manage'))::uuid[]));

DO $$
BEGIN
  IF (SELECT count(*) FROM information_schema.columns
       WHERE table_schema = 'public' AND table_name = 'credential_policies'
         AND column_name IN ('version', 'fallback_when_invalid', 'allowed_scopes')) <> 3
     OR NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint
                     WHERE conrelid = 'public.credential_policies'::regclass
                       AND conname = 'credential_policies_fallback_when_invalid_check') THEN
    RAISE EXCEPTION '046 post-check failed: credential_policies columns or constraints are not as expected';
  END IF;
  IF (SELECT count(*) FROM pg_catalog.pg_trigger
       WHERE tgname IN ('credential_policies_set_version', 'credential_policies_check_fallback',
                        'credential_policies_record_history', 'credential_policy_history_append_only',
                        'credential_policy_history_refuse_truncate', 'credential_resolution_decisions_append_only',
                        'credential_resolution_decisions_refuse_truncate')
         AND NOT tgisinternal AND tgenabled = 'O') <> 7 THEN
    RAISE EXCEPTION '046 post-check failed: a trigger of 046 is missing or disabled';
  END IF;
  IF EXISTS (SELECT 1 FROM pg_catalog.pg_proc
              WHERE oid IN ('shell.set_credential_policy_version()'::regprocedure,
                            'shell.check_credential_policy_fallback()'::regprocedure,
                            'shell.refuse_credential_record_update()'::regprocedure)
                AND (prosecdef OR proconfig IS DISTINCT FROM ARRAY['search_path=""']))
     OR NOT EXISTS (SELECT 1 FROM pg_catalog.pg_proc
                     WHERE oid = 'shell.record_credential_policy_history()'::regprocedure
                       AND prosecdef AND proconfig = ARRAY['search_path=""'])
     OR has_function_privilege('authenticated', 'shell.record_credential_policy_history()', 'EXECUTE') THEN
    RAISE EXCEPTION '046 post-check failed: a function of 046 is not as expected';
  END IF;
  IF (SELECT count(*) FROM pg_catalog.pg_class
       WHERE oid IN ('public.credential_policy_history'::regclass,
                     'public.credential_resolution_decisions'::regclass)
         AND relrowsecurity AND relforcerowsecurity) <> 2
     OR has_table_privilege('authenticated', 'public.credential_policy_history', 'INSERT, UPDATE, DELETE')
     OR has_table_privilege('authenticated', 'public.credential_resolution_decisions', 'INSERT, UPDATE, DELETE')
     OR has_table_privilege('anon', 'public.credential_policy_history', 'SELECT')
     OR has_table_privilege('anon', 'public.credential_resolution_decisions', 'SELECT')
     OR (SELECT count(*) FROM pg_catalog.pg_policies
          WHERE schemaname = 'public'
            AND tablename IN ('credential_policy_history', 'credential_resolution_decisions')) <> 2 THEN
    RAISE EXCEPTION '046 post-check failed: RLS, policies or privileges of the new tables are not as expected';
  END IF;
  IF to_regclass('public.credential_policy_history_workspace_provider_idx') IS NULL
     OR to_regclass('public.credential_resolution_decisions_agency_idx') IS NULL
     OR to_regclass('public.credential_resolution_decisions_workspace_idx') IS NULL
     OR to_regclass('public.credential_resolution_decisions_created_at_idx') IS NULL THEN
    RAISE EXCEPTION '046 post-check failed: an index of 046 is missing';
  END IF;
END $$;
