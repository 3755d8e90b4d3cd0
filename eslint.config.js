// Lint rules, including the dependency direction of docs/architecture.md:
// spc <- domain <- services <- (db, web, cli, report, charts) <- main.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** A no-restricted-imports rule whose message says what to do instead. */
function forbid(patterns) {
  return {
    'no-restricted-imports': [
      'error',
      {
        patterns: patterns.map(([group, message]) =>
          group instanceof RegExp ? { regex: group.source, message } : { group: [group], message },
        ),
      },
    ],
  };
}

const noIo = [
  ['node:*', 'Pure code does no I/O: take what you need as an argument.'],
  ['fs', 'Pure code does no I/O: take what you need as an argument.'],
];
const layers = (names, message) => names.map((n) => [`**/${n}/**`, message]);

export default tseslint.config(
  { ignores: ['node_modules/', 'data/', 'dist/', 'coverage/', 'drizzle/', '.tmp/', 'test/*-tmp.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
      // Fastify plugins and hooks are async by contract, whether or not they await.
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    // Tests read JSON responses and use asymmetric matchers (expect.any), which are typed any.
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    files: ['**/*.js'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      globals: { URL: 'readonly', process: 'readonly', console: 'readonly', performance: 'readonly' },
      parserOptions: { projectService: false, project: null },
    },
  },
  {
    files: ['src/spc/**/*.ts'],
    rules: forbid([
      ...noIo,
      ...layers(
        ['domain', 'services', 'db', 'web', 'cli', 'report', 'charts', 'main'],
        'src/spc imports nothing: it is pure statistics. Pass data in as arguments.',
      ),
      [/^(?!\.\/)/, 'src/spc imports nothing but its own files: it is pure statistics.'],
    ]),
  },
  {
    files: ['src/domain/**/*.ts'],
    rules: forbid([
      ...noIo,
      ...layers(
        ['services', 'db', 'web', 'cli', 'report', 'charts', 'main'],
        'src/domain may import only src/spc: move the use case to src/services.',
      ),
    ]),
  },
  {
    files: ['src/services/**/*.ts'],
    rules: forbid(
      layers(
        ['db', 'web', 'cli', 'report', 'charts', 'demo', 'main'],
        'src/services must not know its callers or its storage: declare a store interface in services/stores.ts and let src/main wire it.',
      ),
    ),
  },
  {
    files: ['src/charts/**/*.ts'],
    rules: forbid(
      layers(
        ['domain', 'services', 'db', 'web', 'cli', 'report', 'main'],
        'src/charts draws SPC results only: pass it an SpcResult, not a store or a request.',
      ),
    ),
  },
  {
    files: ['src/web/**/*.ts', 'src/cli/**/*.ts', 'src/report/**/*.ts'],
    rules: forbid(
      layers(
        ['db', 'demo', 'main'],
        'web, cli and report reach data only through src/services: call a service, and let src/main wire the store.',
      ),
    ),
  },
  {
    files: ['src/db/**/*.ts'],
    rules: forbid(
      layers(
        ['web', 'cli', 'report', 'charts', 'demo', 'main'],
        'src/db implements the store interfaces of src/services and knows nothing of its callers.',
      ),
    ),
  },
  {
    files: ['src/demo/**/*.ts'],
    rules: forbid(
      layers(
        ['db', 'web', 'cli', 'report', 'charts', 'main'],
        'src/demo is content loaded through src/services: call a service, and let src/main pass in what is read from files.',
      ),
    ),
  },
);
