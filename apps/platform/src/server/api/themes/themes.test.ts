import { beforeAll, describe, expect, it } from 'vitest';
import { normalColor, resolveTheme, type ThemeOverlay } from '@aiconnected/theme';
import type { ThemeSaveResult, ThemeState, ThemeVersionPage } from '@aiconnected/sdk-contracts';
import {
  auditRow,
  auditRowsOf,
  correlationIdOf,
  expectError,
  setupRoleTreeApiTest,
  snapshotTables,
  type MemberLabel,
  type TreeKey,
} from '@/server/api/testing';

const { setup, ws, member, call } = setupRoleTreeApiTest();

/** The failing pair of a refused save: light primary text on primary, and who set each. */
const primaryPair = (foreground: TreeKey, background: TreeKey, inherited: boolean) => ({
  mode: 'light',
  background: 'primary',
  foreground: 'primary-foreground',
  ratio: expect.any(Number),
  required: 4.5,
  foreground_source: { workspace_id: ws(foreground).id, name: ws(foreground).name },
  background_source: { workspace_id: ws(background).id, name: ws(background).name },
  inherited,
});

const COLOUR_MESSAGE =
  'Must be a CSS colour such as #1d4ed8, rgb(29 78 216), hsl(224 76% 48%), oklch(0.49 0.22 264), ' +
  'a colour name, or HSL channels like 224 76% 48%';
const CHANNELS_MESSAGE =
  'Must give every channel of the colour as a finite number (no `none`, no out-of-range exponents such as 1e400)';

async function save(
  who: MemberLabel,
  key: TreeKey,
  theme_tokens: unknown,
  change_note = 'Test save',
): Promise<Response> {
  return call(who, 'PUT', '/themes/current', {
    workspace_id: ws(key).id,
    theme_tokens,
    change_note,
  });
}

async function saved(who: MemberLabel, key: TreeKey, tokens: ThemeOverlay, note?: string) {
  const response = await save(who, key, tokens, note);
  expect(response.status).toBe(200);
  return (await response.json()) as ThemeSaveResult;
}

async function themeOf(who: MemberLabel, key?: TreeKey): Promise<ThemeState> {
  const query = key === undefined ? '' : `?workspace_id=${ws(key).id}`;
  const response = await call(who, 'GET', `/themes/current${query}`);
  expect(response.status).toBe(200);
  return (await response.json()) as ThemeState;
}

/** What each tree workspace's themes table holds (row count), read as the superuser. */
async function themeRows(): Promise<number> {
  const { rows } = await setup.database.admin.query<{ n: number }>(
    'select count(*)::int as n from public.themes',
  );
  return rows[0]?.n ?? -1;
}

// The inheritance table (PRD §28 "Theme inheritance applies consistently"): each row is one
// token across super (S) -> agency (A) -> business (A1): set, unset or locked at each level,
// and the workspace the business's effective value comes from (and the one locking it).
// Values of the business and agency for tokens locked later were saved before the lock.
const RED = '#b91c1c';
const GREEN = '#15803d';
const BLUE = '#1d4ed8';
const INHERITANCE = [
  { token: 'chart-1', S: 'set', A: 'unset', A1: 'unset', from: 'S', lockedBy: null },
  { token: 'chart-2', S: 'set', A: 'set', A1: 'unset', from: 'A', lockedBy: null },
  { token: 'chart-3', S: 'set', A: 'set', A1: 'set', from: 'A1', lockedBy: null },
  { token: 'chart-4', S: 'unset', A: 'unset', A1: 'set', from: 'A1', lockedBy: null },
  { token: 'chart-5', S: 'unset', A: 'unset', A1: 'unset', from: null, lockedBy: null },
  { token: 'border', S: 'locked', A: 'set', A1: 'set', from: 'S', lockedBy: 'S' },
  { token: 'input', S: 'set', A: 'locked', A1: 'set', from: 'A', lockedBy: 'A' },
  { token: 'ring', S: 'unset', A: 'unset', A1: 'locked', from: 'A1', lockedBy: 'A1' },
] as const;
const VALUE = { S: RED, A: GREEN, A1: BLUE } as const;

