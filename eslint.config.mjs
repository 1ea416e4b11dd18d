// One ESLint config for the whole monorepo (flat config). Packages run `eslint .` and find it
// here; the root `npm run lint` also lints bench/. Type-aware: each file is checked with the
// tsconfig.json nearest to it (typescript-eslint's project service).
import tseslint from 'typescript-eslint';

/** The env modules: the only files that read `process.env` (STYLE.md "Shape of the repo"). */
const ENV_MODULES = ['apps/platform/src/env.ts', 'packages/*/src/**/env.ts', 'bench/lib/env.ts'];

/** Import rules for every file: packages through their exports maps, never by relative path. */
const PACKAGE_BOUNDARIES = [
  {
    group: ['@aiconnected/*/src', '@aiconnected/*/src/*', '@aiconnected/*/src/**'],
    message: 'Import the package through its exports map, not its src/ (PRD §30).',
  },
  {
    // A relative path that climbs into apps/, packages/, bench/ or a sibling package.
    regex:
      '^(\\.\\./)+(apps|packages|bench)(/|$)|^(\\.\\./){2,}(db|identity|permissions|sdk-contracts|ui|platform)/',
    message:
      'Import another app or package by name through its exports map (@aiconnected/...), never by relative path.',
  },
];

/** Why pages and components may not import the domain packages' functions (see their block). */
const PAGES_ONLY_READ =
  'Pages and components only read: a write goes through the API, whose handlers clear the session cache before answering (docs/identity.md "Session cache"). Read-only uses are allowlisted by name in eslint.config.mjs after review.';

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/.next/**',
      '**/dist/**',
      '**/.data/**',
      '**/.turbo/**',
      '**/next-env.d.ts',
      'bench/results/**',
    ],
  },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
  },
  {
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      // A promise nobody awaits loses its error: await it, or `void` it where that is the intent.
      '@typescript-eslint/no-floating-promises': 'error',
      'no-restricted-properties': [
        'error',
        {
          object: 'process',
          property: 'env',
          message:
            'Read the environment through the env module of this app or package (src/env.ts), which parses it with zod.',
        },
      ],
      // PRD §30: package internals are never imported by deep path; use the package's exports map.
      'no-restricted-imports': ['error', { patterns: PACKAGE_BOUNDARIES }],
    },
  },
  {
    // Components render in the browser or beside client components: server code reaches them
    // only through the `server-only` modules of src/lib (src/server cannot carry the marker).
    files: ['apps/platform/src/components/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...PACKAGE_BOUNDARIES,
            {
              group: ['@/server/*', '@/env', '@aiconnected/db', '@aiconnected/db/*'],
              message:
                'Server code stays out of components: go through a server-only module of src/lib.',
            },
          ],
          paths: [
            {
              name: '@aiconnected/identity',
              message:
                'Server code stays out of components: go through a server-only module of src/lib.',
            },
          ],
        },
      ],
    },
  },
  { files: ENV_MODULES, rules: { 'no-restricted-properties': 'off' } },
  {
    // Pages, components and their src/lib helpers only read. The guard's session cache is
    // cleared by the API when a handler may have written (docs/identity.md "Session cache"): a
    // write made elsewhere in the process would leave its answers stale until the notification
    // arrives. Reviewed read-only uses are allowed by name; everything else goes through the API.
    files: [
      'apps/platform/src/app/**',
      'apps/platform/src/components/**',
      'apps/platform/src/lib/**',
    ],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@aiconnected/identity',
              allowTypeImports: true,
              // The dev mailbox page lists sent mail.
              allowImportNames: ['listMailbox'],
              message: PAGES_ONLY_READ,
            },
            { name: '@aiconnected/access', allowTypeImports: true, message: PAGES_ONLY_READ },
            { name: '@aiconnected/db', allowTypeImports: true, message: PAGES_ONLY_READ },
          ],
          patterns: [
            {
              // The password strength meter's pure scoring is the only subpath pages may load.
              group: [
                '@aiconnected/identity/*',
                '!@aiconnected/identity/password-strength',
                '@aiconnected/access/*',
                '@aiconnected/db/*',
              ],
              allowTypeImports: true,
              message: PAGES_ONLY_READ,
            },
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: 'MemberExpression[property.name=/^(withService|withWorkspace|callService)$/]',
          message: PAGES_ONLY_READ,
        },
      ],
    },
  },
  {
    // A route handler calls one domain function, which opens its own transaction: the API's
    // code (routes and their helpers; its tests and test support set databases up) never
    // reaches for `withService`/`withWorkspace`/`callService` or the pool, nor for
    // `@aiconnected/db` beyond types.
    files: ['apps/platform/src/server/api/**/*.ts'],
    ignores: [
      'apps/platform/src/server/api/testing/**',
      'apps/platform/src/server/api/**/*.test.ts',
    ],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector:
            'MemberExpression[property.name=/^(withService|withWorkspace|callService|pool)$/]',
          message:
            'API code never opens transactions nor queries the pool: call one domain function of a package instead.',
        },
      ],
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@aiconnected/db',
              allowTypeImports: true,
              message: 'API code uses @aiconnected/db for types only: the packages query it.',
            },
          ],
        },
      ],
    },
  },
  {
    // Tests read untyped values on purpose (response JSON, raw `pg` rows) and compare them whole
    // with `toStrictEqual`, whose asymmetric matchers (`expect.any(String)`) are typed `any`.
    files: ['**/test/**', '**/e2e/**', '**/*.test.ts', 'apps/platform/src/server/api/testing/**'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
    },
  },
  // Config files in plain JavaScript belong to no tsconfig: syntax rules only.
  { files: ['**/*.{js,mjs,cjs}'], ...tseslint.configs.disableTypeChecked },
);
