// ESLint 9 flat config: typescript-eslint's recommended rules everywhere, a few type-aware rules
// where they are cheap and matter (the lab runtime: a dropped promise there loses evidence), and
// the import boundaries of STYLE.md. Formatting is Prettier's business, not ESLint's.
import fs from 'node:fs';
import path from 'node:path';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';

const root = import.meta.dirname;

/**
 * Bounded contexts: every folder of src/ that is not infrastructure. A new context folder is a
 * context from the day it appears; list a new infrastructure folder here instead.
 */
const infrastructure = new Set(['db', 'graphql', 'shared', 'fixtures', 'seed']);
const contexts = fs
  .readdirSync(path.join(root, 'src'), { withFileTypes: true })
  .filter((d) => d.isDirectory() && !infrastructure.has(d.name))
  .map((d) => d.name);

/** A context imports another only through its index.ts (what the other context chose to export). */
const contextZones = contexts.flatMap((target) =>
  contexts
    .filter((from) => from !== target)
    .map((from) => ({
      target: `./src/${target}`,
      from: `./src/${from}`,
      except: ['./index.ts'],
      message: `src/${target} may import src/${from} only through its index.ts.`,
    })),
);

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'dist/',
      'coverage/',
      '.tmp/',
      '.data/',
      '.pki/',
      'schema/',
      'src/db/migrations/',
      'web/dist/',
      'web/src/graphql-env.d.ts',
      'tests/support/graphql-env.d.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.js', '.json'] })],
    },
    rules: {
      // tsc already reports these (noUnusedLocals, strict) with the project's own exceptions.
      '@typescript-eslint/no-unused-vars': 'off',
      // Explicit `any` is rare and reviewed; node-opcua and the ORM's generics sometimes need it.
      '@typescript-eslint/no-explicit-any': 'off',
      // `x!` is used where an index or a lookup is known to hit (noUncheckedIndexedAccess-style code).
      '@typescript-eslint/no-non-null-assertion': 'off',
      // Declaration merging of an entity with its interface is MikroORM's documented pattern.
      '@typescript-eslint/no-unsafe-declaration-merging': 'off',
      // type-graphql's own API (resolvers, NonEmptyArray<Function>) is typed with `Function`.
      '@typescript-eslint/no-unsafe-function-type': 'off',
      'import-x/no-restricted-paths': ['error', { zones: contextZones }],
      'import-x/no-self-import': 'error',
      'import-x/no-duplicates': 'error',
    },
  },
  {
    // Entities relate tables across contexts (a placement has a student, a workplace); they import
    // each other's entity classes directly, since a context's index would close an import cycle.
    files: ['src/**/*.entity.ts'],
    rules: { 'import-x/no-restricted-paths': 'off' },
  },
  {
    // The lab runtime reaches the rest of the system only through its port: no ORM, no GraphQL,
    // no database or API wiring, no other context (it runs in the API process or in a lab agent).
    files: ['src/lab/runtime/**/*.ts'],
    rules: {
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            ...contextZones,
            ...['db', 'graphql', ...contexts.filter((c) => c !== 'lab')].map((from) => ({
              target: './src/lab/runtime',
              from: `./src/${from}`,
              message: `src/lab/runtime must not import src/${from}: it reports through its LabPort.`,
            })),
            {
              target: './src/lab/runtime',
              from: './src/lab',
              except: ['./runtime', './exercises'],
              message: 'src/lab/runtime must not import the lab API context (entities, services, resolvers).',
            },
          ],
        },
      ],
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@mikro-orm/*'], message: 'The lab runtime knows no ORM: report through the LabPort.' },
            { group: ['type-graphql', 'graphql', 'graphql-*', '@apollo/*'], message: 'The lab runtime knows no GraphQL: report through the LabPort.' },
          ],
        },
      ],
    },
  },
  {
    // Type-aware where it is cheap (one small folder) and where it matters.
    files: ['src/lab/runtime/**/*.ts', 'src/shared/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: root } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
    },
  },
  {
    // Tests send typed documents (tests/support/graphql.ts): the string overloads of api.gql and
    // Transport.run are @deprecated and kept only so a branch's new test still compiles after a
    // merge; this rule names every such call so it gets converted.
    files: ['tests/**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: root } },
    rules: { '@typescript-eslint/no-deprecated': 'error' },
  },
  {
    // src/shared depends on nothing above it in src/. Three files name framework types: coded errors
    // are GraphQLErrors, and the request context carries the request's EntityManager and loaders.
    files: ['src/shared/**/*.ts'],
    ignores: ['src/shared/errors.ts', 'src/shared/request-context.ts', 'src/shared/loaders.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['../*', '!../shared/*'], message: 'src/shared depends on nothing above it.' },
            { group: ['@mikro-orm/*', 'type-graphql', 'graphql'], message: 'src/shared depends on no framework.' },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    languageOptions: { globals: { require: 'readonly', module: 'writable', process: 'readonly', __dirname: 'readonly', console: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