/** The overlay of one level: its values for the rows set or locked there, and its locks. */
function levelOverlay(level: 'S' | 'A' | 'A1', withLocks: boolean): ThemeOverlay {
  const rows = INHERITANCE.filter((row) => row[level] !== 'unset');
  const light = Object.fromEntries(rows.map((row) => [row.token, VALUE[level]]));
  const locks = INHERITANCE.filter((row) => row[level] === 'locked').map((row) => row.token);
  return withLocks && locks.length > 0 ? { light, locks } : { light };
}

describe('GET /api/themes/current', () => {
  it('answers the built-in default, the chain and no version before anything is saved', async () => {
    const theme = await themeOf('A2.business_user');
    expect(theme).toStrictEqual({
      workspace_id: ws('A2').id,
      theme_tokens: {},
      version: null,
      source_workspace_id: null,
      effective: resolveTheme([]),
      inherited: resolveTheme([]),
      chain: (['S', 'A', 'A2'] as const).map((key) => ({
        workspace_id: ws(key).id,
        name: ws(key).name,
        type: ws(key).type,
        version: null,
      })),
      can_edit: false,
    });
  });

  it('refuses a workspace out of scope, an unknown id, a bad id and no session', async () => {
    await expectError(
      await call('A1.business_admin', 'GET', `/themes/current?workspace_id=${ws('A').id}`),
      'WORKSPACE_FORBIDDEN',
      { workspace_id: ws('A').id },
    );
    await expectError(
      await call('A.agency_user', 'GET', `/themes/current?workspace_id=${ws('A1').id}`),
      'WORKSPACE_FORBIDDEN',
      { workspace_id: ws('A1').id },
    );
    const unknown = '00000000-0000-4000-8000-000000000001';
    await expectError(
      await call('S.super_admin', 'GET', `/themes/current?workspace_id=${unknown}`),
      'WORKSPACE_FORBIDDEN',
      { workspace_id: unknown },
    );
    await expectError(
      await call('A.agency_admin', 'GET', '/themes/current?workspace_id=x%00'),
      'VALIDATION_BLOCKING',
      { issues: [{ path: 'query.workspace_id', message: 'Invalid UUID' }] },
    );
    await expectError(await setup.api.request('/api/themes/current'), 'AUTH_REQUIRED');
  });
});

describe('theme inheritance (super -> agency -> business, set / unset / locked)', () => {
  beforeAll(async () => {
    // Business and agency first (their values for tokens locked later), then the locks.
    await saved('A1.business_admin', 'A1', levelOverlay('A1', true));
    await saved('A.agency_admin', 'A', levelOverlay('A', true));
    await saved('S.super_admin', 'S', levelOverlay('S', true));
  });

  it.each(INHERITANCE)(
    '$token: super $S, agency $A, business $A1 -> from $from, locked by $lockedBy',
    async (row) => {
      const { effective, inherited } = await themeOf('A1.business_user');
      const expected = {
        value:
          row.from === null
            ? resolveTheme([]).light[row.token].value
            : normalColor(VALUE[row.from]),
        source_workspace_id: row.from === null ? null : ws(row.from).id,
        ...(row.lockedBy === null ? {} : { locked_by: ws(row.lockedBy).id }),
      };
      expect(effective.light[row.token]).toStrictEqual(expected);
      // The business's other members and its agency's admins see the same effective theme.
      expect((await themeOf('A.agency_manager', 'A1')).effective).toStrictEqual(effective);
      // What the business inherits is its agency's effective theme, without its own overlay.
      expect(inherited).toStrictEqual((await themeOf('A.agency_user')).effective);
    },
  );

  it('resolves the agency from the baseline and its own overlay only', async () => {
    const theme = await themeOf('A.agency_user');
    expect(theme.effective.light['chart-3']).toStrictEqual({
      value: normalColor(GREEN),
      source_workspace_id: ws('A').id,
    });
    expect(theme.effective.light.border).toStrictEqual({
      value: normalColor(RED),
      source_workspace_id: ws('S').id,
      locked_by: ws('S').id,
    });
    expect(theme.source_workspace_id).toBe(ws('A').id);
    expect(theme.version).toBe(1);
    // Agency B inherits the baseline, not agency A.
    const other = await themeOf('B1.business_user');
    expect(other.effective.light['chart-2']).toStrictEqual({
      value: normalColor(RED),
      source_workspace_id: ws('S').id,
    });
    expect(other.source_workspace_id).toBe(ws('S').id);
  });

  it('refuses a value for a token an ancestor locks, naming the token and the locker', async () => {
    const before = await themeRows();
    await expectError(
      await save('A1.business_admin', 'A1', { light: { input: BLUE } }),
      'PERMISSION_DENIED',
      {
        token: 'input',
        mode: 'light',
        locked_by_workspace_id: ws('A').id,
        locked_by_workspace_name: ws('A').name,
      },
      `“input” is locked by ${ws('A').name}: remove your value for it to save.`,
    );
    await expectError(
      await save('A.agency_admin', 'A', { light: { border: GREEN } }),
      'PERMISSION_DENIED',
      {
        token: 'border',
        mode: 'light',
        locked_by_workspace_id: ws('S').id,
        locked_by_workspace_name: ws('S').name,
      },
      `“border” is locked by ${ws('S').name}: remove your value for it to save.`,
    );
    expect(await themeRows()).toBe(before);
  });
});

