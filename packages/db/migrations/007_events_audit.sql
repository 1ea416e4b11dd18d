-- 007_events_audit.sql
-- Purpose: the durable event log and the audit trail (PRD §11, §12.2, §12.3, §12.5, §21):
--   * `events`: CloudEvents-compatible rows (event_name = type, source, stream = partitionkey,
--     sequence, correlation_id), idempotent per (workspace, source, idempotency_key), ordered
--     per (workspace, stream): a trigger assigns the next sequence when none is given.
--     Append-only: a trigger refuses UPDATE of anything but the delivery-tracking columns,
--     DELETE of rows younger than the 180-day retention, and TRUNCATE.
--   * `audit_logs`: append-only; a trigger refuses every UPDATE, DELETE of rows younger than
--     the 365-day retention, and TRUNCATE. Written only through service_role (012 grants).
-- Pre-check: 006 is applied; neither table exists.
-- Post-check: both tables with their columns, constraints, indexes and triggers exist.
-- Failure handling: the runner's transaction rolls back; nothing applied. Fix and re-run.

DO $$
BEGIN
  IF to_regclass('public.module_installations') IS NULL THEN
    RAISE EXCEPTION '007 pre-check failed: 006_module_registry_installations is not applied';
  END IF;
  IF to_regprocedure('shell.refuse_truncate()') IS NULL THEN
    RAISE EXCEPTION '007 pre-check failed: shell.refuse_truncate() (005) is missing';
  END IF;
  IF to_regclass('public.events') IS NOT NULL OR to_regclass('public.audit_logs') IS NOT NULL THEN
    RAISE EXCEPTION '007 pre-check failed: a table of 007 already exists';
  END IF;
END $$;

CREATE TABLE public.events (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES public.workspaces (id) ON DELETE RESTRICT,
  -- CloudEvents `type`: dot-separated lower-case segments (crm-lite.contact.created).
  event_name text NOT NULL,
  -- CloudEvents `source`: the emitter (e.g. shell, module/crm-lite).
  source text NOT NULL,
  -- CloudEvents extension `partitionkey`: ordering holds per (workspace, stream).
  stream text NOT NULL DEFAULT 'default',
  -- CloudEvents extension `sequence`: assigned by events_assign_sequence when not given.
  sequence bigint NOT NULL,
  payload_json jsonb NOT NULL DEFAULT '{}'::jsonb,
  correlation_id text NOT NULL,
  -- The publisher's key that makes emit retry-safe (PRD §21).
  idempotency_key text NOT NULL,
  occurred_at timestamptz NOT NULL DEFAULT now(),
  -- Server time of the insert; retention is measured from it, not from occurred_at.
  recorded_at timestamptz NOT NULL DEFAULT now(),
  -- Delivery tracking: the only columns an UPDATE may change.
  delivery_state text NOT NULL DEFAULT 'pending',
  delivery_attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz,
  last_delivery_error text,
  delivered_at timestamptz,
  dead_lettered_at timestamptz,
  CONSTRAINT events_workspace_id_source_idempotency_key_key UNIQUE (workspace_id, source, idempotency_key),
  CONSTRAINT events_workspace_id_stream_sequence_key UNIQUE (workspace_id, stream, sequence),
  CONSTRAINT events_event_name_check
    CHECK (event_name ~ '^[a-z][a-z0-9-]*(\.[a-z][a-z0-9_-]*)+$' AND length(event_name) <= 128),
  CONSTRAINT events_source_check CHECK (length(source) BETWEEN 1 AND 256 AND source !~ '[[:space:]]'),
  CONSTRAINT events_stream_check CHECK (length(stream) BETWEEN 1 AND 200),
  CONSTRAINT events_sequence_check CHECK (sequence >= 1),
  CONSTRAINT events_correlation_id_check CHECK (correlation_id ~ '^[A-Za-z0-9._:-]{1,128}$'),
  CONSTRAINT events_idempotency_key_check CHECK (length(idempotency_key) BETWEEN 1 AND 200),
  CONSTRAINT events_delivery_state_check CHECK (delivery_state IN ('pending', 'delivered', 'failed', 'dead_letter')),
  CONSTRAINT events_delivery_attempts_check CHECK (delivery_attempts >= 0)
);
CREATE INDEX events_workspace_id_event_name_occurred_at_idx ON public.events (workspace_id, event_name, occurred_at DESC);
CREATE INDEX events_correlation_id_idx ON public.events (correlation_id);
-- The delivery worker's queue scan: only rows still to deliver.
CREATE INDEX events_delivery_due_idx ON public.events (next_attempt_at) WHERE delivery_state IN ('pending', 'failed');
COMMENT ON TABLE public.events IS 'Durable, append-only event log (PRD §21); only delivery tracking columns change.';

