/** The CLI's help text. */
export const CLI_USAGE = `Usage: aiconnected-module <command> [options]

Commands:
  validate <manifest.json> [--registry <dir|file>] [--json]
      Assess a module manifest as the shell's import does. Exit 1 on blocking findings.
      --registry: a manifest file, a JSON array of manifests, or a directory of *.json
      manifests taken as already registered (default: an empty registry).
  lint-migrations <dir> [--module <id>] [--json]
      Check a module's SQL migrations with PostgreSQL's parser: tenant-scoped tables
      (workspace_id uuid NOT NULL), RLS enabled and forced, policies scoped by workspace_id,
      no shell or other modules' tables, no GRANT to PUBLIC/anon, a down script per file.
      The module id comes from --module or the manifest.json next to <dir>.
  init <dir> --id <module-id> [--port <port>]
      Scaffold a module: manifest.json, server.mjs (health and a page), README.md and
      migrations/001_init.sql with its down script.

Exit codes: 0 clean (warnings allowed), 1 blocking findings or lint errors, 2 usage or
unreadable input.
`;