describe('PUT /api/themes/current', () => {
  it('saves a normalised new version, audited, for each level’s editors', async () => {
    const response = await save(
      'A.agency_manager',
      'A2',
      { light: { 'chart-1': 'rgb(29 78 216)' }, shared: { radius: '0.75rem' } },
      '  Brand blue  ',
    );
    expect(response.status).toBe(200);
    const body = (await response.json()) as ThemeSaveResult;
    const manager = member('A.agency_manager');
    expect(body).toStrictEqual({
      theme_version: {
        workspace_id: ws('A2').id,
        version: 1,
        change_note: 'Brand blue',
        author: { id: manager.id, email: manager.email, display_name: manager.displayName },
        created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/),
      },
      theme_tokens: { light: { 'chart-1': normalColor(BLUE) }, shared: { radius: '0.75rem' } },
    });
    expect(await auditRowsOf(setup.database, correlationIdOf(response))).toStrictEqual([
      auditRow({
        workspace: ws('A2').id,
        actor: manager.id,
        action: 'theme.update',
        target: { type: 'theme', id: ws('A2').id },
        metadata: {
          version: 1,
          note: 'Brand blue',
          changed_tokens: ['light.chart-1', 'shared.radius'],
        },
      }),
    ]);
    const theme = await themeOf('A2.business_user');
    expect(theme.theme_tokens).toStrictEqual(body.theme_tokens);
    expect(theme.version).toBe(1);
  });

  it('refuses callers without branding.edit there, and workspaces out of scope', async () => {
    const before = await snapshotTables(setup.database);
    const denied = { required_permission: 'branding.edit' };
    await expectError(await save('A1.business_user', 'A1', {}), 'PERMISSION_DENIED', denied);
    await expectError(await save('A.agency_user', 'A', {}), 'PERMISSION_DENIED', denied);
    await expectError(await save('B1.business_user', 'B1', {}), 'PERMISSION_DENIED', denied);
    await expectError(await save('A.agency_admin', 'B1', {}), 'WORKSPACE_FORBIDDEN', {
      workspace_id: ws('B1').id,
    });
    await expectError(await save('A1.business_admin', 'A', {}), 'WORKSPACE_FORBIDDEN', {
      workspace_id: ws('A').id,
    });
    await expectError(await save('A1.business_admin', 'S', {}), 'WORKSPACE_FORBIDDEN', {
      workspace_id: ws('S').id,
    });
    expect(await snapshotTables(setup.database)).toStrictEqual(before);
  });

  it('refuses hostile and malformed input with VALIDATION_BLOCKING and changes nothing', async () => {
    const before = await snapshotTables(setup.database);
    const refused = async (tokens: unknown, issues: unknown[], note = 'Hostile') =>
      expectError(await save('A1.business_admin', 'A1', tokens, note), 'VALIDATION_BLOCKING', {
        issues,
      });
    await refused({ light: { primary: 'red;} body{display:none' } }, [
      { path: 'body.theme_tokens.light.primary', message: COLOUR_MESSAGE },
    ]);
    await refused({ dark: { background: '</style><script>alert(1)</script>' } }, [
      { path: 'body.theme_tokens.dark.background', message: COLOUR_MESSAGE },
    ]);
    await refused({ light: { 'chart-1': 'url(https://evil.example/x)' } }, [
      { path: 'body.theme_tokens.light.chart-1', message: COLOUR_MESSAGE },
    ]);
    await refused({ light: { nope: 'red' } }, [
      { path: 'body.theme_tokens.light', message: 'Unrecognized key: "nope"' },
    ]);
    await refused({ light: { 'chart-1': 'red\u0000' } }, [
      { path: 'body.theme_tokens.light.chart-1', message: COLOUR_MESSAGE },
    ]);
    // culori's parser throws on it: refused, not a 500.
    await refused({ light: { secondary: 'A(0A' } }, [
      { path: 'body.theme_tokens.light.secondary', message: COLOUR_MESSAGE },
    ]);
    // Channels that are missing or not finite (they were stored as NaN).
    await refused({ light: { primary: 'hsl(1e400 50% 50%)' } }, [
      { path: 'body.theme_tokens.light.primary', message: CHANNELS_MESSAGE },
    ]);
    await refused({ dark: { ring: 'hsl(none none none)', accent: 'oklch(0.5 0.2 1e309)' } }, [
      { path: 'body.theme_tokens.dark.accent', message: CHANNELS_MESSAGE },
      { path: 'body.theme_tokens.dark.ring', message: CHANNELS_MESSAGE },
    ]);
    const nul = await save('A1.business_admin', 'A1', {}, 'a\u0000b');
    expect(nul.status).toBe(422);
    const huge = await save('A1.business_admin', 'A1', { light: { primary: 'a'.repeat(300_000) } });
    expect([413, 422]).toContain(huge.status);
    expect(((await huge.json()) as { error: { code: string } }).error.code).toMatch(
      /^(PAYLOAD_TOO_LARGE|VALIDATION_BLOCKING)$/,
    );
    const text = await setup.api.request('/api/themes/current', {
      method: 'PUT',
      headers: {
        authorization: `Bearer ${setup.tokens['A1.business_admin']}`,
        'content-type': 'application/json',
      },
      body: '{"theme_tokens": {',
    });
    await expectError(text, 'VALIDATION_BLOCKING', {
      issues: [{ path: 'body', message: 'The request body could not be parsed.' }],
    });
    expect(await snapshotTables(setup.database)).toStrictEqual(before);
  });

  it('refuses a palette whose text falls below WCAG AA, listing the pairs', async () => {
    const before = await themeRows();
    const response = await save('B.agency_admin', 'B', {
      light: { primary: '#777777', 'primary-foreground': '#888888' },
    });
    const body = (await response.json()) as {
      error: { code: string; details: { contrast: { background: string; mode: string }[] } };
    };
    expect(response.status).toBe(422);
    expect(body.error.code).toBe('VALIDATION_BLOCKING');
    expect(body.error.details.contrast).toStrictEqual([primaryPair('B', 'B', false)]);
    expect(await themeRows()).toBe(before);
  });

  it('lets exactly one of three saves based on the same version through, the rest CONFLICT', async () => {
    const base = (await themeOf('B1.business_admin', 'B1')).version;
    const before = await themeRows();
    const responses = await Promise.all(
      [1, 2, 3].map((n) =>
        call('B1.business_admin', 'PUT', '/themes/current', {
          workspace_id: ws('B1').id,
          theme_tokens: { shared: { radius: `${n / 4}rem` } },
          change_note: `Race ${n}`,
          base_version: base,
        }),
      ),
    );
    const statuses = responses.map((response) => response.status).sort();
    expect(statuses).toStrictEqual([200, 409, 409]);
    for (const response of responses.filter((r) => r.status === 409)) {
      const body = (await response.json()) as { error: { code: string } };
      expect(body.error.code).toBe('CONFLICT');
    }
    expect(await themeRows()).toBe(before + 1);
  });

  it('refuses a save based on a version someone has since replaced, naming the current one', async () => {
    const loaded = (await themeOf('A.agency_admin', 'A2')).version;
    const colleague = await saved('A.agency_manager', 'A2', { light: { 'chart-5': RED } }, 'Mine');
    const before = await snapshotTables(setup.database);
    await expectError(
      await call('A.agency_admin', 'PUT', '/themes/current', {
        workspace_id: ws('A2').id,
        theme_tokens: { light: { 'chart-5': GREEN } },
        change_note: 'Stale',
        base_version: loaded,
      }),
      'CONFLICT',
      { current_version: colleague.theme_version.version },
      'Someone saved this theme after you opened it: reload to see their changes, then save again.',
    );
    expect(await snapshotTables(setup.database)).toStrictEqual(before);
    const fresh = await call('A.agency_admin', 'PUT', '/themes/current', {
      workspace_id: ws('A2').id,
      theme_tokens: { light: { 'chart-5': GREEN } },
      change_note: 'Fresh',
      base_version: colleague.theme_version.version,
    });
    expect(fresh.status).toBe(200);
  });
});