CREATE TABLE public.audit_logs (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES public.workspaces (id) ON DELETE RESTRICT,
  -- Null for system actions (webhooks, jobs).
  actor_user_id uuid REFERENCES public.users (id) ON DELETE RESTRICT,
  -- The real user behind an impersonated action (PRD §25.3).
  impersonator_user_id uuid REFERENCES public.users (id) ON DELETE RESTRICT,
  action text NOT NULL,
  target_type text NOT NULL,
  target_id text,
  metadata_json jsonb NOT NULL DEFAULT '{}'::jsonb,
  correlation_id text,
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT audit_logs_action_check CHECK (action ~ '^[a-z][a-z0-9_.:-]*$' AND length(action) <= 128),
  CONSTRAINT audit_logs_target_type_check CHECK (length(target_type) BETWEEN 1 AND 64),
  CONSTRAINT audit_logs_target_id_check CHECK (target_id IS NULL OR length(target_id) <= 256),
  CONSTRAINT audit_logs_metadata_json_check CHECK (jsonb_typeof(metadata_json) = 'object'),
  CONSTRAINT audit_logs_correlation_id_check CHECK (correlation_id IS NULL OR correlation_id ~ '^[A-Za-z0-9._:-]{1,128}$')
);
CREATE INDEX audit_logs_workspace_id_created_at_idx ON public.audit_logs (workspace_id, created_at DESC);
CREATE INDEX audit_logs_actor_user_id_created_at_idx ON public.audit_logs (actor_user_id, created_at DESC);
COMMENT ON TABLE public.audit_logs IS 'Append-only audit trail (PRD §12.3, §25); service-write only.';

-- Threat note (SECURITY DEFINER): reads the stream's current maximum as the migration owner
-- so the sequence is right whatever the inserting role may see. It only fills NEW.sequence
-- when the caller left it null; serialised per (workspace, stream) by an advisory lock.
CREATE FUNCTION shell.assign_event_sequence()
RETURNS trigger
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = ''
AS $$
BEGIN
  IF NEW.sequence IS NULL THEN
    PERFORM pg_catalog.pg_advisory_xact_lock(
      pg_catalog.hashtextextended('shell.events:' || NEW.workspace_id::text || ':' || NEW.stream, 0));
    SELECT coalesce(max(e.sequence), 0) + 1 INTO NEW.sequence
      FROM public.events e
     WHERE e.workspace_id = NEW.workspace_id AND e.stream = NEW.stream;
  END IF;
  RETURN NEW;
END;
$$;
COMMENT ON FUNCTION shell.assign_event_sequence() IS 'Trigger: assigns the next sequence per (workspace, stream) when none is given.';
REVOKE ALL ON FUNCTION shell.assign_event_sequence() FROM PUBLIC;

CREATE FUNCTION shell.protect_events()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = ''
AS $$
DECLARE
  delivery_columns constant text[] := ARRAY['delivery_state', 'delivery_attempts', 'next_attempt_at',
                                            'last_delivery_error', 'delivered_at', 'dead_lettered_at'];
