/**
 * Two test loops (jest projects):
 *
 * - `unit`: everything that needs neither a build nor the pulumi CLI, run from the TypeScript
 *   sources: pure tables (tests/unit), providers through the real SDK against an in-process
 *   emulator (tests/providers, the provider plugin's face included), stack wiring with runtime mocks (tests/stack), the emulator's
 *   contract (tests/emulator), the policy rules (tests/policy), the import and the sweep
 *   (tests/tools), the CLI bootstrap with a fake `go` (tests/scripts). `npm run test:unit`.
 * - `e2e`: what needs dist/ (`npm run build`) or the real pulumi CLI: tests/e2e (the provider
 *   plugin and its SDKs included) and the policy pack through the CLI (tests/policy/*.e2e.test.ts).
 *
 * `npm test` builds, then runs both (what CI runs); `npx jest --selectProjects e2e` runs the
 * second alone (after `npm run build`).
 *
 * @type {import('jest').Config}
 */

/** What both loops share. */
const common = {
  // ts-jest transpiles each file only (tsconfig.json has isolatedModules): `npm run typecheck`
  // (tsc) type-checks the whole project once, before jest runs.
  preset: "ts-jest",
  testEnvironment: "node",
  // End-to-end tests drive the real pulumi CLI; each owns its emulator and temp dirs.
  testTimeout: 30000,
};

/** The end-to-end suites: tests/e2e and the files named `*.e2e.test.ts`. */
const E2E = ["<rootDir>/tests/e2e/", "\\.e2e\\.test\\.ts$"];

module.exports = {
  // Two cores: the CLI tests are heavy, so keep parallelism modest.
  maxWorkers: 2,
  // The end-to-end suites start first, so the rest runs beside them.
  testSequencer: "<rootDir>/tests/sequencer.js",
  reporters: ["default", "<rootDir>/tests/summary-reporter.js"],
  projects: [
    {
      ...common,
      displayName: "unit",
      roots: ["<rootDir>/tests"],
      testMatch: ["**/*.test.ts"],
      testPathIgnorePatterns: ["/node_modules/", ...E2E],
    },
    {
      ...common,
      displayName: "e2e",
      roots: ["<rootDir>/tests"],
      testMatch: ["<rootDir>/tests/e2e/**/*.test.ts", "**/*.e2e.test.ts"],
      // No test may touch the user's own Pulumi home (login, stack selections): recorded before
      // the run, compared after it, the run fails when it changed (tests/helpers/pulumiHome.ts).
      globalSetup: "<rootDir>/tests/globalSetup.ts",
      globalTeardown: "<rootDir>/tests/globalTeardown.ts",
    },
  ],
};
