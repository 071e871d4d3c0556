/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/src', '<rootDir>/simulators', '<rootDir>/tests'],
  testMatch: ['**/*.spec.ts', '**/*.test.ts'],
  // A few dependencies ship only as ES modules (node-opcua and its packages since 2.185, hexy, jose).
  // Node 24 requires them natively, jest's CommonJS runtime does not: SWC transpiles them.
  transform: { '^.+\\.(ts|js|mjs)$': ['@swc/jest'] },
  transformIgnorePatterns: ['/node_modules/(?!(hexy|node-opcua[^/]*|jose)/)'],
  setupFiles: ['reflect-metadata'],
  globalSetup: '<rootDir>/tests/support/global-setup.ts',
  globalTeardown: '<rootDir>/tests/support/global-teardown.ts',
  testTimeout: 60000,
  // node-opcua keeps internal timers after its servers and clients close; without this a clean
  // run could wait on them forever in CI. Each test still closes what it opens.
  forceExit: true,
  maxWorkers: process.env.CI ? 2 : '50%',
};
