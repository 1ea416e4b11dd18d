import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  readProfileField,
  writeProfileField,
  type BrandingProfile,
  type BrandingProfileField,
  type LoginScreen,
  type SignInBranding,
} from '@aiconnected/sdk-contracts';
import { normalColor } from '@aiconnected/theme';
import {
  auditRow,
  auditRowsOf,
  contextOf,
  correlationIdOf,
  expectError,
  setupRoleTreeApiTest,
  snapshotTables,
  type MemberLabel,
  type TreeKey,
} from '@/server/api/testing';

const { setup, ws, member, call } = setupRoleTreeApiTest();

interface Save {
  branding_profile: unknown;
  allow_business_override?: boolean;
  change_note?: string;
}

async function save(who: MemberLabel, key: TreeKey, body: Save): Promise<Response> {
  return call(who, 'PUT', '/branding/login-screen', { workspace_id: ws(key).id, ...body });
}

async function saved(who: MemberLabel, key: TreeKey, body: Save): Promise<LoginScreen> {
  const response = await save(who, key, body);
  expect(response.status, await response.clone().text()).toBe(200);
  return (await response.json()) as LoginScreen;
}

async function loginScreenOf(who: MemberLabel, key: TreeKey): Promise<LoginScreen> {
  const response = await call(who, 'GET', `/branding/login-screen?workspace_id=${ws(key).id}`);
  expect(response.status).toBe(200);
  return (await response.json()) as LoginScreen;
}

async function signInBrandingFor(host: string): Promise<SignInBranding> {
  const response = await setup.api.request(`http://${host}/api/branding/sign-in-context`);
  expect(response.status).toBe(200);
  return (await response.json()) as SignInBranding;
}

/** Rows of login_screen_profiles, read as the superuser. */
async function profileRows(): Promise<number> {
  const { rows } = await setup.database.admin.query<{ n: number }>(
    'select count(*)::int as n from public.login_screen_profiles',
  );
  return rows[0]?.n ?? -1;
}

/** Every table a refused request could touch, login-screen profiles included. */
async function snapshot(): Promise<unknown> {
  return { tables: await snapshotTables(setup.database), profiles: await profileRows() };
}

/** A branding asset row as the upload flow leaves it (as the superuser). */
async function insertAsset(
  key: TreeKey,
  assetType: string,
  scan: 'clean' | 'pending' = 'clean',
): Promise<{ id: string; url: string }> {
  const sha = randomBytes(32).toString('hex');
  const { rows } = await setup.database.admin.query<{ id: string }>(
    `insert into public.branding_assets
       (workspace_id, asset_type, storage_path, mime_type, size_bytes, scan_status, uploaded_at)
     values ($1, $2, $3, 'image/png', 100, $4, case when $4 = 'clean' then now() end)
     returning id`,
    [ws(key).id, assetType, `${sha}.png`, scan],
  );
  return { id: rows[0]?.id ?? '', url: `/api/branding/files/${sha}.png` };
}

/** Platform hosts are `<slug>.localhost` in tests: the tree's workspaces get slugs. */
beforeAll(async () => {
  for (const key of ['A', 'A1', 'A2', 'B', 'B1'] as const) {
    await setup.database.admin.query('update public.workspaces set slug = $2 where id = $1', [
      ws(key).id,
      `login-${key.toLowerCase()}-${randomBytes(3).toString('hex')}`,
    ]);
  }
});

const chainOf = (keys: readonly TreeKey[], versions: (number | null)[], applies: boolean[]) =>
  keys.map((key, index) => ({
    workspace_id: ws(key).id,
    name: ws(key).name,
    type: ws(key).type,
    version: versions[index] ?? null,
    applies: applies[index] ?? true,
  }));

