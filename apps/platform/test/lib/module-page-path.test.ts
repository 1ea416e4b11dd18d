import { describe, expect, it } from 'vitest';
import { modulePageLookup, modulePageTargetOf, moduleRuntimeLookup } from '@/lib/module-page-path';

const WS = '00000000-0000-4000-8000-000000000001';

describe('module page paths (/w/{workspace}/m/{module}/…)', () => {
  it('names the workspace, the module and the path below it', () => {
    expect(modulePageTargetOf(`/w/${WS}/m/hello`)).toStrictEqual({
      workspaceId: WS,
      moduleKey: 'hello',
      path: '/',
    });
    expect(modulePageTargetOf(`/w/${WS}/m/notes/settings/`)).toStrictEqual({
      workspaceId: WS,
      moduleKey: 'notes',
      path: '/settings/',
    });
    expect(modulePageTargetOf(`/w/${WS}/m/notes/a%20b/c`)?.path).toBe('/a%20b/c');
  });

  it('is null for any other path', () => {
    for (const path of [
      '/',
      '/modules',
      `/w/${WS}`,
      `/w/${WS}/m`,
      `/w/${WS}/m/`,
      `/x/w/${WS}/m/a`,
    ]) {
      expect(modulePageTargetOf(path)).toBeNull();
    }
  });

  it('asks the API with the workspace and path as query parameters', () => {
    expect(modulePageLookup({ workspaceId: WS, moduleKey: 'notes', path: '/notes/42' })).toBe(
      `/modules/notes/page?workspace_id=${WS}&path=%2Fnotes%2F42`,
    );
    expect(moduleRuntimeLookup({ workspaceId: WS, moduleKey: 'notes', path: '/notes/42' })).toBe(
      `/modules/notes/runtime?workspace_id=${WS}&path=%2Fnotes%2F42`,
    );
  });
});
