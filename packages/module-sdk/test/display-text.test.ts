import { describe, expect, it } from 'vitest';
import { assess } from '@aiconnected/module-sdk';
import type { ModuleManifest } from '@aiconnected/module-sdk';
import { CORPUS_SHELL_VERSION } from '@aiconnected/module-sdk/testing';
import { corpusManifest } from './manifest-fixture';

// Texts the shell shows people follow safeText's rule (textProblem): no controls, no
// bidirectional overrides or isolates, no lone surrogates, something visible.

function findingsOf(change: (manifest: ModuleManifest) => void) {
  const manifest = corpusManifest();
  change(manifest);
  return assess(manifest, { shellVersion: CORPUS_SHELL_VERSION, entries: [] }).findings;
}

const controls = {
  code: 'FIELD_INVALID',
  severity: 'blocking',
  fix_hint: 'Must not contain control characters',
} as const;

describe('manifest display text', () => {
  it('refuses a bidi override in the name, the value escaped in the message', () => {
    expect(
      findingsOf((manifest) => {
        manifest.name = 'Hello \u202e gnp.exe';
      }),
    ).toStrictEqual([
      {
        ...controls,
        path: '/name',
        message: 'Must not contain control characters (got "Hello \\u202e gnp.exe")',
      },
    ]);
  });

  it('checks description, page titles, navigation labels, route and event descriptions', () => {
    const findings = findingsOf((manifest) => {
      manifest.description = 'Notes\u2067';
      const [page] = manifest.admin.pages;
      const [link] = manifest.admin.navigation;
      const [route] = manifest.admin.apiRoutes;
      const [event] = manifest.events.emits;
      if (!page || !link || !route || !event) throw new Error('expected a full manifest');
      page.title = '\u202dContacts';
      link.label = 'a\u0007';
      route.description = 'Lists \u202a contacts';
      event.description = '\u200b';
    });
    expect(findings.map(({ path, message }) => [path, message])).toStrictEqual([
      [
        '/admin/apiRoutes/0/description',
        'Must not contain control characters (got "Lists \\u202a contacts")',
      ],
      ['/admin/navigation/0/label', 'Must not contain control characters (got "a\\u0007")'],
      ['/admin/pages/0/title', 'Must not contain control characters (got "\\u202dContacts")'],
      ['/description', 'Must not contain control characters (got "Notes\\u2067")'],
      ['/events/emits/0/description', 'Must contain visible characters (got "\\u200b")'],
    ]);
    expect(new Set(findings.map((finding) => finding.code))).toStrictEqual(
      new Set(['FIELD_INVALID']),
    );
  });

  it('keeps mixed-direction text with the LRM/RLM marks and emoji', () => {
    expect(
      findingsOf((manifest) => {
        manifest.name = 'Notes \u200fשלום\u200e 📝';
        manifest.description = 'Ein Modul für Notizen';
      }),
    ).toStrictEqual([]);
  });
});
