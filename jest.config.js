/** Jest runs TypeScript through SWC (no type check here: `tsc --noEmit` does that). */
module.exports = {
  testEnvironment: 'node',
  // One worker per core (Jest's default leaves one core idle): the suites wait on helm and kubectl much of the time.
  maxWorkers: '100%',
  // Tests that synthesize or run helm and kubectl share the cores with another worker: give them room.
  testTimeout: 30_000,
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  setupFilesAfterEnv: ['<rootDir>/test/support/cdktf-matchers.ts'],
  transform: {
    '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs', ignoreDynamic: true } }],
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
};