describe('GET /api/themes/versions and POST /api/themes/rollback', () => {
  beforeAll(async () => {
    await saved('B.agency_admin', 'B', { light: { 'chart-1': RED } }, 'First');
    await saved('B.agency_admin', 'B', { light: { 'chart-1': GREEN } }, 'Second');
  });

  it('lists versions newest first with note and author, page by page', async () => {
    const admin = member('B.agency_admin');
    // A member sees the author's name, not the address (review 20).
    const author = { id: admin.id, display_name: admin.displayName };
    const first = await call(
      'B.agency_user',
      'GET',
      `/themes/versions?workspace_id=${ws('B').id}&limit=1`,
    );
    const page1 = (await first.json()) as ThemeVersionPage;
    expect(page1.items).toStrictEqual([
      {
        workspace_id: ws('B').id,
        version: 2,
        change_note: 'Second',
        author,
        created_at: expect.any(String),
      },
    ]);
    expect(page1.next_cursor).toEqual(expect.any(String));
    const second = await call(
      'B.agency_user',
      'GET',
      `/themes/versions?workspace_id=${ws('B').id}&limit=1&cursor=${page1.next_cursor}`,
    );
    const page2 = (await second.json()) as ThemeVersionPage;
    expect(page2.items.map((item) => [item.version, item.change_note])).toStrictEqual([
      [1, 'First'],
    ]);
    expect(page2.next_cursor).toBeNull();
    // The address only to a super operator (and to the author themself).
    for (const who of ['S.super_admin', 'B.agency_admin'] as const) {
      const page = (await (
        await call(who, 'GET', `/themes/versions?workspace_id=${ws('B').id}&limit=1`)
      ).json()) as ThemeVersionPage;
      expect(page.items[0]?.author, who).toStrictEqual({ ...author, email: admin.email });
    }
    await expectError(
      await call('B.agency_user', 'GET', `/themes/versions?workspace_id=${ws('B').id}&cursor=abc`),
      'VALIDATION_BLOCKING',
      { issues: [{ path: 'query.cursor', message: 'Not a cursor returned by this endpoint' }] },
    );
    await expectError(
      await call('A.agency_admin', 'GET', `/themes/versions?workspace_id=${ws('B').id}`),
      'WORKSPACE_FORBIDDEN',
      { workspace_id: ws('B').id },
    );
  });

  it('rolls back as a new version with the earlier tokens, audited', async () => {
    const response = await call('B.agency_admin', 'POST', '/themes/rollback', {
      workspace_id: ws('B').id,
      version: 1,
      change_note: 'Green was a mistake',
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as ThemeSaveResult;
    expect(body.theme_version.version).toBe(3);
    expect(body.theme_version.change_note).toBe('Rollback to v1: Green was a mistake');
    expect(body.theme_tokens).toStrictEqual({ light: { 'chart-1': normalColor(RED) } });
    const admin = member('B.agency_admin');
    expect(await auditRowsOf(setup.database, correlationIdOf(response))).toStrictEqual([
      auditRow({
        workspace: ws('B').id,
        actor: admin.id,
        action: 'theme.rollback',
        target: { type: 'theme', id: ws('B').id },
        metadata: { version: 3, note: 'Rollback to v1: Green was a mistake', rolled_back_to: 1 },
      }),
    ]);
    expect((await themeOf('B1.business_user')).effective.light['chart-1']).toStrictEqual({
      value: normalColor(RED),
      source_workspace_id: ws('B').id,
    });
  });

  it('refuses an unknown version, a caller without branding.edit and another tenant', async () => {
    const before = await snapshotTables(setup.database);
    const rollback = (who: MemberLabel, key: TreeKey, version: number) =>
      call(who, 'POST', '/themes/rollback', {
        workspace_id: ws(key).id,
        version,
        change_note: 'Back',
      });
    await expectError(
      await rollback('B.agency_admin', 'B', 99),
      'NOT_FOUND',
      { version: 99 },
      'This workspace has no theme version 99.',
    );
    await expectError(await rollback('B.agency_user', 'B', 1), 'PERMISSION_DENIED', {
      required_permission: 'branding.edit',
    });
    await expectError(await rollback('A.agency_admin', 'B', 1), 'WORKSPACE_FORBIDDEN', {
      workspace_id: ws('B').id,
    });
    await expectError(await rollback('B.agency_admin', 'B', 0), 'VALIDATION_BLOCKING', {
      issues: [{ path: 'body.version', message: 'Too small: expected number to be >=1' }],
    });
    expect(await snapshotTables(setup.database)).toStrictEqual(before);
  });
});

describe('GET /api/themes/current/css', () => {
  it('exports the effective theme as TweakCN Tailwind v3 CSS', async () => {
    const response = await call('A1.business_user', 'GET', '/themes/current/css');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/css; charset=utf-8');
    const css = await response.text();
    expect(css).toContain(':root {');
    expect(css).toContain('.dark {');
    expect(css).toContain(`--chart-3: ${normalColor(BLUE)};`);
    expect(css).toContain(`--border: ${normalColor(RED)};`);
  });
});

/**
 * Adds a version to a workspace's theme as the superuser (a change made by someone else
 * meanwhile) built from its latest overlay; the returned function removes it again.
 */
async function pushVersion(
  key: TreeKey,
  change: (overlay: ThemeOverlay) => ThemeOverlay,
): Promise<() => Promise<void>> {
  const admin = setup.database.admin;
  const { rows } = await admin.query<{
    version: number | null;
    token_payload: ThemeOverlay | null;
  }>(
    `select max(version)::int as version,
            (select token_payload from public.themes where workspace_id = $1 order by version desc limit 1)
       from public.themes where workspace_id = $1`,
    [ws(key).id],
  );
  const version = (rows[0]?.version ?? 0) + 1;
  await admin.query(
    `insert into public.themes (workspace_id, token_payload, version, change_note)
     values ($1, $2::jsonb, $3, 'Meanwhile')`,
    [ws(key).id, JSON.stringify(change(rows[0]?.token_payload ?? {})), version],
  );
  return async () => {
    await admin.query('delete from public.themes where workspace_id = $1 and version = $2', [
      ws(key).id,
      version,
    ]);
  };
}

describe('changes made above a workspace since', () => {
  it('refuses a rollback to a version holding a value for a token an ancestor has locked since', async () => {
    // B's version 1 sets light chart-1 (the rollback tests above); now the baseline locks it.
    const undo = await pushVersion('S', (overlay) => ({
      ...overlay,
      locks: [...(overlay.locks ?? []), 'chart-1'],
    }));
    try {
      const before = await snapshotTables(setup.database);
      await expectError(
        await call('B.agency_admin', 'POST', '/themes/rollback', {
          workspace_id: ws('B').id,
          version: 1,
          change_note: 'Back to red',
        }),
        'PERMISSION_DENIED',
        {
          token: 'chart-1',
          mode: 'light',
          locked_by_workspace_id: ws('S').id,
          locked_by_workspace_name: ws('S').name,
        },
        `“chart-1” is locked by ${ws('S').name}: remove your value for it to save.`,
      );
      expect(await snapshotTables(setup.database)).toStrictEqual(before);
    } finally {
      await undo();
    }
  });

  it('refuses a rollback to a version holding a value saved before today’s checks, at body.version', async () => {
    // Stored before non-finite channels were refused: reading drops it (the token inherits).
    const undo = await pushVersion('B', (overlay) => ({
      ...overlay,
      light: { ...overlay.light, primary: 'NaN 50% 50%' },
    }));
    try {
      const stored = await themeOf('B.agency_admin', 'B');
      const bad = stored.version;
      expect(stored.theme_tokens.light?.primary).toBe('NaN 50% 50%');
      expect(stored.effective.light.primary).toStrictEqual(stored.inherited.light.primary);
      await saved('B.agency_admin', 'B', { light: { 'chart-1': GREEN } }, 'Fixed');
      const before = await snapshotTables(setup.database);
      await expectError(
        await call('B.agency_admin', 'POST', '/themes/rollback', {
          workspace_id: ws('B').id,
          version: bad,
          change_note: 'Back',
        }),
        'VALIDATION_BLOCKING',
        {
          issues: [
            {
              path: 'body.version',
              message: `Version ${bad} stores values that are no longer valid: light.primary (${COLOUR_MESSAGE})`,
            },
          ],
        },
        `Version ${bad} holds values that are no longer accepted: roll back to another version, or save the theme with corrected values.`,
      );
      expect(await snapshotTables(setup.database)).toStrictEqual(before);
    } finally {
      await setup.database.admin.query(
        "delete from public.themes where workspace_id = $1 and change_note = 'Fixed'",
        [ws('B').id],
      );
      await undo();
    }
  });

  it('names the ancestors behind a contrast failure the workspace inherits', async () => {
    // The agency keeps a white primary text; the baseline then makes primary near-white too.
    // Each save was fine where it was made; the business below inherits the failing pair.
    const undoAgency = await pushVersion('B', (overlay) => ({
      ...overlay,
      light: { ...overlay.light, 'primary-foreground': normalColor('#ffffff') },
    }));
    const undoBaseline = await pushVersion('S', (overlay) => ({
      ...overlay,
      light: {
        ...overlay.light,
        primary: normalColor('#eeeeee'),
        'primary-foreground': normalColor('#111111'),
      },
    }));
    try {
      const before = await themeRows();
      const response = await save('B1.business_admin', 'B1', { shared: { radius: '0.5rem' } });
      const body = (await response.json()) as {
        error: { code: string; message: string; details: { contrast: unknown[] } };
      };
      expect(response.status).toBe(422);
      expect(body.error.code).toBe('VALIDATION_BLOCKING');
      expect(body.error.message).toBe(
        `Some text would be hard to read because of colours set by ${ws('B').name} and ${ws('S').name}: ` +
          'set your own value for one colour of each pair listed, or ask them to change theirs.',
      );
      expect(body.error.details.contrast).toStrictEqual([primaryPair('B', 'S', true)]);
      expect(await themeRows()).toBe(before);
    } finally {
      await undoBaseline();
      await undoAgency();
    }
  });
});
