// Runs TypeScript sources directly: SWC transpiles each file on load (with decorator metadata,
// which type-graphql and MikroORM read), and reflect-metadata is loaded once before anything else.
process.env.SWC_NODE_PROJECT ??= require('node:path').join(__dirname, '..', 'tsconfig.json');
require('@swc-node/register');
require('reflect-metadata');
