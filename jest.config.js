// Type-checking runs separately (`npm run typecheck`); jest only transpiles, with swc, to stay fast.
const transform = {
  '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript' } }, module: { type: 'commonjs' } }],
  // ES-module-only packages: Node 20 loads them with import(), but jest's CommonJS runtime needs them transpiled.
  '/node_modules/hyparquet(-writer)?/.+\\.js$': ['@swc/jest', { jsc: { target: 'es2022' }, module: { type: 'commonjs' } }],
};
const transformIgnorePatterns = ['/node_modules/(?!hyparquet(-writer)?/)'];

// As bin/plinth.js does: the AWS SDK's notice that its 2027 releases need Node 22 is not the tests' to act
// on (the lock file holds releases that run on 20), and it buries the test report. Workers inherit it.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

/** @type {import('jest').Config} */
module.exports = {
  maxWorkers: 2,
  // Service tests start PostgreSQL, PGlite workers and servers in their hooks; on a loaded 2-core
  // machine that can take longer than jest's 5 s default. A hang still fails, after a minute.
  testTimeout: 60_000,
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      transform,
      transformIgnorePatterns,
      roots: ['<rootDir>/test'],
      testMatch: ['**/*.test.ts'],
      testPathIgnorePatterns: ['/test/e2e/'],
    },
    {
      // Real Terraform against the AWS emulator: slow, and each file starts its own emulator.
      displayName: 'e2e',
      testEnvironment: 'node',
      transform,
      transformIgnorePatterns,
      roots: ['<rootDir>/test/e2e'],
      testMatch: ['**/*.test.ts'],
    },
  ],
};
