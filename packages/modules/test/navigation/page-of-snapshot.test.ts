import type { GoverningMembership } from '@aiconnected/permissions';
import { describe, expect, it } from 'vitest';
import type { ModuleSnapshot, SnapshotManifest } from '../../src/navigation/module-snapshot';
import { pageOfSnapshot } from '../../src/navigation/page-of-snapshot';

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

const manifest = (frontend: SnapshotManifest['frontend']): SnapshotManifest => ({
  id: 'hello',
  name: 'Hello',
  paid: false,
  permissions: [],
  capabilities: [],
  admin: { pages: [{ path: '/', title: 'Hello' }], navigation: [], apiRoutes: [] },
  target: { baseUrl: 'http://127.0.0.1:4101', healthPath: '/health' },
  frontend,
  settingsHidden: [],
});

const snapshotWith = (frontend: SnapshotManifest['frontend']): ModuleSnapshot => ({
  workspaceId: WORKSPACE,
  parentWorkspaceId: null,
  entitlement: null,
  modules: new Map([
    [
      'hello',
      {
        state: 'enabled',
        version: '1.0.0',
        manifest: manifest(frontend),
        config: {},
        tokenPermissions: [],
      },
    ],
  ]),
});

describe('pageOfSnapshot entry_origin', () => {
  it("answers the origin of the module UI's entry URL, the one origin the page may frame", () => {
    const page = pageOfSnapshot(
      snapshotWith({ entryUrl: 'https://ui.example.com:8443/hello/index.html?x=1' }),
      MEMBER,
      'hello',
      '/',
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
    expect(pageOfSnapshot(snapshotWith(null), MEMBER, 'hello', '/').entry_origin).toBeNull();
  });
});
