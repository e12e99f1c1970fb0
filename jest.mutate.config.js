/**
 * The tests Stryker runs for each mutant of constructs/policy/ and constructs/lib/ (`npm run mutate`):
 * those that load no construct library or upstream tool, so a mutant costs a fraction of a second.
 */
const base = require('./jest.config.js');

module.exports = {
  ...base,
  globalSetup: undefined,
  globalTeardown: undefined,
  setupFilesAfterEnv: [],
  // findRelatedTests follows imports through the haste map, which must hold the sources too.
  roots: ['<rootDir>/test', '<rootDir>/constructs'],
  testMatch: ['<rootDir>/test/lib/**/*.test.ts', '<rootDir>/test/policy/guardrails.test.ts', '<rootDir>/test/policy/inspect.test.ts', '<rootDir>/test/policy/policy-helpers.test.ts', '<rootDir>/test/policy/auditor-annotations.test.ts', '<rootDir>/test/policy/rule-conditions.test.ts'],
};
