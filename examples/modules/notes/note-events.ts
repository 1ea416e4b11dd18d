// How notes emits `notes.note.created` to the shell's event bus (docs/events.md): with the
// API key of its installation in that workspace, through module-sdk's events client. A key
// is bound to one installation, so to one workspace: notes holds one key per workspace
// (NOTES_SHELL_API_KEYS) and emits nothing for a workspace it has no key for.
import {
  createShellEventsClient,
  ShellEventsError,
  type ShellEventsClient,
} from '@aiconnected/module-sdk/webhooks';
import type { EmitEventResponse } from '@aiconnected/sdk-contracts';

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface NoteCreated {
  note_id: string;
  visibility: 'private' | 'workspace';
}

/**
 * `NOTES_SHELL_API_KEYS`: `<workspace_id>=<aicm_...>` pairs, comma-separated. Throws on a
 * malformed pair (the server refuses to start).
 */
export function parseApiKeys(value: string): Map<string, string> {
  const keys = new Map<string, string>();
  for (const pair of value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean)) {
    const [workspaceId = '', apiKey = ''] = pair.split('=', 2);
    if (!UUID_PATTERN.test(workspaceId) || !apiKey.startsWith('aicm_')) {
      throw new Error(
        'NOTES_SHELL_API_KEYS: expected <workspace_id>=aicm_... pairs, comma-separated',
      );
    }
    keys.set(workspaceId.toLowerCase(), apiKey);
  }
  return keys;
}

/** Emits a created note's event for its workspace; null when events are off there or the shell refused (logged). */
export function createNoteEvents(options: { shellUrl: string; apiKeys: Map<string, string> }) {
  const clients = new Map<string, ShellEventsClient>();
  for (const [workspaceId, apiKey] of options.apiKeys) {
    clients.set(workspaceId, createShellEventsClient({ baseUrl: options.shellUrl, apiKey }));
  }
  if (clients.size === 0) {
    console.log(
      'NOTES_SHELL_API_KEYS is not set: events are off (notes.note.created is not emitted)',
    );
  }
  return {
    async noteCreated(
      workspaceId: string,
      data: NoteCreated,
      /** The gateway's correlation id of the request that added the note (claims `cid`). */
      correlationId: string,
    ): Promise<EmitEventResponse | null> {
      const client = clients.get(workspaceId.toLowerCase());
      if (client === undefined) return null;
      try {
        return await client.emit({
          event_name: 'notes.note.created',
          payload: { ...data },
          // The note's id: a retried emit of the same note stores nothing new.
          idempotency_key: data.note_id,
          stream: 'notes',
          correlation_id: correlationId,
        });
      } catch (error) {
        const detail =
          error instanceof ShellEventsError
            ? { status: error.status, code: error.error?.code ?? null }
            : { error: error instanceof Error ? error.message : String(error) };
        console.log(JSON.stringify({ emit_failed: 'notes.note.created', ...detail }));
        return null;
      }
    },
  };
}