describe('GET /api/branding/login-screen', () => {
  it('answers the defaults, the chain and version 0 before anything is saved', async () => {
    expect(await loginScreenOf('A2.business_user', 'A2')).toStrictEqual({
      workspace_id: ws('A2').id,
      branding_profile: {},
      effective_source_workspace_id: null,
      field_sources: {},
      inherited: { branding_profile: {}, field_sources: {} },
      own_profile: null,
      version: 0,
      allow_business_override: false,
      policy_workspace_id: ws('A').id,
      editable: false,
      read_only_reason: 'missing_permission',
      logo_url: null,
      chain: chainOf(['S', 'A', 'A2'], [null, null, null], [true, true, false]),
    });
    const own = await loginScreenOf('S.super_manager', 'S');
    expect(own.editable).toBe(true);
    expect(own.allow_business_override).toBeNull();
  });

  it('refuses a workspace out of scope, an unknown id, a bad id and no session', async () => {
    await expectError(
      await call('A1.business_admin', 'GET', `/branding/login-screen?workspace_id=${ws('A').id}`),
      'WORKSPACE_FORBIDDEN',
      { workspace_id: ws('A').id },
    );
    await expectError(
      await call('B.agency_admin', 'GET', `/branding/login-screen?workspace_id=${ws('A1').id}`),
      'WORKSPACE_FORBIDDEN',
      { workspace_id: ws('A1').id },
    );
    await expectError(
      await call('A.agency_user', 'GET', `/branding/login-screen?workspace_id=${ws('A1').id}`),
      'WORKSPACE_FORBIDDEN',
      { workspace_id: ws('A1').id },
    );
    const unknown = '00000000-0000-4000-8000-000000000001';
    await expectError(
      await call('S.super_admin', 'GET', `/branding/login-screen?workspace_id=${unknown}`),
      'WORKSPACE_FORBIDDEN',
      { workspace_id: unknown },
    );
    await expectError(
      await call('A.agency_admin', 'GET', '/branding/login-screen?workspace_id=x%00'),
      'VALIDATION_BLOCKING',
      { issues: [{ path: 'query.workspace_id', message: 'Invalid UUID' }] },
    );
    await expectError(
      await setup.api.request(`/api/branding/login-screen?workspace_id=${ws('A').id}`),
      'AUTH_REQUIRED',
    );
  });
});

// The inheritance table (PRD §28 "Agency/business login-screen customization works within
// scope"): each row is one field across super (S) -> agency (A) -> business (A1), set or
// unset at each level, and the workspace the business's effective value comes from while
// the agency allows business overrides (policy on) and after it stops (policy off).
const INHERITANCE = [
  { field: 'copy.headline', S: 1, A: 0, A1: 0, on: 'S', off: 'S' },
  { field: 'copy.subheadline', S: 1, A: 1, A1: 0, on: 'A', off: 'A' },
  { field: 'copy.footer', S: 1, A: 1, A1: 1, on: 'A1', off: 'A' },
  { field: 'colors.primary', S: 0, A: 0, A1: 1, on: 'A1', off: null },
  { field: 'colors.secondary', S: 0, A: 0, A1: 0, on: null, off: null },
  { field: 'typography.heading_font', S: 0, A: 1, A1: 1, on: 'A1', off: 'A' },
  { field: 'support_link', S: 1, A: 0, A1: 1, on: 'A1', off: 'S' },
] as const satisfies readonly {
  field: BrandingProfileField;
  S: 0 | 1;
  A: 0 | 1;
  A1: 0 | 1;
  on: 'S' | 'A' | 'A1' | null;
  off: 'S' | 'A' | 'A1' | null;
}[];
type Level = 'S' | 'A' | 'A1';
const COLOUR: Record<Level, string> = { S: '#b91c1c', A: '#15803d', A1: '#1d4ed8' };
const FONT: Record<Level, string> = { S: 'Inter', A: 'Lora', A1: 'Outfit' };

/** The value a level stores for a field (as it is answered: colours normalised). */
function valueOf(field: BrandingProfileField, level: Level): NonNullable<unknown> {
  if (field === 'support_link') {
    return { text: `${level} help`, url: `https://${level.toLowerCase()}.example/help` };
  }
  if (field.startsWith('colors.')) return normalColor(COLOUR[level]);
  if (field.startsWith('typography.')) return FONT[level];
  return `${level} ${field}`;
}

/** A level's profile: its values for the rows set there (colours as sent, not normalised). */
function levelProfile(level: Level): BrandingProfile {
  let profile: BrandingProfile = {};
  for (const row of INHERITANCE.filter((r) => r[level] === 1)) {
    const value = row.field.startsWith('colors.') ? COLOUR[level] : valueOf(row.field, level);
    profile = writeProfileField(profile, row.field, value);
  }
  return profile;
}

const fieldOf = readProfileField;

