-- 009_ai_jobs.sql
-- Purpose: shell AI orchestration jobs (PRD §5, §11, §12.2, §16, §23.4):
--   * `ai_jobs`: workspace-scoped jobs with a forward-only state machine enforced by a
--     trigger: queued -> running -> succeeded | failed, queued | running -> canceled; a job is
--     created queued and terminal states are final. Illegal moves raise SQLSTATE 23514 with a
--     message starting `AI_JOB_INVALID_STATE`. Jobs younger than the 90-day retention cannot
--     be deleted (PRD §12.5).
--   * `ai_job_state_transitions`: one row per state move (creation included), written by the
--     ai_jobs trigger; append-only: UPDATE and TRUNCATE are refused, and DELETE is refused
--     while the job still exists (rows only go with their job, by cascade).
--     It carries workspace_id, tied to the job by a composite foreign key.
-- Pre-check: 008 is applied; neither table exists.
-- Post-check: both tables with their columns, keys, indexes and triggers exist.
-- Failure handling: the runner's transaction rolls back; nothing applied. Fix and re-run.

DO $$
BEGIN
  IF to_regclass('public.integration_connections') IS NULL THEN
    RAISE EXCEPTION '009 pre-check failed: 008_integration_connections is not applied';
  END IF;
  IF to_regprocedure('shell.refuse_truncate()') IS NULL THEN
    RAISE EXCEPTION '009 pre-check failed: shell.refuse_truncate() (005) is missing';
  END IF;
  IF to_regclass('public.ai_jobs') IS NOT NULL OR to_regclass('public.ai_job_state_transitions') IS NOT NULL THEN
    RAISE EXCEPTION '009 pre-check failed: a table of 009 already exists';
  END IF;
END $$;

CREATE TABLE public.ai_jobs (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES public.workspaces (id) ON DELETE RESTRICT,
  -- What the job authors (e.g. module_draft, layout_draft); defined by packages/ai-orchestration.
  job_type text NOT NULL,
  state text NOT NULL DEFAULT 'queued',
  -- What the job works on (e.g. a layout definition or module registry reference).
  context_ref text,
  intent_json jsonb NOT NULL DEFAULT '{}'::jsonb,
  artifacts_json jsonb NOT NULL DEFAULT '{}'::jsonb,
  error_code text,
  error_message text,
  created_by_user_id uuid REFERENCES public.users (id) ON DELETE RESTRICT,
  started_at timestamptz,
  finished_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  -- Target of ai_job_state_transitions' composite foreign key.
  CONSTRAINT ai_jobs_id_workspace_id_key UNIQUE (id, workspace_id),
  CONSTRAINT ai_jobs_job_type_check CHECK (job_type ~ '^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$' AND length(job_type) <= 64),
  CONSTRAINT ai_jobs_state_check CHECK (state IN ('queued', 'running', 'succeeded', 'failed', 'canceled')),
  CONSTRAINT ai_jobs_context_ref_check CHECK (context_ref IS NULL OR length(context_ref) BETWEEN 1 AND 512),
  CONSTRAINT ai_jobs_intent_json_check CHECK (jsonb_typeof(intent_json) = 'object'),
  CONSTRAINT ai_jobs_artifacts_json_check CHECK (jsonb_typeof(artifacts_json) IN ('object', 'array')),
  CONSTRAINT ai_jobs_error_code_check CHECK (error_code IS NULL OR error_code ~ '^[A-Z][A-Z0-9_]*$')
);
CREATE INDEX ai_jobs_workspace_id_state_created_at_idx ON public.ai_jobs (workspace_id, state, created_at DESC);
CREATE INDEX ai_jobs_workspace_id_job_type_created_at_idx ON public.ai_jobs (workspace_id, job_type, created_at DESC);
COMMENT ON TABLE public.ai_jobs IS 'Shell AI orchestration jobs (PRD §23.4) with a forward-only state machine.';

