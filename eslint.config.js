// Lint rules, including the one-way dependency rule cli -> wp -> sql -> core, cli -> sql (also enforced by the
// manifests).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const worldModules = [
  'node:child_process',
  'child_process',
  'node:net',
  'net',
  'node:dgram',
  'node:http',
  'node:https',
  'node:fs',
  'fs',
  'node:fs/promises',
  'fs/promises',
  'node:tls',
  'node:dns',
];

export default tseslint.config(
  {
    ignores: [
      '.scratch*/**',
      '**/dist/**',
      '**/node_modules/**',
      'coverage/**',
      '.lab/**',
      '.runs/**',
      'bench/out/**',
      'docker/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  { languageOptions: { globals: { ...globals.node } } },
  // Type-aware rules read one program: tsconfig.test.json holds the sources, tests, lab, bench and scripts.
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { project: ['./tsconfig.test.json'], tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
    },
  },
  { files: ['**/*.js', '**/*.mjs', 'vitest.config.ts'], ...tseslint.configs.disableTypeChecked },
  {
    files: ['packages/*/test/**/*.ts', 'lab/test/**/*.ts', 'test-support/**/*.ts'],
    rules: {
      // A focused test silently skips the rest of the suite in CI.
      'no-restricted-syntax': [
        'error',
        ...[
          // it.only, it.concurrent.only, it.skipIf(x).only
          "MemberExpression[property.name='only'][object.name=/^(describe|it|test|suite)$/]",
          "MemberExpression[property.name='only'] > MemberExpression.object[object.name=/^(describe|it|test|suite)$/]",
          "MemberExpression[property.name='only'] > CallExpression.object > MemberExpression.callee[object.name=/^(describe|it|test|suite)$/]",
        ].map((selector) => ({
          selector,
          message: 'Focused tests skip the rest of the suite in CI; remove .only.',
        })),
      ],
    },
  },
  {
    files: ['packages/core/src/**/*.ts', 'packages/sql/src/**/*.ts', 'packages/wp/src/**/*.ts'],
    rules: {
      // Output is the CLI's reporters' job: core, sql and wp emit RunEvents and findings.
      'no-console': 'error',
    },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['packages/core/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: worldModules.map((name) => ({
            name,
            message: 'core is pure: the world arrives through ports (see docs/architecture.md).',
          })),
          patterns: [
            {
              group: [
                '@wpfleet/sql',
                '@wpfleet/sql/*',
                '@wpfleet/wp',
                '@wpfleet/wp/*',
                '@wpfleet/cli',
                '@wpfleet/cli/*',
                '@wpfleet/lab',
              ],
              message: 'Imports flow cli -> wp -> sql -> core only.',
            },
            {
              group: ['chalk', '@inquirer/*', 'inquirer', 'execa', 'node-ssh'],
              message: 'core does not touch the terminal or the world.',
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'process', message: 'core does not read process state; pass it in.' },
      ],
    },
  },
  {
    files: ['packages/sql/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: worldModules.map((name) => ({
            name,
            message:
              '@wpfleet/sql has no transport and no files: bytes arrive as streams (see docs/architecture.md).',
          })),
          patterns: [
            {
              group: ['@wpfleet/wp', '@wpfleet/wp/*', '@wpfleet/cli', '@wpfleet/cli/*', '@wpfleet/lab'],
              message: 'Imports flow cli -> wp -> sql -> core only.',
            },
            {
              group: ['execa', 'node-ssh', 'ssh2', 'ssh2/*', 'chalk', '@inquirer/*', 'inquirer'],
              message: '@wpfleet/sql does not touch hosts or the terminal.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['packages/wp/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@wpfleet/cli', '@wpfleet/cli/*', '@wpfleet/lab'],
              message: 'Imports flow cli -> wp -> core only.',
            },
            { group: ['chalk', '@inquirer/*', 'inquirer'], message: 'Only cli touches the terminal.' },
          ],
        },
      ],
    },
  },
  {
    files: ['packages/*/src/**/*.ts'],
    ignores: ['packages/cli/src/bin.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.object.name='process'][callee.property.name='exit']",
          message: 'Only the CLI entry file calls process.exit.',
        },
      ],
    },
  },
);
