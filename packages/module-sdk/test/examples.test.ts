import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { SHELL_SDK_CONTRACT_VERSION, moduleManifestSchema } from '@aiconnected/sdk-contracts';
import { assess } from '@aiconnected/module-sdk';
import { EXAMPLES, startExample } from './start-example';

const WORKSPACE_ID = '6f1c1a8e-9d2b-4c55-8f00-3a1b2c3d4e5f';

async function readManifest(name: string): Promise<unknown> {
  return JSON.parse(await readFile(`${EXAMPLES}${name}/manifest.json`, 'utf8')) as unknown;
}

describe('example modules', () => {
  it.each([
    ['hello', 'notes'],
    ['notes', 'hello'],
  ])(
    '%s: its manifest passes assess with no finding at all (the other example registered: hello consumes what notes emits)',
    async (name, other) => {
      const manifest = await readManifest(name);
      const report = assess(manifest, {
        shellVersion: SHELL_SDK_CONTRACT_VERSION,
        entries: [
          { status: 'registered', manifest: moduleManifestSchema.parse(await readManifest(other)) },
        ],
      });
      expect(report).toMatchObject({ module_key: name, outcome: 'accepted', findings: [] });
      expect(moduleManifestSchema.parse(manifest).runtime.target.healthPath).toBe('/health');
    },
  );

  it('both register side by side (no namespace collision) and notes is paid with a config schema', async () => {
    const hello = moduleManifestSchema.parse(await readManifest('hello'));
    const notes = moduleManifestSchema.parse(await readManifest('notes'));
    const report = assess(notes, {
      shellVersion: SHELL_SDK_CONTRACT_VERSION,
      entries: [{ status: 'registered', manifest: hello }],
    });
    expect(report.findings).toEqual([]);
    expect([hello.paid, notes.paid]).toEqual([undefined, true]);
    expect(notes.configSchema).toMatchObject({
      properties: { default_visibility: { enum: ['private', 'workspace'] } },
    });
    expect(notes.events.emits.map((event) => event.name)).toEqual(['notes.note.created']);
    expect(notes.events.consumes.map((event) => event.name)).toEqual(['workspace.created']);
    expect(hello.runtime.target.baseUrl).toBe('http://127.0.0.1:4101');
    expect(notes.runtime.target.baseUrl).toBe('http://127.0.0.1:4102');
  });

  it('notes answers health, both pages, and keeps notes per workspace', async () => {
    const base = await startExample('notes');
    expect((await fetch(`${base}/health`)).status).toBe(200);
    for (const [path, title] of [
      ['/', 'Notes'],
      ['/settings', 'Notes settings'],
    ] as const) {
      const page = await fetch(`${base}${path}`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain(`<h1>${title}</h1>`);
    }

    const headers = { 'x-shell-workspace-id': WORKSPACE_ID, 'content-type': 'application/json' };
    expect(await (await fetch(`${base}/notes`, { headers })).json()).toEqual({ items: [] });
    const created = await fetch(`${base}/notes`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ text: 'First note', visibility: 'private' }),
    });
    expect(created.status).toBe(201);
    // Without NOTES_SHELL_API_KEYS no event is emitted (`event: null`).
    const { event, ...note } = (await created.json()) as { id: string; event: unknown };
    expect(event).toBeNull();
    expect(note).toMatchObject({ text: 'First note', visibility: 'private' });
    expect(await (await fetch(`${base}/notes`, { headers })).json()).toEqual({ items: [note] });

    const otherWorkspace = { 'x-shell-workspace-id': '00000000-0000-4000-8000-000000000001' };
    expect(await (await fetch(`${base}/notes`, { headers: otherWorkspace })).json()).toEqual({
      items: [],
    });
    const invalid = await fetch(`${base}/notes`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ text: '', visibility: 'everyone' }),
    });
    expect([invalid.status, await invalid.json()]).toEqual([
      400,
      {
        code: 'VALIDATION_FAILED',
        message: 'Send {"text": 1-2000 characters, "visibility"?: "private" | "workspace"}',
      },
    ]);
    const noWorkspace = await fetch(`${base}/notes`);
    expect([noWorkspace.status, await noWorkspace.json()]).toEqual([
      400,
      { code: 'WORKSPACE_REQUIRED', message: 'x-shell-workspace-id must be a uuid' },
    ]);
  });
});