CREATE TABLE public.ai_job_state_transitions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  ai_job_id uuid NOT NULL,
  -- Copy of the job's workspace for RLS; the composite FK keeps it equal.
  workspace_id uuid NOT NULL,
  -- Null for the creation row.
  from_state text,
  to_state text NOT NULL,
  -- The request's user (claims `sub`) when it is a known user; null for system work.
  actor_user_id uuid REFERENCES public.users (id) ON DELETE RESTRICT,
  transitioned_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT ai_job_state_transitions_job_fkey FOREIGN KEY (ai_job_id, workspace_id)
    REFERENCES public.ai_jobs (id, workspace_id) ON DELETE CASCADE,
  CONSTRAINT ai_job_state_transitions_from_state_check
    CHECK (from_state IS NULL OR from_state IN ('queued', 'running', 'succeeded', 'failed', 'canceled')),
  CONSTRAINT ai_job_state_transitions_to_state_check
    CHECK (to_state IN ('queued', 'running', 'succeeded', 'failed', 'canceled'))
);
CREATE INDEX ai_job_state_transitions_ai_job_id_transitioned_at_idx
  ON public.ai_job_state_transitions (ai_job_id, transitioned_at);
CREATE INDEX ai_job_state_transitions_workspace_id_idx ON public.ai_job_state_transitions (workspace_id);
COMMENT ON TABLE public.ai_job_state_transitions IS 'Append-only history of ai_jobs state moves, written by trigger.';

CREATE FUNCTION shell.check_ai_job_state()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = ''
AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    IF OLD.created_at > pg_catalog.now() - interval '90 days' THEN
      RAISE EXCEPTION 'ai job % is within the 90-day retention and cannot be deleted', OLD.id
        USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN OLD;
  END IF;

  IF TG_OP = 'INSERT' THEN
    IF NEW.state <> 'queued' THEN
      RAISE EXCEPTION 'AI_JOB_INVALID_STATE: ai job % must be created queued, not %', NEW.id, NEW.state
        USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
  END IF;

  IF NEW.state IS DISTINCT FROM OLD.state THEN
    IF NOT ((OLD.state = 'queued' AND NEW.state IN ('running', 'canceled'))
         OR (OLD.state = 'running' AND NEW.state IN ('succeeded', 'failed', 'canceled'))) THEN
      RAISE EXCEPTION 'AI_JOB_INVALID_STATE: ai job % cannot move from % to %', OLD.id, OLD.state, NEW.state
        USING ERRCODE = 'check_violation';
    END IF;
    IF NEW.state = 'running' THEN
      NEW.started_at := coalesce(NEW.started_at, pg_catalog.now());
    ELSE
      NEW.finished_at := coalesce(NEW.finished_at, pg_catalog.now());
    END IF;
  END IF;
  RETURN NEW;
END;
$$;
COMMENT ON FUNCTION shell.check_ai_job_state() IS
  'Trigger: ai_jobs start queued and move only forward; 90-day delete retention (PRD §12.5).';
REVOKE ALL ON FUNCTION shell.check_ai_job_state() FROM PUBLIC;

-- Threat note (SECURITY DEFINER): request code has no INSERT privilege on
-- ai_job_state_transitions, so the history can only be written here, from the job row the
-- caller was allowed to insert or update. The actor comes from the transaction's claims and
-- is recorded only when it names an existing user.
CREATE FUNCTION shell.record_ai_job_transition()
RETURNS trigger
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = ''
AS $$
DECLARE
  claims_text text := pg_catalog.current_setting('request.jwt.claims', true);
  claimed_sub text;
  actor uuid;
BEGIN
  IF TG_OP = 'UPDATE' AND NEW.state IS NOT DISTINCT FROM OLD.state THEN
    RETURN NULL;
  END IF;
  IF claims_text IS NOT NULL AND claims_text <> '' THEN
    claimed_sub := claims_text::jsonb ->> 'sub';
    IF claimed_sub ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' THEN
      SELECT u.id INTO actor FROM public.users u WHERE u.id = claimed_sub::uuid;
    END IF;
  END IF;
  INSERT INTO public.ai_job_state_transitions (ai_job_id, workspace_id, from_state, to_state, actor_user_id)
  VALUES (NEW.id, NEW.workspace_id, CASE WHEN TG_OP = 'UPDATE' THEN OLD.state END, NEW.state, actor);
  RETURN NULL;
