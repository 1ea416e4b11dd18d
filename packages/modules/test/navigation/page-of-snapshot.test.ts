import type { GoverningMembership } from '@aiconnected/permissions';
import { describe, expect, it } from 'vitest';
import type { ModuleSnapshot, SnapshotManifest } from '../../src/navigation/module-snapshot';
import { entryUrlRefusal } from '../../src/installations/entry-url-refusal';
import { pageOfSnapshot } from '../../src/navigation/page-of-snapshot';
import { testSnapshot, testSnapshotManifest } from '../../src/testing';

const WORKSPACE = '11111111-1111-4111-8111-111111111111';
const MEMBER: GoverningMembership[] = [
  {
    workspaceId: WORKSPACE,
    workspaceType: 'business',
    roleTemplate: 'business_user',
    relation: 'member',
    overrides: [],
  },
];

const SHELL = 'https://app.example.com';
const DEPLOYED = { isLocal: false, shellOrigins: [SHELL] };
const LOCAL = { isLocal: true, shellOrigins: ['http://localhost:3000'] };

const snapshotWith = (frontend: SnapshotManifest['frontend']): ModuleSnapshot =>
  testSnapshot({
    workspaceId: WORKSPACE,
    manifest: testSnapshotManifest('hello', {
      name: 'Hello',
      admin: { pages: [{ path: '/', title: 'Hello' }], navigation: [], apiRoutes: [] },
      frontend,
    }),
  });

describe('pageOfSnapshot entry_origin', () => {
  it("answers the origin of the module UI's entry URL, the one origin the page may frame", () => {
    const page = pageOfSnapshot(
      snapshotWith({ entryUrl: 'https://ui.example.com:8443/hello/index.html?x=1' }),
      MEMBER,
      'hello',
      '/',
      DEPLOYED,
    );
    expect(page).toStrictEqual({
      workspace_id: WORKSPACE,
      module_key: 'hello',
      name: 'Hello',
      version: '1.0.0',
      entry_origin: 'https://ui.example.com:8443',
      page: { path: '/', title: 'Hello', minimum_role: 'member' },
    });
  });

  it('answers null without a frontend', () => {
    expect(
      pageOfSnapshot(snapshotWith(null), MEMBER, 'hello', '/', DEPLOYED).entry_origin,
    ).toBeNull();
  });

  it('answers null for an entry URL this deployment refuses to frame (entryUrlRefusal)', () => {
    const originOf = (entryUrl: string, rules = DEPLOYED) =>
      pageOfSnapshot(snapshotWith({ entryUrl }), MEMBER, 'hello', '/', rules).entry_origin;
    // Plain http: only in local mode (the manifest allows it on loopback only).
    expect(originOf('http://127.0.0.1:4101/ui')).toBeNull();
    expect(originOf('http://127.0.0.1:4101/ui', LOCAL)).toBe('http://127.0.0.1:4101');
    // The shell's own origin would frame the shell itself, local or not.
    expect(originOf(`${SHELL}/modules/ui`)).toBeNull();
    expect(originOf('http://localhost:3000/ui', LOCAL)).toBeNull();
  });
});

describe('entryUrlRefusal', () => {
  it('refuses http outside local mode and the shell origins (scheme, host and port compared)', () => {
    expect(entryUrlRefusal('https://ui.example.com/x', DEPLOYED)).toBeNull();
    expect(entryUrlRefusal('http://ui.example.com/x', DEPLOYED)).toBe('entry_url_insecure');
    expect(entryUrlRefusal('http://[::1]:4101/', LOCAL)).toBeNull();
    expect(entryUrlRefusal(`${SHELL}/ui`, DEPLOYED)).toBe('entry_url_same_origin');
    expect(entryUrlRefusal(`${SHELL}:443/ui`, DEPLOYED)).toBe('entry_url_same_origin');
    expect(entryUrlRefusal(`${SHELL}:8443/ui`, DEPLOYED)).toBeNull();
    expect(entryUrlRefusal('https://APP.example.com/ui', DEPLOYED)).toBe('entry_url_same_origin');
  });
});
