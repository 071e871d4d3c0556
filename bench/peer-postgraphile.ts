/**
 * Child process of `npm run bench:peer`: PostGraphile 4 on the bench's database, schema `public`,
 * no auth, no mutations, the options its docs recommend for production. Prints `READY <url>`.
 *
 * PostGraphile 4 needs graphql 15 while DualHub uses 16, so npm nests two copies of graphql 15
 * (under postgraphile and graphile-build-pg). One process must see one copy: every `graphql`
 * import is resolved to postgraphile's own copy before PostGraphile loads.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const Module = require('node:module') as { _resolveFilename: (request: string, parent: unknown, ...rest: unknown[]) => string };

const graphqlRoot = path.dirname(require.resolve('graphql/package.json', { paths: [path.dirname(require.resolve('postgraphile/package.json'))] }));
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request: string, parent: unknown, ...rest: unknown[]) {
  if (request === 'graphql' || request.startsWith('graphql/')) {
    return resolve.call(this, path.join(graphqlRoot, request.slice('graphql'.length) || ''), parent, ...rest);
  }
  return resolve.call(this, request, parent, ...rest);
};

async function main(): Promise<void> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { postgraphile } = require('postgraphile') as typeof import('postgraphile');
  const middleware = postgraphile(process.env.BENCH_DATABASE_URL!, 'public', {
    disableDefaultMutations: true,
    dynamicJson: true,
    setofFunctionsContainNulls: false,
    ignoreRBAC: false,
    disableQueryLog: true,
    retryOnInitFail: false,
    graphiql: false,
    enableQueryBatching: false,
    legacyRelations: 'omit',
  });
  const server = http.createServer(middleware);
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', () => done()));
  const { port } = server.address() as AddressInfo;
  process.stdout.write(`READY http://127.0.0.1:${port}/graphql\n`);
  process.on('SIGTERM', () => server.close(() => process.exit(0)));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