describe('login-screen inheritance (super -> agency -> business, set / unset, policy on / off)', () => {
  beforeAll(async () => {
    await saved('A.agency_admin', 'A', {
      branding_profile: levelProfile('A'),
      allow_business_override: true,
    });
    await saved('A1.business_admin', 'A1', { branding_profile: levelProfile('A1') });
    await saved('S.super_admin', 'S', { branding_profile: levelProfile('S') });
  });

  it.each(INHERITANCE)(
    '$field: super $S, agency $A, business $A1 -> policy on: $on, policy off: $off',
    async (row) => {
      const on = await loginScreenOf('A1.business_admin', 'A1');
      expect(fieldOf(on.branding_profile, row.field)).toStrictEqual(
        row.on === null ? undefined : valueOf(row.field, row.on),
      );
      expect(on.field_sources[row.field]).toBe(row.on === null ? undefined : ws(row.on).id);
      // The agency's admins see the business's page the same way.
      expect(await loginScreenOf('A.agency_manager', 'A1')).toStrictEqual(on);
    },
  );

  it('answers the whole resolved login screen with the policy on, then off', async () => {
    const on = await loginScreenOf('A1.business_admin', 'A1');
    expect(on).toStrictEqual({
      workspace_id: ws('A1').id,
      branding_profile: expect.any(Object),
      effective_source_workspace_id: ws('A1').id,
      field_sources: Object.fromEntries(
        INHERITANCE.flatMap((row) => (row.on === null ? [] : [[row.field, ws(row.on).id]])),
      ),
      inherited: {
        branding_profile: expect.any(Object),
        field_sources: Object.fromEntries(
          INHERITANCE.flatMap((row) => (row.off === null ? [] : [[row.field, ws(row.off).id]])),
        ),
      },
      own_profile: {
        ...levelProfile('A1'),
        colors: { primary: normalColor(COLOUR.A1) },
      },
      version: 1,
      allow_business_override: true,
      policy_workspace_id: ws('A').id,
      editable: true,
      read_only_reason: null,
      logo_url: null,
      chain: chainOf(['S', 'A', 'A1'], [1, 1, 1], [true, true, true]),
    });

    // The agency stops allowing overrides: the business's profile stays stored, unused.
    const agency = await saved('A.agency_admin', 'A', {
      branding_profile: levelProfile('A'),
      allow_business_override: false,
      change_note: 'Businesses use the agency page',
    });
    expect(agency.version).toBe(2);
    expect(agency.allow_business_override).toBe(false);
    const off = await loginScreenOf('A1.business_admin', 'A1');
    for (const row of INHERITANCE) {
      expect(fieldOf(off.branding_profile, row.field), row.field).toStrictEqual(
        row.off === null ? undefined : valueOf(row.field, row.off),
      );
      expect(off.field_sources[row.field]).toBe(row.off === null ? undefined : ws(row.off).id);
    }
    // With the policy off the business shows exactly what it inherits.
    expect(off.branding_profile).toStrictEqual(off.inherited.branding_profile);
    expect(off.field_sources).toStrictEqual(off.inherited.field_sources);
    expect(off).toMatchObject({
      effective_source_workspace_id: ws('A').id,
      own_profile: on.own_profile,
      version: 1,
      allow_business_override: false,
      editable: false,
      read_only_reason: 'agency_policy',
      chain: chainOf(['S', 'A', 'A1'], [1, 2, 1], [true, true, false]),
    });
    // Agency B and its business inherit the baseline only.
    const other = await loginScreenOf('B1.business_user', 'B1');
    expect(other.branding_profile).toStrictEqual(levelProfile('S'));
    expect(other.effective_source_workspace_id).toBe(ws('S').id);
  });

  it('refuses a business save while its agency forbids overrides, whoever asks, with why', async () => {
    const before = await snapshot();
    const forbidden = {
      required_permission: 'branding.login.edit',
      reason: 'agency_policy',
      policy_workspace_id: ws('A').id,
    };
    const message = `${ws('A').name} controls the sign-in page of its businesses: ask them to allow business customisation.`;
    const body = { branding_profile: { copy: { headline: 'Ours' } } };
    for (const who of [
      'A1.business_admin',
      'A1.business_manager',
      'A.agency_admin',
      'S.super_admin',
    ] as const) {
      await expectError(await save(who, 'A1', body), 'PERMISSION_DENIED', forbidden, message);
    }
    expect(await snapshot()).toStrictEqual(before);
  });

  it('refuses the same insert in the database (RLS, migration 031), past the code checks', async () => {
    const context = await contextOf(setup.api, setup.tokens['A1.business_admin']);
    const attempt = setup.database.db.withWorkspace(context, (tx) =>
      tx.query(
        `insert into public.login_screen_profiles (workspace_id, version, profile)
         values ($1, 99, '{}')`,
        [ws('A1').id],
      ),
    );
    await expect(attempt).rejects.toMatchObject({ code: '42501' });
    const agency = await contextOf(setup.api, setup.tokens['A.agency_admin']);
    await expect(
      setup.database.db.withWorkspace(agency, (tx) =>
        tx.query('update public.login_screen_profiles set change_note = $1', ['x']),
      ),
    ).rejects.toMatchObject({ code: '42501' });
  });
});

