/**
 * Three tiers, one run (`npm test`), or one tier at a time (`npm run test:unit|test:lab|test:integration`):
 * - unit: pure specs beside the code, the stand-ins alone (no database);
 * - lab: sessions on real stand-ins over real Modbus TCP / OPC UA, mostly on virtual time (no database);
 * - integration: the API on a real embedded PostgreSQL, and the end-to-end runs (tests/e2e).
 */
const shared = {
  testEnvironment: 'node',
  // A few dependencies ship only as ES modules (node-opcua and its packages since 2.185, hexy, jose).
  // Node 24 requires them natively, jest's CommonJS runtime does not: SWC transpiles them.
  transform: { '^.+\\.(ts|js|mjs)$': ['@swc/jest'] },
  transformIgnorePatterns: ['/node_modules/(?!(hexy|node-opcua[^/]*|jose|openid-client|oauth4webapi)/)'],
  setupFiles: ['reflect-metadata'],
  testMatch: ['**/*.spec.ts', '**/*.test.ts'],
};

/** @type {import('jest').Config} */
module.exports = {
  projects: [
    { ...shared, displayName: 'unit', roots: ['<rootDir>/src', '<rootDir>/simulators', '<rootDir>/tests/unit', '<rootDir>/tests/simulators'] },
    { ...shared, displayName: 'lab', roots: ['<rootDir>/tests/lab'] },
    {
      ...shared,
      displayName: 'integration',
      roots: ['<rootDir>/tests/integration', '<rootDir>/tests/e2e'],
      // One PostgreSQL for the run, started only when an integration or e2e test is selected.
      globalSetup: '<rootDir>/tests/support/global-setup.ts',
      globalTeardown: '<rootDir>/tests/support/global-teardown.ts',
    },
  ],
  testTimeout: 60000,
  // node-opcua keeps internal timers after its servers and clients close; without this a clean
  // run could wait on them forever in CI. Each test still closes what it opens.
  forceExit: true,
  maxWorkers: process.env.CI ? 2 : '50%',
};
