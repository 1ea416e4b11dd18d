import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { SHELL_SDK_CONTRACT_VERSION, moduleManifestSchema } from '@aiconnected/sdk-contracts';
import { assess } from '@aiconnected/module-sdk';
import { EXAMPLES } from './start-example';

async function readManifest(name: string): Promise<unknown> {
  return JSON.parse(await readFile(`${EXAMPLES}${name}/manifest.json`, 'utf8')) as unknown;
}

// Each example's manifest; their servers: hello-example, notes-example, examples-events.
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
    expect(notes.events.consumes).toEqual([]);
    expect(notes.runtime.webhooks).toBeUndefined();
    expect(hello.runtime.target.baseUrl).toBe('http://127.0.0.1:4101');
    expect(notes.runtime.target.baseUrl).toBe('http://127.0.0.1:4102');
  });
});
