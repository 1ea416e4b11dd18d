-- 001_notes.sql: the notes module's one table, tenant-scoped (module developer rules).
-- Every row belongs to a workspace; RLS is enabled and forced, and each policy limits rows to
-- the workspaces the caller can see (shell.visible_workspace_ids()).

CREATE TABLE notes_entries (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES public.workspaces (id) ON DELETE CASCADE,
  body text NOT NULL CHECK (char_length(body) BETWEEN 1 AND 2000),
  visibility text NOT NULL DEFAULT 'workspace' CHECK (visibility IN ('private', 'workspace')),
  created_by_user_id uuid,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX notes_entries_workspace_created_idx ON notes_entries (workspace_id, created_at DESC);

ALTER TABLE notes_entries ENABLE ROW LEVEL SECURITY;
ALTER TABLE notes_entries FORCE ROW LEVEL SECURITY;

CREATE POLICY notes_entries_select_visible ON notes_entries
  FOR SELECT TO authenticated
  USING (workspace_id = ANY ((SELECT shell.visible_workspace_ids())::uuid[]));

CREATE POLICY notes_entries_insert_visible ON notes_entries
  FOR INSERT TO authenticated
  WITH CHECK (workspace_id = ANY ((SELECT shell.visible_workspace_ids())::uuid[]));

GRANT SELECT, INSERT ON notes_entries TO authenticated;
