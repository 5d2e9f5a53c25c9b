// Type-checking runs separately (`npm run typecheck`); jest only transpiles, with swc, to stay fast.
const transform = { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript' } }, module: { type: 'commonjs' } }] };

/** @type {import('jest').Config} */
module.exports = {
  maxWorkers: 2,
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      transform,
      roots: ['<rootDir>/test'],
      testMatch: ['**/*.test.ts'],
      testPathIgnorePatterns: ['/test/e2e/'],
    },
    {
      // Real Terraform against the AWS emulator: slow, and each file starts its own emulator.
      displayName: 'e2e',
      testEnvironment: 'node',
      transform,
      roots: ['<rootDir>/test/e2e'],
      testMatch: ['**/*.test.ts'],
    },
  ],
};