END;
$$;
COMMENT ON FUNCTION shell.record_ai_job_transition() IS 'Trigger: appends each ai_jobs state move to ai_job_state_transitions.';
REVOKE ALL ON FUNCTION shell.record_ai_job_transition() FROM PUBLIC;

-- Threat note (SECURITY DEFINER): checks whether the parent job still exists as the
-- migration owner, so RLS cannot make a live job look deleted. Writes nothing.
CREATE FUNCTION shell.protect_ai_job_state_transitions()
RETURNS trigger
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = ''
AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    RAISE EXCEPTION 'ai job state transition % is append-only: UPDATE is not allowed', OLD.id
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  -- A cascade from deleting the job (itself bound by the 90-day retention) runs after the job
  -- row is gone; any other DELETE finds the job and is refused.
  IF EXISTS (SELECT 1 FROM public.ai_jobs j WHERE j.id = OLD.ai_job_id) THEN
    RAISE EXCEPTION 'ai job state transition % is append-only: it is deleted only with its job', OLD.id
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN OLD;
END;
$$;
COMMENT ON FUNCTION shell.protect_ai_job_state_transitions() IS
  'Trigger: transitions are never updated and are deleted only together with their job.';
REVOKE ALL ON FUNCTION shell.protect_ai_job_state_transitions() FROM PUBLIC;

CREATE TRIGGER ai_jobs_check_state
  BEFORE INSERT OR UPDATE OR DELETE ON public.ai_jobs
  FOR EACH ROW EXECUTE FUNCTION shell.check_ai_job_state();

CREATE TRIGGER ai_jobs_record_transition
  AFTER INSERT OR UPDATE OF state ON public.ai_jobs
  FOR EACH ROW EXECUTE FUNCTION shell.record_ai_job_transition();

CREATE TRIGGER ai_jobs_set_updated_at
  BEFORE UPDATE ON public.ai_jobs
  FOR EACH ROW EXECUTE FUNCTION shell.set_updated_at();

CREATE TRIGGER ai_job_state_transitions_append_only
  BEFORE UPDATE OR DELETE ON public.ai_job_state_transitions
  FOR EACH ROW EXECUTE FUNCTION shell.protect_ai_job_state_transitions();

CREATE TRIGGER ai_job_state_transitions_refuse_truncate
  BEFORE TRUNCATE ON public.ai_job_state_transitions
  FOR EACH STATEMENT EXECUTE FUNCTION shell.refuse_truncate();

DO $$
DECLARE
  spec jsonb := '{
    "ai_jobs": ["id", "workspace_id", "job_type", "state", "context_ref", "intent_json", "artifacts_json",
                "error_code", "error_message", "created_by_user_id", "started_at", "finished_at", "created_at", "updated_at"],
    "ai_job_state_transitions": ["id", "ai_job_id", "workspace_id", "from_state", "to_state", "actor_user_id", "transitioned_at"]
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
    RAISE EXCEPTION '009 post-check failed: missing columns %', missing;
  END IF;
  SELECT string_agg(i, ', ') INTO missing
    FROM unnest(ARRAY['ai_jobs_id_workspace_id_key', 'ai_jobs_workspace_id_state_created_at_idx',
                      'ai_jobs_workspace_id_job_type_created_at_idx',
                      'ai_job_state_transitions_ai_job_id_transitioned_at_idx',
                      'ai_job_state_transitions_workspace_id_idx']) AS i
   WHERE to_regclass('public.' || i) IS NULL;
  IF missing IS NOT NULL THEN
    RAISE EXCEPTION '009 post-check failed: missing indexes %', missing;
  END IF;
  SELECT string_agg(t, ', ') INTO missing
    FROM unnest(ARRAY['ai_jobs_check_state', 'ai_jobs_record_transition', 'ai_jobs_set_updated_at',
                      'ai_job_state_transitions_append_only', 'ai_job_state_transitions_refuse_truncate']) AS t
   WHERE NOT EXISTS (SELECT 1 FROM pg_catalog.pg_trigger WHERE tgname = t AND NOT tgisinternal);
  IF missing IS NOT NULL THEN
    RAISE EXCEPTION '009 post-check failed: missing triggers %', missing;
  END IF;
END $$;