describe('PUT /api/branding/login-screen', () => {
  it('saves a normalised new version with the agency policy, audited', async () => {
    const response = await save('B.agency_manager', 'B', {
      branding_profile: {
        colors: { primary: 'rgb(29 78 216)', secondary: '#0f172a' },
        typography: { heading_font: 'Playfair Display', body_font: 'Inter' },
        copy: { headline: '  Welcome to B  ', subheadline: 'Sign in to your workspace' },
        support_link: { text: 'Get help', url: 'HTTPS://Help.B.Example/Support?q=1' },
      },
      allow_business_override: true,
      change_note: '  Launch  ',
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as LoginScreen;
    const own = {
      colors: { primary: normalColor('#1d4ed8'), secondary: normalColor('#0f172a') },
      typography: { heading_font: 'Playfair Display', body_font: 'Inter' },
      copy: { headline: 'Welcome to B', subheadline: 'Sign in to your workspace' },
      // Stored as the URL parser writes it.
      support_link: { text: 'Get help', url: 'https://help.b.example/Support?q=1' },
    };
    expect(body).toStrictEqual({
      workspace_id: ws('B').id,
      branding_profile: { ...own, copy: { ...own.copy, footer: 'S copy.footer' } },
      effective_source_workspace_id: ws('B').id,
      field_sources: {
        'colors.primary': ws('B').id,
        'colors.secondary': ws('B').id,
        'typography.heading_font': ws('B').id,
        'typography.body_font': ws('B').id,
        'copy.headline': ws('B').id,
        'copy.subheadline': ws('B').id,
        'copy.footer': ws('S').id,
        support_link: ws('B').id,
      },
      inherited: {
        branding_profile: levelProfile('S'),
        field_sources: Object.fromEntries(
          INHERITANCE.flatMap((row) => (row.S === 1 ? [[row.field, ws('S').id]] : [])),
        ),
      },
      own_profile: own,
      version: 1,
      allow_business_override: true,
      policy_workspace_id: ws('B').id,
      editable: true,
      read_only_reason: null,
      logo_url: null,
      chain: chainOf(['S', 'B'], [1, 1], [true, true]),
    });
    expect(await auditRowsOf(setup.database, correlationIdOf(response))).toStrictEqual([
      auditRow({
        workspace: ws('B').id,
        actor: member('B.agency_manager').id,
        action: 'branding.login_screen.update',
        target: { type: 'login_screen_profile', id: ws('B').id },
        metadata: {
          version: 1,
          note: 'Launch',
          changed_fields: [
            'colors.primary',
            'colors.secondary',
            'typography.heading_font',
            'typography.body_font',
            'copy.headline',
            'copy.subheadline',
            'support_link',
          ],
          allow_business_override: { from: false, to: true },
        },
      }),
    ]);
    // A business of B may now customise its own; its page inherits the rest.
    const business = await saved('B1.business_admin', 'B1', {
      branding_profile: { copy: { headline: 'B1 <b>only</b>' } },
    });
    expect(business.version).toBe(1);
    expect(business.branding_profile.copy?.headline).toBe('B1 <b>only</b>');
    expect(business.field_sources['colors.primary']).toBe(ws('B').id);
    // Leaving the policy out keeps it.
    const again = await saved('B.agency_admin', 'B', { branding_profile: own });
    expect([again.version, again.allow_business_override]).toStrictEqual([2, true]);
  });

  it('refuses callers without branding.login.edit there, and workspaces out of scope', async () => {
    const before = await snapshot();
    const body = { branding_profile: {} };
    const denied = { required_permission: 'branding.login.edit' };
    await expectError(await save('B1.business_user', 'B1', body), 'PERMISSION_DENIED', denied);
    await expectError(await save('B.agency_user', 'B', body), 'PERMISSION_DENIED', denied);
    await expectError(await save('A.agency_user', 'A', body), 'PERMISSION_DENIED', denied);
    await expectError(await save('A.agency_admin', 'B1', body), 'WORKSPACE_FORBIDDEN', {
      workspace_id: ws('B1').id,
    });
    await expectError(await save('B1.business_admin', 'B', body), 'WORKSPACE_FORBIDDEN', {
      workspace_id: ws('B').id,
    });
    await expectError(await save('B1.business_admin', 'S', body), 'WORKSPACE_FORBIDDEN', {
      workspace_id: ws('S').id,
    });
    await expectError(
      await setup.api.request('/api/branding/login-screen', {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ workspace_id: ws('B').id, branding_profile: {} }),
      }),
      'AUTH_REQUIRED',
    );
    expect(await snapshot()).toStrictEqual(before);
  });

  it('refuses hostile and malformed input with VALIDATION_BLOCKING and changes nothing', async () => {
    const before = await snapshot();
    const refused = async (branding_profile: unknown, issues: unknown[], extra = {}) =>
      expectError(
        await save('B1.business_admin', 'B1', { branding_profile, ...extra }),
        'VALIDATION_BLOCKING',
        { issues },
      );
    const path = 'body.branding_profile';
    await refused({ support_link: { text: 'Help', url: 'javascript:alert(1)' } }, [
      {
        path: `${path}.support_link.url`,
        message: 'Must be an https:// address or a mailto: link',
      },
    ]);
    await refused({ support_link: { text: 'Help', url: 'http://b.example/help' } }, [
      {
        path: `${path}.support_link.url`,
        message: 'Must be an https:// address or a mailto: link',
      },
    ]);
    // URL parsing reads these as https://evil.example/: only the https:// form is a link.
    for (const url of ['https:evil.example', 'https:/evil.example', 'https:\\\\evil.example']) {
      await refused({ support_link: { text: 'Help', url } }, [
        {
          path: `${path}.support_link.url`,
          message: 'Must be an https:// address or a mailto: link',
        },
      ]);
    }
    await refused({ support_link: { text: 'Help', url: 'data:text/html,<script>x</script>' } }, [
      {
        path: `${path}.support_link.url`,
        message: 'Must be an https:// address or a mailto: link',
      },
    ]);
    await refused({ copy: { headline: 'Hello\u0000' } }, [
      { path: `${path}.copy.headline`, message: 'Must not contain control characters' },
    ]);
    await refused({ copy: { footer: '\u200b ' } }, [
      { path: `${path}.copy.footer`, message: 'Must contain visible characters' },
    ]);
    await refused({ copy: { headline: 'x'.repeat(121) } }, [
      {
        path: `${path}.copy.headline`,
        message: 'Too big: expected string to have <=120 characters',
      },
    ]);
    await refused({ copy: { banner_html: '<b>hi</b>' } }, [
      { path: `${path}.copy`, message: 'Unrecognized key: "banner_html"' },
    ]);
    await refused({ colors: { primary: 'red; } body { display: none' } }, [
      {
        path: `${path}.colors.primary`,
        message:
          'Must be a CSS colour such as #1d4ed8, rgb(29 78 216), hsl(224 76% 48%), oklch(0.49 0.22 264), ' +
          'a colour name, or HSL channels like 224 76% 48%',
      },
    ]);
    await refused({ colors: { primary: '#ff000080' } }, [
      {
        path: `${path}.colors.primary`,
        message: 'Must be an opaque colour: theme colours are HSL channels without transparency',
      },
    ]);
    // Channels that are missing or not finite (they were stored as NaN).
    const channels =
      'Must give every channel of the colour as a finite number (no `none`, no out-of-range exponents such as 1e400)';
    await refused({ colors: { primary: 'hsl(1e400 50% 50%)', secondary: 'hsl(none none none)' } }, [
      { path: `${path}.colors.primary`, message: channels },
      { path: `${path}.colors.secondary`, message: channels },
    ]);
    await refused({ colors: { secondary: 'oklch(0.5 0.2 1e309)' } }, [
      { path: `${path}.colors.secondary`, message: channels },
    ]);
    await refused({ typography: { heading_font: 'Comic Sans' } }, [
      {
        path: `${path}.typography.heading_font`,
        message: 'Unknown font "Comic Sans": pick one of the theme\'s fonts',
      },
    ]);
    await refused({ typography: { body_font: "Inter'; } *{x:y" } }, [
      {
        path: `${path}.typography.body_font`,
        message: 'Must be a font name from the theme font catalogue',
      },
    ]);
    await refused({ background_image: 'https://x.example/bg.png' }, [
      { path: path, message: 'Unrecognized key: "background_image"' },
    ]);
    await refused(
      {},
      [{ path: 'body.change_note', message: 'Must not contain control characters' }],
      {
        change_note: 'a\u0000b',
      },
    );
    // The policy is an agency's: a business and the super baseline have none.
    await refused(
      {},
      [
        {
          path: 'body.allow_business_override',
          message: 'Only an agency decides whether its businesses may customise their sign-in page',
        },
      ],
      { allow_business_override: true },
    );
    await expectError(
      await save('S.super_admin', 'S', { branding_profile: {}, allow_business_override: false }),
      'VALIDATION_BLOCKING',
      {
        issues: [
          {
            path: 'body.allow_business_override',
            message:
              'Only an agency decides whether its businesses may customise their sign-in page',
          },
        ],
      },
    );
    const huge = JSON.stringify({
      workspace_id: ws('B1').id,
      branding_profile: { copy: { headline: 'a'.repeat(2_000_000) } },
    });
    await expectError(
      await setup.api.request('/api/branding/login-screen', {
        method: 'PUT',
        headers: {
          authorization: `Bearer ${setup.tokens['B1.business_admin']}`,
          'content-type': 'application/json',
          'content-length': String(huge.length),
        },
        body: huge,
      }),
      'PAYLOAD_TOO_LARGE',
      { max_bytes: 1024 * 1024 },
    );
    expect(await snapshot()).toStrictEqual(before);
  });

  it('keeps HTML and script in copy as plain text', async () => {
    const copy = {
      headline: '<script>alert(1)</script>',
      subheadline: '<img src=x onerror=alert(1)>',
      footer: '&lt;b&gt; “quoted” ©',
    };
    const body = await saved('B1.business_manager', 'B1', { branding_profile: { copy } });
    expect(body.own_profile).toStrictEqual({ copy });
    const branding = await signInBrandingFor(`${await slugOf('B1')}.localhost`);
    expect(branding.branding_profile.copy).toStrictEqual(copy);
  });

  it('accepts a clean logo of the workspace or an ancestor, and nothing else', async () => {
    const own = await insertAsset('A2', 'logo');
    const agencyLogo = await insertAsset('A', 'login_logo');
    const pending = await insertAsset('A', 'logo', 'pending');
    const favicon = await insertAsset('A', 'favicon');
    const otherTenant = await insertAsset('B', 'logo');
    const sibling = await insertAsset('A1', 'logo');

    const withAgencyLogo = await saved('A.agency_admin', 'A', {
      branding_profile: { ...levelProfile('A'), logo_asset_id: agencyLogo.id },
    });
    expect(withAgencyLogo.logo_url, JSON.stringify(withAgencyLogo)).toBe(agencyLogo.url);
    // The business inherits it (its agency forbids overrides: the agency's page applies).
    const business = await loginScreenOf('A2.business_user', 'A2');
    expect([business.branding_profile.logo_asset_id, business.logo_url]).toStrictEqual([
      agencyLogo.id,
      agencyLogo.url,
    ]);
    expect(business.field_sources.logo_asset_id).toBe(ws('A').id);
    const branding = await signInBrandingFor(`${await slugOf('A2')}.localhost`);
    expect(branding.logo_url).toBe(agencyLogo.url);

    const before = await snapshot();
    const logoIssue = {
      issues: [
        {
          path: 'body.branding_profile.logo_asset_id',
          message:
            'Pick a logo uploaded to this workspace, or one it inherits, that passed its scan',
        },
      ],
    };
    for (const asset of [pending, favicon, otherTenant, sibling, own]) {
      await expectError(
        await save('A.agency_admin', 'A', { branding_profile: { logo_asset_id: asset.id } }),
        'VALIDATION_BLOCKING',
        logoIssue,
      );
    }
    await expectError(
      await save('A.agency_admin', 'A', {
        branding_profile: { logo_asset_id: '00000000-0000-4000-8000-000000000009' },
      }),
      'VALIDATION_BLOCKING',
      logoIssue,
    );
    expect(await snapshot()).toStrictEqual(before);
  });

  it('lets exactly one of three saves based on the same version through, the rest CONFLICT', async () => {
    const base = (await loginScreenOf('B1.business_admin', 'B1')).version;
    const before = await profileRows();
    const responses = await Promise.all(
      [1, 2, 3].map((n) =>
        call('B1.business_admin', 'PUT', '/branding/login-screen', {
          workspace_id: ws('B1').id,
          branding_profile: { copy: { footer: `Race ${n}` } },
          base_version: base,
        }),
      ),
    );
    expect(responses.map((response) => response.status).sort()).toStrictEqual([200, 409, 409]);
    for (const response of responses.filter((r) => r.status === 409)) {
      const body = (await response.json()) as { error: { code: string } };
      expect(body.error.code).toBe('CONFLICT');
    }
    expect(await profileRows()).toBe(before + 1);
  });

  it('refuses a save based on a version someone has since replaced, naming the current one', async () => {
    const loaded = (await loginScreenOf('A.agency_admin', 'A')).version;
    const colleague = await saved('A.agency_manager', 'A', {
      branding_profile: { copy: { footer: 'Mine' } },
    });
    const before = await snapshot();
    await expectError(
      await call('A.agency_admin', 'PUT', '/branding/login-screen', {
        workspace_id: ws('A').id,
        branding_profile: { copy: { footer: 'Stale' } },
        base_version: loaded,
      }),
      'CONFLICT',
      { current_version: colleague.version },
      'Someone saved this sign-in page after you opened it: reload to see their changes, then save again.',
    );
    expect(await snapshot()).toStrictEqual(before);
    const fresh = await call('A.agency_admin', 'PUT', '/branding/login-screen', {
      workspace_id: ws('A').id,
      branding_profile: { copy: { footer: 'Fresh' }, colors: { primary: 'rebeccapurple' } },
      base_version: colleague.version,
    });
    expect(fresh.status).toBe(200);
    // Any colour the theme engine takes (here a CSS name) is accepted and stored normalised.
    expect(((await fresh.json()) as LoginScreen).own_profile?.colors).toStrictEqual({
      primary: normalColor('rebeccapurple'),
    });
  });

  it('drops stored values that no longer pass when reading (style and href stay safe)', async () => {
    const { rows } = await setup.database.admin.query<{ version: number }>(
      'select coalesce(max(version), 0)::int as version from public.login_screen_profiles where workspace_id = $1',
      [ws('A').id],
    );
    // Only request code writes rows; this one is written past it, as a bad migration could.
    await setup.database.admin.query(
      `insert into public.login_screen_profiles
         (workspace_id, version, profile, allow_business_override, created_by_user_id)
       values ($1, $2, $3, false, $4)`,
      [
        ws('A').id,
        (rows[0]?.version ?? 0) + 1,
        {
          colors: { primary: 'red; background: url(https://evil.example/x)', secondary: '#0f172a' },
          typography: { heading_font: 'Evil Font', body_font: 'Inter' },
          support_link: { text: 'Help', url: 'javascript:alert(1)' },
          copy: { footer: 'Still here' },
        },
        member('A.agency_admin').id,
      ],
    );
    const screen = await loginScreenOf('A.agency_admin', 'A');
    const inherited = screen.inherited.branding_profile;
    expect(screen.branding_profile.colors).toStrictEqual({
      ...inherited.colors,
      secondary: normalColor('#0f172a'),
    });
    expect(screen.branding_profile.typography).toStrictEqual({
      ...inherited.typography,
      body_font: 'Inter',
    });
    expect(screen.branding_profile.support_link).toStrictEqual(inherited.support_link);
    expect(screen.branding_profile.copy?.footer).toBe('Still here');
  });
});