BEGIN
  IF TG_OP = 'UPDATE' THEN
    IF (pg_catalog.to_jsonb(NEW) - delivery_columns) IS DISTINCT FROM (pg_catalog.to_jsonb(OLD) - delivery_columns) THEN
      RAISE EXCEPTION 'event % is append-only: only delivery tracking columns may change', OLD.id
        USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
  END IF;
  IF OLD.recorded_at > pg_catalog.now() - interval '180 days' THEN
    RAISE EXCEPTION 'event % is within the 180-day retention and cannot be deleted', OLD.id
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN OLD;
END;
$$;
COMMENT ON FUNCTION shell.protect_events() IS
  'Trigger: events are append-only except delivery tracking; deletable only after 180 days (PRD §12.5).';
REVOKE ALL ON FUNCTION shell.protect_events() FROM PUBLIC;

CREATE FUNCTION shell.protect_audit_logs()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = ''
AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    RAISE EXCEPTION 'audit log % is append-only: UPDATE is not allowed', OLD.id
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF OLD.created_at > pg_catalog.now() - interval '365 days' THEN
    RAISE EXCEPTION 'audit log % is within the 365-day retention and cannot be deleted', OLD.id
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN OLD;
END;
$$;
COMMENT ON FUNCTION shell.protect_audit_logs() IS
  'Trigger: audit_logs are never updated; deletable only after 365 days (PRD §12.5).';
REVOKE ALL ON FUNCTION shell.protect_audit_logs() FROM PUBLIC;

CREATE TRIGGER events_assign_sequence
  BEFORE INSERT ON public.events
  FOR EACH ROW EXECUTE FUNCTION shell.assign_event_sequence();

CREATE TRIGGER events_append_only
  BEFORE UPDATE OR DELETE ON public.events
  FOR EACH ROW EXECUTE FUNCTION shell.protect_events();

CREATE TRIGGER events_refuse_truncate
  BEFORE TRUNCATE ON public.events
  FOR EACH STATEMENT EXECUTE FUNCTION shell.refuse_truncate();

CREATE TRIGGER audit_logs_append_only
  BEFORE UPDATE OR DELETE ON public.audit_logs
  FOR EACH ROW EXECUTE FUNCTION shell.protect_audit_logs();

CREATE TRIGGER audit_logs_refuse_truncate
  BEFORE TRUNCATE ON public.audit_logs
  FOR EACH STATEMENT EXECUTE FUNCTION shell.refuse_truncate();

DO $$
DECLARE
  spec jsonb := '{
    "events": ["id", "workspace_id", "event_name", "source", "stream", "sequence", "payload_json", "correlation_id",
               "idempotency_key", "occurred_at", "recorded_at", "delivery_state", "delivery_attempts",
               "next_attempt_at", "last_delivery_error", "delivered_at", "dead_lettered_at"],
    "audit_logs": ["id", "workspace_id", "actor_user_id", "impersonator_user_id", "action", "target_type",
                   "target_id", "metadata_json", "correlation_id", "created_at"]
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
    RAISE EXCEPTION '007 post-check failed: missing columns %', missing;
  END IF;
  SELECT string_agg(i, ', ') INTO missing
    FROM unnest(ARRAY['events_workspace_id_source_idempotency_key_key', 'events_workspace_id_stream_sequence_key',
                      'events_workspace_id_event_name_occurred_at_idx', 'events_correlation_id_idx',
                      'events_delivery_due_idx', 'audit_logs_workspace_id_created_at_idx',
                      'audit_logs_actor_user_id_created_at_idx']) AS i
   WHERE to_regclass('public.' || i) IS NULL;
  IF missing IS NOT NULL THEN
    RAISE EXCEPTION '007 post-check failed: missing indexes %', missing;
  END IF;
  SELECT string_agg(t, ', ') INTO missing
    FROM unnest(ARRAY['events_assign_sequence', 'events_append_only', 'events_refuse_truncate',
                      'audit_logs_append_only', 'audit_logs_refuse_truncate']) AS t
   WHERE NOT EXISTS (SELECT 1 FROM pg_catalog.pg_trigger WHERE tgname = t AND NOT tgisinternal);
  IF missing IS NOT NULL THEN
    RAISE EXCEPTION '007 post-check failed: missing triggers %', missing;
  END IF;
END $$;
