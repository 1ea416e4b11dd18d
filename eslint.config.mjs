// One ESLint config for the whole monorepo (flat config). Packages run `eslint .` and find it here.
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: ['**/node_modules/**', '**/.next/**', '**/dist/**', '**/.data/**', '**/.turbo/**', '**/next-env.d.ts'],
  },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // PRD §30: package internals are never imported by deep path; use the package's exports map.
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@aiconnected/*/src', '@aiconnected/*/src/*', '@aiconnected/*/src/**'],
              message: "Import the package through its exports map, not its src/ (PRD §30).",
            },
            {
              group: ['**/packages/*/src', '**/packages/*/src/**', '**/apps/*/src/**'],
              message: "Import the package by name through its exports map, not by relative path into its src/.",
            },
          ],
        },
      ],
    },
  },
);
