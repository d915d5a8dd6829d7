/** @type {import('jest').Config} */
module.exports = {
  // ts-jest transpiles each file only (tsconfig.json has isolatedModules): `npm run typecheck`
  // (tsc) type-checks the whole project once, before jest runs.
  preset: "ts-jest",
  testEnvironment: "node",
  roots: ["<rootDir>/tests"],
  testMatch: ["**/*.test.ts"],
  // End-to-end tests drive the real pulumi CLI; each owns its emulator and temp dirs.
  testTimeout: 30000,
  // Two cores: the CLI tests are heavy, so keep parallelism modest.
  maxWorkers: 2,
  // The end-to-end suites start first, so the rest runs beside them.
  testSequencer: "<rootDir>/tests/sequencer.js",
  reporters: ["default", "<rootDir>/tests/summary-reporter.js"],
  // No test may touch the user's own Pulumi home (login, stack selections): recorded before the
  // run, compared after it, the run fails when it changed (tests/helpers/pulumiHome.ts).
  globalSetup: "<rootDir>/tests/globalSetup.ts",
  globalTeardown: "<rootDir>/tests/globalTeardown.ts",
};
