/** Transpile-only (swc): type-checking is its own step (`npm run typecheck`). */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/__tests__'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' } }] },
  globalSetup: '<rootDir>/__tests__/support/global-setup.js',
  globalTeardown: '<rootDir>/__tests__/support/global-teardown.js',
  setupFilesAfterEnv: ['<rootDir>/__tests__/support/setup.ts'],
  testTimeout: 30000,
  // Jest's default is one worker fewer than the cores: one worker on a 2-core machine. The
  // Terraform suites mostly wait on terraform child processes, so two workers keep both cores busy.
  maxWorkers: 2,
  // Each test file loads cdktf, the provider classes, zod and our sources afresh; V8's code cache,
  // kept per worker, spares recompiling them for every file (about 12% of the suite's CPU).
  runtime: '<rootDir>/__tests__/support/code-cache-runtime.js',
  // Without timings of an earlier run (a clean clone), the longest suites first, as timings would order them.
  testSequencer: '<rootDir>/__tests__/support/test-sequencer.js',
  reporters: ['default', '<rootDir>/__tests__/support/summary-reporter.js'],
};
