-- 011_contacts.sql
-- Purpose: `contacts`, the shell-owned shared contact entity modules read through authorized
--   contracts (PRD §11, §12.2). Workspace-scoped; any visible workspace may read and write
--   (012 policies).
-- Pre-check: 010 is applied; the table does not exist.
-- Post-check: the table with its columns and (workspace_id, email) index exists.
-- Failure handling: the runner's transaction rolls back; nothing applied. Fix and re-run.

DO $$
BEGIN
  IF to_regclass('public.billing_accounts') IS NULL OR to_regclass('public.subscriptions') IS NULL THEN
    RAISE EXCEPTION '011 pre-check failed: 010_billing is not applied';
  END IF;
  IF to_regclass('public.contacts') IS NOT NULL THEN
    RAISE EXCEPTION '011 pre-check failed: public.contacts already exists';
  END IF;
END $$;

CREATE TABLE public.contacts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES public.workspaces (id) ON DELETE RESTRICT,
  name text NOT NULL,
  email text,
  phone text,
  created_by_user_id uuid REFERENCES public.users (id) ON DELETE RESTRICT,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT contacts_name_check CHECK (length(btrim(name)) BETWEEN 1 AND 200),
  CONSTRAINT contacts_email_check CHECK (email IS NULL OR (email ~ '^[^@[:space:]]+@[^@[:space:]]+$' AND length(email) <= 320)),
  CONSTRAINT contacts_phone_check CHECK (phone IS NULL OR phone ~ '^\+?[0-9 ().-]{3,32}$')
);
CREATE INDEX contacts_workspace_id_email_idx ON public.contacts (workspace_id, email);
COMMENT ON TABLE public.contacts IS 'Shared, workspace-scoped contacts (PRD §11).';

CREATE TRIGGER contacts_set_updated_at
  BEFORE UPDATE ON public.contacts
  FOR EACH ROW EXECUTE FUNCTION shell.set_updated_at();

DO $$
DECLARE
  missing text;
BEGIN
  SELECT string_agg(c, ', ') INTO missing
    FROM unnest(ARRAY['id', 'workspace_id', 'name', 'email', 'phone', 'created_by_user_id', 'created_at', 'updated_at']) AS c
   WHERE to_regclass('public.contacts') IS NULL
      OR NOT EXISTS (SELECT 1 FROM pg_catalog.pg_attribute
                      WHERE attrelid = to_regclass('public.contacts') AND attname = c AND NOT attisdropped);
  IF missing IS NOT NULL THEN
    RAISE EXCEPTION '011 post-check failed: public.contacts lacks columns %', missing;
  END IF;
  IF to_regclass('public.contacts_workspace_id_email_idx') IS NULL THEN
    RAISE EXCEPTION '011 post-check failed: index contacts_workspace_id_email_idx missing';
  END IF;
END $$;