async function slugOf(key: TreeKey): Promise<string> {
  const { rows } = await setup.database.admin.query<{ slug: string }>(
    'select slug from public.workspaces where id = $1',
    [ws(key).id],
  );
  return rows[0]?.slug ?? '';
}

describe('GET /api/branding/sign-in-context (public)', () => {
  it('shows the super baseline on the platform host and on hosts of no workspace', async () => {
    const baseline = await loginScreenOf('S.super_admin', 'S');
    for (const host of ['localhost:3000', '127.0.0.1', 'unknown.example', 'nobody.localhost']) {
      expect(await signInBrandingFor(host), host).toStrictEqual({
        host_kind: 'platform',
        workspace_name: null,
        branding_profile: baseline.branding_profile,
        logo_url: baseline.logo_url,
        background_url: null,
      });
    }
  });

  it("shows a workspace's effective branding on its platform host and verified domain", async () => {
    const screen = await loginScreenOf('B.agency_admin', 'B1');
    expect(await signInBrandingFor(`${await slugOf('B1')}.localhost`)).toStrictEqual({
      host_kind: 'workspace_platform_host',
      workspace_name: ws('B1').name,
      branding_profile: screen.branding_profile,
      logo_url: null,
      background_url: null,
    });
    const host = `login-${randomBytes(4).toString('hex')}.b-agency.example`;
    await setup.database.admin.query(
      `insert into public.workspace_domains (workspace_id, host, status, verification_token, verified_at)
       values ($1, $2, 'verified', $3, now())`,
      [ws('B').id, host, randomBytes(16).toString('hex')],
    );
    const agency = await loginScreenOf('B.agency_admin', 'B');
    expect(await signInBrandingFor(host)).toStrictEqual({
      host_kind: 'custom',
      workspace_name: ws('B').name,
      branding_profile: agency.branding_profile,
      logo_url: null,
      background_url: null,
    });
    // A pending domain is not routed: the baseline.
    const pending = `pending-${randomBytes(4).toString('hex')}.b-agency.example`;
    await setup.database.admin.query(
      `insert into public.workspace_domains (workspace_id, host, verification_token)
       values ($1, $2, $3)`,
      [ws('B').id, pending, randomBytes(16).toString('hex')],
    );
    expect((await signInBrandingFor(pending)).host_kind).toBe('platform');
  });

  it('names no workspace id and needs no session', async () => {
    const response = await setup.api.request(
      `http://${await slugOf('A1')}.localhost/api/branding/sign-in-context`,
    );
    const text = await response.text();
    for (const key of ['S', 'A', 'A1', 'A2'] as const) expect(text).not.toContain(ws(key).id);
  });

  it('serves a picked logo only while it is clean and in the chain, else the effective logo, else none', async () => {
    const host = `${await slugOf('B')}.localhost`;
    const logoUrl = async () => (await signInBrandingFor(host)).logo_url;
    const setAsset = (id: string, set: string) =>
      setup.database.admin.query(`update public.branding_assets set ${set} where id = $1`, [id]);
    // Picked, never activated: the sign-in logo need not be the workspace's active one.
    const picked = await insertAsset('B', 'logo');
    await saved('B.agency_admin', 'B', { branding_profile: { logo_asset_id: picked.id } });
    expect(await logoUrl()).toBe(picked.url);
    expect((await loginScreenOf('B.agency_admin', 'B')).logo_url).toBe(picked.url);

    const loginLogo = await insertAsset('B', 'login_logo');
    const logo = await insertAsset('B', 'logo');
    await setAsset(loginLogo.id, 'active = true');
    await setAsset(logo.id, 'active = true');
    // Refused after the save (a later scan): the effective login logo instead, then the logo.
    await setAsset(picked.id, "scan_status = 'rejected', rejected_reason = 'scan_failed'");
    expect(await logoUrl()).toBe(loginLogo.url);
    expect((await loginScreenOf('B.agency_admin', 'B')).logo_url).toBeNull();
    await setAsset(loginLogo.id, 'active = false');
    expect(await logoUrl()).toBe(logo.url);

    // Gone (deleted row), and another tenant's clean logo named by a row written past the
    // code: neither is served; with no active logo left, none.
    await setup.database.admin.query('delete from public.branding_assets where id = $1', [
      picked.id,
    ]);
    expect(await logoUrl()).toBe(logo.url);
    const foreign = await insertAsset('A', 'logo');
    await setup.database.admin.query(
      `insert into public.login_screen_profiles
         (workspace_id, version, profile, allow_business_override, created_by_user_id)
       select $1, max(version) + 1, $2, false, $3 from public.login_screen_profiles where workspace_id = $1`,
      [ws('B').id, { logo_asset_id: foreign.id }, member('B.agency_admin').id],
    );
    expect(await logoUrl()).toBe(logo.url);
    await setAsset(logo.id, 'active = false');
    expect(await logoUrl()).toBeNull();
    expect(await signInBrandingFor(host)).toMatchObject({ logo_url: null, background_url: null });
  });
});
